package app

import (
	"context"
	"time"

	"healthgrid/internal/auth"
	"healthgrid/internal/notify"
)

// wireNotify gives the event workflow its notifications: every committed
// change is written to the inboxes of the users concerned, pushed on the
// in-process bus to their open consoles and, for an urgent case, sent by
// SMS through the platform's sender; a logout closes that session's push
// channels.
func (a *App) wireNotify(sms auth.SMSSender, now func() time.Time) {
	a.Notify = notify.New(a.DB, directory{a.Auth}, sms, notify.NewHub(), a.Auth, a.Log, now)
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
