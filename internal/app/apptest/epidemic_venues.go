package apptest

import (
	"context"
	"fmt"
	"testing"

	"healthgrid/internal/citizen"
	"healthgrid/internal/epidemic/venue"
	"healthgrid/internal/population"
)

// NewVenue is a throw-away venue at the point of grid (a market, an hour's
// default stay).
func (e *Env) NewVenue(t testing.TB, grid string) venue.Venue {
	t.Helper()
	lng, lat := GridPoint(grid)
	v, err := e.App.Venues.Create(context.Background(), e.System(t), venue.Input{Name: fmt.Sprintf("场所%d", e.Unique()),
		Kind: "market", Lng: &lng, Lat: &lat, StayMinutes: 60})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// NewBoundResident is a new resident of grid with an app account bound to
// them by real name: their ID number, resident id and username.
func (e *Env) NewBoundResident(t testing.TB, grid string) (idNumber, residentID, username string) {
	t.Helper()
	ctx, n := context.Background(), e.Unique()
	id, name := IDNumber(70000+n), fmt.Sprintf("访客%d", n)
	r, err := e.App.People.Create(ctx, e.System(t), population.Input{Name: name, IDNumber: id, GridCode: grid})
	if err != nil {
		t.Fatal(err)
	}
	u := e.NewUser(t, grid, "resident")
	if res, err := e.App.Citizens.Bind(ctx, e.Principal(t, u.Username), citizen.BindInput{Name: name, IDNumber: id}); err != nil ||
		res.Status != citizen.Linked {
		t.Fatalf("bind: %v %v", res, err)
	}
	return id, r.ID, u.Username
}
