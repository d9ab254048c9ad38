package app_test

import (
	"testing"

	"healthgrid/internal/app/apptest"
)

// visitRows are the permission matrix's valid requests for the visit
// routes, on visits to new residents of the home grid, which every role
// that may record or read visits has in scope.
var visitRows = rows{
	"record-visit": func(t *testing.T, e *apptest.Env, _ string) call {
		lng, lat := apptest.GridPoint(apptest.HomeGrid)
		return call{path: "/api/v1/visits", body: map[string]any{"resident_id": e.NewResident(t, apptest.HomeGrid),
			"kind": "key_population", "notes": "独居老人,状况良好", "lng": lng, "lat": lat}, want: []int{201}}
	},
	"list-visits": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/visits?kind=other", want: []int{200}}
	},
	"get-visit": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/visits/" + e.NewVisit(t, apptest.HomeGrid).ID, want: []int{200}}
	},
	// the watermarked copy; the original is the worker's and auditors' (visit tests)
	"get-visit-photo": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: e.NewVisit(t, apptest.HomeGrid).Photos[0].URL, want: []int{200}}
	},
}
