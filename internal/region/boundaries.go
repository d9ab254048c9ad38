package region

import (
	"context"
	"encoding/json"
	"fmt"

	"healthgrid/internal/audit"
)

// Boundary is a region's new boundary, for SetBoundaries.
type Boundary struct {
	Code     string
	Geometry json.RawMessage
}

// SetBoundaries replaces the boundaries of several regions in the caller's
// scope in one transaction, writing one audit record each, and rebuilds the
// locate index once, on every instance — an import of a county's grids
// through Update would rebuild it once per grid. A region out of scope or a
// bad geometry fails the whole call.
func (s *Service) SetBoundaries(ctx context.Context, scope string, bs []Boundary) error {
	grids := false
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		for _, b := range bs {
			g, err := parseGeometry(b.Geometry)
			if err != nil {
				return fmt.Errorf("region %s: %w", b.Code, err)
			}
			if g == nil {
				return fmt.Errorf("region %s: no geometry: %w", b.Code, ErrNotFound)
			}
			r, err := s.Get(ctx, scope, b.Code, false)
			if err != nil {
				return err
			}
			grids = grids || r.Level == Grid
			bound := g.Bound()
			if _, err := s.db.Exec(ctx, `UPDATE regions SET geometry = ?, min_lng = ?, min_lat = ?, max_lng = ?, max_lat = ?,
				updated_at = ? WHERE code = ?`, string(b.Geometry), bound.Min[0], bound.Min[1], bound.Max[0], bound.Max[1],
				s.now(), b.Code); err != nil {
				return fmt.Errorf("region: set boundary of %s: %w", b.Code, err)
			}
			if err := s.audit.Write(ctx, audit.Record{Action: "region.update", ObjectType: "region", ObjectID: b.Code,
				Detail: map[string]any{"name": r.Name, "geometry": true}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || !grids {
		return err
	}
	return s.grids.ChangedIn(ctx, s.db)
}
