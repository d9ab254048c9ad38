package app_test

import (
	"testing"

	"healthgrid/internal/app/apptest"
)

// riskAreaRows are the permission matrix's valid requests for risk areas
// and vaccination records, on throw-away areas and rule sets of Home.
var riskAreaRows = rows{
	"list-risk-rulesets": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/risk-rulesets?current=true", want: []int{200}}
	},
	"get-risk-ruleset": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/risk-rulesets/" + e.NewRuleset(t, apptest.Home), want: []int{200}}
	},
	"supersede-risk-ruleset": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/risk-rulesets", body: map[string]any{"code": "matrix", "name": "规则",
			"downgrades": []map[string]any{{"from": "high", "to": "low", "days": 14}}}, want: []int{201}}
	},
	"list-risk-areas": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/risk-areas?in_force=true", want: []int{200}}
	},
	"create-risk-area": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/risk-areas", body: map[string]any{"name": "矩阵区", "kind": "grid",
			"region_code": apptest.HomeGrid, "level": "medium", "ruleset_id": e.NewRuleset(t, apptest.Home)}, want: []int{201}}
	},
	"get-risk-area": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/risk-areas/" + e.NewRiskArea(t, apptest.HomeGrid, false), want: []int{200}}
	},
	"act-risk-area": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/risk-areas/" + e.NewRiskArea(t, apptest.HomeGrid, false) + "/actions",
			body: map[string]any{"action": "publish"}, want: []int{200}}
	},
	"risk-area-residents": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/risk-areas/" + e.NewRiskArea(t, apptest.HomeGrid, true) + "/residents",
			want: []int{200}}
	},
	"risk-area-map": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/risk-map", want: []int{200}}
	},
	"apply-risk-rules": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/risk-areas/apply-rules", want: []int{200}}
	},
	"resident-risk-flags": func(t *testing.T, e *apptest.Env, _ string) call {
		id, _ := e.NewTestSubject(t, apptest.HomeGrid) // in every role's scope, the grid worker's too
		return call{path: "/api/v1/epidemic/risk-flags/" + id, want: []int{200}}
	},
	"list-vaccines": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/vaccines", want: []int{200}}
	},
	"import-vaccinations": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/vaccinations", body: map[string]any{"records": []map[string]any{{
			"id_number": apptest.IDNumber(900), "vaccine": "influenza", "dose": "1", "date": "2026-10-01", "unit": "医院"}}},
			want: []int{200}}
	},
	"vaccination-coverage": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/vaccinations/coverage?region=" + apptest.HomeVillage + "&vaccine=influenza",
			want: []int{200}}
	},
}
