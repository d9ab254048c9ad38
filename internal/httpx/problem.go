package httpx

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/validation"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
)

// ErrorModel is every problem the API answers (RFC 9457): huma's fields,
// and the stable code and params a client words the problem by in its own
// language; detail stays the server's own wording.
type ErrorModel struct {
	Type     string         `json:"type,omitempty" format:"uri" default:"about:blank" doc:"A URI reference to human-readable documentation for the error."`
	Title    string         `json:"title,omitempty" example:"Bad Request" doc:"A short, human-readable summary of the problem type."`
	Status   int            `json:"status,omitempty" example:"400" doc:"HTTP status code"`
	Detail   string         `json:"detail,omitempty" example:"Property foo is required but is missing." doc:"A human-readable explanation specific to this occurrence of the problem."`
	Instance string         `json:"instance,omitempty" format:"uri" doc:"A URI reference that identifies the specific occurrence of the problem."`
	Code     string         `json:"code" example:"event.action_not_allowed" doc:"Stable code of the problem; web/src/api/problem-codes.json lists them all"`
	Params   map[string]any `json:"params,omitempty" doc:"Values the code's wording interpolates, e.g. {action, status}"`
	Errors   []*ErrorDetail `json:"errors,omitempty" doc:"Optional list of individual error details"`
}

// ErrorDetail is one rejected field of a request, with its code when known.
type ErrorDetail struct {
	Message  string         `json:"message,omitempty" doc:"Error message text"`
	Location string         `json:"location,omitempty" doc:"Where the error occurred, e.g. 'body.items[3].tags' or 'path.thing-id'"`
	Value    any            `json:"value,omitempty" doc:"The value at the given location"`
	Code     string         `json:"code,omitempty" example:"validation.required" doc:"Stable code of this field's problem"`
	Params   map[string]any `json:"params,omitempty" doc:"Values the code's wording interpolates"`
}

// Error is the problem's detail.
func (e *ErrorModel) Error() string { return e.Detail }

// GetStatus is the HTTP status of the problem.
func (e *ErrorModel) GetStatus() int { return e.Status }

// ContentType makes JSON problems application/problem+json, as huma's are.
func (e *ErrorModel) ContentType(ct string) string {
	if ct == "application/json" {
		return "application/problem+json"
	}
	if ct == "application/cbor" {
		return "application/problem+cbor"
	}
	return ct
}

// Codes of problems the HTTP edge raises itself.
var (
	codeLoginRequired = apperr.Declare("unauthorized", "auth.login_required")
	codeCSRF          = apperr.Declare("forbidden", "auth.csrf")
	// a session that could not be read: 503, retried
	codeSessionUnavailable = apperr.Declare("internal", "auth.session_unavailable")
	codeBadRequest         = apperr.Declare("bad_request", "bad_request")
	codeCancelled          = apperr.Declare("cancelled", "cancelled")
	codeNotFinite          = apperr.Declare("invalid", "validation.not_finite")
	codeNotUTF8            = apperr.Declare("invalid", "validation.not_utf8")
	codeOneLine            = apperr.Declare("invalid", "validation.one_line")
	codeControl            = apperr.Declare("invalid", "validation.control_character")
	codeBidi               = apperr.Declare("invalid", "validation.bidi_character")
	codeInvisible          = apperr.Declare("invalid", "validation.invisible_only")

	// pendingCodes word the step a principal must take before anything else.
	pendingCodes = map[string]string{
		access.PasswordChangeRequired: apperr.Declare("forbidden", "auth.password_change_required"),
		access.TOTPEnrolmentRequired:  apperr.Declare("forbidden", "auth.totp_enrolment_required"),
	}
	// statusCodes are the generic codes of the statuses huma answers on its own.
	statusCodes = map[int]string{
		http.StatusBadRequest: codeBadRequest, http.StatusUnauthorized: "unauthorized", http.StatusForbidden: "forbidden",
		http.StatusNotFound: "not_found", http.StatusConflict: "conflict", http.StatusUnprocessableEntity: "invalid",
		http.StatusTooManyRequests: "too_many", 499: codeCancelled,
		http.StatusMethodNotAllowed:      apperr.Declare("bad_request", "method_not_allowed"),
		http.StatusNotAcceptable:         apperr.Declare("bad_request", "not_acceptable"),
		http.StatusRequestEntityTooLarge: apperr.Declare("bad_request", "too_large"),
		http.StatusUnsupportedMediaType:  apperr.Declare("bad_request", "unsupported_media_type"),
		http.StatusServiceUnavailable:    apperr.Declare("internal", "unavailable"),
	}
	validationPatterns = compileAll()
)

// statusCode is the generic code of a status huma answers on its own.
func statusCode(status int) string {
	if c, ok := statusCodes[status]; ok {
		return c
	}
	if status >= 500 {
		return "internal"
	}
	return codeBadRequest
}

