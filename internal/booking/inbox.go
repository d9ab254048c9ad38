package booking

import (
	"context"
	"fmt"

	"healthgrid/internal/access"
	"healthgrid/internal/db"
	"healthgrid/internal/inbox"
)

// Kind is a booking's kind of inbox item.
const Kind = "booking"

// Inbox is the home visits scheduled to the caller and not yet recorded
// that f selects (searched by the booker's name, the service and the
// address), the earliest first (bookings_member), and how many.
func (s *Service) Inbox(ctx context.Context, p *access.Principal, f inbox.Filter, limit int) ([]inbox.Item, int, error) {
	if p.UserID == "" || f.Kind != "" && f.Kind != Kind {
		return nil, 0, nil
	}
	where, args := " WHERE b.member_user_id = ? AND b.status = 'scheduled'", []any{p.UserID}
	if f.Q != "" {
		c, a := db.Contains(f.Q, "b.name", "s.name", "b.address")
		where, args = where+" AND "+c, append(args, a...)
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*)"+from+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("booking: inbox count: %w", err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	rows, err := s.db.Query(ctx, "SELECT "+cols+from+where+" ORDER BY b.scheduled_at, b.id LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, 0, fmt.Errorf("booking: inbox: %w", err)
	}
	defer rows.Close()
	var out []inbox.Item
	for rows.Next() {
		b, err := scan(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, inbox.Item{Kind: Kind, ID: b.ID, Title: b.ServiceName + " · " + b.Name, Action: "visit",
			Deadline: b.ScheduledAt})
	}
	return out, total, rows.Err()
}
