package seed

import (
	"context"
	"time"

	"healthgrid/internal/app"
	"healthgrid/internal/event"
	"healthgrid/internal/notify"
)

// demoInbox is how far back the demo's story fills inboxes, and how much of
// that is still unread: a few hours' worth, as if the users had read the rest.
const (
	demoInbox       = 3 * 24 * time.Hour
	demoInboxUnread = 8 * time.Hour
)

// StoryEvents is the event service the demo's story is played on: its
// changes reach inboxes only for the last days before now, and quietly — no
// push, no SMS. Older cases are history nobody is waiting to hear of.
func StoryEvents(a *app.App, now time.Time) *event.Service {
	return a.Events.WithObserver(recentInbox{a.Notify.Quiet(), now.Add(-demoInbox)})
}

// recentInbox passes on the changes since a time.
type recentInbox struct {
	n     *notify.Service
	since time.Time
}

// Observe passes the changes since r.since on.
func (r recentInbox) Observe(ctx context.Context, changes ...event.Change) error {
	var recent []event.Change
	for _, c := range changes {
		if !c.At.Before(r.since) {
			recent = append(recent, c)
		}
	}
	return r.n.Observe(ctx, recent...)
}
