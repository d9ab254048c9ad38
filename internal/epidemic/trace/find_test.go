package trace

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"healthgrid/internal/db"
	"healthgrid/internal/pii"
	"healthgrid/internal/testkit"
)

// world is random small data as the oracle sees it.
type world struct {
	defs      map[int64]int64 // venue → default stay, seconds
	checkins  []rawStay
	visitors  map[int64]string // visitor → resident ('' none)
	household map[string]string
	deleted   map[string]bool
	moved     map[string]bool // status not active
}

const t0 = int64(1_796_000_000)

// fill writes a random world into d.
func fill(t *testing.T, d *db.DB, c *pii.Cipher, r *rand.Rand) world {
	t.Helper()
	ctx, now := context.Background(), time.Unix(t0, 0).UTC()
	exec := func(q string, args ...any) {
		if _, err := d.Exec(ctx, q, args...); err != nil {
			t.Fatal(q, err)
		}
	}
	w := world{defs: map[int64]int64{}, visitors: map[int64]string{}, household: map[string]string{},
		deleted: map[string]bool{}, moved: map[string]bool{}}
	exec(`INSERT INTO regions (code, name, level, path, created_at, updated_at) VALUES ('140902001002001', '网格', 'grid',
		'140902001002001/', ?, ?)`, now, now)
	exec(`INSERT INTO buildings (id, name, grid_code, region_path, created_at, updated_at) VALUES ('b1', '楼', '140902001002001',
		'140902001002001/', ?, ?)`, now, now)
	households := 1 + r.IntN(4)
	for h := range households {
		exec(`INSERT INTO households (id, building_id, room, grid_code, region_path, created_at, updated_at)
			VALUES (?, 'b1', ?, '140902001002001', '140902001002001/', ?, ?)`, "h"+strconv.Itoa(h), strconv.Itoa(h), now, now)
	}
	residents := 2 + r.IntN(10)
	for i := range residents {
		id := "r" + strconv.Itoa(i)
		var hh any
		if r.IntN(4) > 0 {
			hh = "h" + strconv.Itoa(r.IntN(households))
			w.household[id] = hh.(string)
		}
		status, deleted := "active", any(nil)
		if r.IntN(10) == 0 {
			status, w.moved[id] = "moved_out", true
		}
		if r.IntN(12) == 0 {
			deleted, w.deleted[id] = now, true
		}
		exec(`INSERT INTO residents (id, name, id_enc, id_idx, gender, birth_ymd, household_id, grid_code, county_code,
			region_path, residence_type, status, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, 'male', 19800101, ?,
			'140902001002001', '140902000000', '140902001002001/', 'registered', ?, ?, ?, ?)`, id, "居民"+id, c.Seal("x"+id),
			"idx"+id, hh, status, now, now, deleted)
	}
	visitors := 3 + r.IntN(20)
	for v := 1; v <= visitors; v++ {
		var res any
		if r.IntN(2) == 0 {
			rid := "r" + strconv.Itoa(r.IntN(residents))
			if !slices.Contains(mapValues(w.visitors), rid) {
				res, w.visitors[int64(v)] = rid, rid
			}
		}
		if res == nil {
			w.visitors[int64(v)] = ""
		}
		exec(`INSERT INTO epi_visitors (id, id_idx, name, resident_id, created_at) VALUES (?, ?, ?, ?, ?)`, v,
			"v"+strconv.Itoa(v), "访客"+strconv.Itoa(v), res, now)
	}
	venues := 1 + r.IntN(4)
	for v := 1; v <= venues; v++ {
		def := int64(5 * (2 + r.IntN(24))) // on a 5-minute grid: ties at every boundary
		w.defs[int64(v)] = def * 60
		exec(`INSERT INTO epi_venues (id, code, name, kind, region_path, default_stay_minutes, qr_token, qr_rotated_at,
			created_at, updated_at) VALUES (?, ?, ?, 'market', '140902001002001/', ?, 'q', ?, ?, ?)`, v, "V"+strconv.Itoa(v),
			"场所"+strconv.Itoa(v), def, now, now, now)
	}
	seen := map[[3]int64]bool{}
	for range 10 + r.IntN(120) {
		s := rawStay{venue: 1 + r.Int64N(int64(venues)), in: t0 + 300*r.Int64N(3*288), visitor: 1 + r.Int64N(int64(visitors))}
		if seen[[3]int64{s.venue, s.in, s.visitor}] {
			continue
		}
		seen[[3]int64{s.venue, s.in, s.visitor}] = true
		var out any
		switch r.IntN(6) {
		case 5: // out before in (refused by the ingest; read as a stay of no time)
			s.out.Valid, s.out.Int64 = true, s.in-600
		case 0: // no time out: the venue's default
		case 1:
			s.out.Valid, s.out.Int64 = true, s.in+30*3600 // longer than MaxStay
		default:
			s.out.Valid, s.out.Int64 = true, s.in+300*r.Int64N(48)
		}
		if s.out.Valid {
			out = s.out.Int64
		}
		w.checkins = append(w.checkins, s)
		exec(`INSERT INTO epi_venue_checkins (venue_id, time_in, visitor_id, time_out) VALUES (?, ?, ?, ?)`, s.venue, s.in,
			s.visitor, out)
	}
	return w
}

