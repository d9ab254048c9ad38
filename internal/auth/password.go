package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// ArgonParams are the argon2id cost parameters.
type ArgonParams struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over memory
	Threads uint8
}

// DefaultArgon costs about 50 ms on one core of the reference server
// (BenchmarkHashPassword: 52–56 ms on a 2-vCPU Turin VM). 40 MiB with 2
// passes is above the OWASP minimum (19 MiB, 2 passes) while keeping memory
// per concurrent login modest.
var DefaultArgon = ArgonParams{Memory: 40 * 1024, Time: 2, Threads: 1}

// TestArgon is a deliberately weak setting that makes hashing in tests take microseconds.
var TestArgon = ArgonParams{Memory: 64, Time: 1, Threads: 1}

const (
	argonSaltLen = 16
	argonKeyLen  = 32
	// Bounds on parameters read back from a stored hash, so a corrupted or
	// hostile row cannot make a login allocate gigabytes or spin for minutes.
	argonMaxMemory = 1 << 20 // KiB (1 GiB)
	argonMaxTime   = 100
)

// ErrPasswordHash reports a stored hash that is not a well-formed argon2id PHC string.
var ErrPasswordHash = errors.New("auth: malformed argon2id password hash")

// HashPassword hashes pw with argon2id and a random salt, returning the PHC
// string "$argon2id$v=19$m=…,t=…,p=…$salt$hash" (unpadded standard base64).
func HashPassword(pw string, p ArgonParams) (string, error) {
	if err := p.check(); err != nil {
		return "", err
	}
	salt := make([]byte, argonSaltLen)
	_, _ = rand.Read(salt) // crypto/rand.Read never fails
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// VerifyPassword reports whether pw matches the encoded hash, comparing in
// constant time. needsRehash is set on a match when the hash was made with
// parameters other than DefaultArgon, so the caller can store a fresh hash
// while it has the plaintext; a service configured with other parameters
// should ask NeedsRehash instead. err is set only for a malformed hash.
func VerifyPassword(encoded, pw string) (ok bool, needsRehash bool, err error) {
	h, err := parseArgon(encoded)
	if err != nil {
		return false, false, err
	}
	key := argon2.IDKey([]byte(pw), h.salt, h.p.Time, h.p.Memory, h.p.Threads, uint32(len(h.key)))
	if subtle.ConstantTimeCompare(key, h.key) != 1 {
		return false, false, nil
	}
	return true, h.differsFrom(DefaultArgon), nil
}

// NeedsRehash reports whether encoded was made with parameters, salt or key
// length other than p; a malformed hash needs one too.
func NeedsRehash(encoded string, p ArgonParams) bool {
	h, err := parseArgon(encoded)
	return err != nil || h.differsFrom(p)
}

func (p ArgonParams) check() error {
	if p.Threads < 1 || p.Time < 1 || p.Time > argonMaxTime ||
		p.Memory < 8*uint32(p.Threads) || p.Memory > argonMaxMemory {
		return fmt.Errorf("auth: argon2 parameters out of range: %+v", p)
	}
	return nil
}

type argonHash struct {
	p         ArgonParams
	salt, key []byte
}

func (h argonHash) differsFrom(p ArgonParams) bool {
	return h.p != p || len(h.salt) != argonSaltLen || len(h.key) != argonKeyLen
}

// parseArgon reads "$argon2id$v=19$m=…,t=…,p=…$salt$hash".
func parseArgon(encoded string) (argonHash, error) {
	var h argonHash
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return h, fmt.Errorf("%w: want $argon2id$v=…$m=…,t=…,p=…$salt$hash", ErrPasswordHash)
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return h, fmt.Errorf("%w: unsupported version %q", ErrPasswordHash, parts[2])
	}
	params := strings.Split(parts[3], ",")
	if len(params) != 3 {
		return h, fmt.Errorf("%w: want m, t and p parameters", ErrPasswordHash)
	}
	var vals [3]uint64
	for i, name := range []string{"m=", "t=", "p="} {
		s, ok := strings.CutPrefix(params[i], name)
		v, err := strconv.ParseUint(s, 10, 32)
		if !ok || err != nil {
			return h, fmt.Errorf("%w: bad parameter %q", ErrPasswordHash, params[i])
		}
		vals[i] = v
	}
	if vals[2] > 255 {
		return h, fmt.Errorf("%w: too many threads", ErrPasswordHash)
	}
	h.p = ArgonParams{Memory: uint32(vals[0]), Time: uint32(vals[1]), Threads: uint8(vals[2])}
	if err := h.p.check(); err != nil {
		return h, fmt.Errorf("%w: %v", ErrPasswordHash, err)
	}
	var err error
	if h.salt, err = base64.RawStdEncoding.DecodeString(parts[4]); err != nil || len(h.salt) < 8 {
		return h, fmt.Errorf("%w: bad salt", ErrPasswordHash)
	}
	if h.key, err = base64.RawStdEncoding.DecodeString(parts[5]); err != nil || len(h.key) < 16 || len(h.key) > 128 {
		return h, fmt.Errorf("%w: bad hash", ErrPasswordHash)
	}
	return h, nil
}

