package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// TOTP settings every authenticator app assumes by default (RFC 6238):
// HMAC-SHA-1, 6 digits, 30-second steps.
const (
	totpDigits  = 6
	totpPeriod  = 30
	totpMaxSkew = 10
)

// ErrTOTPSecret reports a TOTP secret that is not valid base32 of at least 80 bits.
var ErrTOTPSecret = errors.New("auth: invalid TOTP secret")

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewTOTPSecret returns a fresh 160-bit secret in unpadded base32, the form
// authenticator apps accept when typed in.
func NewTOTPSecret() (string, error) {
	b := make([]byte, 20)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return b32.EncodeToString(b), nil
}

// TOTPCode returns the 6-digit code for secret at time t.
func TOTPCode(secret string, t time.Time) (string, error) {
	key, err := decodeTOTPSecret(secret)
	if err != nil {
		return "", err
	}
	c := totpCounter(t)
	if c < 0 {
		return "", fmt.Errorf("auth: TOTP time %v is before 1970", t)
	}
	return hotp(key, uint64(c), totpDigits), nil
}

// VerifyTOTP reports whether code is valid for secret at t, accepting codes
// up to skew steps early or late (skew is clamped to 0..10). On success it
// returns the step counter that matched: the caller must store it and refuse
// any later code whose counter is not greater, so a code works only once.
// Spaces in code are ignored ("123 456").
func VerifyTOTP(secret, code string, t time.Time, skew int) (counter int64, ok bool) {
	key, err := decodeTOTPSecret(secret)
	if err != nil {
		return 0, false
	}
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != totpDigits || strings.Trim(code, "0123456789") != "" {
		return 0, false
	}
	skew = min(max(skew, 0), totpMaxSkew)
	now := totpCounter(t)
	// Nearest steps first, so a code that happens to repeat within the window
	// resolves to the most plausible counter.
	for d := 0; d <= skew; d++ {
		for _, c := range []int64{now - int64(d), now + int64(d)} {
			if c < 0 {
				continue
			}
			if subtle.ConstantTimeCompare([]byte(hotp(key, uint64(c), totpDigits)), []byte(code)) == 1 {
				return c, true
			}
			if d == 0 {
				break
			}
		}
	}
	return 0, false
}

// TOTPURL returns the otpauth:// URI that authenticator apps read from a QR
// code (Google's Key URI Format). Issuer and account are percent-encoded,
// colons included, so neither can break the "issuer:account" label.
func TOTPURL(issuer, account, secret string) string {
	label := escapeOTP(account)
	q := "secret=" + escapeOTP(secret)
	if issuer != "" {
		label = escapeOTP(issuer) + ":" + label
		q += "&issuer=" + escapeOTP(issuer)
	}
	q += fmt.Sprintf("&algorithm=SHA1&digits=%d&period=%d", totpDigits, totpPeriod)
	return "otpauth://totp/" + label + "?" + q
}

// escapeOTP percent-encodes everything but unreserved characters; spaces
// become %20, since some apps show a '+' literally.
func escapeOTP(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// decodeTOTPSecret accepts base32 in either case, with or without padding,
// spaces or dashes, as people copy it from other systems.
func decodeTOTPSecret(s string) ([]byte, error) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '=' {
			return -1
		}
		return r
	}, strings.ToUpper(s))
	key, err := b32.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrTOTPSecret, err)
	}
	if len(key) < 10 {
		return nil, fmt.Errorf("%w: %d bits, want at least 80", ErrTOTPSecret, 8*len(key))
	}
	return key, nil
}

// totpCounter is the RFC 6238 step number T = floor(unix / 30).
func totpCounter(t time.Time) int64 {
	u := t.Unix()
	c := u / totpPeriod
	if u < 0 && u%totpPeriod != 0 {
		c--
	}
	return c
}

// hotp is RFC 4226 HOTP: HMAC-SHA-1 of the big-endian counter, dynamically
// truncated to 31 bits and reduced to the given number of decimal digits.
func hotp(key []byte, counter uint64, digits int) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	m := hmac.New(sha1.New, key)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, bin%mod)
}