func mapValues(m map[int64]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// oracle traces by brute force: every pair of check-ins, every resident.
func (w world) oracle(c subject, from, to, win int64, hops int) map[string]*contact {
	key := func(v int64) string {
		if r := w.visitors[v]; r != "" {
			return "r:" + r
		}
		return "v:" + strconv.FormatInt(v, 10)
	}
	end := func(s rawStay) stay {
		e := s.in + w.defs[s.venue]
		if s.out.Valid {
			e = s.out.Int64
		}
		if e > s.in+24*3600 {
			e = s.in + 24*3600
		}
		return stay{venue: s.venue, in: s.in, visitor: s.visitor, out: max(e, s.in)}
	}
	caseKey := "case"
	if c.resident != "" {
		caseKey = "r:" + c.resident
	}
	excluded := map[string]bool{caseKey: true}
	mine := map[int64]bool{}
	for _, v := range c.visitors {
		mine[v] = true
		excluded["v:"+strconv.FormatInt(v, 10)] = true
	}
	out := map[string]*contact{}
	meet := func(hop int, to string, e exposure) {
		if excluded[to] {
			return
		}
		x, ok := out[to]
		if !ok {
			x = &contact{person: &person{key: to}, hop: hop, first: e.at}
			out[to] = x
		}
		x.first = min(x.first, e.at)
		x.exps = append(x.exps, e)
	}
	// sources: key → (its visitors, its window's start)
	type source struct {
		key      string
		visitors func(v int64) bool
		first    int64
		resident string
	}
	run := func(hop int, srcs []source) {
		for _, src := range srcs {
			for _, a := range w.checkins {
				sa := end(a)
				if !src.visitors(a.visitor) || sa.in > to || sa.out < src.first {
					continue
				}
				for _, b := range w.checkins {
					sb := end(b)
					if sb.venue != sa.venue || sb.in > sa.out+win || sa.in > sb.out+win || key(b.visitor) == src.key {
						continue
					}
					e := exposure{kind: "venue", at: min(max(sa.in, sb.in), min(sa.out, sb.out)), src: sa, dst: sb}
					if hop == 2 {
						e.via = src.key
					}
					meet(hop, key(b.visitor), e)
				}
			}
			h := w.household[src.resident]
			if src.resident == "" || h == "" || w.deleted[src.resident] {
				continue
			}
			for i := range 40 {
				m := "r" + strconv.Itoa(i)
				if m != src.resident && w.household[m] == h && !w.deleted[m] && !w.moved[m] {
					e := exposure{kind: "household", at: src.first}
					if hop == 2 {
						e.via = src.key
					}
					meet(hop, "r:"+m, e)
				}
			}
		}
	}
	run(1, []source{{key: caseKey, visitors: func(v int64) bool { return mine[v] || (c.resident != "" && w.visitors[v] == c.resident) },
		first: from, resident: c.resident}})
	if hops == 2 {
		var srcs []source
		for k, x := range out {
			excluded[k] = true
			src := source{key: k, first: x.first}
			if r, ok := cutR(k); ok {
				src.resident = r
				src.visitors = func(v int64) bool { return w.visitors[v] == r }
			} else {
				src.visitors = func(v int64) bool { return "v:"+strconv.FormatInt(v, 10) == k }
			}
			srcs = append(srcs, src)
		}
		slices.SortFunc(srcs, func(a, b source) int { return cmp.Compare(a.key, b.key) })
		run(2, srcs)
	}
	return out
}

func cutR(k string) (string, bool) {
	if len(k) > 2 && k[:2] == "r:" {
		return k[2:], true
	}
	return "", false
}

// TestFindMatchesOracle holds tracing to a brute-force search over random
// venues, visitors, stays with and without time out, and households: the
// same contacts at the same hops with the same exposures.
func TestFindMatchesOracle(t *testing.T) {
	keys := pii.Keys{Enc: [32]byte{1}, Index: [32]byte{2}}
	c, err := pii.New(keys)
	if err != nil {
		t.Fatal(err)
	}
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		s := New(Deps{DB: d, PII: c, Now: func() time.Time { return time.Unix(t0, 0) }})
		ctx := context.Background()
		r := rand.New(rand.NewPCG(17, 59))
		var w world
		kinds := map[string]int{}
		for round := range 300 {
			if round%30 == 0 { // a new world every 30 traces
				for _, q := range []string{"epi_venue_checkins", "epi_venues", "epi_visitors", "residents", "households",
					"buildings", "regions"} {
					if _, err := d.Exec(ctx, "DELETE FROM "+q); err != nil {
						t.Fatal(err)
					}
				}
				w = fill(t, d, c, r)
			}
			var sub subject
			if r.IntN(2) == 0 {
				sub.resident = "r" + strconv.Itoa(r.IntN(12))
				for v, res := range w.visitors {
					if res == sub.resident {
						sub.visitors = append(sub.visitors, v)
					}
				}
			} else {
				v := 1 + r.Int64N(int64(len(w.visitors)))
				if w.visitors[v] != "" {
					continue
				}
				sub.visitors = []int64{v}
			}
			slices.Sort(sub.visitors)
			from := t0 - 86400 + 300*r.Int64N(3*288)
			to := from + 300*r.Int64N(3*288)
			win, hops := 300*r.Int64N(13), 1+r.IntN(2)
			g, err := s.find(ctx, sub, from, to, win, hops)
			if err != nil {
				t.Fatal(err)
			}
			want := w.oracle(sub, from, to, win, hops)
			if got, exp := describe(g.contacts), describe(want); got != exp {
				t.Fatalf("round %d (%+v, %d–%d ±%d, hops %d):\n got %s\nwant %s", round, sub, from, to, win, hops, got, exp)
			}
			for _, x := range want {
				for _, e := range x.exps {
					kinds[fmt.Sprintf("%s/%d", e.kind, x.hop)]++
				}
			}
		}
		// the worlds met every kind of exposure at both hops
		for _, k := range []string{"venue/1", "venue/2", "household/1", "household/2"} {
			if kinds[k] == 0 {
				t.Errorf("no %s exposure in any round: %v", k, kinds)
			}
		}
	})
}

// describe is contacts as comparable text.
func describe(m map[string]*contact) string {
	var cs []*contact
	for _, c := range m {
		cs = append(cs, c)
	}
	sortContacts(cs)
	out := ""
	for _, c := range cs {
		out += fmt.Sprintf("\n%s hop %d first %d:", c.key, c.hop, c.first)
		for _, e := range c.exps {
			out += fmt.Sprintf(" [%s %d %s %+v %+v]", e.kind, e.at, e.via, e.src, e.dst)
		}
	}
	return out
}
