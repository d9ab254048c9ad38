package population_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/pii"
	"healthgrid/internal/population"
)

// checkTallies compares the running tallies with the rows they count.
func checkTallies(t *testing.T, e *env) {
	t.Helper()
	ctx := context.Background()
	got, want := map[string]int{}, map[string]int{}
	read := func(m map[string]int, q string) {
		rows, err := e.d.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var tag, path string
			var n int
			rows.Scan(&tag, &path, &n)
			if n != 0 {
				m[tag+" "+path] = n
			}
		}
	}
	read(got, "SELECT tag, region_path, n FROM resident_tallies")
	read(got, "SELECT '#building', region_path, n FROM building_tallies")
	levels := func(m map[string]int) map[string]int { // a grid's counts at every level of its path
		out := map[string]int{}
		for k, n := range m {
			tag, path, _ := strings.Cut(k, " ")
			if tag == "born" || tag == "named" {
				out[k] += n
				continue
			}
			for i := range len(path) {
				if path[i] == '/' {
					out[tag+" "+path[:i+1]] += n
				}
			}
		}
		return out
	}
	read(got, "SELECT 'born', county_code || ' ' || CAST(birth_y AS TEXT), n FROM resident_birth_tallies")
	read(got, "SELECT 'named', county_code || ' ' || initial, n FROM resident_name_tallies")
	read(want, "SELECT 'named', county_code || ' ' || substr(name, 1, 1), COUNT(*) FROM residents WHERE deleted_at IS NULL GROUP BY county_code, substr(name, 1, 1)")
	read(want, "SELECT 'born', county_code || ' ' || CAST(birth_ymd / 10000 AS TEXT), COUNT(*) FROM residents WHERE deleted_at IS NULL GROUP BY county_code, birth_ymd / 10000")
	read(want, "SELECT '', region_path, COUNT(*) FROM residents WHERE deleted_at IS NULL GROUP BY region_path")
	read(want, "SELECT tag, region_path, COUNT(*) FROM resident_tags GROUP BY tag, region_path")
	read(want, "SELECT '#building', region_path, COUNT(*) FROM buildings GROUP BY region_path")
	want = levels(want)
	var stale int
	if err := e.d.QueryRow(ctx, "SELECT COUNT(*) FROM resident_tags t JOIN residents r ON r.id = t.resident_id WHERE t.birth_ymd <> r.birth_ymd").Scan(&stale); err != nil || stale != 0 {
		t.Errorf("%d tag rows with another birth date than their resident's (%v)", stale, err)
	}
	if len(got) != len(want) {
		t.Errorf("tallies %v, rows %v", got, want)
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("tally %q = %d, rows %d", k, got[k], n)
		}
	}
}

func TestTalliesFollowWrites(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := ctxAs(e.town)
		rows := benchRows(0, 30)
		if _, err := e.importBatch(ctx, e.town, population.Insert, rows); err != nil {
			t.Fatal(err)
		}
		checkTallies(t, e)
		rows[0].GridCode, rows[0].Tags = grid2, "低保;残疾人" // moves and retags
		rows[1].Tags = "孕产妇"                             // rejected: male
		if _, err := e.importBatch(ctx, e.town, population.Upsert, rows[:3]); err != nil {
			t.Fatal(err)
		}
		checkTallies(t, e)
		items, _, _ := e.s.List(ctx, street, population.Filter{AgeMin: -1, AgeMax: -1}, 0, 3)
		if err := e.s.Delete(ctx, e.town, items[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Update(ctx, e.town, items[1].ID, population.Input{Name: "改名", GridCode: grid2, Tags: []string{"高血压"}}); err != nil {
			t.Fatal(err)
		}
		checkTallies(t, e)
		// an ID number corrected to another birth date, and nothing else: the tag rows carry the new date
		in := population.Input{Name: "王纠", GridCode: grid1, Tags: []string{"高血压"}}
		if _, err := e.s.Update(ctx, e.town, items[2].ID, in); err != nil {
			t.Fatal(err)
		}
		in.IDNumber = idNumber("140902", 19900517, 7)
		if _, err := e.s.Update(ctx, e.town, items[2].ID, in); err != nil {
			t.Fatal(err)
		}
		checkTallies(t, e)
		if _, err := e.importBatch(ctx, e.town, population.Insert, benchRows(0, 30)); err != nil { // restores the deleted one
			t.Fatal(err)
		}
		checkTallies(t, e)
		for _, c := range []struct {
			f    population.Filter
			want int
		}{ // the file's 30, and the one whose ID number was corrected (no longer the file's), with hypertension
			{population.Filter{}, 31}, {population.Filter{Tag: "hypertension"}, 7}, {population.Filter{GridPath: street + "140902001002/" + grid2 + "/"}, 17}} {
			c.f.AgeMin, c.f.AgeMax = -1, -1
			if _, n, err := e.s.List(ctx, street, c.f, 0, 5); err != nil || n != c.want {
				t.Errorf("%+v: %d %v, want %d", c.f, n, err, c.want)
			}
		}
	})
}

