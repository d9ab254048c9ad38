package auth

import (
	"reflect"
	"slices"
	"testing"

	"github.com/danielgtaylor/huma/v2"
)

// TestSchemaListsPermissions: the OpenAPI schemas of the profile and of a
// role name every permission, which the console's Permission type is made of.
func TestSchemaListsPermissions(t *testing.T) {
	want := make([]any, len(allPermissions))
	for i, p := range allPermissions {
		want[i] = p
	}
	r := huma.NewMapRegistry("#/components/schemas/", huma.DefaultSchemaNamer)
	for _, v := range []any{Me{}, Role{}} {
		s := r.Schema(reflect.TypeOf(v), false, "")
		p := s.Properties["permissions"]
		if p == nil || p.Items == nil || !slices.Equal(p.Items.Enum, want) {
			t.Errorf("%T: permissions are not listed: %+v", v, p)
		}
	}
}
