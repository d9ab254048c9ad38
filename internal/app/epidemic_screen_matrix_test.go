package app_test

import (
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/epidemic"
)

// epidemicScreenRows are the permission matrix's valid requests for the
// screening lists and their persons: throw-away lists of the Home officer
// naming persons of the home grid, which every role with epidemic:read has
// in scope (a grid worker: their share).
var epidemicScreenRows = rows{
	"create-screening": func(_ *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/screenings", body: map[string]any{"name": "密接排查",
			"deadline": e.Clock.Now().Add(24 * time.Hour), "disease": "B27", "category": "close_contact",
			"persons": []map[string]any{{"name": "张某", "grid_code": apptest.HomeGrid}}}, want: []int{201}}
	},
	"list-screenings": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/screenings", want: []int{200}}
	},
	"get-screening":              screeningCall(""),
	"screening-progress":         screeningCall("/progress"),
	"screening-live":             screeningCall("/live"),
	"screening-rejects":          screeningCall("/rejects"),
	"screening-handovers":        screeningCall("/handovers"),
	"screening-handover-letters": screeningCall("/handovers.xlsx"),
	"screening-report":           screeningCall("/report.xlsx"),
	"list-epidemic-persons": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/persons?state=assigned", want: []int{200}}
	},
	"get-epidemic-person":    personCall("", nil),
	"reveal-epidemic-person": personCall("/reveal", map[string]any{"fields": []string{"id_number"}}),
	"visit-epidemic-person":  personCall("/visit", map[string]any{"note": "已上门"}),
	"verify-epidemic-person": personCall("/verify", map[string]any{"outcome": "found"}),
	"decide-epidemic-person": personCall("/decide", map[string]any{"measure": "home_monitoring"}, epidemic.ActVerify),
	"report-epidemic-person": personCall("/report", map[string]any{}, epidemic.ActVerify),
	"assign-epidemic-person": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/persons/" + e.ScreenedPerson(t, "", false).ID + "/assign",
			body: map[string]any{"grid_code": apptest.HomeGrid}, want: []int{200}}
	},
	"merge-epidemic-person": func(t *testing.T, e *apptest.Env, _ string) call {
		_, ps := e.NewScreening(t, apptest.HomeGrid, apptest.HomeGrid)
		return call{path: "/api/v1/epidemic/persons/" + ps[0] + "/merge", body: map[string]any{"into": ps[1]}, want: []int{200}}
	},
	"epidemic-person-photo": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: e.ScreenedPerson(t, apptest.HomeGrid, true, epidemic.ActVerify).Photos[0].URL, want: []int{200}}
	},
}

// screeningCall GETs a sub-route of a new list with a person in the home grid.
func screeningCall(sub string) func(*testing.T, *apptest.Env, string) call {
	return func(t *testing.T, e *apptest.Env, _ string) call {
		id, _ := e.NewScreening(t, apptest.HomeGrid)
		return call{path: "/api/v1/epidemic/screenings/" + id + sub, want: []int{200}}
	}
}

// personCall is a request on a new person of the home grid, walked through
// actions first; a body makes it a POST.
func personCall(sub string, body any, actions ...string) func(*testing.T, *apptest.Env, string) call {
	return func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/persons/" + e.ScreenedPerson(t, apptest.HomeGrid, false, actions...).ID + sub,
			body: body, want: []int{200}}
	}
}
