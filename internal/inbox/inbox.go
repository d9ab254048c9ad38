// Package inbox is a field worker's one list of everything that waits for
// them or their unit (待办): the event tasks to sign, handle or verify, the
// reports a centre must register, the home visits scheduled to them — and
// whatever later modules add (epidemic screenings, dispatch tasks). Each
// module contributes its items through Source; the inbox merges them, most
// urgent first, without knowing what they are.
package inbox

import (
	"cmp"
	"context"
	"slices"
	"time"

	"healthgrid/internal/access"
)

// Item is one thing waiting for the caller.
type Item struct {
	Kind     string     `json:"kind" doc:"whose item: event (a case to register or verify), event_task (a task of a case), booking (a home visit), and later modules' own"`
	ID       string     `json:"id" doc:"the item in its module: the event's id for event and event_task, the booking's for booking"`
	TaskID   string     `json:"task_id,omitempty" doc:"event_task: the task to act on"`
	Number   string     `json:"number,omitempty" doc:"the case number, where there is one"`
	Title    string     `json:"title"`
	Action   string     `json:"action" doc:"what it waits for: register, report_in, accept, handle, verify, visit, …"`
	Deadline *time.Time `json:"deadline,omitempty"`
	Overdue  bool       `json:"overdue"`
	Urgent   bool       `json:"urgent,omitempty" doc:"an urgent case"`
	Lng      *float64   `json:"lng,omitempty" doc:"WGS-84, where known: for the phone's map app"`
	Lat      *float64   `json:"lat,omitempty"`
}

// Filter narrows the inbox (the zero Filter is everything).
type Filter struct {
	// Kind: only items of this kind; a source with none of it has nothing
	Kind string
	// Q: a case number or its beginning (SJ2026…), else words of the title,
	// the place or the matter's name — as the console's 我的待办 searches
	Q string
}

// Source is a module's part of the inbox: up to limit of the caller's
// items that f selects, most urgent first (the earliest deadline first,
// those without one last), and how many it selects in all.
type Source interface {
	Inbox(ctx context.Context, p *access.Principal, f Filter, limit int) ([]Item, int, error)
}

// Sources are the modules that are sources of the inbox, in their order:
// the app hands it every module, and a module with items implements Source.
func Sources(modules ...any) []Source {
	var out []Source
	for _, m := range modules {
		if src, ok := m.(Source); ok {
			out = append(out, src)
		}
	}
	return out
}

// Service merges the sources.
type Service struct {
	sources []Source
	now     func() time.Time
}

// New is the inbox over sources.
func New(now func() time.Time, sources ...Source) *Service {
	return &Service{sources: sources, now: now}
}

// List is a page of the caller's items that f selects, most urgent first — overdue ones
// (the earliest deadline is the most overdue), then by deadline, those
// without one last — and how many there are in all. Each source gives the
// top offset+limit of its own; a deep page costs as much as the pages
// before it, and an inbox is short.
func (s *Service) List(ctx context.Context, p *access.Principal, f Filter, offset, limit int) ([]Item, int, error) {
	var all []Item
	total := 0
	for _, src := range s.sources {
		items, n, err := src.Inbox(ctx, p, f, offset+limit)
		if err != nil {
			return nil, 0, err
		}
		all, total = append(all, items...), total+n
	}
	now := s.now()
	for i := range all {
		all[i].Overdue = all[i].Deadline != nil && all[i].Deadline.Before(now)
	}
	slices.SortStableFunc(all, urgency)
	if offset >= len(all) {
		return []Item{}, total, nil
	}
	return all[offset:min(offset+limit, len(all))], total, nil
}

// urgency orders items: the earliest deadline first, none last; then by
// kind and id, so that a page is stable.
func urgency(a, b Item) int {
	switch {
	case a.Deadline == nil && b.Deadline != nil:
		return 1
	case a.Deadline != nil && b.Deadline == nil:
		return -1
	case a.Deadline != nil:
		if c := a.Deadline.Compare(*b.Deadline); c != 0 {
			return c
		}
	}
	return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.ID, b.ID), cmp.Compare(a.TaskID, b.TaskID))
}
