package notify

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"healthgrid/internal/event"
	"healthgrid/internal/pii"
)

// Note is a message for one user from a module other than the workflow —
// a booking scheduled or cancelled: what happened (Kind: booking_scheduled,
// …), the title and body the inbox shows, and the path the user's client
// opens (a resident's app: /app/bookings/{id}).
type Note struct {
	Kind, Title, Body, Link string
}

// Post writes note to userID's inbox in the transaction ctx carries (its
// own when none), and pushes it over the bus once that commits, as every
// notification: a change that rolls back leaves no message behind. ID and
// mobile numbers typed into its text are masked, as a notification is never
// revealed.
func (s *Service) Post(ctx context.Context, userID string, note Note) error {
	return s.write(ctx, []delivery{{to: Contact{ID: userID}, n: Notification{ID: uuid.Must(uuid.NewV7()).String(),
		Kind: note.Kind, Title: pii.MaskText(note.Title), Body: pii.MaskText(strings.TrimSpace(note.Body)), Link: note.Link, Priority: event.Normal,
		CreatedAt: s.now().UTC()}}})
}

// write puts deliveries in their users' inboxes, in one transaction, and
// delivers them once it commits.
func (s *Service) write(ctx context.Context, out []delivery) error {
	if len(out) == 0 {
		return nil
	}
	return s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.insert(ctx, out); err != nil {
			return err
		}
		if s.bus != nil || s.sms != nil {
			s.db.AfterCommit(ctx, func(ctx context.Context) { s.deliver(context.WithoutCancel(ctx), out) })
		}
		return nil
	})
}

// Alert writes note to every active user q selects, in the transaction ctx
// carries, and pushes it once that commits; urgent, it is also texted to
// those with a phone (an epidemic's 甲-class case at midnight). It answers
// how many users it reached.
func (s *Service) Alert(ctx context.Context, q Query, note Note, urgent bool) (int, error) {
	people, err := s.dir.Contacts(ctx, q)
	if err != nil {
		return 0, err
	}
	title, body, priority := pii.MaskText(note.Title), pii.MaskText(strings.TrimSpace(note.Body)), event.Normal
	if urgent {
		priority = event.Urgent
	}
	out := make([]delivery, 0, len(people))
	for _, p := range people {
		if p.Kind == KindResident {
			continue
		}
		d := delivery{to: p, n: Notification{ID: uuid.Must(uuid.NewV7()).String(), Kind: note.Kind, Title: title, Body: body,
			Link: note.Link, Priority: priority, CreatedAt: s.now().UTC()}}
		if urgent && p.Phone != "" && s.sms != nil {
			d.smsText = "【健康网格】" + title + "：" + body
		}
		out = append(out, d)
	}
	return len(out), s.write(ctx, out)
}
