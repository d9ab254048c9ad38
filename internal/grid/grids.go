package grid

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb/geojson"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/geo"
	"healthgrid/internal/region"
)

// MaxMapGrids is the most grids one list returns with their boundaries: a
// county's worth. Above it the caller is asked to pick a smaller region.
const MaxMapGrids = 3000

// List returns the grids under the region code (the caller's whole scope when
// empty), in code order, with their figures, and their boundaries when asked.
func (s *Service) List(ctx context.Context, scope, code string, withGeometry bool) ([]Grid, error) {
	path, err := s.regions.Within(ctx, scope, code)
	if err != nil {
		return nil, err
	}
	grids, err := s.gridsUnder(ctx, path)
	if err != nil {
		return nil, err
	}
	if withGeometry && len(grids) > MaxMapGrids {
		return nil, apperr.Field("query.region", fmt.Sprintf("该区域有 %d 个网格，请选择区县或更下级区域查看边界 / %d grids: pick a smaller region to draw them", len(grids), len(grids)))
	}
	if err := s.figures(ctx, path, grids); err != nil {
		return nil, err
	}
	if !withGeometry {
		for i := range grids {
			grids[i].Geometry = nil
		}
	}
	return grids, nil
}

// figures fills in the counts and member counts of grids under path: one
// call to the population counter, one query for the members.
func (s *Service) figures(ctx context.Context, path string, grids []Grid) error {
	codes := make([]string, len(grids))
	for i, g := range grids {
		codes[i] = g.Code
	}
	counts, err := s.counts.GridCounts(ctx, codes)
	if err != nil {
		return fmt.Errorf("grid: counts: %w", err)
	}
	members, err := s.memberCounts(ctx, path)
	if err != nil {
		return err
	}
	for i := range grids {
		grids[i].Counts = counts[grids[i].Code]
		grids[i].MembersCount = members[grids[i].Code]
	}
	return nil
}

