package booking_test

import (
	"strings"
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/china"
	"healthgrid/internal/grid"
)

// TestBookingOverHTTP books a home visit as a resident, schedules it as the
// county's health staff within a team's capacity, and cancels one.
func TestBookingOverHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		resident, staff, admin := e.Login(t, "resident"), e.Login(t, "health_staff"), e.Login(t, "region_admin")
		if st, b := e.Client(t).Do("GET", "/api/v1/public/services", nil); st != 200 || b.Str("items.0.code") != "HOME-VISIT" ||
			b.Str("items.3.code") != "ELDERLY-CHECKUP" {
			t.Fatalf("services: %d %s", st, b)
		}
		now := e.Clock.Now().In(china.Zone)
		day := func(n int) string { return now.AddDate(0, 0, n).Format(time.DateOnly) }
		st, b := resident.Do("POST", "/api/v1/public/bookings", map[string]any{"service": "NOPE", "preferred_date": day(-1),
			"slot": "am"})
		if st != 422 || !strings.Contains(b.String(), "body.service") || !strings.Contains(b.String(), "body.preferred_date") {
			t.Errorf("bad booking: %d %s", st, b)
		}
		book := func() string {
			st, b := resident.Do("POST", "/api/v1/public/bookings", map[string]any{"service": "HOME-VISIT",
				"preferred_date": day(2), "slot": "am", "note": "母亲卧床,需测血压"})
			if st != 201 || b.Str("status") != "requested" || !strings.Contains(b.Str("phone"), "****") {
				t.Fatalf("book: %d %s", st, b)
			}
			return b.Str("id")
		}
		first, second := book(), book()
		if _, b := resident.Do("GET", "/api/v1/public/bookings", nil); b.Int("total") != 2 || b.Str("items.0.id") != second {
			t.Errorf("mine: %s", b)
		}
		if st, _ := e.Login(t, "grid_worker").Do("GET", "/api/v1/bookings/"+first, nil); st != 200 {
			t.Errorf("the grid's worker sees the bookings of the grid: %d", st)
		}
		// a team of one member with an account, taking one booking a day
		unit := e.City.Units["cdc:"+apptest.Home]
		m, err := e.App.Grids.CreateMember(t.Context(), e.City.Path(apptest.Home), grid.MemberInput{Type: "health_service",
			Name: "王医生", Phone: apptest.Phone(9000 + e.Unique()), UnitID: unit, UserID: e.City.Users["grid_worker"],
			GridCodes: []string{apptest.HomeGrid}})
		if err != nil {
			t.Fatal(err)
		}
		if st, b := staff.Do("PUT", "/api/v1/bookings/teams/"+unit, map[string]any{"per_day": 1}); st != 200 || b.Int("per_day") != 1 {
			t.Fatalf("capacity: %d %s", st, b)
		}
		y, mo, d := now.AddDate(0, 0, 2).Date()
		at := time.Date(y, mo, d, 10, 0, 0, 0, china.Zone)
		if st, b := staff.Do("POST", "/api/v1/bookings/"+first+"/schedule", map[string]any{"member_id": m.ID, "at": at}); st != 200 ||
			b.Str("status") != "scheduled" || b.Str("member_name") != "王医生" {
			t.Fatalf("schedule: %d %s", st, b)
		}
		st, b = staff.Do("POST", "/api/v1/bookings/"+second+"/schedule", map[string]any{"member_id": m.ID, "at": at})
		if st != 409 || !strings.Contains(b.Str("detail"), "预约已满") || !strings.Contains(b.Str("detail"), "最近可安排日期") {
			t.Errorf("a full day: %d %s", st, b)
		}
		// moving the first within its own day takes no more room
		if st, b := staff.Do("POST", "/api/v1/bookings/"+first+"/schedule", map[string]any{"member_id": m.ID,
			"at": at.Add(4 * time.Hour)}); st != 200 {
			t.Errorf("reschedule: %d %s", st, b)
		}
		// the member's own: the grid worker has it, the staff who scheduled it none
		worker := e.Login(t, "grid_worker")
		if st, b := worker.Do("GET", "/api/v1/bookings?mine=true&status=scheduled", nil); st != 200 || b.Int("total") != 1 ||
			b.Str("items.0.id") != first || b.Str("items.0.member_name") != "王医生" {
			t.Errorf("the member's scheduled bookings: %d %s", st, b)
		}
		if _, b := worker.Do("GET", "/api/v1/bookings?mine=true&status=requested", nil); b.Int("total") != 0 {
			t.Errorf("the member's requested bookings: %s", b)
		}
		if _, b := staff.Do("GET", "/api/v1/bookings?mine=true", nil); b.Int("total") != 0 {
			t.Errorf("the scheduler's own: %s", b)
		}
		if st, b := staff.Do("GET", "/api/v1/bookings/teams/"+unit, nil); st != 200 || b.Int("days.2.booked") != 1 || b.Int("days.2.free") != 0 {
			t.Errorf("load: %d %s", st, b)
		}
		if st, b := resident.Do("POST", "/api/v1/public/bookings/"+first+"/cancel", nil); st != 409 {
			t.Errorf("cancel a scheduled one: %d %s", st, b)
		}
		if st, b := resident.Do("POST", "/api/v1/public/bookings/"+second+"/cancel", nil); st != 200 || b.Str("status") != "cancelled" {
			t.Errorf("cancel: %d %s", st, b)
		}
		if st, b := staff.Do("POST", "/api/v1/bookings/"+first+"/cancel", map[string]any{"reason": ""}); st != 422 {
			t.Errorf("cancel without a reason: %d %s", st, b)
		}
		if st, b := admin.Do("PUT", "/api/v1/booking-services/REHAB", map[string]any{"name": "康复指导", "active": false}); st != 200 {
			t.Errorf("retire a service: %d %s", st, b)
		}
		if _, b := e.Client(t).Do("GET", "/api/v1/public/services", nil); strings.Contains(b.String(), "REHAB") {
			t.Errorf("a retired service is offered: %s", b)
		}
		if _, b := admin.Do("GET", "/api/v1/audit?action=booking.", nil); b.Int("total") < 5 {
			t.Errorf("audit: %s", b)
		}
	})
}
