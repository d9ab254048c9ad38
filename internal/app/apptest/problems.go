package apptest

import (
	"fmt"
	"strings"
	"testing"

	"healthgrid/internal/testkit"
)

// Problems is every field error of a 422 as "location: message".
func Problems(b testkit.Body) string {
	var p struct {
		Errors []struct{ Location, Message string }
	}
	_ = b.Decode(&p)
	var out []string
	for _, e := range p.Errors {
		out = append(out, e.Location+": "+e.Message)
	}
	return strings.Join(out, "\n")
}

// CheckProblem checks the RFC 9457 shape, and for a 422 that a field error
// names the location.
func CheckProblem(t *testing.T, c *testkit.Client, b testkit.Body, status int, location string) {
	t.Helper()
	if ct := c.Last.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("content type %q", ct)
	}
	if b.Int("status") != status || b.Str("title") == "" || b.Str("detail") == "" {
		t.Errorf("not a problem: %s", b)
	}
	if location == "" {
		return
	}
	for i := 0; b.Get(fmt.Sprintf("errors.%d", i)) != nil; i++ {
		if b.Str(fmt.Sprintf("errors.%d.location", i)) == location && b.Str(fmt.Sprintf("errors.%d.message", i)) != "" {
			return
		}
	}
	t.Errorf("no field error at %s: %s", location, b)
}
