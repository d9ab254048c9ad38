package pii

import (
	"fmt"
	"strings"
)

// NormalizePhone reduces a mainland China mobile number to its 11 digits.
// It accepts spaces, dashes, full-width digits and a +86, 0086 or 86 country
// prefix; the result starts with 1 and a second digit from 3 to 9.
// Landline numbers are rejected.
func NormalizePhone(s string) (string, error) {
	d := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014':
			return -1
		}
		return r
	}, foldWidth(s))
	switch {
	case strings.HasPrefix(d, "+"):
		rest, ok := strings.CutPrefix(d, "+86")
		if !ok {
			return "", fmt.Errorf("%w: only the +86 country code is accepted", ErrPhone)
		}
		d = rest
	case len(d) == 15 && strings.HasPrefix(d, "0086"):
		d = d[4:]
	case len(d) == 13 && strings.HasPrefix(d, "86"):
		d = d[2:]
	}
	if len(d) != 11 || !allDigits(d) {
		return "", fmt.Errorf("%w: want 11 digits", ErrPhone)
	}
	if d[0] != '1' || d[1] < '3' {
		return "", fmt.Errorf("%w: must start with 13–19", ErrPhone)
	}
	return d, nil
}
