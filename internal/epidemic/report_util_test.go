package epidemic_test

import "healthgrid/internal/pii"

func checkDigit(first17 string) byte { return pii.IDCheckDigit(first17) }
