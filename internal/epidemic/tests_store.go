package epidemic

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/china"
	"healthgrid/internal/db"
	"healthgrid/internal/notify"
	"healthgrid/internal/pii"
)

var (
	testInsert = db.Bulk{Head: `INSERT INTO epi_tests (id, name, id_enc, id_idx, sampled_at, kind, pathogen, result,
		institution, disease_code, resident_id, grid_code, region_path, person_id, created_by, created_at)`, Cols: 16,
		MayFail: true}
	testedLock = db.Bulk{Head: "INSERT INTO epi_test_residents (resident_id, region_path, days)", Cols: 3,
		Tail: " ON CONFLICT (resident_id) DO NOTHING"}
	testedWrite = db.Bulk{Head: "INSERT INTO epi_test_residents (resident_id, region_path, days)", Cols: 3,
		Tail: " ON CONFLICT (resident_id) DO UPDATE SET region_path = excluded.region_path, days = excluded.days"}
	// testTallies: see the migration (0055) for why (day, prev_day).
	testTallies = &db.Tally{Table: "epi_test_tallies", Keys: []string{"region_path", "day", "prev_day"},
		Counts: []string{"n"}, Path: "region_path"}
	testCounts = &db.Tally{Table: "epi_test_counts", Keys: []string{"region_path", "day", "result"}, Counts: []string{"n"},
		Path: "region_path"}
)

