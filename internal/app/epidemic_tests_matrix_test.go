package app_test

import (
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
)

// epidemicTestRows are the permission matrix's valid requests for the test
// results and coverage routes, on results of residents of the home grid
// (in every role user's scope). upload-tests takes a file: junk.
var epidemicTestRows = rows{
	"ingest-tests": func(t *testing.T, e *apptest.Env, _ string) call {
		_, idNumber := e.NewTestSubject(t, apptest.HomeGrid)
		return call{path: "/api/v1/epidemic/tests", body: []map[string]any{{"id_number": idNumber, "name": "受检者",
			"sampled_at": e.Clock.Now().Add(-time.Hour).Format(time.RFC3339), "kind": "antigen", "pathogen": "SARS-CoV-2",
			"result": "negative", "institution": "忻州市人民医院"}}, want: []int{200}}
	},
	"list-tests": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/tests?result=negative", want: []int{200}}
	},
	"get-test": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/tests/" + e.NewTest(t, apptest.HomeGrid), want: []int{200}}
	},
	"test-coverage": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/coverage", want: []int{200}}
	},
	"untested-residents": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/coverage/untested?grid=" + apptest.HomeGrid, want: []int{200}}
	},
}
