package app

import (
	"context"
	"time"

	"healthgrid/internal/auth"
	"healthgrid/internal/bus"
	"healthgrid/internal/event"
	"healthgrid/internal/notify"
)

// wireNotify gives the event workflow its notifications: every committed
// change is written to the inboxes of the users concerned, pushed on the
// bus to their open consoles on every instance and, for an urgent case, sent by
// SMS through the platform's sender; a logout closes that session's push
// channels.
func (a *App) wireNotify(b bus.Bus, sms auth.SMSSender, now func() time.Time) {
	a.Notify = notify.New(a.DB, directory{a.Auth}, sms, b, a.Auth, a.Log, now)
	a.Auth.OnLogout(a.Notify.EndSession)
	a.Events = a.Events.WithObserver(a.Notify)
}

// directory gives notifications the users they go to, from auth.
type directory struct{ a *auth.Service }

// Contacts are the active users q selects.
func (d directory) Contacts(ctx context.Context, q notify.Query) ([]notify.Contact, error) {
	cs, err := d.a.Contacts(ctx, auth.ContactQuery{UnitIDs: q.UnitIDs, RegionPaths: q.RegionPaths, IDs: q.IDs, Perms: q.Perms})
	out := make([]notify.Contact, len(cs))
	for i, c := range cs {
		out[i] = notify.Contact(c)
	}
	return out, err
}

// demoInbox is how far back the demo's story fills inboxes, and how much of
// that is still unread: a few hours' worth, as if the users had read the rest.
const (
	demoInbox       = 3 * 24 * time.Hour
	demoInboxUnread = 8 * time.Hour
)

// StoryEvents is the event service the demo's story is played on: its
// changes reach inboxes only for the last days before now, and quietly — no
// push, no SMS. Older cases are history nobody is waiting to hear of.
func (a *App) StoryEvents(now time.Time) *event.Service {
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
