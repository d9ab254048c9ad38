package apperr

import (
	"errors"
	"fmt"
	"maps"
	"sync"
)

// P holds the parameters a client interpolates into a code's wording, e.g.
// {"action": "close", "status": "reported"}.
type P = map[string]any

// Error is a module's error with a stable code ("event.action_not_allowed"),
// the params of this occurrence, and the message (often bilingual) that
// becomes the problem's detail. Declared with New, it is a sentinel; With
// gives an occurrence that still matches the sentinel under errors.Is.
type Error struct {
	Code    string
	Kind    error
	Message string
	Params  P
}

// Error is the message and the kind, as fmt.Errorf("message: %w", kind) was.
func (e *Error) Error() string {
	if e.Message == "" {
		return e.Kind.Error()
	}
	return e.Message + ": " + e.Kind.Error()
}

// Unwrap is the kind, so errors.Is(err, ErrNotFound) holds.
func (e *Error) Unwrap() error { return e.Kind }

// Is matches every error of the same code: an occurrence made by With is the
// sentinel it came from.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// With is an occurrence of e with its own params and message ("" keeps e's).
func (e *Error) With(params P, message string) *Error {
	c := *e
	c.Params = params
	if message != "" {
		c.Message = message
	}
	return &c
}

// Withf is With with a formatted message.
func (e *Error) Withf(params P, format string, args ...any) *Error {
	return e.With(params, fmt.Sprintf(format, args...))
}

// At is e as the error of one field of a request.
func (e *Error) At(field string) FieldError {
	return FieldError{Field: field, Message: e.Message, Code: e.Code, Params: e.Params}
}

// Field is an Invalid holding e as the error of one field.
func (e *Error) Field(field string) Invalid { return Invalid{e.At(field)} }

// Wait is a TooMany of e's code, retried after seconds, which is also its
// "seconds" param.
func (e *Error) Wait(seconds int, message string) TooMany {
	p := P{"seconds": seconds}
	maps.Copy(p, e.Params)
	return TooMany{RetryAfter: seconds, Message: message, Code: e.Code, Params: p}
}

var registry sync.Map // code → the generic code of its kind

// New declares a coded error of kind: a package-level sentinel, whose code
// joins the list every client can translate (Codes). A code is declared once.
func New(kind error, code, message string) *Error {
	if _, dup := registry.LoadOrStore(code, Generic(kind)); dup {
		panic("apperr: code " + code + " declared twice")
	}
	return &Error{Code: code, Kind: kind, Message: message}
}

// Declare lists a code the server sends without an Error of its own (the
// HTTP edge's and the schema validator's), with the generic code of its kind.
func Declare(kind, code string) string {
	if _, dup := registry.LoadOrStore(code, kind); dup {
		panic("apperr: code " + code + " declared twice")
	}
	return code
}

// Codes is every declared code with the generic code of its kind, the
// generic codes themselves included.
func Codes() map[string]string {
	out := map[string]string{}
	registry.Range(func(k, v any) bool {
		out[k.(string)] = v.(string)
		return true
	})
	for _, g := range generic {
		out[g.code] = g.code
	}
	out["internal"] = "internal"
	return out
}

var generic = []struct {
	kind error
	code string
}{
	{ErrNotFound, "not_found"},
	{ErrConflict, "conflict"},
	{ErrForbidden, "forbidden"},
	{ErrUnauthorized, "unauthorized"},
	{ErrInvalid, "invalid"},
	{ErrTooMany, "too_many"},
}

// Generic is the code of err's kind ("not_found", "conflict", …), "internal"
// for an error of no kind.
func Generic(err error) string {
	for _, g := range generic {
		if errors.Is(err, g.kind) {
			return g.code
		}
	}
	return "internal"
}

// CodeOf is the code and params a client words err by: the coded error's,
// a TooMany's, or else the generic code of its kind.
func CodeOf(err error) (string, P) {
	var e *Error
	if errors.As(err, &e) {
		return e.Code, e.Params
	}
	var many TooMany
	if errors.As(err, &many) && many.Code != "" {
		return many.Code, many.Params
	}
	return Generic(err), nil
}

// Codes of field errors many modules share; the message stays the module's.
var (
	Required   = New(ErrInvalid, "field.required", "")     // a field left empty
	Unknown    = New(ErrInvalid, "field.unknown", "")      // a value not among the choices
	OutOfScope = New(ErrInvalid, "field.out_of_scope", "") // a reference to nothing in the caller's scope
	NoSuch     = New(ErrInvalid, "field.not_found", "")    // a reference to nothing at all
	Multipart  = New(ErrInvalid, "field.multipart", "")    // an upload that is no readable multipart form
)

// On is e as the error of field in the module's own words; a nil e gives
// a field error without a code.
func (e *Error) On(field, message string) FieldError {
	if e == nil {
		return FieldError{Field: field, Message: message}
	}
	return FieldError{Field: field, Message: message, Code: e.Code, Params: e.Params}
}