// newError replaces huma.NewError, so that the problems huma raises itself
// (a body that does not parse, a schema violation, a body too large) carry
// a code too. A problem made by Error passes through unchanged.
func newError(status int, msg string, errs ...error) huma.StatusError {
	if len(errs) == 1 {
		if m, ok := errs[0].(*ErrorModel); ok && m.Status == status {
			return m
		}
	}
	m := &ErrorModel{Status: status, Title: http.StatusText(status), Detail: msg, Code: statusCode(status)}
	for _, err := range errs {
		switch e := err.(type) {
		case nil:
		case huma.ErrorDetailer:
			d := e.ErrorDetail()
			code, params := validationCode(d.Message)
			m.Errors = append(m.Errors, &ErrorDetail{Message: d.Message, Location: d.Location, Value: d.Value, Code: code, Params: params})
		default:
			m.Errors = append(m.Errors, &ErrorDetail{Message: err.Error()})
		}
	}
	return m
}

// huma makes every problem through NewError, the OpenAPI's error model
// included, so it is replaced before any route is registered.
func init() { huma.NewError = newError }

// problem builds a coded problem.
func problemOf(status int, detail, code string, params map[string]any) *ErrorModel {
	return &ErrorModel{Status: status, Title: http.StatusText(status), Detail: detail, Code: code, Params: params}
}

type validationPattern struct {
	re     *regexp.Regexp
	code   string
	params []string
}

// validations word huma's schema violations (validation.Msg…) by code, the
// verbs of each message becoming the named params.
var validations = []struct {
	format, code string
	params       []string
}{
	{validation.MsgExpectedRequiredProperty, "validation.required", []string{"property"}},
	{validation.MsgExpectedDependentRequiredProperty, "validation.dependent_required", []string{"property", "when"}},
	{validation.MsgUnexpectedProperty, "validation.unexpected_property", nil},
	{validation.MsgExpectedMinLength, "validation.min_length", []string{"limit"}},
	{validation.MsgExpectedMaxLength, "validation.max_length", []string{"limit"}},
	{validation.MsgExpectedMinItems, "validation.min_items", []string{"limit"}},
	{validation.MsgExpectedMaxItems, "validation.max_items", []string{"limit"}},
	{validation.MsgExpectedMinimumNumber, "validation.minimum", []string{"limit"}},
	{validation.MsgExpectedExclusiveMinimumNumber, "validation.exclusive_minimum", []string{"limit"}},
	{validation.MsgExpectedMaximumNumber, "validation.maximum", []string{"limit"}},
	{validation.MsgExpectedExclusiveMaximumNumber, "validation.exclusive_maximum", []string{"limit"}},
	{validation.MsgExpectedNumberBeMultipleOf, "validation.multiple_of", []string{"limit"}},
	{validation.MsgExpectedMatchPattern, "validation.pattern", []string{"pattern"}},
	{validation.MsgExpectedOneOf, "validation.enum", []string{"values"}},
	{validation.MsgExpectedArrayItemsUnique, "validation.unique_items", nil},
	{validation.MsgExpectedRFC3339DateTime, "validation.date_time", nil},
	{validation.MsgExpectedRFC3339Date, "validation.date", nil},
	{validation.MsgExpectedRFC5322Email, "validation.email", []string{"reason"}},
	{validation.MsgExpectedRFC3986URI, "validation.uri", []string{"reason"}},
	{validation.MsgExpectedRFC4122UUID, "validation.uuid", []string{"reason"}},
	{validation.MsgExpectedBePattern, "validation.format", []string{"format"}},
	{validation.MsgExpectedBoolean, "validation.boolean", nil},
	{validation.MsgExpectedNumber, "validation.number", nil},
	{validation.MsgExpectedInteger, "validation.integer", nil},
	{validation.MsgExpectedString, "validation.string", nil},
	{validation.MsgExpectedArray, "validation.array", nil},
	{validation.MsgExpectedObject, "validation.object", nil},
	{validation.MsgExpectedMinProperties, "validation.min_properties", []string{"limit"}},
	{validation.MsgExpectedMaxProperties, "validation.max_properties", []string{"limit"}},
}

var verb = regexp.MustCompile(`%[vds]`)

func compileAll() []validationPattern {
	out := make([]validationPattern, len(validations))
	for i, v := range validations {
		out[i] = compile(v.format, apperr.Declare("invalid", v.code), v.params)
	}
	return out
}

// compile turns a huma message format into a pattern whose groups are the
// params; a verb after which the message ends takes the rest of it.
func compile(format, code string, params []string) validationPattern {
	parts := verb.Split(format, -1)
	var b strings.Builder
	b.WriteString("^")
	for i, p := range parts {
		b.WriteString(regexp.QuoteMeta(p))
		if i < len(parts)-1 {
			b.WriteString("(.*?)")
		}
	}
	b.WriteString("$")
	return validationPattern{re: regexp.MustCompile(b.String()), code: code, params: params}
}

// validationCode is the code and params of a huma validation message; a
// message of no known form gets the generic "invalid".
func validationCode(msg string) (string, map[string]any) {
	for _, v := range validationPatterns {
		m := v.re.FindStringSubmatch(msg)
		if m == nil {
			continue
		}
		var params map[string]any
		for i, name := range v.params {
			if i+1 < len(m) {
				if params == nil {
					params = map[string]any{}
				}
				params[name] = m[i+1]
			}
		}
		return v.code, params
	}
	return "invalid", nil
}