// An age range's total, however it is counted (from the birth tallies over a
// county or the city, from the index elsewhere), is the number of residents
// whose age on the day lies in the range.
func TestAgeCountsMatchAges(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		if err := e.s.Generate(ctx, 1500, 7, nil); err != nil {
			t.Fatal(err)
		}
		items, _, err := e.s.List(ctx, cityPath, population.Filter{AgeMin: -1, AgeMax: -1}, 0, 2000)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.s.Delete(ctxAs(e.admin), e.admin, items[0].ID); err != nil { // the dead are not counted
			t.Fatal(err)
		}
		items = items[1:]
		age := func(birth string, now time.Time) int {
			b, _ := time.Parse("2006-01-02", birth)
			a := now.Year() - b.Year()
			if now.Month() < b.Month() || now.Month() == b.Month() && now.Day() < b.Day() {
				a--
			}
			return a
		}
		r := rand.New(rand.NewPCG(3, 4))
		scopes := []string{cityPath, "140900000000/140902000000/", "140900000000/140921000000/", street}
		start := e.clock.Now()
		for range 200 {
			// any day of the year: a boundary year is counted from whichever side of its date is smaller
			e.clock.Set(start.AddDate(0, 0, r.IntN(366)))
			now := e.clock.Now().In(time.FixedZone("CST", 8*3600))
			f := population.Filter{AgeMin: r.IntN(100) - 10, AgeMax: r.IntN(110) - 10}
			if f.AgeMin < 0 {
				f.AgeMin = -1
			}
			if f.AgeMax < 0 {
				f.AgeMax = -1
			}
			switch r.IntN(8) {
			case 0:
				f = population.Filter{Tag: "elderly_65", AgeMin: -1, AgeMax: -1}
			case 1:
				f = population.Filter{Tag: "child_0_6", AgeMin: -1, AgeMax: -1}
			}
			scope := scopes[r.IntN(len(scopes))]
			want := 0
			for _, it := range items {
				a := age(it.BirthDate, now)
				lo, hi := f.AgeMin, f.AgeMax
				switch f.Tag {
				case "elderly_65":
					lo = 65
				case "child_0_6":
					hi = 6
				}
				if strings.HasPrefix(it.RegionPath, scope) && (lo < 0 || a >= lo) && (hi < 0 || a <= hi) {
					want++
				}
			}
			if _, n, err := e.s.List(ctx, scope, f, 0, 1); err != nil || n != want {
				t.Fatalf("%s %+v: %d (%v), want %d", scope, f, n, err, want)
			}
		}
	})
}

func TestGenerate(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		var progress []int
		if err := e.s.Generate(ctx, 3000, 42, func(done int) { progress = append(progress, done) }); err != nil {
			t.Fatal(err)
		}
		if len(progress) == 0 || progress[len(progress)-1] != 3000 {
			t.Fatalf("progress %v", progress)
		}
		checkTallies(t, e)
		items, n, err := e.s.List(ctx, cityPath, population.Filter{AgeMin: -1, AgeMax: -1}, 0, 200)
		if err != nil || n != 3000 {
			t.Fatalf("%d %v", n, err)
		}
		revealer := *e.admin
		s := e.with(population.Settings{RevealsPerHour: len(items)})
		local, outside, seqs := 0, 0, map[string]bool{}
		for _, r := range items {
			full, err := s.Reveal(ctxAs(&revealer), &revealer, r.ID, []string{"id_number"})
			if err != nil {
				t.Fatal(err)
			}
			info, err := pii.ValidateIDNumber(full.IDNumber, e.clock.Now())
			if err != nil || info.Gender != r.Gender || r.BuildingID == "" || r.HouseholdID == "" {
				t.Fatalf("generated resident: %+v %v", full, err)
			}
			switch {
			case full.IDNumber[:4] == "1409":
				local++
			case full.IDNumber[:2] != "14":
				outside++
			}
			seqs[full.IDNumber[14:17]] = true
		}
		// born mostly in the city, some in other provinces; sequence numbers drawn, not one per run
		if local < len(items)*6/10 || local > len(items)*9/10 || outside == 0 || len(seqs) < len(items)/2 {
			t.Errorf("of %d ID numbers %d born in 忻州, %d outside Shanxi, %d sequence numbers", len(items), local, outside, len(seqs))
		}
		var buildings, households int
		e.d.QueryRow(ctx, "SELECT COUNT(*) FROM buildings").Scan(&buildings)
		e.d.QueryRow(ctx, "SELECT COUNT(*) FROM households").Scan(&households)
		if buildings < 40 || buildings > 110 || households < 1000 || households > 1300 {
			t.Errorf("%d buildings, %d households for 3000 residents", buildings, households)
		}
		if _, old, _ := e.s.List(ctx, cityPath, population.Filter{Tag: "elderly_65", AgeMin: -1, AgeMax: -1}, 0, 1); old < 200 || old > 700 {
			t.Errorf("%d of 3000 are 65+", old)
		}
		if _, ht, _ := e.s.List(ctx, cityPath, population.Filter{Tag: "hypertension", AgeMin: -1, AgeMax: -1}, 0, 1); ht < 150 || ht > 600 {
			t.Errorf("%d of 3000 have hypertension", ht)
		}
		// a second run with the same seed invents the same ID numbers: they get the next ones
		if err := e.s.Generate(ctx, 100, 42, nil); err != nil {
			t.Fatal(err)
		}
		if _, n, _ := e.s.List(ctx, cityPath, population.Filter{AgeMin: -1, AgeMax: -1}, 0, 1); n != 3100 {
			t.Errorf("after a second run: %d", n)
		}
		checkTallies(t, e)
	})
}
