package app

import (
	"context"

	"healthgrid/internal/event"
	"healthgrid/internal/matter"
)

// catalogue gives the event workflow the matters in the shape it reads.
type catalogue struct{ m *matter.Service }

// Matter is the catalogue entry code as the workflow needs it.
func (c catalogue) Matter(ctx context.Context, code string) (event.Matter, error) {
	m, err := c.m.Get(ctx, code)
	if err != nil {
		return event.Matter{}, err
	}
	routes := map[string]event.Route{}
	for _, level := range matter.Levels {
		if r, ok := c.m.RouteFor(m, level); ok {
			routes[level] = event.Route{Lead: r.Lead, Co: r.Co}
		}
	}
	return event.Matter{Code: m.Code, Name: m.Name, Enabled: m.Enabled, SelfHandle: m.SelfHandle,
		Priority: m.DefaultPriority, Dispatch: m.Limits.Dispatch, Handle: m.Limits.Handle, Verify: m.Limits.Verify,
		Routes: routes}, nil
}
