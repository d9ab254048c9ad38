package trace

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// stay is a check-in as tracing reads it: out is its time out, or its time
// in plus the venue's default stay, and never more than MaxStay after in.
type stay struct {
	venue, in, out, visitor int64
}

// venue is what tracing shows of a venue.
type venue struct {
	code, name string
	def        int64 // the default stay, seconds
}

// maxStay is MaxStay in seconds.
const maxStay = int64(MaxStay / 1e9)

// chunk is how many keys an IN list or ranges a query carries.
const chunk = 500

// near tells whether b came within w seconds of a at the same venue: each
// arrived no later than w after the other left.
func near(a, b stay, w int64) bool {
	return a.venue == b.venue && b.in <= a.out+w && a.in <= b.out+w
}

// overlap is the minutes both stays were there, 0 when they only came near.
func overlap(a, b stay) int {
	return int(max(0, min(a.out, b.out)-max(a.in, b.in)) / 60)
}

// meetAt is when two near stays met: the later arrival, or, when one left
// before the other came, the earlier departure.
func meetAt(a, b stay) int64 {
	return min(max(a.in, b.in), min(a.out, b.out))
}

// inWindow keeps the stays that meet [from, to].
func inWindow(ss []stay, from, to int64) []stay {
	return slices.DeleteFunc(ss, func(s stay) bool { return s.in > to || s.out < from })
}

// span is a run of a venue's check-ins by time in, both ends in; a
// check-in of it is a candidate only if it lasts until end (the earliest
// arrival of the stays it serves, less w).
type span struct{ venue, lo, hi, end int64 }

// spans are the runs of check-ins that may hold a stay near one of ss: at
// each stay's venue, from MaxStay + w before its arrival to w after its
// departure; runs that meet are one, so each check-in is read once.
func spans(ss []stay, w int64) []span {
	out := make([]span, 0, len(ss))
	for _, s := range ss {
		out = append(out, span{s.venue, s.in - w - maxStay, s.out + w, s.in - w})
	}
	slices.SortFunc(out, func(a, b span) int { return cmp.Or(cmp.Compare(a.venue, b.venue), cmp.Compare(a.lo, b.lo)) })
	merged := out[:0]
	for _, r := range out {
		if n := len(merged); n > 0 && merged[n-1].venue == r.venue && r.lo <= merged[n-1].hi+1 {
			merged[n-1].hi = max(merged[n-1].hi, r.hi)
			merged[n-1].end = min(merged[n-1].end, r.end)
			continue
		}
		merged = append(merged, r)
	}
	return merged
}

// pair calls fn(i, b) for each stay b of rows near src[i].
func pair(src, rows []stay, w int64, fn func(i int, b stay)) {
	idx := make([]int, len(src))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(x, y int) int {
		return cmp.Or(cmp.Compare(src[x].venue, src[y].venue), cmp.Compare(src[x].in, src[y].in))
	})
	for _, b := range rows {
		// the stays at b's venue arriving from MaxStay + w before b on
		j, _ := slices.BinarySearchFunc(idx, stay{venue: b.venue, in: b.in - w - maxStay}, func(i int, t stay) int {
			return cmp.Or(cmp.Compare(src[i].venue, t.venue), cmp.Compare(src[i].in, t.in))
		})
		for ; j < len(idx) && src[idx[j]].venue == b.venue && src[idx[j]].in <= b.out+w; j++ {
			if near(src[idx[j]], b, w) {
				fn(idx[j], b)
			}
		}
	}
}

// rawStay is a check-in row before its venue's default stay is known.
type rawStay struct {
	venue, in, visitor int64
	out                sql.NullInt64
}

// scanRaw reads check-in rows (venue_id, time_in, visitor_id, time_out).
func scanRaw(dst *[]rawStay) func(*sql.Rows) error {
	return func(rows *sql.Rows) error {
		var r rawStay
		if err := rows.Scan(&r.venue, &r.in, &r.visitor, &r.out); err != nil {
			return err
		}
		*dst = append(*dst, r)
		return nil
	}
}

