package app_test

import (
	"fmt"
	"testing"

	"healthgrid/internal/app/apptest"
)

// epidemicReportRows are the permission matrix's valid requests for the
// report cards: each on a card of a new patient of the home grid, filed by
// the home county's commission, the unit every role user but the grid
// worker belongs to (a hospital account sees its own unit's cards only).
var epidemicReportRows = rows{
	"file-report": func(t *testing.T, e *apptest.Env, _ string) call {
		idNumber, _ := e.NewPatient(t, apptest.HomeGrid)
		return call{path: "/api/v1/epidemic/reports", body: apptest.CardBody(idNumber, fmt.Sprintf("M%d", e.Unique()),
			e.Clock.Now()), want: []int{201}}
	},
	"list-reports": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/reports?status=filed", want: []int{200}}
	},
	"report-timeliness": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/reports/timeliness?region=" + apptest.Home, want: []int{200}}
	},
	"get-report": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/reports/" + e.NewCard(t, apptest.Home, apptest.HomeGrid), want: []int{200}}
	},
	"review-report": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/reports/" + e.NewCard(t, apptest.Home, apptest.HomeGrid) + "/review",
			body: map[string]any{"decision": "approve"}, want: []int{200}}
	},
	"reveal-report": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/reports/" + e.NewCard(t, apptest.Home, apptest.HomeGrid) + "/reveal",
			want: []int{200}}
	},
}
