package app

import (
	"context"
	"strings"

	"healthgrid/internal/apikey"
	"healthgrid/internal/auth"
	"healthgrid/internal/httpx"
	"healthgrid/internal/matter"
	"healthgrid/internal/open311"
)

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