// staysOf reads the check-ins of visitors arriving in [lo, hi], off the
// visitor index.
func (f *finder) staysOf(ctx context.Context, visitors []int64, lo, hi int64) ([]stay, error) {
	var raw []rawStay
	err := queryIn(ctx, f.s, `SELECT venue_id, time_in, visitor_id, time_out FROM epi_venue_checkins
		WHERE visitor_id IN (%s) AND time_in BETWEEN ? AND ?`, visitors, []any{lo, hi}, scanRaw(&raw))
	if err != nil {
		return nil, fmt.Errorf("trace: stays of visitors: %w", err)
	}
	return f.resolve(ctx, raw)
}

// scan reads the check-ins of the spans, off the table's key: a chunk of
// spans a query, joined from a VALUES list. CROSS JOIN keeps the spans the
// outer loop: SQLite would otherwise scan the whole table against a Bloom
// filter of the spans (3.54 does, at any size); PostgreSQL plans it alike. The check-ins that left before
// a span's end stay in the database: most of a span is its MaxStay of
// look-back, which few stays need.
func (f *finder) scan(ctx context.Context, sp []span) ([]stay, error) {
	var raw []rawStay
	for part := range slices.Chunk(sp, chunk) {
		vals := strings.Repeat(",(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT))",
			len(part))[1:]
		args := make([]any, 0, 5*len(part))
		for _, r := range part {
			args = append(args, r.venue, r.lo, r.hi, r.end, f.venues[r.venue].def)
		}
		rows, err := f.s.db.Query(ctx, `WITH q (v, lo, hi, e, d) AS (VALUES `+vals+`)
			SELECT c.venue_id, c.time_in, c.visitor_id, c.time_out FROM q CROSS JOIN epi_venue_checkins c
			WHERE c.venue_id = q.v AND c.time_in BETWEEN q.lo AND q.hi
				AND (c.time_in >= q.e OR COALESCE(c.time_out, c.time_in + q.d) >= q.e)`, args...)
		if err != nil {
			return nil, fmt.Errorf("trace: scan venues: %w", err)
		}
		err = eachRow(rows, scanRaw(&raw))
		if err != nil {
			return nil, fmt.Errorf("trace: scan venues: %w", err)
		}
	}
	return f.resolve(ctx, raw)
}

// resolve gives raw check-ins their ends, reading the venues not yet known.
func (f *finder) resolve(ctx context.Context, raw []rawStay) ([]stay, error) {
	var missing []int64
	for _, r := range raw {
		if _, ok := f.venues[r.venue]; !ok {
			f.venues[r.venue] = venue{}
			missing = append(missing, r.venue)
		}
	}
	if err := queryIn(ctx, f.s, `SELECT id, code, name, default_stay_minutes FROM epi_venues WHERE id IN (%s)`, missing, nil,
		func(rows *sql.Rows) error {
			var id, mins int64
			var v venue
			if err := rows.Scan(&id, &v.code, &v.name, &mins); err != nil {
				return err
			}
			v.def = mins * 60
			f.venues[id] = v
			return nil
		}); err != nil {
		return nil, fmt.Errorf("trace: venues: %w", err)
	}
	out := make([]stay, len(raw))
	for i, r := range raw {
		out[i] = ends(r, f.venues[r.venue].def)
	}
	return out, nil
}

// ends is a check-in's stay: its time out, or the venue's default stay,
// within [in, in + MaxStay].
func ends(r rawStay, def int64) stay {
	end := r.in + def
	if r.out.Valid {
		end = r.out.Int64
	}
	return stay{venue: r.venue, in: r.in, visitor: r.visitor, out: min(max(end, r.in), r.in+maxStay)}
}

// queryIn runs q, whose %s stands for an IN list, over keys a chunk at a
// time, the list's values then args.
func queryIn[K any](ctx context.Context, s *Service, q string, keys []K, args []any, scan func(*sql.Rows) error) error {
	for part := range slices.Chunk(keys, chunk) {
		vals := make([]any, 0, len(part)+len(args))
		for _, k := range part {
			vals = append(vals, k)
		}
		rows, err := s.db.Query(ctx, fmt.Sprintf(q, "?"+strings.Repeat(",?", len(part)-1)), append(vals, args...)...)
		if err != nil {
			return err
		}
		if err := eachRow(rows, scan); err != nil {
			return err
		}
	}
	return nil
}

// eachRow calls scan for each row and closes rows.
func eachRow(rows *sql.Rows, scan func(*sql.Rows) error) error {
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
