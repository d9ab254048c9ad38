package grid

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"healthgrid/internal/apperr"
	"healthgrid/internal/region"
)

// FeatureCollection is a GeoJSON FeatureCollection of grid boundaries.
// Other members (name, crs, bbox — as GIS tools write them) are allowed.
type FeatureCollection struct {
	_        struct{}  `additionalProperties:"true"`
	Type     string    `json:"type" enum:"FeatureCollection"`
	Features []Feature `json:"features"`
}

// Feature is one grid's boundary; its properties name the grid by code.
type Feature struct {
	_          struct{}        `additionalProperties:"true"`
	Type       string          `json:"type" enum:"Feature"`
	Properties map[string]any  `json:"properties" doc:"code (the 15-digit grid code) and name; others are ignored on import"`
	Geometry   json.RawMessage `json:"geometry" doc:"GeoJSON Polygon or MultiPolygon, WGS-84"`
}

// ImportResult is what an import of boundaries did.
type ImportResult struct {
	Updated   int `json:"updated" doc:"grids whose boundary changed"`
	Unchanged int `json:"unchanged" doc:"grids whose boundary was already the one given"`
}

// ExportBoundaries is the boundaries of the grids under the region code (the
// caller's scope when empty) as a FeatureCollection; grids without one are
// left out. Exports are audited.
func (s *Service) ExportBoundaries(ctx context.Context, scope, code string) (FeatureCollection, error) {
	path, err := s.regions.Within(ctx, scope, code)
	if err != nil {
		return FeatureCollection{}, err
	}
	grids, err := s.gridsUnder(ctx, path)
	if err != nil {
		return FeatureCollection{}, err
	}
	fc := FeatureCollection{Type: "FeatureCollection", Features: []Feature{}}
	for _, g := range grids {
		if len(g.Geometry) == 0 {
			continue
		}
		fc.Features = append(fc.Features, Feature{Type: "Feature", Geometry: g.Geometry,
			Properties: map[string]any{"code": g.Code, "name": g.Name}})
	}
	err = s.audit.Write(ctx, auditRecord("grid.export_boundaries", "region", code,
		map[string]any{"region_path": path, "features": len(fc.Features)}))
	return fc, err
}

// ImportBoundaries replaces the boundaries of the grids a FeatureCollection
// names, all or nothing: each feature must name a grid in scope (property
// code), once, with a valid polygon inside its village that overlaps no other
// grid as the collection leaves them. When any feature fails, every failure is
// reported (location body.features[i]…) and nothing is written.
func (s *Service) ImportBoundaries(ctx context.Context, scope string, fc FeatureCollection) (ImportResult, error) {
	var bad apperr.Invalid
	fail := func(i int, at, msg string) {
		bad = append(bad, apperr.FieldError{Field: fmt.Sprintf("body.features[%d].%s", i, at), Message: msg})
	}
	if len(fc.Features) == 0 {
		return ImportResult{}, apperr.Field("body.features", "没有要素 / the collection has no features")
	}
	type item struct {
		i     int
		grid  region.Region
		raw   json.RawMessage
		shape orb.Geometry
	}
	var items []item
	pending := map[string]orb.Geometry{}
	first := map[string]int{}
	for i, f := range fc.Features {
		code, _ := f.Properties["code"].(string)
		if code == "" {
			fail(i, "properties.code", "缺少网格编码(属性 code) / no grid code in property code")
			continue
		}
		if j, dup := first[code]; dup {
			fail(i, "properties.code", fmt.Sprintf("网格 %s 与第 %d 个要素重复 / grid repeated from feature %d", code, j+1, j))
			continue
		}
		first[code] = i
		g, err := s.grid(ctx, scope, code)
		if err != nil {
			fail(i, "properties.code", "网格 "+code+" 不存在或不在您的管辖范围 / grid not found in your scope")
			continue
		}
		shape, why := parseShape(f.Geometry)
		if why != "" {
			fail(i, "geometry", g.Name+"："+why)
			continue
		}
		pending[code] = shape
		items = append(items, item{i, g, f.Geometry, shape})
	}
	var res ImportResult
	var changes []region.Boundary
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		for _, it := range items {
			reasons, err := s.fit(ctx, scope, it.grid, it.shape, pending)
			if err != nil {
				return err
			}
			for _, r := range reasons {
				fail(it.i, "geometry", it.grid.Name+"："+r)
			}
			if sameShape(it.grid.Geometry, it.shape) {
				res.Unchanged++
			} else {
				changes = append(changes, region.Boundary{Code: it.grid.Code, Geometry: it.raw})
			}
		}
		if len(bad) > 0 {
			return bad
		}
		if err := s.regions.SetBoundaries(ctx, scope, changes); err != nil {
			return err
		}
		res.Updated = len(changes)
		return s.audit.Write(ctx, auditRecord("grid.import_boundaries", "region", "",
			map[string]any{"features": len(fc.Features), "updated": res.Updated, "unchanged": res.Unchanged}))
	})
	if err != nil {
		if len(changes) > 0 && len(bad) == 0 {
			_ = s.regions.Rebuild(context.WithoutCancel(ctx))
		}
		return ImportResult{}, err
	}
	return res, nil
}

// sameShape reports whether a stored boundary is the shape given.
func sameShape(stored json.RawMessage, shape orb.Geometry) bool {
	if len(stored) == 0 {
		return false
	}
	g, err := geojson.UnmarshalGeometry(stored)
	return err == nil && orb.Equal(g.Geometry(), shape)
}
