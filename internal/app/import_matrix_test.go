package app_test

import (
	"testing"

	"healthgrid/internal/app/apptest"
)

// importRows are the permission matrix's valid requests for the import routes.
var importRows = rows{
	"list-imports": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/imports?page=1&size=5", want: []int{200}}
	},
	"import-template": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/imports/template?kind=residents", want: []int{200}}
	},
	"get-import": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/imports/" + e.NewImport(t, "region_admin", apptest.HomeGrid), want: []int{200}}
	},
	"import-errors": func(t *testing.T, e *apptest.Env, _ string) call { // not finished: no report yet
		return call{path: "/api/v1/imports/" + e.NewImport(t, "region_admin", apptest.HomeGrid) + "/errors", want: []int{404}}
	},
}
