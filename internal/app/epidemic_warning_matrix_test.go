package app_test

import (
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/china"
)

// epidemicWarningRows are the permission matrix's valid requests for the
// early warning: counts posted for the home grid, signals raised in a new
// grid of the home village (out of a grid worker's grid: 404 there). The
// methods and settings are the city's: a role user, a county's, is refused
// them whatever its permissions (TestWarningMethods), so a role that may
// use the route sends the city admin's session.
var epidemicWarningRows = rows{
	"post-counts": func(_ *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/counts", body: map[string]any{"source": "fever_clinic", "items": []map[string]any{
			{"region": apptest.HomeGrid, "date": e.Clock.Now().In(china.Zone).Format(time.DateOnly), "disease": "fever",
				"count": e.Unique()}}}, want: []int{200}}
	},
	"list-signals": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/signals?status=active", want: []int{200}}
	},
	"signal-response": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/signals/response", want: []int{200}}
	},
	"evaluate-signals": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/signals/evaluate", body: map[string]any{}, want: []int{200}}
	},
	"get-signal": func(t *testing.T, e *apptest.Env, role string) call {
		return call{path: "/api/v1/epidemic/signals/" + e.NewSignal(t, apptest.HomeVillage), want: inVillage(role)}
	},
	"act-on-signal": func(t *testing.T, e *apptest.Env, role string) call {
		return call{path: "/api/v1/epidemic/signals/" + e.NewSignal(t, apptest.HomeVillage) + "/actions",
			body: map[string]any{"action": "verify"}, want: inVillage(role)}
	},
	"list-warning-methods": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/warning/methods?disease=B06", want: []int{200}}
	},
	"set-warning-method": func(t *testing.T, e *apptest.Env, role string) call {
		return call{path: "/api/v1/epidemic/warning/methods", body: map[string]any{"disease": "B06", "level": "grid",
			"method": "fixed", "source": "report", "enabled": true, "threshold": 3, "min_sigma": 0}, want: []int{200},
			token: cityAdmin(t, e, role)}
	},
	"set-warning-settings": func(t *testing.T, e *apptest.Env, role string) call {
		return call{path: "/api/v1/epidemic/warning/settings", body: map[string]any{"suppress_days": 7, "confirm_event": true},
			want: []int{200}, token: cityAdmin(t, e, role)}
	},
}

// inVillage is what a role gets for an object in a new grid of the home
// village: found, but by a grid's users (their own grid only).
func inVillage(role string) []int {
	if apptest.HomeOf(role) == apptest.HomeGrid {
		return []int{404}
	}
	return []int{200}
}

// cityAdmin is the city admin's session for a role that may change the
// city's warning methods, "" (the role's own) for the others.
func cityAdmin(t *testing.T, e *apptest.Env, role string) string {
	if !apptest.Allowed(role, "epidemic:write") {
		return ""
	}
	return e.Login(t, apptest.Admin).Token
}
