package riskarea

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"healthgrid/internal/access"
)

// Who is inside an area: for a region or grid, everyone living in its
// subtree; for a polygon, the residents of the region holding it whose home
// (their building's point) lies inside — a resident whose building has no
// point is inside no polygon. A case is inside when it is placed in the
// area's subtree and, for a polygon, is a resident inside it.

// inside are the residents inside a polygon area; masked when asked (a
// page, then in name order), a count needs no numbers.
func (s *Service) inside(ctx context.Context, pl place, masked bool) ([]AreaResident, error) {
	rs, err := s.people.Located(ctx, pl.path, pl.bound(), masked)
	if err != nil {
		return nil, err
	}
	out := rs[:0]
	for _, r := range rs {
		if pl.contains(orb.Point{r.Lng, r.Lat}) {
			out = append(out, r)
		}
	}
	if masked {
		slices.SortFunc(out, func(a, b AreaResident) int {
			return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
		})
	}
	return out, nil
}

// countInside is how many live inside an area.
func (s *Service) countInside(ctx context.Context, a RiskArea) (int, error) {
	if a.poly == nil {
		n, err := s.people.Living(ctx, []string{a.path})
		return int(n[a.path]), err
	}
	rs, err := s.inside(ctx, a.place(), false)
	return len(rs), err
}

// Residents are a page of the residents inside an area in the caller's
// scope, masked, and how many there are.
func (s *Service) Residents(ctx context.Context, p *access.Principal, id string, offset, limit int) ([]AreaResident, int, error) {
	a, err := s.load(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	if !p.Covers(a.path) {
		return nil, 0, ErrAreaNotFound
	}
	if a.poly == nil {
		return s.people.Page(ctx, a.path, offset, limit)
	}
	rs, err := s.inside(ctx, a.place(), true)
	if err != nil {
		return nil, 0, err
	}
	return rs[min(offset, len(rs)):min(offset+limit, len(rs))], len(rs), nil
}

// caseCategories are the risk persons that are cases.
const caseCategories = "('confirmed', 'asymptomatic')"

// lastCase is the admission time of the newest case inside the area since
// since, nil for none.
func (s *Service) lastCase(ctx context.Context, a RiskArea, since time.Time) (*time.Time, error) {
	cond, args := access.Scope(a.path).Subtree("region_path")
	if a.poly == nil {
		var at *time.Time
		err := s.db.QueryRow(ctx, "SELECT MAX(created_at) FROM epi_persons WHERE "+cond+" AND category IN "+caseCategories+
			" AND created_at > ?", append(args, since)...).Scan(&at)
		if err != nil {
			return nil, fmt.Errorf("riskarea: last case: %w", err)
		}
		return at, nil
	}
	rows, err := s.db.Query(ctx, "SELECT resident_id, created_at FROM epi_persons WHERE "+cond+" AND category IN "+
		caseCategories+" AND created_at > ? AND resident_id IS NOT NULL ORDER BY created_at DESC", append(args, since)...)
	if err != nil {
		return nil, fmt.Errorf("riskarea: cases: %w", err)
	}
	type c struct {
		resident string
		at       time.Time
	}
	var cases []c
	for rows.Next() {
		var x c
		if err := rows.Scan(&x.resident, &x.at); err != nil {
			rows.Close()
			return nil, err
		}
		cases = append(cases, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(cases) == 0 {
		return nil, err
	}
	rs, err := s.inside(ctx, a.place(), false)
	if err != nil {
		return nil, err
	}
	in := make(map[string]bool, len(rs))
	for _, r := range rs {
		in[r.ID] = true
	}
	for _, x := range cases {
		if in[x.resident] {
			return &x.at, nil
		}
	}
	return nil, nil
}

// RiskFlag is an area in force a resident lives in: what the resident's page
// shows as 风险区.
type RiskFlag struct {
	AreaID string `json:"area_id"`
	Name   string `json:"name"`
	Level  string `json:"level" enum:"high,medium,low"`
}

// ResidentFlags are the areas in force the resident (in the caller's scope)
// lives in, the highest level first.
func (s *Service) ResidentFlags(ctx context.Context, p *access.Principal, resident string) ([]RiskFlag, error) {
	path, pt, err := s.people.Home(ctx, p.RegionPath, resident)
	if err != nil {
		return nil, err
	}
	lineage := access.Scope(path).Lineage()
	q := "SELECT " + areaCols + areaFrom + " WHERE a.status IN ('published', 'downgraded') AND a.region_path IN (?" +
		strings.Repeat(",?", len(lineage)-1) + ")"
	args := make([]any, len(lineage))
	for i, l := range lineage {
		args[i] = l
	}
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("riskarea: flags: %w", err)
	}
	defer rows.Close()
	out := []RiskFlag{}
	for rows.Next() {
		a, err := s.scanArea(rows)
		if err != nil {
			return nil, err
		}
		if a.poly != nil && (pt == nil || !a.place().contains(orb.Point{pt[0], pt[1]})) {
			continue
		}
		out = append(out, RiskFlag{AreaID: a.ID, Name: a.Name, Level: a.Level})
	}
	slices.SortStableFunc(out, func(a, b RiskFlag) int { return rank(b.Level) - rank(a.Level) })
	return out, rows.Err()
}
