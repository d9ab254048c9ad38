package epidemic

import (
	"context"

	"healthgrid/internal/access"
)

// AddPerson admits one candidate named by hand (source manual, the caller),
// placed by the rules with the caller's region as the pool: for the parts
// and tests that need a risk person without a list.
func (s *Service) AddPerson(ctx context.Context, p *access.Principal, c Candidate) (Admitted, error) {
	var out Admitted
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		a, err := s.admit(ctx, Source{Kind: "manual", Ref: p.UserID}, p.RegionPath, []Candidate{c})
		if err == nil {
			out = a[0]
		}
		return err
	})
	return out, err
}
