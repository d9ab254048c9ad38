package epidemic

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"healthgrid/internal/access"
	"healthgrid/internal/db"
)

// progress keeps each screening's counts per region path (db.Tally): where
// each person it names stands now. A person counts once per list that named
// them, at the path they are placed at: in distributed or pool, and in
// verified or overdue. Every write that moves a person moves the counts of
// all their lists, in its transaction (moveTallies).
var progress = &db.Tally{Table: "epi_screening_tallies", Keys: []string{"screening_id", "region_path"},
	Counts: []string{"distributed", "pool", "verified", "overdue"}, Path: "region_path"}

// standing is what of a person the tallies count.
type standing struct {
	id, path, state string
	pooled, overdue bool
	merged          bool
}

// counts is what a person adds to each of their lists' tallies at their
// path: distributed, pool, verified, overdue. A merged record adds nothing.
func (st standing) counts() [4]int64 {
	var c [4]int64
	if st.merged {
		return c
	}
	if st.pooled {
		c[1] = 1
	} else {
		c[0] = 1
	}
	if verified(st.state) {
		c[2] = 1
	} else if st.overdue {
		c[3] = 1
	}
	return c
}

func (st standing) add(d *db.Deltas, screening string, sign int64) {
	c := st.counts()
	d.Add([]any{screening, st.path}, sign*c[0], sign*c[1], sign*c[2], sign*c[3])
}

// standingOf reads a person as the tallies count them.
func (s *Service) standingOf(ctx context.Context, id string) (standing, error) {
	st := standing{id: id}
	err := s.db.QueryRow(ctx, `SELECT region_path, state, pooled, overdue_at IS NOT NULL, merged_into IS NOT NULL
		FROM epi_persons WHERE id = ?`, id).Scan(&st.path, &st.state, &st.pooled, &st.overdue, &st.merged)
	return st, s.db.ScanErr(err, ErrPersonNotFound)
}

// screeningsOf are the lists that named a person.
func (s *Service) screeningsOf(ctx context.Context, person string) ([]string, error) {
	rows, err := s.db.Query(ctx, "SELECT ref FROM epi_person_sources WHERE person_id = ? AND kind = 'screening' ORDER BY ref", person)
	if err != nil {
		return nil, fmt.Errorf("epidemic: screenings of a person: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var ref string
		if err := rows.Scan(&ref); err != nil {
			return nil, err
		}
		out = append(out, ref)
	}
	return out, rows.Err()
}

// moveTallies moves a person's lists from before to after, in the
// transaction ctx carries, and answers the lists it moved (for the live
// progress).
func (s *Service) moveTallies(ctx context.Context, before, after standing) ([]string, error) {
	refs, err := s.screeningsOf(ctx, before.id)
	if err != nil || len(refs) == 0 {
		return refs, err
	}
	d := progress.Deltas()
	for _, ref := range refs {
		before.add(d, ref, -1)
		after.add(d, ref, 1)
	}
	return refs, d.Apply(ctx, s.db)
}

// standings reads the persons ids as the tallies count them, in chunks.
func (s *Service) standings(ctx context.Context, ids []string) (map[string]standing, error) {
	out := make(map[string]standing, len(ids))
	for part := range slices.Chunk(ids, chunk) {
		rows, err := s.db.Query(ctx, `SELECT id, region_path, state, pooled, overdue_at IS NOT NULL, merged_into IS NOT NULL
			FROM epi_persons WHERE id IN (?`+strings.Repeat(",?", len(part)-1)+`)`, anys(part)...)
		if err != nil {
			return nil, fmt.Errorf("epidemic: standings: %w", err)
		}
		for rows.Next() {
			var st standing
			if err := rows.Scan(&st.id, &st.path, &st.state, &st.pooled, &st.overdue, &st.merged); err != nil {
				rows.Close()
				return nil, err
			}
			out[st.id] = st
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Counts is a list's progress in a region.
type Counts struct {
	Received    int64   `json:"received" doc:"persons the list names here: distributed + pool"`
	Distributed int64   `json:"distributed" doc:"placed in a grid"`
	Pool        int64   `json:"pool" doc:"waiting in a region's pool for assignment by hand"`
	Verified    int64   `json:"verified" doc:"verified (or further: a measure decided, reported back)"`
	Overdue     int64   `json:"overdue" doc:"past the deadline and not verified"`
	Rate        float64 `json:"rate" doc:"verified / received, 0..1 (0 when none received)"`
}

func newCounts(distributed, pool, verified, overdue int64) Counts {
	c := Counts{Received: distributed + pool, Distributed: distributed, Pool: pool, Verified: verified, Overdue: overdue}
	if c.Received > 0 {
		c.Rate = float64(verified) / float64(c.Received)
	}
	return c
}

// countsAt is a list's counts in the subtree at path: its head's one row.
func (s *Service) countsAt(ctx context.Context, screening, path string) (Counts, error) {
	var d, p, v, o int64
	err := s.db.QueryRow(ctx, `SELECT COALESCE(SUM(distributed), 0), COALESCE(SUM(pool), 0), COALESCE(SUM(verified), 0),
		COALESCE(SUM(overdue), 0) FROM epi_screening_tallies WHERE screening_id = ? AND region_path = ?`, screening,
		path).Scan(&d, &p, &v, &o)
	if err != nil {
		return Counts{}, fmt.Errorf("epidemic: progress: %w", err)
	}
	return newCounts(d, p, v, o), nil
}

// childCounts are a list's counts for each child region of path that has
// any, by child path: the tally rows one level below.
func (s *Service) childCounts(ctx context.Context, screening string, path access.Scope) (map[string]Counts, error) {
	// a child's path is path, its code (12 digits, a grid's 15) and "/"
	cond, args := path.Subtree("region_path")
	args = append([]any{screening}, append(args, len(path)+13, len(path)+16)...)
	rows, err := s.db.Query(ctx, `SELECT region_path, distributed, pool, verified, overdue FROM epi_screening_tallies
		WHERE screening_id = ? AND `+cond+` AND LENGTH(region_path) IN (?, ?)`, args...)
	if err != nil {
		return nil, fmt.Errorf("epidemic: progress by region: %w", err)
	}
	defer rows.Close()
	out := map[string]Counts{}
	for rows.Next() {
		var p string
		var d, pl, v, o int64
		if err := rows.Scan(&p, &d, &pl, &v, &o); err != nil {
			return nil, err
		}
		if access.Scope(p).Level() == path.Level()+1 {
			out[p] = newCounts(d, pl, v, o)
		}
	}
	return out, rows.Err()
}
