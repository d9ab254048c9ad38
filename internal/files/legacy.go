package files

import (
	"context"

	"healthgrid/internal/pii"
)

// MaskLegacy masks the ID and mobile numbers in the names of the files
// uploaded before names were scanned (migration 0027 lists the work when
// there are any), as Upload now does, and says how many it changed.
func (s *Service) MaskLegacy(ctx context.Context) (int, error) {
	n := 0
	err := s.db.Backfill(ctx, "attachment_names", s.db.Rewrite("attachments", []string{"name"}, 1000, pii.MaskText, &n))
	return n, err
}
