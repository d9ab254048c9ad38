package seed_test

import (
	"fmt"
	"testing"
	"time"

	"healthgrid/internal/app"
	"healthgrid/internal/demo/seed"
	"healthgrid/internal/pii"
	"healthgrid/internal/testkit"
)

// checkDemoGrid holds the demo grid worker's street to what a real one
// looks like: hundreds of residents a grid with valid, varied ID numbers,
// the demo resident bound to a household of several, notices, bookings in
// every state, and visits with watermarked photos.
func checkDemoGrid(t *testing.T, a *app.App) {
	t.Helper()
	street := testkit.NewClient(t, a.Handler).Login("street", seed.Password)
	for _, c := range []struct {
		region   string
		min, max int
	}{{"140902001002", 380, 540}, {"140902001000", 220, 540}} {
		st, b := street.Do("GET", "/api/v1/grids?region="+c.region, nil)
		if st != 200 || b.Int("total") < 4 {
			t.Fatalf("grids of %s: %d %s", c.region, st, b)
		}
		for i := range b.Int("total") {
			if n := b.Int(fmt.Sprintf("items.%d.counts.residents", i)); n < c.min || n > c.max {
				t.Errorf("grid %s of %s has %d residents, want %d–%d", b.Str(fmt.Sprintf("items.%d.code", i)), c.region, n, c.min, c.max)
			}
		}
	}

	// ID numbers: valid, agreeing with gender and birth date, born in several places, sequence numbers drawn
	st, b := street.Do("GET", "/api/v1/residents?region=140902001002002&size=60", nil)
	if st != 200 || b.Int("total") < 380 {
		t.Fatalf("residents of 东大街社区第2网格: %d %s", st, b)
	}
	places, seqs := map[string]bool{}, map[string]bool{}
	for i := range 60 {
		id := b.Str(fmt.Sprintf("items.%d.id", i))
		st, r := street.Do("POST", "/api/v1/residents/"+id+"/reveal", map[string]any{"fields": []string{"id_number"}})
		info, err := pii.ValidateIDNumber(r.Str("id_number"), time.Now())
		if st != 200 || err != nil || info.Gender != r.Str("gender") || info.BirthDate.Format(time.DateOnly) != r.Str("birth_date") {
			t.Fatalf("resident %s: %d %v %s", id, st, err, r)
		}
		places[info.RegionCode], seqs[info.Number[14:17]] = true, true
	}
	if len(places) < 4 || len(seqs) < 45 {
		t.Errorf("60 ID numbers from %d places with %d sequence numbers", len(places), len(seqs))
	}

	resident := testkit.NewClient(t, a.Handler).Login("resident", seed.Password)
	if st, me := resident.Do("GET", "/api/v1/public/me", nil); st != 200 || me.Str("binding") != "linked" ||
		me.Str("resident.grid_code") != "140902001002001" || me.Get("household.4") == nil {
		t.Errorf("the demo resident: %d %s", st, me)
	}
	if st, ns := resident.Do("GET", "/api/v1/public/notices?size=20", nil); st != 200 || ns.Int("total") < 4 {
		t.Errorf("the demo resident's notices: %d %s", st, ns)
	}
	if st, ns := street.Do("GET", "/api/v1/notices?status=pending", nil); st != 200 || ns.Int("total") < 1 {
		t.Errorf("notices waiting for review: %d %s", st, ns)
	}
	for _, status := range []string{"requested", "scheduled", "done", "cancelled"} {
		if st, bs := street.Do("GET", "/api/v1/bookings?status="+status, nil); st != 200 || bs.Int("total") < 1 {
			t.Errorf("%s bookings: %d %s", status, st, bs)
		}
	}
	if st, bs := resident.Do("GET", "/api/v1/public/bookings", nil); st != 200 || bs.Int("total") < 4 {
		t.Errorf("the demo resident's bookings: %d %s", st, bs)
	}

	grid := testkit.NewClient(t, a.Handler).Login("grid", seed.Password)
	st, vs := grid.Do("GET", "/api/v1/visits?size=50", nil)
	if st != 200 || vs.Int("total") < 5 {
		t.Fatalf("the grid worker's visits: %d %s", st, vs)
	}
	marked := 0
	for i := range vs.Int("total") {
		st, v := grid.Do("GET", "/api/v1/visits/"+vs.Str(fmt.Sprintf("items.%d.id", i)), nil)
		if st != 200 {
			t.Fatalf("visit: %d %s", st, v)
		}
		for j := 0; v.Get(fmt.Sprintf("photos.%d", j)) != nil; j++ {
			if v.Get(fmt.Sprintf("photos.%d.watermarked", j)) == true {
				marked++
			}
		}
	}
	if marked < 5 {
		t.Errorf("%d watermarked visit photos: %s", marked, vs)
	}
}
