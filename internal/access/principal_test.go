package access_test

import (
	"context"
	"testing"

	"healthgrid/internal/access"
)

func TestPrincipal(t *testing.T) {
	var none *access.Principal
	if none.Can("event:read") || none.HasRole("sysadmin") || none.Role() != "" {
		t.Error("a nil principal holds something")
	}
	p := &access.Principal{Roles: []string{"grid_worker", "doctor"}, Perms: map[string]bool{"event:read": true},
		RegionPath: grid}
	if !p.Can("event:read") || p.Can("event:dispatch") || !p.HasRole("doctor") || p.Role() != "grid_worker,doctor" {
		t.Errorf("principal %+v: wrong permissions or roles", p)
	}
	if p.Scope() != access.Scope(grid) {
		t.Errorf("Scope = %s", p.Scope())
	}
	// a caller without a region covers nothing, though its empty scope would cover everything
	if !p.Covers(grid) || !p.Covers(grid+"140902001002001001/") || p.Covers(string(access.Scope(grid).Head(access.Village))) ||
		(&access.Principal{}).Covers(grid) {
		t.Error("Covers: wrong subtree, or a caller without a region covers a path")
	}
	ctx := context.Background()
	if access.From(ctx) != nil || access.From(access.With(ctx, p)) != p {
		t.Error("the context does not carry the principal")
	}
}
