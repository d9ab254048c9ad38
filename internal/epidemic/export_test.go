package epidemic

import (
	"context"

	"healthgrid/internal/access"
)

// AdmitNow is admit in a transaction of its own, for the tests outside the
// package: a risk person named before a test result names them again.
func (s *Service) AdmitNow(ctx context.Context, src Source, pool string, cs []Candidate) (out []Admitted, err error) {
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		out, err = s.admit(ctx, src, pool, cs)
		return err
	})
	return out, err
}

// ReportsWalked is Reports with its page walked off an index in filed_at
// order (walk) or its matches sorted, whatever the tallies say.
func (s *Service) ReportsWalked(ctx context.Context, p *access.Principal, f ReportFilter, offset, limit int,
	walk bool) ([]Card, int, error) {
	return s.reports(ctx, p, f, offset, limit, &walk)
}