// PasswordPolicyError is a broken password rule; Error is English for logs,
// Chinese is the message to show the user.
type PasswordPolicyError struct {
	Rule    string // stable identifier: min_length, max_length, classes, username
	english string
	chinese string
}

// Error returns the English description of the rule.
func (e *PasswordPolicyError) Error() string { return "auth: password " + e.english }

// Chinese returns the rule as a short Simplified Chinese message for users.
func (e *PasswordPolicyError) Chinese() string { return e.chinese }

// Password length limits, counted in characters (runes).
const (
	PasswordMinLen = 8
	PasswordMaxLen = 128
	// PasswordClasses is how many of the four classes a password mixes.
	PasswordClasses = 3
)

// The password rules CheckPasswordPolicy enforces; compare with errors.Is.
var (
	ErrPasswordTooShort = &PasswordPolicyError{"min_length",
		"must have at least 8 characters", "密码长度不能少于8位"}
	ErrPasswordTooLong = &PasswordPolicyError{"max_length",
		"must have at most 128 characters", "密码长度不能超过128位"}
	ErrPasswordTooSimple = &PasswordPolicyError{"classes",
		"must mix at least 3 of lower-case letters, upper-case letters, digits and symbols",
		"密码须包含大写字母、小写字母、数字、符号中的至少3类"}
	ErrPasswordHasUsername = &PasswordPolicyError{"username",
		"must not contain the username", "密码不能包含用户名"}
)

// CheckPasswordPolicy returns the first rule pw breaks, or nil: 8 to 128
// characters, at least 3 of the 4 classes (lower, upper, digit, symbol — any
// other character, Chinese included, counts as a symbol), and not containing
// the username, ignoring case. Usernames shorter than 3 characters are not
// checked, as they would forbid common letters.
func CheckPasswordPolicy(pw, username string) error {
	n := utf8.RuneCountInString(pw)
	if n < PasswordMinLen {
		return ErrPasswordTooShort
	}
	if n > PasswordMaxLen {
		return ErrPasswordTooLong
	}
	var lower, upper, digit, symbol int
	for _, r := range pw {
		switch {
		case unicode.IsLower(r):
			lower = 1
		case unicode.IsUpper(r):
			upper = 1
		case unicode.IsDigit(r):
			digit = 1
		default:
			symbol = 1
		}
	}
	if lower+upper+digit+symbol < PasswordClasses {
		return ErrPasswordTooSimple
	}
	u := strings.ToLower(strings.TrimSpace(username))
	if utf8.RuneCountInString(u) >= 3 && strings.Contains(strings.ToLower(pw), u) {
		return ErrPasswordHasUsername
	}
	return nil
}
