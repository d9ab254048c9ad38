package grid

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/geo"
	"healthgrid/internal/region"
)

// parseShape reads a GeoJSON boundary: a valid Polygon or MultiPolygon.
// The message says in Chinese what is wrong with it.
func parseShape(raw json.RawMessage) (orb.Geometry, string) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, "缺少边界 / no boundary"
	}
	g, err := geojson.UnmarshalGeometry(raw)
	if err != nil {
		return nil, "不是有效的GeoJSON几何 / not a GeoJSON geometry"
	}
	switch g.Geometry().(type) {
	case orb.Polygon, orb.MultiPolygon:
	default:
		return nil, "边界必须是面(Polygon或MultiPolygon) / a boundary must be a Polygon or MultiPolygon"
	}
	if err := geo.ValidPolygon(g.Geometry()); err != nil {
		return nil, "边界不是有效的多边形(自相交、未闭合或点数不足) / not a valid polygon: " + strings.TrimPrefix(err.Error(), geo.ErrInvalidPolygon.Error()+": ")
	}
	return g.Geometry(), ""
}

// maxNamed is how many overlapped grids a refusal names.
const maxNamed = 5

// overlapReason names the grids a shape overlaps, the first few when there
// are many (a shape dropped far off).
func overlapReason(names []string) string {
	zh, en := strings.Join(names, "、"), strings.Join(names, ", ")
	if len(names) > maxNamed {
		zh = fmt.Sprintf("%s 等 %d 个网格", strings.Join(names[:maxNamed], "、"), len(names))
		en = fmt.Sprintf("%s and %d more", strings.Join(names[:maxNamed], ", "), len(names)-maxNamed)
	}
	return fmt.Sprintf("与网格 %s 重叠 / overlaps grid %s", zh, en)
}

// neighbour is another grid whose bounding box meets a shape's.
type neighbour struct {
	code, name, path string
	shape            orb.Geometry
}

// fit checks a grid's new shape: inside its village's boundary and clear of
// every other grid — the ones in pending (other grids of the same import)
// with their new shapes. It returns the reasons it does not fit, in Chinese.
func (s *Service) fit(ctx context.Context, scope string, grid region.Region, shape orb.Geometry, pending map[string]orb.Geometry) ([]string, error) {
	var reasons []string
	village, err := s.regions.Get(ctx, "", grid.ParentCode, true)
	if err != nil {
		return nil, fmt.Errorf("grid: village of %s: %w", grid.Code, err)
	}
	if len(village.Geometry) > 0 {
		vg, err := geojson.UnmarshalGeometry(village.Geometry)
		if err != nil {
			return nil, fmt.Errorf("grid: village %s: bad boundary: %w", village.Code, err)
		}
		if !geo.Within(shape, vg.Geometry()) {
			reasons = append(reasons, fmt.Sprintf("超出所属村/社区边界（%s） / outside the boundary of its village %s", village.Name, village.Name))
		}
	}
	others, err := s.neighbours(ctx, grid.Code, shape.Bound(), pending)
	if err != nil {
		return nil, err
	}
	var names []string
	outside := false
	for _, n := range others {
		if !geo.Overlaps(shape, n.shape) {
			continue
		}
		if access.Scope(scope).Covers(n.path) {
			names = append(names, n.name)
		} else {
			outside = true
		}
	}
	if len(names) > 0 {
		reasons = append(reasons, overlapReason(names))
	}
	if outside {
		reasons = append(reasons, "与辖区外的网格重叠 / overlaps a grid outside your scope")
	}
	return reasons, nil
}

// neighbours loads the grids other than code whose boxes meet b, with the
// shapes in pending standing in for the stored ones.
func (s *Service) neighbours(ctx context.Context, code string, b orb.Bound, pending map[string]orb.Geometry) ([]neighbour, error) {
	rows, err := s.db.Query(ctx, `SELECT code, name, path, geometry FROM regions WHERE level = 'grid' AND code <> ?
		AND geometry IS NOT NULL AND min_lng <= ? AND max_lng >= ? AND min_lat <= ? AND max_lat >= ?`,
		code, b.Max[0], b.Min[0], b.Max[1], b.Min[1])
	if err != nil {
		return nil, fmt.Errorf("grid: neighbours: %w", err)
	}
	defer rows.Close()
	var out []neighbour
	seen := map[string]bool{}
	for rows.Next() {
		var n neighbour
		var gj sql.NullString
		if err := rows.Scan(&n.code, &n.name, &n.path, &gj); err != nil {
			return nil, err
		}
		seen[n.code] = true
		if p, ok := pending[n.code]; ok {
			n.shape = p
		} else if g, err := geojson.UnmarshalGeometry([]byte(gj.String)); err == nil {
			n.shape = g.Geometry()
		} else {
			continue
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// grids of the same import that had no boundary before, or moved here
	for c, p := range pending {
		if c != code && !seen[c] && p.Bound().Intersects(b) {
			r, err := s.regions.Get(ctx, "", c, false)
			if err != nil {
				return nil, err
			}
			out = append(out, neighbour{code: c, name: r.Name, path: r.Path, shape: p})
		}
	}
	return out, nil
}

// SetBoundary replaces a grid's boundary once it is a valid polygon inside
// its village and overlapping no other grid, and returns the grid's profile.
// The check and the write share a transaction that locks the village, so
// two edits of neighbouring grids cannot both pass against the old shapes.
func (s *Service) SetBoundary(ctx context.Context, scope, code string, raw json.RawMessage) (Profile, error) {
	shape, why := parseShape(raw)
	written := false
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		g, err := s.grid(ctx, scope, code)
		if err != nil {
			return err
		}
		if why != "" {
			return apperr.Field("body.geometry", why)
		}
		var locked string
		if err := s.db.QueryRow(ctx, "SELECT code FROM regions WHERE code = ?"+s.db.Dialect.ForUpdate(), g.ParentCode).Scan(&locked); err != nil {
			return fmt.Errorf("grid: lock village: %w", err)
		}
		reasons, err := s.fit(ctx, scope, g, shape, nil)
		if err != nil {
			return err
		}
		if len(reasons) > 0 {
			bad := make(apperr.Invalid, len(reasons))
			for i, r := range reasons {
				bad[i] = apperr.FieldError{Field: "body.geometry", Message: r}
			}
			return bad
		}
		written = true
		_, err = s.regions.Update(ctx, scope, code, region.Input{Name: g.Name, Geometry: raw})
		return err
	})
	if err != nil {
		if written { // the index may hold the shape that was rolled back
			_ = s.regions.Rebuild(context.WithoutCancel(ctx))
		}
		return Profile{}, err
	}
	return s.Profile(ctx, scope, code)
}
