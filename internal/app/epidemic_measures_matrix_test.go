package app_test

import (
	"context"
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/epidemic"
)

// measureRows are the permission matrix's valid requests for measures,
// check-ins and isolation sites, on throw-away measures and sites of the
// home grid, which every role that may use them has in scope.
var measureRows = rows{
	"order-measure": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/measures", body: map[string]any{"person_id": e.NewRiskPerson(t, apptest.HomeGrid,
			"close_contact")}, want: []int{201}}
	},
	"list-measures": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/measures?state=active&due_test=true", want: []int{200}}
	},
	"get-measure": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/measures/" + e.NewMeasure(t, apptest.HomeGrid), want: []int{200}}
	},
	"extend-measure": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/measures/" + e.NewMeasure(t, apptest.HomeGrid) + "/extend", body: map[string]any{
			"exposure_date": "2026-11-25", "reason": "新的暴露"}, want: []int{200}}
	},
	"change-measure": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/measures/" + e.NewMeasure(t, apptest.HomeGrid) + "/change", body: map[string]any{
			"kind": "home_isolation", "reason": "隔离点满员"}, want: []int{200}}
	},
	"release-measure": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/measures/" + e.NewMeasure(t, apptest.HomeGrid) + "/release", body: map[string]any{
			"reason": "排除密接"}, want: []int{200}}
	},
	"assign-measure": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/measures/" + e.NewMeasure(t, apptest.HomeGrid) + "/assign", body: map[string]any{
			"site_id": e.NewSite(t, apptest.HomeGrid, 3)}, want: []int{200}}
	},
	"checkin-measure": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/measures/" + e.NewMeasure(t, apptest.HomeGrid) + "/checkins", body: map[string]any{
			"temperature": 36.5}, want: []int{201}}
	},
	"own-measures": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/public/measures", want: []int{200}}
	},
	// the resident bound to the person checks in; the matrix sends their
	// session for the roles allowed the route
	"own-checkin": func(t *testing.T, e *apptest.Env, role string) call {
		if !apptest.Allowed(role, "public:self") {
			return call{path: "/api/v1/public/measures/" + e.NewMeasure(t, apptest.HomeGrid) + "/checkins",
				body: map[string]any{"temperature": 36.5}}
		}
		person, username := e.NewBoundRiskPerson(t, apptest.HomeGrid, "close_contact")
		m, err := e.App.Epidemic.Order(context.Background(), e.System(t), epidemic.OrderInput{PersonID: person})
		if err != nil {
			t.Fatal(err)
		}
		return call{path: "/api/v1/public/measures/" + m.ID + "/checkins", body: map[string]any{"temperature": 36.5},
			token: e.Login(t, username).Token, want: []int{201}}
	},
	"list-sites": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/sites", want: []int{200}}
	},
	"create-site": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/sites", body: map[string]any{"name": "城北隔离点", "region": apptest.HomeGrid,
			"room_count": 20}, want: []int{201}}
	},
	"get-site": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/sites/" + e.NewSite(t, apptest.HomeGrid, 2), want: []int{200}}
	},
	"update-site": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/sites/" + e.NewSite(t, apptest.HomeGrid, 2), body: map[string]any{"name": "改名",
			"region": apptest.HomeGrid, "rooms": []string{"101", "102"}}, want: []int{200}}
	},
	"delete-site": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/sites/" + e.NewSite(t, apptest.HomeGrid, 2), want: []int{204}}
	},
}
