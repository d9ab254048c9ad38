package venue_test

import (
	"context"
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
)

// TestResidentScan: a resident scans a poster, is checked in, a second
// scan minutes later is the same check-in, leaves, and sees it in their
// records; after a rotation the old poster is refused as outdated; an
// account bound to nobody is told to verify first. Officers see the
// check-in masked and counted by day.
func TestResidentScan(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		v := e.NewVenue(t, apptest.HomeGrid)
		idNumber, _, username := e.NewBoundResident(t, apptest.HomeGrid)
		app := e.Login(t, username)
		st, landing := app.Do("GET", "/api/v1/public/venues/"+v.Code+"?t="+v.QRToken, nil)
		if st != 200 || landing.Str("name") != v.Name {
			t.Fatalf("landing: %d %s", st, landing)
		}
		scan := map[string]any{"venue_code": v.Code, "token": v.QRToken}
		st, first := app.Do("POST", "/api/v1/public/venue-checkins", scan)
		if st != 201 || first.Str("time_in") == "" || first.Get("repeat") != nil {
			t.Fatalf("scan: %d %s", st, first)
		}
		e.Clock.Advance(3 * time.Minute)
		if st, again := app.Do("POST", "/api/v1/public/venue-checkins", scan); st != 201 || again.Str("time_in") != first.Str("time_in") ||
			again.Get("repeat") != true {
			t.Errorf("the same check-in: %d %s", st, again)
		}
		st, left := app.Do("POST", "/api/v1/public/venue-checkins/checkout", map[string]any{"venue_code": v.Code,
			"time_in": first.Str("time_in")})
		if st != 200 || left.Str("time_out") == "" {
			t.Errorf("checkout: %d %s", st, left)
		}
		if st, mine := app.Do("GET", "/api/v1/public/venue-checkins", nil); st != 200 || mine.Str("items.0.venue_code") != v.Code ||
			mine.Str("items.0.time_out") == "" {
			t.Errorf("records: %d %s", st, mine)
		}
		rotated, err := e.App.Venues.Rotate(context.Background(), e.System(t), v.Code)
		if err != nil {
			t.Fatal(err)
		}
		if st, b := app.Do("POST", "/api/v1/public/venue-checkins", scan); st != 409 || b.Str("code") != "epidemic.venue_poster_outdated" {
			t.Errorf("the old poster: %d %s", st, b)
		}
		if st, _ := app.Do("GET", "/api/v1/public/venues/"+v.Code+"?t="+rotated.QRToken, nil); st != 200 {
			t.Errorf("the new poster: %d", st)
		}
		_, _, _ = idNumber, e, rotated
		unbound := e.NewUser(t, apptest.HomeGrid, "resident")
		if st, b := e.Login(t, unbound.Username).Do("POST", "/api/v1/public/venue-checkins", map[string]any{"venue_code": v.Code,
			"token": rotated.QRToken}); st != 409 || b.Str("code") != "epidemic.venue_not_bound" {
			t.Errorf("unbound: %d %s", st, b)
		}
		st, stays := e.Login(t, "epidemic_officer").Do("GET", "/api/v1/epidemic/venues/"+v.Code+"/checkins", nil)
		if st != 200 || stays.Int("total") != 1 || stays.Int("days.0.count") != 1 || stays.Str("items.0.id_number") == idNumber ||
			len(stays.Str("items.0.id_number")) != 18 {
			t.Errorf("the officer's view: %d %s", st, stays)
		}
		if st, _ := e.Login(t, apptest.OtherAdmin).Do("GET", "/api/v1/epidemic/venues/"+v.Code+"/checkins", nil); st != 404 {
			t.Errorf("out of scope: %d", st)
		}
	})
}
