package app

import (
	"context"
	"net/http"
	"strings"

	"healthgrid/internal/apikey"
	"healthgrid/internal/auth"
	"healthgrid/internal/httpx"
	"healthgrid/internal/matter"
	"healthgrid/internal/open311"
)

// handler is the platform's HTTP handler: /open311/v2 authenticates by its
// api_key parameter only, so it takes no session — a console user's cookie
// neither counts there nor asks a city app for a CSRF token; every other
// route takes a session or an API key as its bearer.
func (a *App) handler(sessions *auth.Service, edge httpx.Edge) http.Handler {
	mux := http.NewServeMux() // so that the metrics name the route by its pattern
	mux.Handle(open311.Prefix, a.Open311.Handler())
	geo := httpx.Middleware(mux, noBearer{}, edge)
	rest := httpx.Middleware(a.Router.Mux, bearers{sessions, a.APIKeys}, edge)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, open311.Prefix) {
			geo.ServeHTTP(w, r)
			return
		}
		rest.ServeHTTP(w, r)
	})
}

// bearers resolves a bearer token: a partner's API key by its shape, any
// other token as a login session.
type bearers struct {
	sessions *auth.Service
	keys     *apikey.Service
}

// Authenticate is the principal of a session or of an API key.
func (b bearers) Authenticate(ctx context.Context, token string) (*httpx.Principal, error) {
	if apikey.IsKey(token) {
		return b.keys.Authenticate(ctx, token)
	}
	return b.sessions.Authenticate(ctx, token)
}

// noBearer authenticates nobody.
type noBearer struct{}

// Authenticate refuses every token.
func (noBearer) Authenticate(context.Context, string) (*httpx.Principal, error) {
	return nil, auth.ErrNoSession
}

// services gives Open311 the enabled matters as its service list: the group
// is the matter's category, the keywords the category's line from the top.
type services struct{ m *matter.Service }

// Services lists the matters open for new events, in catalogue order.
func (s services) Services(ctx context.Context) ([]open311.Service, error) {
	enabled := true
	items, err := s.m.List(ctx, matter.Filter{Enabled: &enabled})
	if err != nil {
		return nil, err
	}
	cats, err := s.m.Categories(ctx)
	if err != nil {
		return nil, err
	}
	byCode := map[string]matter.Category{}
	for _, c := range cats {
		byCode[c.Code] = c
	}
	out := make([]open311.Service, len(items))
	for i, m := range items {
		var line []string
		for code := m.CategoryCode; code != "" && len(line) < len(cats); code = byCode[code].ParentCode {
			line = append([]string{byCode[code].Name}, line...)
		}
		out[i] = open311.Service{Code: m.Code, Name: m.Name, Description: m.Description, Type: "realtime",
			Keywords: strings.Join(line, ","), Group: m.CategoryName}
	}
	return out, nil
}
