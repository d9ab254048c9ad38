package booking

import (
	"context"
	"fmt"

	"healthgrid/internal/access"
	"healthgrid/internal/inbox"
)

// Inbox is the home visits scheduled to the caller and not yet recorded,
// the earliest first (bookings_member), and how many.
func (s *Service) Inbox(ctx context.Context, p *access.Principal, limit int) ([]inbox.Item, int, error) {
	if p.UserID == "" {
		return nil, 0, nil
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM bookings WHERE member_user_id = ? AND status = 'scheduled'",
		p.UserID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("booking: inbox count: %w", err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	rows, err := s.db.Query(ctx, "SELECT "+cols+from+" WHERE b.member_user_id = ? AND b.status = 'scheduled'"+
		" ORDER BY b.scheduled_at, b.id LIMIT ?", p.UserID, limit)
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
		out = append(out, inbox.Item{Kind: "booking", ID: b.ID, Title: b.ServiceName + " · " + b.Name, Action: "visit",
			Deadline: b.ScheduledAt})
	}
	return out, total, rows.Err()
}
