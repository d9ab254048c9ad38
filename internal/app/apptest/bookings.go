package apptest

import (
	"context"
	"testing"

	"healthgrid/internal/access"
	"healthgrid/internal/booking"
	"healthgrid/internal/grid"
)

// NewBooking books a home visit in two days for the fixture user named
// username, as if they lived in region; it returns the booking's id.
func (e *Env) NewBooking(t testing.TB, username, region string) string {
	t.Helper()
	p := &access.Principal{UserID: e.City.Users[username], Name: username + "测试", RegionPath: e.City.Path(region)}
	if p.UserID == "" {
		p.UserID = "nobody-" + username
	}
	day := e.Clock.Now().AddDate(0, 0, 2).Format("2006-01-02")
	b, err := e.App.Bookings.Book(context.Background(), p, booking.Request{Service: "HOME-VISIT", PreferredDate: day, Slot: booking.AM})
	if err != nil {
		t.Fatal(err)
	}
	return b.ID
}

// NewVisitor adds a health-service team member of the home county's CDC who
// signs in as the home grid's worker, and returns the member's id.
func (e *Env) NewVisitor(t testing.TB) string {
	t.Helper()
	m, err := e.App.Grids.CreateMember(context.Background(), e.City.Path(Home), grid.MemberInput{Type: "health_service",
		Name: "王医生", Phone: Phone(9000 + e.Unique()), UnitID: e.City.Units["cdc:"+Home], UserID: e.City.Users["grid_worker"],
		GridCodes: []string{HomeGrid}})
	if err != nil {
		t.Fatal(err)
	}
	return m.ID
}
