package httpx

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"testing"

	"github.com/danielgtaylor/huma/v2"
)

func TestPageOffset(t *testing.T) {
	for _, c := range []struct{ page, size, want int }{
		{1, 20, 0}, {3, 20, 40}, {0, 20, 0},
		{math.MaxInt, 200, maxOffset},
		{math.MaxInt / 100, 200, maxOffset},
		{maxOffset/200 + 1, 200, maxOffset / 200 * 200}, {maxOffset/200 + 2, 200, maxOffset},
	} {
		if got := (Page{Page: c.page, Size: c.size}).Offset(); got != c.want {
			t.Errorf("Page{%d, %d}.Offset() = %d, want %d", c.page, c.size, got, c.want)
		}
	}
}

// TestRegisterDescribesAccess: each route's access is in its OpenAPI
// operation, as the console's generated permission list reads it.
func TestRegisterDescribesAccess(t *testing.T) {
	r := NewRouter("test")
	h := func(context.Context, *struct{}) (*Body[string], error) { return Reply("ok") }
	for _, c := range []struct{ path, access string }{
		{"/public", Public}, {"/any", Authenticated}, {"/self", SelfService},
		{"/one", "user:write"}, {"/either", AnyOf("event:read", "matter:write")},
	} {
		Register(r, huma.Operation{OperationID: c.path[1:], Method: http.MethodGet, Path: c.path}, c.access, h)
	}
	b, err := json.Marshal(r.API.OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]struct {
			Get struct {
				Access      string   `json:"x-access"`
				Permissions []string `json:"x-permissions"`
			} `json:"get"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"/public": "public []", "/any": "authenticated []", "/self": "self-service []",
		"/one": "permission [user:write]", "/either": "permission [event:read matter:write]",
	} {
		op := doc.Paths["/api/v1"+path].Get
		if got := fmt.Sprint(op.Access, " ", op.Permissions); got != want {
			t.Errorf("%s: x-access, x-permissions = %s, want %s", path, got, want)
		}
	}
}
