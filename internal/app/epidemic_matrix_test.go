package app_test

import (
	"testing"

	"healthgrid/internal/app/apptest"
)

// epidemicRows are the permission matrix's valid requests for the epidemic
// routes: diseases and protocols on throw-away local diseases of Home, the
// county every role but the grid's lives in.
var epidemicRows = rows{
	"list-diseases": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/diseases?current=true", want: []int{200}}
	},
	"get-disease": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/diseases/B27", want: []int{200}}
	},
	"add-local-disease": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/diseases", body: map[string]any{"name": "恙虫病", "report_hours": 24,
			"incubation_days": 21}, want: []int{201}}
	},
	"update-disease": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/diseases/" + e.NewLocalDisease(t, apptest.Home), body: map[string]any{
			"incubation_days": 12}, want: []int{200}}
	},
	"epidemic-vocabulary": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/vocabulary", want: []int{200}}
	},
	"list-protocols": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/protocols?disease=B27&current=true", want: []int{200}}
	},
	"get-protocol": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/epidemic/protocols/01930000-0000-7000-8000-000000000001", want: []int{200}}
	},
	"supersede-protocol": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/epidemic/protocols", body: map[string]any{"disease": e.NewLocalDisease(t, apptest.Home),
			"category": "close_contact", "stages": []map[string]any{{"measure": "home_isolation", "days": 7,
				"test_days": []int{1, 7}, "checkins_per_day": 2}}}, want: []int{201}}
	},
}
