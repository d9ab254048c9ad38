package pii

import (
	"crypto/hmac"
	"crypto/sha256"
)

// Derive is a key for purpose made from the blind-index key, so that
// another use of key material (the audit chain) needs no key of its own
// and shares nothing usable with the index.
func (k Keys) Derive(purpose string) []byte {
	m := hmac.New(sha256.New, k.Index[:])
	m.Write([]byte(purpose))
	return m.Sum(nil)
}
