package httpx

import (
	"reflect"
	"testing"
)

func TestValidationCode(t *testing.T) {
	for _, c := range []struct {
		msg, code string
		params    map[string]any
	}{
		{"expected required property username to be present", "validation.required", map[string]any{"property": "username"}},
		{"expected length <= 50", "validation.max_length", map[string]any{"limit": "50"}},
		{"expected array length >= 1", "validation.min_items", map[string]any{"limit": "1"}},
		{`expected value to be one of "a, b"`, "validation.enum", map[string]any{"values": "a, b"}},
		{"expected string to be RFC 3339 date-time", "validation.date_time", nil},
		{"expected string", "validation.string", nil},
		{"something else", "invalid", nil},
	} {
		code, params := validationCode(c.msg)
		if code != c.code || !reflect.DeepEqual(params, c.params) {
			t.Errorf("%q: %q %v, want %q %v", c.msg, code, params, c.code, c.params)
		}
	}
}
