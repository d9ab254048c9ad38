package app_test

import (
	"testing"

	"healthgrid/internal/app/apptest"
)

// chainRows are the permission matrix's valid requests for exposures,
// chains and outbreaks, on throw-away chains of the home grid, which every
// role that may use them has in scope.
var chainRows = rows{
	"add-exposures": func(t *testing.T, e *apptest.Env, _ string) call {
		a, b := e.NewRiskPerson(t, apptest.HomeGrid, "confirmed"), e.NewRiskPerson(t, apptest.HomeGrid, "close_contact")
		return call{path: "/api/v1/epidemic/exposures", body: map[string]any{"items": []map[string]any{{"source": a,
			"target": b, "kind": "household", "date": "2026-11-20", "certainty": "probable"}}}, want: []int{200}}
	},
	"list-person-exposures": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/exposures?person=" + e.NewRiskPerson(t, apptest.HomeGrid, "confirmed"), want: []int{200}}
	},
	"remove-exposure": func(t *testing.T, e *apptest.Env, _ string) call {
		_, ex := e.NewChain(t, apptest.HomeGrid)
		return call{path: "/api/v1/epidemic/exposures/" + ex + "?reason=%E5%BD%95%E9%94%99", want: []int{204}}
	},
	"list-chains": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/chains?active=true", want: []int{200}}
	},
	"get-chain": func(t *testing.T, e *apptest.Env, _ string) call {
		c, _ := e.NewChain(t, apptest.HomeGrid)
		return call{path: "/api/v1/epidemic/chains/" + c, want: []int{200}}
	},
	"export-chain": func(t *testing.T, e *apptest.Env, _ string) call {
		c, _ := e.NewChain(t, apptest.HomeGrid)
		return call{path: "/api/v1/epidemic/chains/" + c + "/export.csv", want: []int{200}}
	},
	"list-outbreaks": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/outbreaks?status=declared", want: []int{200}}
	},
	"get-outbreak": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/outbreaks/" + e.NewOutbreak(t, apptest.HomeGrid, apptest.HomeGrid), want: []int{200}}
	},
	"declare-outbreak": func(t *testing.T, e *apptest.Env, _ string) call {
		c, _ := e.NewChain(t, apptest.HomeGrid)
		return call{path: "/api/v1/epidemic/outbreaks", body: map[string]any{"name": "某校聚集性疫情", "disease": "B27",
			"region": apptest.HomeGrid, "level": "IV", "chains": []string{c}}, want: []int{201}}
	},
	"act-on-outbreak": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/outbreaks/" + e.NewOutbreak(t, apptest.HomeGrid, apptest.HomeGrid) + "/actions",
			body: map[string]any{"action": "control", "note": "已管控"}, want: []int{200}}
	},
}
