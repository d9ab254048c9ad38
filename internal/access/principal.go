// Package access is the caller and the data scope every module works in:
// who is asking (Principal), and which region subtree they may see (Scope).
// Business packages take both from here, not from the HTTP edge; httpx only
// puts the principal into a request's context.
package access

import (
	"context"
	"slices"
	"strings"
)

// Principal is the authenticated caller: who, with which permissions, over
// which region subtree.
type Principal struct {
	UserID     string
	Username   string
	Name       string
	Kind       string // staff, resident, or partner (an API key)
	Roles      []string
	Perms      map[string]bool
	RegionCode string
	RegionPath string // the data scope: every query is limited to this subtree
	UnitID     string

	SessionHash string
	CSRF        string
	ViaCookie   bool
	// Pending is a step the user must take before anything but self-service:
	// PasswordChangeRequired or TOTPEnrolmentRequired; empty when none.
	Pending string
}

// Pending steps, also the 403 detail a blocked route answers with.
const (
	PasswordChangeRequired = "password change required"
	TOTPEnrolmentRequired  = "totp enrolment required"
)

// Can reports whether the principal holds the permission.
func (p *Principal) Can(perm string) bool { return p != nil && p.Perms[perm] }

// HasRole reports whether the principal holds the role.
func (p *Principal) HasRole(role string) bool { return p != nil && slices.Contains(p.Roles, role) }

// Role is the principal's roles for the audit log, comma-joined.
func (p *Principal) Role() string {
	if p == nil {
		return ""
	}
	return strings.Join(p.Roles, ",")
}

// Scope is the principal's data scope, the subtree at its region path.
func (p *Principal) Scope() Scope { return Scope(p.RegionPath) }

// Covers reports whether path lies in the principal's scope; never for a
// principal without a region (whose empty scope would cover everything).
func (p *Principal) Covers(path string) bool { return p.RegionPath != "" && p.Scope().Covers(path) }

type principalKey struct{}

// With returns ctx carrying p.
func With(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// From is the caller, or nil for an anonymous request.
func From(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}
