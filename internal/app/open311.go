package app

import (
	"context"
	"net/http"
	"strings"

	"healthgrid/internal/access"
	"healthgrid/internal/auth"
	"healthgrid/internal/httpx"
	"healthgrid/internal/open311"
)

// handler is the platform's HTTP handler: /open311/v2 authenticates by its
// api_key parameter only, so it takes no session — a console user's cookie
// neither counts there nor asks a city app for a CSRF token; every other
// route takes a session or an API key as its bearer.
func (a *App) handler(edge httpx.Edge) http.Handler {
	mux := http.NewServeMux() // so that the metrics name the route by its pattern
	mux.Handle(open311.Prefix, a.Open311.Handler())
	geo := httpx.Compress(httpx.Middleware(mux, noBearer{}, edge))
	rest := httpx.Compress(httpx.Middleware(a.Retries.Middleware(a.Router.Mux), a.APIKeys.Or(a.Auth), edge))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, open311.Prefix) {
			geo.ServeHTTP(w, r)
			return
		}
		rest.ServeHTTP(w, r)
	})
}

// noBearer authenticates nobody.
type noBearer struct{}

// Authenticate refuses every token.
func (noBearer) Authenticate(context.Context, string) (*access.Principal, error) {
	return nil, auth.ErrNoSession
}
