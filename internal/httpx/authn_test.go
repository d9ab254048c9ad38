package httpx

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
)

// authn answers every token with err, or with a principal when err is nil.
type authn struct{ err error }

func (a authn) Authenticate(context.Context, string) (*access.Principal, error) {
	if a.err != nil {
		return nil, a.err
	}
	return &access.Principal{UserID: "u1", Username: "grid"}, nil
}

// TestSessionUnreadable: a session that cannot be read (the database busy,
// away) is a 503 to retry, never the anonymous 401 that sends a phone back
// to its sign-in screen; no session at all is anonymous; a session is its
// principal.
func TestSessionUnreadable(t *testing.T) {
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if access.From(r.Context()) == nil {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	noSession := apperr.New(apperr.ErrUnauthorized, "test.no_session", "no session")
	for _, c := range []struct {
		name  string
		err   error
		want  int
		retry string
	}{
		{"signed in", nil, http.StatusOK, ""},
		{"no such session", noSession, http.StatusUnauthorized, ""},
		{"the database is away", errors.New("db: connection refused"), http.StatusServiceUnavailable, "1"},
	} {
		h := Middleware(inner, authn{c.err}, Edge{Log: slog.New(slog.DiscardHandler)})
		req := httptest.NewRequest(http.MethodGet, "/api/v1/me", nil)
		req.Header.Set("Authorization", "Bearer tok")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != c.want || w.Header().Get("Retry-After") != c.retry {
			t.Errorf("%s: %d Retry-After %q, want %d %q: %s", c.name, w.Code, w.Header().Get("Retry-After"), c.want, c.retry,
				w.Body)
		}
	}
}
