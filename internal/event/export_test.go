package event

import (
	"healthgrid/internal/access"
	"time"
)

// ListSQL is the count List runs for the filter at now, and the page it
// reads for a total of total, each with its arguments.
func (s *Service) ListSQL(caller *access.Principal, f Filter, now time.Time, total int) (count string, countArgs []any, page string, pageArgs []any) {
	q := s.listQuery(caller, f, now)
	page, pageArgs = q.page(total, 0, 10)
	return q.count, q.countArgs, page, pageArgs
}