// unseen are the tests not received before, in order.
func (s *Service) unseen(ctx context.Context, ts []test) ([]test, error) {
	have := map[string]bool{}
	idx := make([]string, 0, len(ts))
	for _, t := range ts {
		if !slices.Contains(idx, t.idx) {
			idx = append(idx, t.idx)
		}
	}
	err := s.queryIn(ctx, "SELECT id_idx, sampled_at, institution FROM epi_tests WHERE id_idx IN (%s)", idx, nil,
		func(rows *sql.Rows) error {
			var t test
			err := rows.Scan(&t.idx, &t.at, &t.Institution)
			have[t.key()] = true
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("epidemic: tests received: %w", err)
	}
	return slices.DeleteFunc(slices.Clone(ts), func(t test) bool { return have[t.key()] }), nil
}

// queryIn runs q, whose %s stands for an IN list, over keys a chunk at a
// time, the list's values then args, calling scan for each row.
func (s *Service) queryIn(ctx context.Context, q string, keys []string, args []any, scan func(*sql.Rows) error) error {
	for part := range slices.Chunk(keys, chunk) {
		rows, err := s.db.Query(ctx, fmt.Sprintf(q, "?"+strings.Repeat(",?", len(part)-1)), append(anys(part), args...)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// chain is a resident's sorted test days as the coverage tally counts
// them: each day with the one before it, 0 before the first.
func chain(days []int) [][2]int {
	out := make([][2]int, len(days))
	prev := 0
	for i, d := range days {
		out[i], prev = [2]int{d, prev}, d
	}
	return out
}

// countTested records the days the tests' residents were sampled on and
// moves the coverage tally from each resident's old chain of days (at
// where they lived) to the new one (at where they live now). Residents are
// locked in id order, the tally in its key order: batches naming the same
// resident wait for each other, never in a circle.
func (s *Service) countTested(ctx context.Context, ts []test) error {
	where := map[string]string{}
	added := map[string][]int{}
	for _, t := range ts {
		if t.matched {
			where[t.resident.ID] = t.resident.RegionPath
			added[t.resident.ID] = append(added[t.resident.ID], t.day)
		}
	}
	ids := slices.Sorted(func(yield func(string) bool) {
		for id := range where {
			if !yield(id) {
				return
			}
		}
	})
	if len(ids) == 0 {
		return nil
	}
	if _, err := s.db.WriteBulk(ctx, testedLock, len(ids), func(i int, dst []any) []any {
		return append(dst, ids[i], where[ids[i]], "")
	}); err != nil {
		return fmt.Errorf("epidemic: tested residents: %w", err)
	}
	type tested struct {
		path string
		days []int
	}
	old := map[string]tested{}
	err := s.queryIn(ctx, "SELECT resident_id, region_path, days FROM epi_test_residents WHERE resident_id IN (%s) "+
		"ORDER BY resident_id"+s.db.Dialect.ForUpdate(), ids, nil, func(rows *sql.Rows) error {
		var id, path, days string
		err := rows.Scan(&id, &path, &days)
		old[id] = tested{path, parseDays(days)}
		return err
	})
	if err != nil {
		return fmt.Errorf("epidemic: tested residents: %w", err)
	}
	d := testTallies.Deltas()
	cur := make([]string, len(ids))
	for i, id := range ids {
		o := old[id]
		days := slices.Clone(o.days)
		for _, day := range added[id] {
			if i, found := slices.BinarySearch(days, day); !found {
				days = slices.Insert(days, i, day)
			}
		}
		for _, p := range chain(o.days) {
			d.Add([]any{o.path, p[0], p[1]}, -1)
		}
		for _, p := range chain(days) {
			d.Add([]any{where[id], p[0], p[1]}, +1)
		}
		cur[i] = formatDays(days)
	}
	if err := d.Apply(ctx, s.db); err != nil {
		return fmt.Errorf("epidemic: test tallies: %w", err)
	}
	_, err = s.db.WriteBulk(ctx, testedWrite, len(ids), func(i int, dst []any) []any {
		return append(dst, ids[i], where[ids[i]], cur[i])
	})
	return err
}

func parseDays(s string) []int {
	var out []int
	for f := range strings.SplitSeq(s, ",") {
		if n, err := strconv.Atoi(f); err == nil {
			out = append(out, n)
		}
	}
	return out
}

func formatDays(days []int) string {
	parts := make([]string, len(days))
	for i, d := range days {
		parts[i] = strconv.Itoa(d)
	}
	return strings.Join(parts, ",")
}

// notifyQuery is who hears of a positive result placed at paths: the grid
// workers there and the township's and county's epidemic officers.
func notifyQuery(paths []string) notify.Query {
	return notify.Query{RegionPaths: paths, Perms: []string{"epidemic:verify", "epidemic:write"}}
}

func positiveNote(t *test, d Disease, personID string) notify.Note {
	return notify.Note{Kind: "epidemic.test.positive",
		Title: "检测阳性：" + pii.MaskName(t.Name) + "（" + d.Name + "）",
		Body: fmt.Sprintf("%s %s 采样的%s（%s）结果阳性，已列为%s，请核实并落实管控。", t.Institution,
			t.at.In(china.Zone).Format("01-02 15:04"), nameOf(TestKinds, t.Kind), t.Pathogen,
			nameOf(Categories, positiveCategory)),
		Link: "/epidemic/persons/" + personID}
}

// Test is a stored result as lists show it: the ID number masked.
type Test struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	IDNumber    string    `json:"id_number" doc:"masked"`
	SampledAt   time.Time `json:"sampled_at"`
	Kind        string    `json:"kind" enum:"nucleic_acid,antigen,culture,other"`
	Pathogen    string    `json:"pathogen"`
	Result      string    `json:"result" enum:"positive,negative,invalid"`
	Institution string    `json:"institution"`
	Disease     string    `json:"disease,omitempty"`
	ResidentID  string    `json:"resident_id,omitempty" doc:"the resident the ID number matched"`
	GridCode    string    `json:"grid_code,omitempty"`
	RegionCode  string    `json:"region_code" doc:"the resident's grid, or the sender's region for someone not a resident"`
	PersonID    string    `json:"person_id,omitempty" doc:"the risk person a positive result named"`
	CreatedAt   time.Time `json:"created_at"`
	path        string
}

const testCols = `id, name, id_enc, sampled_at, kind, pathogen, result, institution, disease_code,
	COALESCE(resident_id, ''), grid_code, region_path, COALESCE(person_id, ''), created_at`

func (s *Service) scanTest(row interface{ Scan(...any) error }) (Test, error) {
	var t Test
	var idEnc string
	if err := row.Scan(&t.ID, &t.Name, &idEnc, &t.SampledAt, &t.Kind, &t.Pathogen, &t.Result, &t.Institution,
		&t.Disease, &t.ResidentID, &t.GridCode, &t.path, &t.PersonID, &t.CreatedAt); err != nil {
		return Test{}, err
	}
	t.IDNumber, t.RegionCode = s.masked(idEnc, pii.MaskID), access.Scope(t.path).Code()
	return t, nil
}

// TestFilter narrows the results list.
type TestFilter struct {
	Path     string // a subtree in scope
	Result   string
	From, To int    // sampled on these days (YYYYMMDD, Beijing) and those between; 0: open
	Q        string // a name's start, or an ID number exactly
}

// dayTime is the start of the Beijing day d (YYYYMMDD).
func dayTime(d int) time.Time {
	return time.Date(d/10000, time.Month(d/100%100), d%100, 0, 0, 0, 0, china.Zone)
}

// Tests are a page of the results in the subtree f.Path (within the
// caller's scope), newest sample first, and how many there are: from the
// tally unless f.Q searches.
func (s *Service) Tests(ctx context.Context, f TestFilter, offset, limit int) ([]Test, int, error) {
	cond, args := access.Scope(f.Path).Subtree("region_path")
	at, tallied := testCounts.At(access.Scope(f.Path))
	add := func(c string, v any, tc string, tv any) {
		cond, args = cond+" AND "+c, append(args, v)
		at, tallied = at+" AND "+tc, append(tallied, tv)
	}
	if f.Result != "" {
		add("result = ?", f.Result, "result = ?", f.Result)
	}
	if f.From != 0 {
		add("sampled_at >= ?", dayTime(f.From).UTC(), "day >= ?", f.From)
	}
	if f.To != 0 {
		add("sampled_at < ?", dayTime(f.To).AddDate(0, 0, 1).UTC(), "day <= ?", f.To)
	}
	count, countArgs := testCounts.Sum("n", at, tallied...)
	if q := strings.TrimSpace(f.Q); q != "" {
		if info, err := pii.ValidateIDNumber(q, s.now()); err == nil {
			cond, args = cond+" AND id_idx = ?", append(args, s.pii.Index(pii.KindID, info.Number))
		} else {
			cond, args = cond+" AND name LIKE ?", append(args, strings.NewReplacer("%", "", "_", "").Replace(q)+"%")
		}
		count, countArgs = "SELECT COUNT(*) FROM epi_tests WHERE "+cond, args
	}
	var total int
	if err := s.db.QueryRow(ctx, count, countArgs...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("epidemic: count tests: %w", err)
	}
	rows, err := s.db.Query(ctx, "SELECT "+testCols+" FROM epi_tests WHERE "+cond+
		" ORDER BY sampled_at DESC, id DESC LIMIT ? OFFSET ?", append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("epidemic: tests: %w", err)
	}
	defer rows.Close()
	out := []Test{}
	for rows.Next() {
		t, err := s.scanTest(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, t)
	}
	return out, total, rows.Err()
}

// Test is one result in the caller's scope.
func (s *Service) Test(ctx context.Context, scope, id string) (Test, error) {
	t, err := s.scanTest(s.db.QueryRow(ctx, "SELECT "+testCols+" FROM epi_tests WHERE id = ?", id))
	if err != nil {
		return Test{}, s.db.ScanErr(err, ErrTestNotFound)
	}
	if !access.Scope(scope).Covers(t.path) {
		return Test{}, ErrTestNotFound
	}
	return t, nil
}
