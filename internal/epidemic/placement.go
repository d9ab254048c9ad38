package epidemic

import (
	"context"
	"errors"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
)

// place puts a new risk person where the rules say (distribution down the
// tree): a resident the ID number matched → that resident's grid; else the
// row's grid code → that grid (a region's code → that region's pool); else
// the point → the grid it lies in; else pool, the lowest region the source
// allows, for assignment by hand. A code outside the city is a hand-over
// (协查函) to it, and the person waits in pool meanwhile.
func (s *Service) place(ctx context.Context, pool string, c Candidate, m ResidentMatch, matched bool) (Admitted, error) {
	if matched {
		return Admitted{ResidentID: m.ID, GridCode: m.GridCode, RegionPath: m.RegionPath}, nil
	}
	if c.GridCode != "" {
		path, err := s.regions.Path(ctx, c.GridCode)
		switch {
		case err == nil && access.Scope(path).Level() == access.Grid:
			return Admitted{GridCode: c.GridCode, RegionPath: path}, nil
		case err == nil:
			return Admitted{RegionPath: path, Pooled: true}, nil
		case !errors.Is(err, apperr.ErrNotFound):
			return Admitted{}, err
		}
		return Admitted{RegionPath: pool, Pooled: true, HandoverTo: c.GridCode}, nil
	}
	if c.Lng != nil && c.Lat != nil {
		if code, ok := s.regions.LocateCode(*c.Lng, *c.Lat); ok {
			path, err := s.regions.Path(ctx, code)
			return Admitted{GridCode: code, RegionPath: path}, err
		}
	}
	return Admitted{RegionPath: pool, Pooled: true}, nil
}
