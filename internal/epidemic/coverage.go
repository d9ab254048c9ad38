package epidemic

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/china"
)

// Census is the residents as coverage counts them (population).
type Census interface {
	// Living is the living residents of each region path's subtree, from
	// population's tallies.
	Living(ctx context.Context, paths []string) (map[string]int64, error)
	// GridResidents are the living residents of the grid at path, masked.
	GridResidents(ctx context.Context, path string) ([]GridResident, error)
}

// GridResident is a resident of a grid as the untested list shows them.
type GridResident struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	IDNumber string `json:"id_number" doc:"masked"`
	Phone    string `json:"phone" doc:"masked"`
	Address  string `json:"address"`
}

// MaxCoverageDays is the longest window coverage is asked for.
const MaxCoverageDays = 366

var (
	errWindow = apperr.New(apperr.ErrInvalid, "epidemic.coverage_window",
		"时间范围无效（YYYY-MM-DD，起不晚于止，至多366天） / window must be YYYY-MM-DD dates, from not after to, at most 366 days")
	errNotGrid = apperr.New(apperr.ErrInvalid, "epidemic.not_a_grid", "请指定一个网格 / grid must name a grid")
)

// Window is a campaign's days, Beijing, both ends in, as YYYYMMDD.
type Window struct{ From, To int }

// window reads from and to (YYYY-MM-DD; to defaults to today, from to to).
func (s *Service) window(from, to string) (Window, error) {
	if to == "" {
		to = s.today()
	}
	if from == "" {
		from = to
	}
	f, err1 := time.ParseInLocation(time.DateOnly, from, china.Zone)
	t, err2 := time.ParseInLocation(time.DateOnly, to, china.Zone)
	if err1 != nil || err2 != nil || t.Before(f) || t.Sub(f) > (MaxCoverageDays-1)*24*time.Hour+time.Hour {
		return Window{}, apperr.Invalid(errWindow.Field("from"))
	}
	return Window{ymd(f), ymd(t)}, nil
}

// Covered is a region's campaign coverage (应检尽检) in a window.
type Covered struct {
	RegionCode string  `json:"region_code"`
	RegionName string  `json:"region_name"`
	Level      int     `json:"level" doc:"1 city … 5 grid"`
	Residents  int64   `json:"residents" doc:"living residents"`
	Tested     int64   `json:"tested" doc:"distinct residents with a result sampled in the window, counted where they live as of their latest result"`
	Untested   int64   `json:"untested"`
	Rate       float64 `json:"rate" doc:"tested / residents, 0..1"`
}

// Coverage is a region's coverage and its child regions'.
type Coverage struct {
	Covered
	Items []Covered `json:"items"`
}

// Coverage is the coverage of the region code (the caller's own for "")
// and of each of its children in the window: residents from population's
// tallies, tested from the test tally — rows per region, never results.
func (s *Service) Coverage(ctx context.Context, scope, code, from, to string) (Coverage, error) {
	w, err := s.window(from, to)
	if err != nil {
		return Coverage{}, err
	}
	path, err := s.regions.Within(ctx, scope, code)
	if err != nil {
		return Coverage{}, err
	}
	regions, err := s.regionAndChildren(ctx, path)
	if err != nil {
		return Coverage{}, err
	}
	paths := make([]string, len(regions))
	for i, r := range regions {
		paths[i] = r.path
	}
	living, err := s.census.Living(ctx, paths)
	if err != nil {
		return Coverage{}, err
	}
	tested, err := s.tested(ctx, paths, w)
	if err != nil {
		return Coverage{}, err
	}
	out := Coverage{Items: []Covered{}}
	for i, r := range regions {
		c := Covered{RegionCode: access.Scope(r.path).Code(), RegionName: r.name, Level: int(access.Scope(r.path).Level()),
			Residents: living[r.path], Tested: tested[r.path]}
		c.Untested = max(c.Residents-c.Tested, 0)
		if c.Residents > 0 {
			c.Rate = min(float64(c.Tested)/float64(c.Residents), 1)
		}
		if i == 0 {
			out.Covered = c
		} else {
			out.Items = append(out.Items, c)
		}
	}
	return out, nil
}

type named struct{ path, name string }

// regionAndChildren is the region at path, then its children by code.
func (s *Service) regionAndChildren(ctx context.Context, path string) ([]named, error) {
	code := access.Scope(path).Code()
	rows, err := s.db.Query(ctx, `SELECT path, name FROM regions WHERE code = ? OR parent_code = ?
		ORDER BY CASE WHEN code = ? THEN 0 ELSE 1 END, code`, code, code, code)
	if err != nil {
		return nil, fmt.Errorf("epidemic: regions: %w", err)
	}
	defer rows.Close()
	var out []named
	for rows.Next() {
		var n named
		if err := rows.Scan(&n.path, &n.name); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	if len(out) == 0 && rows.Err() == nil {
		return nil, ErrRegionNotFound
	}
	return out, rows.Err()
}

// ErrRegionNotFound is a region code not in the caller's scope.
var ErrRegionNotFound = apperr.New(apperr.ErrNotFound, "epidemic.region_not_found", "区域不存在 / region not found")

// tested is the distinct residents tested in the window at each path (see
// the migration, 0055): the first day of a resident's in the window is the
// one whose previous day is before it.
func (s *Service) tested(ctx context.Context, paths []string, w Window) (map[string]int64, error) {
	out := map[string]int64{}
	err := s.queryIn(ctx, "SELECT region_path, SUM(n) FROM epi_test_tallies WHERE region_path IN (%s) AND day >= ? "+
		"AND day <= ? AND prev_day < ? GROUP BY region_path", paths, []any{w.From, w.To, w.From}, func(rows *sql.Rows) error {
		var p string
		var n int64
		err := rows.Scan(&p, &n)
		out[p] = n
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("epidemic: tested: %w", err)
	}
	return out, nil
}

// Untested are a page of the residents of the grid (in scope) with no
// result sampled in the window — the grid worker's to-do list — and how
// many there are.
func (s *Service) Untested(ctx context.Context, scope, grid, from, to string, offset, limit int) ([]GridResident, int, error) {
	w, err := s.window(from, to)
	if err != nil {
		return nil, 0, err
	}
	path, err := s.regions.Within(ctx, scope, grid)
	if err != nil {
		return nil, 0, err
	}
	if access.Scope(path).Level() != access.Grid {
		return nil, 0, apperr.Invalid(errNotGrid.Field("grid"))
	}
	people, err := s.census.GridResidents(ctx, path)
	if err != nil {
		return nil, 0, err
	}
	ids := make([]string, len(people))
	for i, p := range people {
		ids[i] = p.ID
	}
	done, err := s.testedResidents(ctx, ids, w)
	if err != nil {
		return nil, 0, err
	}
	people = slices.DeleteFunc(people, func(p GridResident) bool { return done[p.ID] })
	return people[min(offset, len(people)):min(offset+limit, len(people))], len(people), nil
}

// testedResidents are the residents of ids with a test day in the window.
func (s *Service) testedResidents(ctx context.Context, ids []string, w Window) (map[string]bool, error) {
	out := map[string]bool{}
	err := s.queryIn(ctx, "SELECT resident_id, days FROM epi_test_residents WHERE resident_id IN (%s)", ids, nil,
		func(rows *sql.Rows) error {
			var id, days string
			err := rows.Scan(&id, &days)
			out[id] = slices.ContainsFunc(parseDays(days), func(d int) bool { return d >= w.From && d <= w.To })
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("epidemic: tested residents: %w", err)
	}
	return out, nil
}
