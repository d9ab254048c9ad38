// Package apperr holds the error kinds every module wraps its sentinels in, so
// that only httpx decides which HTTP status a kind becomes, and the coded
// errors whose stable code and params let a client word a problem in its own
// language.
package apperr

import (
	"errors"
	"strings"
)

// Kinds. A module declares its own coded sentinels on top of them, e.g.
// var ErrNotFound = apperr.New(apperr.ErrNotFound, "user.not_found", "user").
var (
	ErrNotFound     = errors.New("not found")
	ErrConflict     = errors.New("conflict")
	ErrForbidden    = errors.New("forbidden")
	ErrUnauthorized = errors.New("unauthorized")
	ErrInvalid      = errors.New("invalid input")
	ErrTooMany      = errors.New("too many attempts")
)

// FieldError is one rejected field: Field is the API location ("body.phone");
// Code and Params, when the module gives them, let a client word it.
type FieldError struct {
	Field   string
	Message string
	Code    string
	Params  P
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

// Field returns an Invalid with one field error that has no code of its own.
func Field(field, message string) Invalid { return Invalid{{Field: field, Message: message}} }

// TooMany is a rate limit hit with the seconds until a retry may succeed.
type TooMany struct {
	RetryAfter int
	Message    string
	Code       string // "" is the kind's generic code
	Params     P
}

func (t TooMany) Error() string { return t.Message }

// Is makes errors.Is(err, ErrTooMany) true.
func (t TooMany) Is(target error) bool { return target == ErrTooMany }
