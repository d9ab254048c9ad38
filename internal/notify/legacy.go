package notify

import (
	"context"

	"healthgrid/internal/pii"
)

// MaskLegacy masks the ID and mobile numbers in the notifications written
// before free text was scanned (migration 0027 lists the work when there are
// any): they copied an event's title and comments as typed. A notification
// is never revealed — its event is — so the numbers are masked, not sealed.
// It says how many notifications it changed.
func (s *Service) MaskLegacy(ctx context.Context) (int, error) {
	n := 0
	err := s.db.Backfill(ctx, "notification_text", s.db.Rewrite("notifications", []string{"title", "body"}, 1000, pii.MaskText, &n))
	return n, err
}
