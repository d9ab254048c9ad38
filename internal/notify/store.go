package notify

import (
	"context"
	"fmt"
	"math/bits"
	"strings"
	"time"

	"healthgrid/internal/db"
)

const columns = "id, kind, title, body, link, COALESCE(event_id, ''), priority, created_at, read_at"

type scanner interface{ Scan(dest ...any) error }

func scan(row scanner) (Notification, error) {
	var n Notification
	err := row.Scan(&n.ID, &n.Kind, &n.Title, &n.Body, &n.Link, &n.EventID, &n.Priority, &n.CreatedAt, &n.ReadAt)
	return n, err
}

// Each user's notifications and unread ones are counted in
// notification_tallies as they are written and read, in the same
// transaction: the bell's count and the inbox's total are one row.
var tallies = &db.Tally{Table: "notification_tallies", Keys: []string{"user_id"}, Counts: []string{"total", "unread"}}

// tally adds total and unread notifications to users' counts.
func (s *Service) tally(ctx context.Context, total, unread map[string]int) error {
	d := tallies.Deltas()
	for u, n := range total {
		d.Add([]any{u}, int64(n), 0)
	}
	for u, n := range unread {
		d.Add([]any{u}, 0, int64(n))
	}
	if err := d.Apply(ctx, s.db); err != nil {
		return fmt.Errorf("notification: tallies: %w", err)
	}
	return nil
}

// insert writes deliveries, up to 64 rows a statement (a power of two, so
// the statement comes in a few shapes).
func (s *Service) insert(ctx context.Context, ds []delivery) error {
	added := map[string]int{}
	for _, d := range ds {
		added[d.to.ID]++
	}
	if err := s.tally(ctx, added, added); err != nil {
		return err
	}
	for len(ds) > 0 {
		n := 1 << (bits.Len(uint(min(len(ds), 64))) - 1)
		args := make([]any, 0, n*9)
		for _, d := range ds[:n] {
			var eventID any
			if d.n.EventID != "" {
				eventID = d.n.EventID
			}
			args = append(args, d.n.ID, d.to.ID, d.n.Kind, d.n.Title, d.n.Body, d.n.Link, eventID, d.n.Priority, d.n.CreatedAt)
		}
		if _, err := s.db.Exec(ctx, `INSERT INTO notifications (id, user_id, kind, title, body, link, event_id, priority, created_at)
			VALUES `+strings.Repeat(",(?,?,?,?,?,?,?,?,?)", n)[1:], args...); err != nil {
			return fmt.Errorf("notification: insert: %w", err)
		}
		ds = ds[n:]
	}
	return nil
}

// List is a page of the user's inbox, newest first, and how many there are.
func (s *Service) List(ctx context.Context, userID string, unreadOnly bool, offset, limit int) ([]Notification, int, error) {
	where := "user_id = ?"
	if unreadOnly {
		where += " AND read_at IS NULL"
	}
	count, args := tallies.Sum("total", "user_id = ?", userID)
	if unreadOnly {
		count, args = tallies.Sum("unread", "user_id = ?", userID)
	}
	var total int
	if err := s.db.QueryRow(ctx, count, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("notification: count: %w", err)
	}
	rows, err := s.db.Query(ctx, "SELECT "+columns+" FROM notifications WHERE "+where+
		" ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?", userID, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("notification: list: %w", err)
	}
	defer rows.Close()
	out := []Notification{}
	for rows.Next() {
		n, err := scan(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("notification: list: %w", err)
		}
		out = append(out, n)
	}
	return out, total, rows.Err()
}

// Unread is how many of the user's notifications are unread.
func (s *Service) Unread(ctx context.Context, userID string) (int, error) {
	var n int
	q, args := tallies.Sum("unread", "user_id = ?", userID)
	if err := s.db.QueryRow(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("notification: unread: %w", err)
	}
	return n, nil
}

