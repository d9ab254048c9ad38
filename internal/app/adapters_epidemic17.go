package app

import (
	"context"

	"healthgrid/internal/epidemic/riskarea"
	"healthgrid/internal/epidemic/vaccine"
	"healthgrid/internal/population"
)

// areaPeople gives risk areas the residents: who lives inside, counted,
// listed masked, and where one resident lives.
type areaPeople struct{ p *population.Service }

// Located are the residents of the subtree with a home point in the box.
func (a areaPeople) Located(ctx context.Context, path string, b riskarea.Bound, masked bool) ([]riskarea.AreaResident, error) {
	ls, err := a.p.Located(ctx, path, b.MinLng, b.MinLat, b.MaxLng, b.MaxLat, masked)
	out := make([]riskarea.AreaResident, len(ls))
	for i, l := range ls {
		out[i] = riskarea.AreaResident{ID: l.ID, Name: l.Name, IDNumber: l.IDNumber, GridCode: l.GridCode, Address: l.Address,
			Lng: l.Lng, Lat: l.Lat}
	}
	return out, err
}

// Living counts the living residents of each subtree.
func (a areaPeople) Living(ctx context.Context, paths []string) (map[string]int64, error) {
	return a.p.Living(ctx, paths)
}

// Page is a page of the subtree's living residents, masked.
func (a areaPeople) Page(ctx context.Context, path string, offset, limit int) ([]riskarea.AreaResident, int, error) {
	rs, total, err := a.p.List(ctx, path, population.Filter{Path: path, AgeMin: -1, AgeMax: -1}, offset, limit)
	out := make([]riskarea.AreaResident, len(rs))
	for i, r := range rs {
		out[i] = riskarea.AreaResident{ID: r.ID, Name: r.Name, IDNumber: r.IDNumber, GridCode: r.GridCode, Address: r.Address}
	}
	return out, total, err
}

// Home is the resident's grid path and their building's point, if any.
func (a areaPeople) Home(ctx context.Context, scope, id string) (string, *[2]float64, error) {
	r, err := a.p.Get(ctx, scope, id)
	if err != nil || r.BuildingID == "" {
		return r.RegionPath, nil, err
	}
	b, err := a.p.GetBuilding(ctx, scope, r.BuildingID)
	if err != nil || b.Lng == nil || b.Lat == nil {
		return r.RegionPath, nil, nil
	}
	return r.RegionPath, &[2]float64{*b.Lng, *b.Lat}, nil
}

// vaccinees gives vaccination records the residents: matched by ID number,
// and counted per age for the coverage's denominator.
type vaccinees struct{ p *population.Service }

// Match are the living residents of the blind indexes.
func (v vaccinees) Match(ctx context.Context, idx []string) (map[string]vaccine.Match, error) {
	ms, err := v.p.MatchIndexes(ctx, idx)
	out := make(map[string]vaccine.Match, len(ms))
	for k, m := range ms {
		out[k] = vaccine.Match{ID: m.ID, RegionPath: m.RegionPath}
	}
	return out, err
}

// AgeCounts is the living residents of each child region per age band.
func (v vaccinees) AgeCounts(ctx context.Context, path string, bands []int) (map[string][]int64, error) {
	return v.p.AgeCounts(ctx, path, bands)
}
