package apikey

import (
	"context"

	"healthgrid/internal/access"
	"healthgrid/internal/httpx"
)

// Or resolves a bearer token: a partner's API key by its shape (IsKey), any
// other token by sessions (a login session).
func (s *Service) Or(sessions httpx.Authenticator) httpx.Authenticator {
	return bearers{sessions: sessions, keys: s}
}

type bearers struct {
	sessions httpx.Authenticator
	keys     *Service
}

// Authenticate is the principal of a session or of an API key.
func (b bearers) Authenticate(ctx context.Context, token string) (*access.Principal, error) {
	if IsKey(token) {
		return b.keys.Authenticate(ctx, token)
	}
	return b.sessions.Authenticate(ctx, token)
}
