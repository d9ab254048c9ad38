package httpx

import (
	"context"
	"slices"
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
	s := ""
	for i, r := range p.Roles {
		if i > 0 {
			s += ","
		}
		s += r
	}
	return s
}

// Request is what the audit log and rate limits need to know about a request.
type Request struct {
	ID string
	IP string // the client: the peer, or what a trusted proxy says it is
	// TLS is whether the request came over TLS, directly or to a trusted proxy.
	TLS       bool
	UserAgent string
}

type principalKey struct{}
type requestKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom is the caller, or nil for an anonymous request.
func PrincipalFrom(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}

// WithRequest returns ctx carrying r.
func WithRequest(ctx context.Context, r Request) context.Context {
	return context.WithValue(ctx, requestKey{}, r)
}

// RequestFrom is the request's metadata (zero outside a request, e.g. in the CLI).
func RequestFrom(ctx context.Context) Request {
	r, _ := ctx.Value(requestKey{}).(Request)
	return r
}
