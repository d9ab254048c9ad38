// Package apperr holds the error kinds every module wraps its sentinels in, so
// that only httpx decides which HTTP status a kind becomes.
package apperr

import (
	"errors"
	"strings"
)

// Kinds. A module declares its own sentinels on top of them, e.g.
// var ErrNotFound = fmt.Errorf("user: %w", apperr.ErrNotFound).
var (
	ErrNotFound     = errors.New("not found")
	ErrConflict     = errors.New("conflict")
	ErrForbidden    = errors.New("forbidden")
	ErrUnauthorized = errors.New("unauthorized")
	ErrInvalid      = errors.New("invalid input")
	ErrTooMany      = errors.New("too many attempts")
)

// FieldError is one rejected field: Field is the API location ("body.phone").
type FieldError struct {
	Field   string
	Message string
}

// Invalid lists the fields of one request that were rejected.
type Invalid []FieldError

// Error joins the field messages.
func (v Invalid) Error() string {
	parts := make([]string, len(v))
	for i, f := range v {
		parts[i] = f.Field + ": " + f.Message
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Is makes errors.Is(err, ErrInvalid) true for an Invalid.
func (v Invalid) Is(target error) bool { return target == ErrInvalid }

// Field returns an Invalid with one field error.
func Field(field, message string) Invalid { return Invalid{{field, message}} }

// TooMany is a rate limit hit with the seconds until a retry may succeed.
type TooMany struct {
	RetryAfter int
	Message    string
}

func (t TooMany) Error() string { return t.Message }

// Is makes errors.Is(err, ErrTooMany) true.
func (t TooMany) Is(target error) bool { return target == ErrTooMany }
