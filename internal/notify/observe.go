package notify

import (
	"context"
	"time"

	"github.com/google/uuid"

	"healthgrid/internal/event"
)

// delivery is one notification on its way to one user.
type delivery struct {
	n       Notification
	to      Contact
	smsText string // urgent: the SMS to send once committed
}

// smsTimeout bounds one SMS.
const smsTimeout = 10 * time.Second

// Observe writes a notification for each user concerned by each change
// (rules.go; a resident who reported the case, in their own words:
// residents.go), in the transaction of the changes: the inbox holds exactly the
// actions that committed. Once the transaction has committed, each is pushed
// on the bus and, for an urgent case, sent by SMS to recipients with a
// phone — in the background, so that a slow gateway never holds up the
// action. An SMS that fails is logged and recorded on its notification; it
// never undoes the action.
func (s *Service) Observe(ctx context.Context, changes ...event.Change) error {
	r := &resolver{dir: s.dir, asked: map[string][]Contact{}}
	var out []delivery
	for _, c := range changes {
		told, err := r.residents(ctx, c)
		if err != nil {
			return err
		}
		out = append(out, told...)
		rl, ok := ruleFor(c)
		if !ok {
			continue
		}
		people, err := r.people(ctx, c, rl.to)
		if err != nil {
			return err
		}
		for _, p := range people {
			if p.Kind == KindResident {
				continue // heard in their own words (residents.go)
			}
			d := delivery{to: p, n: Notification{ID: uuid.Must(uuid.NewV7()).String(), Kind: string(c.Action), Title: rl.title,
				Body: body(c), Link: "/events/" + c.EventID, EventID: c.EventID, Priority: c.Priority, CreatedAt: c.At}}
			if c.Priority == event.Urgent && p.Phone != "" && s.sms != nil {
				d.smsText = smsText(rl.title, c)
			}
			out = append(out, d)
		}
	}
	return s.write(ctx, out)
}

// deliver pushes committed notifications and starts sending their SMS.
func (s *Service) deliver(ctx context.Context, out []delivery) {
	if s.bus != nil {
		users := make([]string, len(out))
		for i, d := range out {
			users[i] = d.to.ID
		}
		unread, err := s.unreadOf(ctx, users)
		if err != nil {
			s.log.Error("notify: unread counts", "err", err)
		}
		for _, d := range out {
			s.publish(d.to.ID, Message{Type: TypeNotification, Notification: &d.n, Unread: unread[d.to.ID]})
		}
	}
	var texts []delivery
	for _, d := range out {
		if d.smsText != "" {
			texts = append(texts, d)
		}
	}
	if len(texts) == 0 {
		return
	}
	s.texting.Add(1)
	go func() {
		defer s.texting.Done()
		s.text(ctx, texts)
	}()
}

// text sends the SMS of urgent notifications, one after another, and
// records on each whether it went out.
func (s *Service) text(ctx context.Context, texts []delivery) {
	for _, d := range texts {
		sctx, cancel := context.WithTimeout(ctx, smsTimeout)
		err := s.sms.Send(sctx, d.to.Phone, d.smsText)
		cancel()
		if err != nil {
			s.log.Error("notify: sms failed", "notification", d.n.ID, "user", d.to.ID, "event", d.n.EventID, "err", err)
		}
		if err := s.recordSMS(ctx, d.n.ID, err); err != nil {
			s.log.Error("notify: record sms", "notification", d.n.ID, "err", err)
		}
	}
}
