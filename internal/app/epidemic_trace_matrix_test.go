package app_test

import (
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
)

// epidemicTraceRows are the permission matrix's valid requests for contact
// tracing: a case of the home grid (in every tracing role's scope) with a
// contact, traced and pushed afresh for each role.
var epidemicTraceRows = rows{
	"run-trace": func(t *testing.T, e *apptest.Env, _ string) call {
		person, _, _ := e.TraceCase(t, apptest.Home, apptest.HomeGrid, 3)
		return call{path: "/api/v1/epidemic/trace", body: map[string]any{"person_id": person, "hops": 2}, want: []int{200}}
	},
	"list-traces": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/traces", want: []int{200}}
	},
	"get-trace": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/traces/" + e.NewTrace(t, apptest.Home, apptest.HomeGrid), want: []int{200}}
	},
	"push-trace": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/traces/" + e.NewTrace(t, apptest.Home, apptest.HomeGrid) + "/push",
			body: map[string]any{"name": "流调下发", "deadline": e.Clock.Now().Add(24 * time.Hour)}, want: []int{200}}
	},
}
