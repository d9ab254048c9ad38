package app_test

import (
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
)

// venueRows are the permission matrix's valid requests for venues and
// check-ins, on throw-away venues of the home grid, which every role that
// may use them has in scope.
var venueRows = rows{
	"list-venues": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/venues?kind=market", want: []int{200}}
	},
	"create-venue": func(*testing.T, *apptest.Env, string) call {
		lng, lat := apptest.GridPoint(apptest.HomeGrid)
		return call{path: "/api/v1/epidemic/venues", body: map[string]any{"name": "东大街菜市场", "kind": "market", "lng": lng,
			"lat": lat, "default_stay_minutes": 60}, want: []int{201}}
	},
	"get-venue": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/venues/" + e.NewVenue(t, apptest.HomeGrid).Code, want: []int{200}}
	},
	"update-venue": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/venues/" + e.NewVenue(t, apptest.HomeGrid).Code, body: map[string]any{
			"name": "改名"}, want: []int{200}}
	},
	"close-venue": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/venues/" + e.NewVenue(t, apptest.HomeGrid).Code + "/close", want: []int{200}}
	},
	"reopen-venue": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/venues/" + e.NewVenue(t, apptest.HomeGrid).Code + "/reopen", want: []int{200}}
	},
	"rotate-venue": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/venues/" + e.NewVenue(t, apptest.HomeGrid).Code + "/rotate", want: []int{200}}
	},
	"venue-poster": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/venues/" + e.NewVenue(t, apptest.HomeGrid).Code + "/poster.png", want: []int{200}}
	},
	"venue-checkins": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/venues/" + e.NewVenue(t, apptest.HomeGrid).Code + "/checkins", want: []int{200}}
	},
	"ingest-venue-checkins": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/checkins", body: []map[string]any{{"id_number": apptest.IDNumber(93000 + e.Unique()),
			"venue_code": e.NewVenue(t, apptest.HomeGrid).Code, "time_in": e.Clock.Now().Add(-time.Hour).Format(time.RFC3339)}},
			want: []int{200}}
	},
	// the resident bound to a person scans; the matrix sends their session
	// for the roles allowed the route
	"scan-venue": func(t *testing.T, e *apptest.Env, role string) call {
		v := e.NewVenue(t, apptest.HomeGrid)
		return call{path: "/api/v1/public/venues/" + v.Code + "?t=" + v.QRToken, want: []int{200}}
	},
	"own-venue-checkin": func(t *testing.T, e *apptest.Env, role string) call {
		v := e.NewVenue(t, apptest.HomeGrid)
		c := call{path: "/api/v1/public/venue-checkins", body: map[string]any{"venue_code": v.Code, "token": v.QRToken}}
		if apptest.Allowed(role, "public:self") {
			_, _, username := e.NewBoundResident(t, apptest.HomeGrid)
			c.token, c.want = e.Login(t, username).Token, []int{201}
		}
		return c
	},
	"own-venue-checkout": func(t *testing.T, e *apptest.Env, role string) call {
		return call{path: "/api/v1/public/venue-checkins/checkout", body: map[string]any{"venue_code": "NOPE",
			"time_in": e.Clock.Now().Format(time.RFC3339)}, want: []int{404}}
	},
	"own-venue-visits": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/public/venue-checkins", want: []int{200}}
	},
}