// unreadOf is the unread count of each user (absent: none).
func (s *Service) unreadOf(ctx context.Context, users []string) (map[string]int, error) {
	args := make([]any, len(users))
	for i, u := range users {
		args[i] = u
	}
	rows, err := s.db.Query(ctx, "SELECT user_id, COUNT(*) FROM notifications WHERE read_at IS NULL AND user_id IN ("+
		strings.Repeat(",?", len(users))[1:]+") GROUP BY user_id", args...)
	if err != nil {
		return nil, fmt.Errorf("notification: unread: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("notification: unread: %w", err)
		}
		out[id] = n
	}
	return out, rows.Err()
}

// Get is one of the user's notifications; another user's is ErrNotFound.
func (s *Service) Get(ctx context.Context, userID, id string) (Notification, error) {
	n, err := scan(s.db.QueryRow(ctx, "SELECT "+columns+" FROM notifications WHERE id = ? AND user_id = ?", id, userID))
	if err != nil {
		return Notification{}, s.db.ScanErr(err, ErrNotFound)
	}
	return n, nil
}

// Read marks one of the user's notifications read (again: it stays as first
// read) and returns it; another user's is ErrNotFound.
func (s *Service) Read(ctx context.Context, userID, id string) (Notification, error) {
	if _, err := s.markRead(ctx, userID, "id = ? AND user_id = ?", id, userID); err != nil {
		return Notification{}, fmt.Errorf("notification: read: %w", err)
	}
	n, err := s.Get(ctx, userID, id)
	if err != nil {
		return Notification{}, err
	}
	s.readChanged(ctx, userID)
	return n, nil
}

// ReadAll marks every unread notification of the user read, and says how many.
func (s *Service) ReadAll(ctx context.Context, userID string) (int, error) {
	n, err := s.markRead(ctx, userID, "user_id = ?", userID)
	if err != nil {
		return 0, fmt.Errorf("notification: read all: %w", err)
	}
	s.readChanged(ctx, userID)
	return n, nil
}

// markRead marks the user's unread notifications that cond selects read,
// and takes them off the user's unread count, in one transaction; it says
// how many.
func (s *Service) markRead(ctx context.Context, userID, cond string, args ...any) (int, error) {
	var n int64
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		res, err := s.db.Exec(ctx, "UPDATE notifications SET read_at = ? WHERE read_at IS NULL AND "+cond,
			append([]any{s.now().UTC()}, args...)...)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return s.tally(ctx, nil, map[string]int{userID: -int(n)})
	})
	return int(n), err
}

// ReadBefore marks read, as of t, every notification written before t: the
// demo seed's history, which its users are taken to have read.
func (s *Service) ReadBefore(ctx context.Context, t time.Time) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, "UPDATE notifications SET read_at = ? WHERE read_at IS NULL AND created_at < ?", t, t); err != nil {
			return fmt.Errorf("notification: read before: %w", err)
		}
		_, err := s.db.Exec(ctx, `UPDATE notification_tallies SET unread =
			(SELECT COUNT(*) FROM notifications n WHERE n.user_id = notification_tallies.user_id AND n.read_at IS NULL)`)
		return err
	})
}

// readChanged tells the user's other tabs the new unread count.
func (s *Service) readChanged(ctx context.Context, userID string) {
	if s.bus == nil {
		return
	}
	n, err := s.Unread(ctx, userID)
	if err != nil {
		s.log.Error("notify: unread", "user", userID, "err", err)
		return
	}
	s.publish(userID, Message{Type: TypeUnread, Unread: n})
}

// recordSMS notes on a notification whether its SMS went out.
func (s *Service) recordSMS(ctx context.Context, id string, sendErr error) error {
	status, msg := "sent", ""
	if sendErr != nil {
		status, msg = "failed", sendErr.Error()
		if len(msg) > 500 {
			msg = msg[:500]
		}
	}
	_, err := s.db.Exec(ctx, "UPDATE notifications SET sms_status = ?, sms_error = ?, sms_at = ? WHERE id = ?",
		status, msg, s.now().UTC(), id)
	return err
}
