package inbox

import (
	"cmp"
	"context"
	"slices"
	"time"

	"healthgrid/internal/access"
)

// Soon is how near a deadline must be for an item to be due soon (临期).
const Soon = 24 * time.Hour

// Count is how many of the caller's items await one action.
type Count struct {
	Kind    string `json:"kind" doc:"whose items: event, event_task, booking, …"`
	Action  string `json:"action" doc:"what they wait for: register, report_in, accept, handle, verify, visit, …"`
	Count   int    `json:"count"`
	Overdue int    `json:"overdue" doc:"of them past their deadline"`
	Soon    int    `json:"soon" doc:"of them due within 24 hours, not yet overdue (临期)"`
}

// Counts is the caller's inbox in figures: for the 工作台.
type Counts struct {
	Total   int     `json:"total"`
	Overdue int     `json:"overdue"`
	Soon    int     `json:"soon"`
	By      []Count `json:"by" doc:"per kind and action, the most first"`
}

// Counter is a source that counts the caller's items by kind and action
// without listing them (with indexes, for a centre's thousands); a source
// without it is listed whole, which suits one person's short list.
type Counter interface {
	InboxCounts(ctx context.Context, p *access.Principal, now time.Time) ([]Count, error)
}

// Counts counts the caller's items, from every source.
func (s *Service) Counts(ctx context.Context, p *access.Principal) (Counts, error) {
	now := s.now()
	var by []Count
	for _, src := range s.sources {
		cs, err := countsOf(ctx, src, p, now)
		if err != nil {
			return Counts{}, err
		}
		by = append(by, cs...)
	}
	out := Counts{By: []Count{}}
	for _, c := range by {
		if c.Count == 0 {
			continue
		}
		out.By = append(out.By, c)
		out.Total, out.Overdue, out.Soon = out.Total+c.Count, out.Overdue+c.Overdue, out.Soon+c.Soon
	}
	slices.SortStableFunc(out.By, func(a, b Count) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Action, b.Action))
	})
	return out, nil
}

// countsOf is a source's counts: its own, or its whole list tallied.
func countsOf(ctx context.Context, src Source, p *access.Principal, now time.Time) ([]Count, error) {
	if c, ok := src.(Counter); ok {
		return c.InboxCounts(ctx, p, now)
	}
	_, n, err := src.Inbox(ctx, p, Filter{}, 0)
	if err != nil || n == 0 {
		return nil, err
	}
	items, _, err := src.Inbox(ctx, p, Filter{}, n)
	if err != nil {
		return nil, err
	}
	var out []Count
	for _, it := range items {
		i := slices.IndexFunc(out, func(c Count) bool { return c.Kind == it.Kind && c.Action == it.Action })
		if i < 0 {
			out, i = append(out, Count{Kind: it.Kind, Action: it.Action}), len(out)
		}
		out[i].Count++
		switch {
		case it.Deadline == nil:
		case it.Deadline.Before(now):
			out[i].Overdue++
		case it.Deadline.Before(now.Add(Soon)):
			out[i].Soon++
		}
	}
	return out, nil
}
