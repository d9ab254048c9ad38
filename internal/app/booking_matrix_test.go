package app_test

import (
	"fmt"
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
)

// bookingRows are the permission matrix's valid requests for the booking
// routes, on throw-away bookings of the home grid's resident.
var bookingRows = rows{
	"public-services": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/public/services", want: []int{200}}
	},
	"book": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/public/bookings", body: map[string]any{"service": "FAMILY-DOCTOR", "slot": "pm",
			"preferred_date": e.Clock.Now().AddDate(0, 0, 3).Format(time.DateOnly)}, want: []int{201}}
	},
	"my-bookings": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/public/bookings", want: []int{200}}
	},
	"cancel-my-booking": func(t *testing.T, e *apptest.Env, role string) call {
		return call{path: "/api/v1/public/bookings/" + e.NewBooking(t, role, apptest.HomeOf(role)) + "/cancel", want: []int{200}}
	},
	"list-bookings": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/bookings?status=requested", want: []int{200}}
	},
	// the office's in its scope; anyone else's a 404, as for every booking not one's own
	"get-booking": func(t *testing.T, e *apptest.Env, role string) call {
		want := 404
		if apptest.Allowed(role, "booking:read") || role == "resident" { // the office's, or the booker's own
			want = 200
		}
		return call{path: "/api/v1/bookings/" + e.NewBooking(t, "resident", apptest.HomeGrid), want: []int{want}}
	},
	"schedule-booking": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/bookings/" + e.NewBooking(t, "resident", apptest.HomeGrid) + "/schedule",
			body: map[string]any{"member_id": e.NewVisitor(t), "at": e.Clock.Now().Add(50 * time.Hour)}, want: []int{200}}
	},
	"cancel-booking": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/bookings/" + e.NewBooking(t, "resident", apptest.HomeGrid) + "/cancel",
			body: map[string]any{"reason": "居民已住院"}, want: []int{200}}
	},
	// the county's CDC team: beyond a grid worker's grid
	"team-load": func(_ *testing.T, e *apptest.Env, role string) call {
		want := 200
		if apptest.HomeOf(role) == apptest.HomeGrid {
			want = 404
		}
		return call{path: "/api/v1/bookings/teams/" + e.City.Units["cdc:"+apptest.Home], want: []int{want}}
	},
	"set-team-capacity": func(_ *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/bookings/teams/" + e.City.Units["cdc:"+apptest.Home], body: map[string]any{"per_day": 8},
			want: []int{200}}
	},
	"list-services": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/booking-services", want: []int{200}}
	},
	"save-service": func(_ *testing.T, e *apptest.Env, _ string) call {
		return call{path: fmt.Sprintf("/api/v1/booking-services/MATRIX-%d", e.Unique()),
			body: map[string]any{"name": "中医药健康管理", "active": true}, want: []int{200}}
	},
}