// gridsUnder lists the grids in the subtree at path, with their villages'
// names and their boundaries and areas. It reads the region tree, the
// platform's shared reference data, without writing it.
func (s *Service) gridsUnder(ctx context.Context, path string) ([]Grid, error) {
	cond, args := access.Scope(path).Subtree("g.path")
	rows, err := s.db.Query(ctx, `SELECT g.code, g.name, g.parent_code, v.name, g.path, g.geometry
		FROM regions g JOIN regions v ON v.code = g.parent_code WHERE g.level = 'grid' AND `+cond+` ORDER BY g.path`, args...)
	if err != nil {
		return nil, fmt.Errorf("grid: list: %w", err)
	}
	defer rows.Close()
	out := []Grid{}
	for rows.Next() {
		var g Grid
		var geom sql.NullString
		if err := rows.Scan(&g.Code, &g.Name, &g.VillageCode, &g.VillageName, &g.Path, &geom); err != nil {
			return nil, fmt.Errorf("grid: scan: %w", err)
		}
		if geom.Valid && geom.String != "" {
			g.Geometry = json.RawMessage(geom.String)
			g.AreaM2 = areaOf(g.Geometry)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// areaOf is the area of a stored GeoJSON boundary in m², rounded to 1 m².
// Decoding a boundary costs more than reading it (a county's map: 1,500 of
// them, most of a request's CPU), so areas are kept by the boundary's
// hash: a changed boundary is a new key.
func areaOf(raw json.RawMessage) float64 {
	key := maphash.Bytes(areaSeed, raw)
	if a, ok := areas.Load(key); ok {
		return a.(float64)
	}
	g, err := geojson.UnmarshalGeometry(raw)
	if err != nil {
		return 0
	}
	a := float64(int64(geo.Area(g.Geometry()) + 0.5))
	if n := areaCount.Add(1); n > maxAreas { // boundaries edited many times over: start again
		areas.Clear()
		areaCount.Store(0)
	}
	areas.Store(key, a)
	return a
}

// maxAreas bounds the kept areas: a few times a city's grids.
const maxAreas = 50_000

var (
	areaSeed  = maphash.MakeSeed()
	areas     sync.Map // maphash of a boundary → its area
	areaCount atomic.Int64
)

// memberCounts is the number of members serving each grid under path.
func (s *Service) memberCounts(ctx context.Context, path string) (map[string]int, error) {
	cond, args := access.Scope(path).Subtree("grid_path")
	rows, err := s.db.Query(ctx, "SELECT grid_code, COUNT(*) FROM team_member_grids WHERE "+cond+" GROUP BY grid_code", args...)
	if err != nil {
		return nil, fmt.Errorf("grid: member counts: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var code string
		var n int
		if err := rows.Scan(&code, &n); err != nil {
			return nil, err
		}
		out[code] = n
	}
	return out, rows.Err()
}

// grid loads one grid in scope, with its boundary.
func (s *Service) grid(ctx context.Context, scope, code string) (region.Region, error) {
	r, err := s.regions.Get(ctx, scope, code, true)
	if err != nil {
		return region.Region{}, ErrNotFound
	}
	if r.Level != region.Grid {
		return region.Region{}, ErrNotFound
	}
	return r, nil
}

// Profile is one grid in scope with its chain, figures, teams and branches.
func (s *Service) Profile(ctx context.Context, scope, code string) (Profile, error) {
	r, err := s.grid(ctx, scope, code)
	if err != nil {
		return Profile{}, err
	}
	chain, err := s.regions.Chain(ctx, code)
	if err != nil {
		return Profile{}, err
	}
	p := Profile{Grid: Grid{Code: r.Code, Name: r.Name, VillageCode: r.ParentCode, Path: r.Path, Geometry: r.Geometry}, Chain: chain}
	if len(chain) >= 2 {
		p.VillageName = chain[len(chain)-2].Name
	}
	if len(r.Geometry) > 0 {
		p.AreaM2 = areaOf(r.Geometry)
	}
	grids := []Grid{p.Grid}
	if err := s.figures(ctx, r.Path, grids); err != nil {
		return Profile{}, err
	}
	p.Grid = grids[0]
	members, err := s.gridMembers(ctx, scope, code)
	if err != nil {
		return Profile{}, err
	}
	for _, ty := range Types {
		team := Team{Type: ty, Members: []Member{}}
		for _, m := range members {
			if m.Type == ty {
				team.Members = append(team.Members, m)
			}
		}
		p.Teams = append(p.Teams, team)
	}
	if p.PartyBranches, err = s.branches(ctx, code, r.ParentCode); err != nil {
		return Profile{}, err
	}
	return p, nil
}

// branches lists the party branches linked to any of the regions codes (a
// grid, its village).
func (s *Service) branches(ctx context.Context, codes ...string) ([]PartyBranch, error) {
	args := make([]any, len(codes))
	for i, c := range codes {
		args[i] = c
	}
	rows, err := s.db.Query(ctx, `SELECT u.id, u.name, l.region_code, r.name, r.level FROM party_branch_links l
		JOIN units u ON u.id = l.unit_id JOIN regions r ON r.code = l.region_code
		WHERE l.region_code IN (?`+strings.Repeat(",?", len(codes)-1)+`) ORDER BY r.level, u.name, u.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("grid: party branches: %w", err)
	}
	defer rows.Close()
	out := []PartyBranch{}
	for rows.Next() {
		var b PartyBranch
		if err := rows.Scan(&b.ID, &b.Name, &b.RegionCode, &b.RegionName, &b.LinkedTo); err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(out, func(o PartyBranch) bool { return o.ID == b.ID }) {
			out = append(out, b)
		}
	}
	return out, rows.Err()
}

// SetPartyBranches replaces the party branches linked to a grid or a
// community (village) in scope with the units named, each a party branch in
// scope, and returns the links now in place.
func (s *Service) SetPartyBranches(ctx context.Context, scope, code string, unitIDs []string) ([]PartyBranch, error) {
	r, err := s.regions.Get(ctx, scope, code, false)
	if err != nil || (r.Level != region.Grid && r.Level != region.Village) {
		return nil, ErrNotFound
	}
	var bad apperr.Invalid
	var ids []string
	for i, id := range unitIDs {
		u, err := s.units.Get(ctx, scope, id)
		switch {
		case err != nil:
			bad = append(bad, apperr.FieldError{Field: fmt.Sprintf("body.unit_ids[%d]", i), Message: "单位不存在或不在您的管辖范围 / unit not found in your scope"})
		case u.Type != "party_branch":
			bad = append(bad, apperr.FieldError{Field: fmt.Sprintf("body.unit_ids[%d]", i), Message: "「" + u.Name + "」不是党支部 / not a party branch"})
		case !slices.Contains(ids, id):
			ids = append(ids, id)
		}
	}
	if len(bad) > 0 {
		return nil, bad
	}
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, "DELETE FROM party_branch_links WHERE region_code = ?", code); err != nil {
			return fmt.Errorf("grid: unlink party branches: %w", err)
		}
		for _, id := range ids {
			if _, err := s.db.Exec(ctx, "INSERT INTO party_branch_links (unit_id, region_code, region_path) VALUES (?, ?, ?)",
				id, code, r.Path); err != nil {
				return fmt.Errorf("grid: link party branch: %w", err)
			}
		}
		return s.audit.Write(ctx, auditRecord("grid.party_branches", "region", code, map[string]any{"unit_ids": ids}))
	})
	if err != nil {
		return nil, err
	}
	return s.branches(ctx, code)
}

// PartyBranches lists the party branches linked to a grid or a community
// (village) in scope itself: what SetPartyBranches last put in place.
func (s *Service) PartyBranches(ctx context.Context, scope, code string) ([]PartyBranch, error) {
	r, err := s.regions.Get(ctx, scope, code, false)
	if err != nil || (r.Level != region.Grid && r.Level != region.Village) {
		return nil, ErrNotFound
	}
	return s.branches(ctx, code)
}

// commonPath is the deepest region path that every one of paths lies in.
func commonPath(paths []string) string {
	if len(paths) == 0 {
		return ""
	}
	p := paths[0]
	for _, q := range paths[1:] {
		for !strings.HasPrefix(q, p) {
			p = p[:strings.LastIndex(strings.TrimSuffix(p, "/"), "/")+1]
		}
	}
	return p
}
