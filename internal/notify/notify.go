// Package notify tells people what the event workflow needs of them: each
// change is written to the inboxes of the users concerned (rules.go; a
// resident who reported the case in their own words, residents.go), in the
// transaction that makes it; once that commits, it is pushed over the bus to
// the browsers they have open (ws.go) and, for an urgent case, sent to their
// phones by SMS. Other modules post a user a message (Post: a booking
// scheduled) the same way. docs/notifications.md describes the rules, the
// routes and the push messages.
package notify

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"healthgrid/internal/apperr"
	"healthgrid/internal/bus"
	"healthgrid/internal/db"
)

// ErrNotFound is a notification that is not the caller's, or none at all.
var ErrNotFound = apperr.New(apperr.ErrNotFound, "notification.not_found", "notification")

// Notification is one entry of a user's inbox.
type Notification struct {
	ID        string     `json:"id"`
	Kind      string     `json:"kind" doc:"what happened: the event's action (report, dispatch, return, …) or sla_warning; a resident's: report_closed, report_rejected, report_merged, booking_scheduled, booking_cancelled"`
	Title     string     `json:"title"`
	Body      string     `json:"body"`
	Link      string     `json:"link" doc:"the console path of the object, e.g. /events/{id}; a resident's is the app's: /app/reports/{id}, /app/bookings/{id}"`
	EventID   string     `json:"event_id,omitempty"`
	Priority  string     `json:"priority" enum:"urgent,normal"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at,omitempty"`
}

// Message types: what the bus carries. The first two go on to the browser;
// a session's end only closes that session's push channels.
const (
	TypeNotification = "notification" // a new notification, with the unread count it makes
	TypeUnread       = "unread"       // the unread count, on connecting and after a read elsewhere
	typeSessionEnd   = "session_end"  // a logout: Session is the session's token hash
)

// Message is one message for one user, carried on the bus as JSON on the
// user's topic.
type Message struct {
	Type         string        `json:"type" enum:"notification,unread"`
	Notification *Notification `json:"notification,omitempty"`
	Unread       int           `json:"unread"`
	Session      string        `json:"session,omitempty"`
}

// Contact is a user a notification reaches, and their phone for an SMS;
// Kind is staff or resident (KindResident).
type Contact struct {
	ID, Name, Phone, RegionPath, UnitID, Kind string
}

// KindResident is the Kind of a resident's account, who hears of their own
// reports in their own words (residents.go).
const KindResident = "resident"

// Query selects active users: those of one of UnitIDs, whose home region is
// one of RegionPaths, or one of IDs — every selector given must hold; with
// Perms, only users holding one of them.
type Query struct {
	UnitIDs, RegionPaths, IDs, Perms []string
}

// Directory finds the users a notification goes to (auth, in the app).
type Directory interface {
	Contacts(ctx context.Context, q Query) ([]Contact, error)
}

// SMSSender delivers a text message (auth's senders).
type SMSSender interface {
	Send(ctx context.Context, phone, text string) error
}

// Sessions tells whether a login session still holds, without counting as
// activity (auth).
type Sessions interface {
	SessionLive(ctx context.Context, hash string) (bool, error)
}

// Service writes, pushes and reads notifications.
type Service struct {
	db       *db.DB
	dir      Directory
	sms      SMSSender // nil: none sent (the demo seed's history)
	bus      bus.Bus   // nil: nothing pushed
	sessions Sessions
	log      *slog.Logger
	now      func() time.Time
	closing  chan struct{} // closed on shutdown: every push channel ends
	stop     *sync.Once
	texting  *sync.WaitGroup // SMS being sent
}

// Deps are what the notification service is built on.
type Deps struct {
	DB        *db.DB
	Directory Directory
	SMS       SMSSender // nil: none sent
	Bus       bus.Bus   // nil: nothing pushed
	Sessions  Sessions
	Log       *slog.Logger
	Now       func() time.Time
}

// New returns the notification service.
func New(d Deps) *Service {
	return &Service{db: d.DB, dir: d.Directory, sms: d.SMS, bus: d.Bus, sessions: d.Sessions, log: d.Log, now: d.Now,
		closing: make(chan struct{}), stop: &sync.Once{}, texting: &sync.WaitGroup{}}
}

// Quiet is the service writing inboxes only: no push, no SMS — for the demo
// seed, which plays history that nobody is waiting for.
func (s *Service) Quiet() *Service {
	c := *s
	c.sms, c.bus = nil, nil
	return &c
}

// Shutdown closes every push channel with "going away", so that browsers
// reconnect to another instance or once the server is back, and waits
// until ctx ends for the SMS still being sent.
func (s *Service) Shutdown(ctx context.Context) {
	s.stop.Do(func() { close(s.closing) })
	sent := make(chan struct{})
	go func() {
		s.texting.Wait()
		close(sent)
	}()
	select {
	case <-sent:
	case <-ctx.Done():
	}
}

// EndSessions closes, over b, the push channels of a session that has
// logged out, on every instance the bus reaches: auth's logout hook, which
// needs the bus only, not the service built on auth.
func EndSessions(b bus.Bus) func(userID, sessionHash string) {
	return func(userID, sessionHash string) {
		if b != nil {
			publishTo(b, userID, Message{Type: typeSessionEnd, Session: sessionHash})
		}
	}
}

// topic is the bus topic of a user's messages.
func topic(userID string) string { return "notify." + userID }

// publish hands m to userID's push channels on every instance.
func (s *Service) publish(userID string, m Message) {
	if err := publishTo(s.bus, userID, m); err != nil {
		s.log.Error("notify: encode a push", "user", userID, "err", err)
	}
}

// publishTo puts m on userID's topic.
func publishTo(b bus.Bus, userID string, m Message) error {
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	b.Publish(topic(userID), data)
	return nil
}
