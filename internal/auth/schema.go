package auth

import "github.com/danielgtaylor/huma/v2"

// The OpenAPI description lists the platform's permission names wherever a
// list of them is answered, so that a client checks only names the server
// knows: the console's Permission type is generated from them.

// TransformSchema lists every permission name in the profile's schema.
func (Me) TransformSchema(_ huma.Registry, s *huma.Schema) *huma.Schema { return listPermissions(s) }

// TransformSchema lists every permission name in a role's schema.
func (Role) TransformSchema(_ huma.Registry, s *huma.Schema) *huma.Schema { return listPermissions(s) }

func listPermissions(s *huma.Schema) *huma.Schema {
	if p := s.Properties["permissions"]; p != nil && p.Items != nil {
		p.Items.Enum = make([]any, len(allPermissions))
		for i, name := range allPermissions {
			p.Items.Enum[i] = name
		}
	}
	return s
}
