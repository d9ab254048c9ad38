package pii

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// Blind-index kinds; Index normalises values of these kinds before hashing.
const (
	KindID    = "id"    // national ID number
	KindPhone = "phone" // mobile phone number
)

// sealedPrefix marks the format version of sealed text so the scheme can change later.
const sealedPrefix = "v1:"

const nonceLen = 12

var (
	// ErrZeroKey reports an all-zero key, which almost always means keys were never loaded.
	ErrZeroKey = errors.New("pii: key is all zeros")
	// ErrSealedFormat reports text that is not something Seal produced.
	ErrSealedFormat = errors.New("pii: not a sealed value")
	// ErrDecrypt reports a sealed value that fails authentication: wrong key or tampered text.
	ErrDecrypt = errors.New("pii: cannot decrypt (wrong key or tampered value)")
)

// Cipher seals and opens personal data and computes blind indexes; it is safe for concurrent use.
type Cipher struct {
	aead     cipher.AEAD
	indexKey [32]byte
}

// New returns a Cipher using k.Enc for AES-256-GCM and k.Index for the blind index.
func New(k Keys) (*Cipher, error) {
	if k.Enc == ([32]byte{}) || k.Index == ([32]byte{}) {
		return nil, ErrZeroKey
	}
	if k.Enc == k.Index {
		return nil, errors.New("pii: encryption and index keys must differ")
	}
	block, err := aes.NewCipher(k.Enc[:])
	if err != nil {
		return nil, fmt.Errorf("pii: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("pii: %w", err)
	}
	return &Cipher{aead: aead, indexKey: k.Index}, nil
}

// Seal encrypts plain with a random nonce and returns "v1:" + base64url(nonce|ciphertext);
// the empty string stays empty so optional columns need no special case.
func (c *Cipher) Seal(plain string) string {
	if plain == "" {
		return ""
	}
	buf := make([]byte, nonceLen, nonceLen+len(plain)+c.aead.Overhead())
	_, _ = rand.Read(buf) // crypto/rand.Read never fails
	buf = c.aead.Seal(buf, buf[:nonceLen], []byte(plain), nil)
	return sealedPrefix + base64.RawURLEncoding.EncodeToString(buf)
}

// Open decrypts a value produced by Seal; the empty string opens to the empty string.
func (c *Cipher) Open(sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	body, ok := strings.CutPrefix(sealed, sealedPrefix)
	if !ok {
		return "", fmt.Errorf("%w: missing %q prefix", ErrSealedFormat, sealedPrefix)
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrSealedFormat, err)
	}
	if len(raw) < nonceLen+c.aead.Overhead() {
		return "", fmt.Errorf("%w: too short", ErrSealedFormat)
	}
	plain, err := c.aead.Open(nil, raw[:nonceLen], raw[nonceLen:], nil)
	if err != nil {
		return "", ErrDecrypt
	}
	return string(plain), nil
}

// Index returns the hex HMAC-SHA256 of kind+"\x00"+the normalised value, for
// exact-match lookups without decrypting; kinds keep equal values apart.
//
// Values are normalised with Canonical so that "138 1234 5678" and
// "+8613812345678" find the same person. The empty value indexes to "".
func (c *Cipher) Index(kind, value string) string {
	v := Canonical(kind, value)
	if v == "" {
		return ""
	}
	m := hmac.New(sha256.New, c.indexKey[:])
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(v))
	return hex.EncodeToString(m.Sum(nil))
}

// Canonical is the form of value that Index hashes: full-width ASCII folded to
// half-width and surrounding space trimmed; for KindID letters are upper-cased,
// for KindPhone a valid mobile number is reduced to its 11 digits.
func Canonical(kind, value string) string {
	v := strings.TrimSpace(foldWidth(value))
	switch kind {
	case KindID:
		return strings.ToUpper(v)
	case KindPhone:
		if p, err := NormalizePhone(v); err == nil {
			return p
		}
	}
	return v
}

// foldWidth maps full-width ASCII (U+FF01–U+FF5E) and the ideographic space
// to their ASCII forms, as Chinese input methods often produce them.
func foldWidth(s string) string {
	if !strings.ContainsFunc(s, isWide) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\u3000':
			return ' '
		case r >= '\uFF01' && r <= '\uFF5E':
			return r - 0xFF01 + '!'
		}
		return r
	}, s)
}

func isWide(r rune) bool { return r == '\u3000' || (r >= '\uFF01' && r <= '\uFF5E') }
