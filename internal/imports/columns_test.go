package imports

import (
	"errors"
	"slices"
	"testing"
)

// TestFileSpec: the columns the API describes are the ones the parser takes
// (by header and by alias), the required ones are those a file may not
// leave out, and the upload limit is the service's.
func TestFileSpec(t *testing.T) {
	spec := (&Service{set: Settings{MaxBytes: 7 << 20}}).fileSpec()
	if spec.Kind != KindResidents || spec.MaxBytes != 7<<20 {
		t.Fatalf("kind %q, max_bytes %d", spec.Kind, spec.MaxBytes)
	}
	var headers, aliases, optional, required []string
	for _, c := range spec.Columns {
		headers, aliases = append(headers, c.Header), append(aliases, c.Alias)
		if c.Required {
			required = append(required, c.Header)
		} else {
			optional = append(optional, c.Header)
		}
	}
	for _, row := range [][]string{headers, aliases} {
		h, err := parseHeader(row)
		if err != nil || !slices.Equal(h, header{0, 1, 2, 3, 4, 5, 6, 7}) {
			t.Errorf("parseHeader(%q) = %v, %v; want every column in order", row, h, err)
		}
	}
	var he *HeaderError
	if _, err := parseHeader(optional); !errors.As(err, &he) || !slices.Equal(he.Missing, required) {
		t.Errorf("the optional columns alone: %v; want %q missing", err, required)
	}
	if len(spec.Columns) != len(residentColumns) || len(required) != 3 {
		t.Errorf("%d columns, %d required; want %d and 3", len(spec.Columns), len(required), len(residentColumns))
	}
}
