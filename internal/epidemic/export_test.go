package epidemic

import "context"

// AdmitNow is admit in a transaction of its own, for the tests outside the
// package: a risk person named before a test result names them again.
func (s *Service) AdmitNow(ctx context.Context, src Source, pool string, cs []Candidate) (out []Admitted, err error) {
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		out, err = s.admit(ctx, src, pool, cs)
		return err
	})
	return out, err
}
