package riskarea

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/geo"
)

// MaxGeometryBytes bounds a drawn polygon's GeoJSON.
const MaxGeometryBytes = 64 << 10

// place is where an area lies: the region it belongs to and, for a
// polygon, its shape.
type place struct {
	code, path string
	poly       orb.Polygon // nil for a region or grid
	raw        string      // the polygon's GeoJSON, as stored
}

// bound is the polygon's box.
func (pl place) bound() Bound {
	b := pl.poly.Bound()
	return Bound{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}
}

// contains reports whether p lies in the polygon.
func (pl place) contains(p orb.Point) bool { return geo.Contains(pl.poly, p) }

func badGeometry(why string) error {
	return apperr.Invalid{errGeometry.On("body.geometry", why)}
}

// parsePolygon reads a drawn polygon: GeoJSON Polygon (or a RiskFeature of
// one) in WGS-84, one ring — a risk area has no holes —, closed, at most
// maxVertices corners, not crossing itself.
func parsePolygon(raw json.RawMessage, maxVertices int) (orb.Polygon, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, badGeometry("请绘制区域范围 / a polygon area needs its geometry")
	}
	if len(raw) > MaxGeometryBytes {
		return nil, badGeometry(fmt.Sprintf("范围数据超过 %d KB / the geometry is larger than %d KB",
			MaxGeometryBytes>>10, MaxGeometryBytes>>10))
	}
	var g orb.Geometry
	if f, err := geojson.UnmarshalFeature(raw); err == nil && f.Geometry != nil {
		g = f.Geometry
	} else if gg, err := geojson.UnmarshalGeometry(raw); err == nil {
		g = gg.Geometry()
	} else {
		return nil, badGeometry("不是 GeoJSON 面 / not a GeoJSON Polygon")
	}
	poly, ok := g.(orb.Polygon)
	switch {
	case !ok:
		return nil, badGeometry("须为单个面（Polygon） / must be one Polygon, got " + g.GeoJSONType())
	case len(poly) != 1:
		return nil, badGeometry("须为一个外环、不含洞 / must be one ring without holes")
	case len(poly[0]) > maxVertices+1:
		return nil, badGeometry(fmt.Sprintf("顶点 %d 个，超过 %d 个上限 / %d vertices, more than %d",
			len(poly[0])-1, maxVertices, len(poly[0])-1, maxVertices))
	}
	if err := geo.ValidPolygon(poly); err != nil {
		why := strings.TrimPrefix(strings.TrimPrefix(err.Error(), geo.ErrInvalidPolygon.Error()), ": ")
		switch {
		case strings.Contains(why, "not closed"):
			return nil, badGeometry("首尾顶点须相同（闭合） / the ring is not closed: " + why)
		case strings.Contains(why, "intersect"):
			return nil, badGeometry("边界自相交 / the ring crosses itself: " + why)
		}
		return nil, badGeometry("范围无效 / invalid polygon: " + why)
	}
	return poly, nil
}

// placePolygon puts a valid polygon in the city: every corner must lie in
// one of its grids, all of them in the caller's scope; the area belongs to
// the lowest region holding every corner's grid.
func (s *Service) placePolygon(ctx context.Context, scope string, poly orb.Polygon) (place, error) {
	var common string
	for i, pt := range poly[0][:len(poly[0])-1] {
		code, ok := s.regions.LocateCode(pt[0], pt[1])
		if !ok {
			return place{}, badGeometry(fmt.Sprintf("第 %d 个顶点 (%g, %g) 不在本市范围内 / vertex %d is outside the city",
				i+1, pt[0], pt[1], i+1))
		}
		path, err := s.regions.Within(ctx, scope, code)
		if err != nil { // a grid of the city is found; out of sight is the only way to miss it
			return place{}, badGeometry(fmt.Sprintf("第 %d 个顶点不在您的管辖范围 / vertex %d is outside your scope", i+1, i+1))
		}
		common = commonPath(common, path)
	}
	raw, err := json.Marshal(geojson.NewGeometry(poly))
	if err != nil {
		return place{}, err
	}
	return place{code: access.Scope(common).Code(), path: common, poly: poly, raw: string(raw)}, nil
}

// commonPath is the longest path both a and b lie under ("" takes b).
func commonPath(a, b string) string {
	if a == "" {
		return b
	}
	as, bs := access.Scope(a).Lineage(), access.Scope(b).Lineage()
	out := ""
	for i := 0; i < len(as) && i < len(bs) && as[i] == bs[i]; i++ {
		out = as[i]
	}
	return out
}

// placeRegion is a region or grid area's place: the code within scope, a
// grid for kind grid and not one for kind region.
func (s *Service) placeRegion(ctx context.Context, scope, kind, code string) (place, error) {
	path, err := s.regions.Within(ctx, scope, code)
	if err != nil {
		return place{}, apperr.Invalid{errRegion.At("body.region_code")}
	}
	isGrid := access.Scope(path).Level() == access.Grid
	if isGrid != (kind == "grid") {
		return place{}, apperr.Invalid{errRegion.On("body.region_code",
			"网格类风险区须选网格，区划类须选区划 / a grid area names a grid, a region area a region above the grids")}
	}
	return place{code: access.Scope(path).Code(), path: path}, nil
}
