package app_test

import (
	"context"
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/grid"
)

// outsideMember adds a team member in the other county, for the scope test.
func outsideMember(e *apptest.Env) string {
	sys, err := e.App.System(context.Background())
	if err != nil {
		panic(err)
	}
	m, err := e.App.Grids.CreateMember(context.Background(), sys.RegionPath, grid.MemberInput{Type: "police",
		Name: "定襄民警", Phone: apptest.Phone(e.Unique()), RegionCode: apptest.OtherTownship, GridCodes: []string{apptest.OtherGrid}})
	if err != nil {
		panic(err)
	}
	return m.ID
}

// gridRows are the permission matrix's valid requests for the grid and team routes.
var gridRows = rows{
	"list-grids": func(_ *testing.T, _ *apptest.Env, role string) call {
		return call{path: "/api/v1/grids?geometry=true&region=" + apptest.HomeOf(role), want: []int{200}}
	},
	"get-grid": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/grids/" + apptest.HomeGrid, want: []int{200}}
	},
	"set-grid-boundary": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/grids/" + apptest.HomeGrid + "/boundary",
			body: map[string]any{"geometry": apptest.GridSquare(apptest.HomeGrid)}, want: []int{200}}
	},
	"list-grid-party-branches": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/grids/" + apptest.HomeGrid + "/party-branches", want: []int{200}}
	},
	"set-grid-party-branches": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/grids/" + apptest.HomeGrid + "/party-branches",
			body: map[string]any{"unit_ids": []string{}}, want: []int{200}}
	},
	"export-grid-boundaries": func(_ *testing.T, _ *apptest.Env, role string) call {
		return call{path: "/api/v1/grids/boundaries?region=" + apptest.HomeOf(role), want: []int{200}}
	},
	"import-grid-boundaries": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/grids/boundaries", want: []int{200}, body: map[string]any{
			"type": "FeatureCollection", "features": []any{map[string]any{"type": "Feature",
				"properties": map[string]any{"code": apptest.HomeGrid}, "geometry": apptest.GridSquare(apptest.HomeGrid)}}}}
	},
	"list-team-members": func(_ *testing.T, _ *apptest.Env, role string) call {
		return call{path: "/api/v1/team-members?region=" + apptest.HomeOf(role), want: []int{200}}
	},
	"get-team-member": func(t *testing.T, e *apptest.Env, role string) call {
		return call{path: "/api/v1/team-members/" + e.NewMember(t, apptest.HomeOf(role)), want: []int{200}}
	},
	"create-team-member": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/team-members", want: []int{201}, body: map[string]any{"type": "grid_worker",
			"name": "新网格员", "phone": apptest.Phone(e.Unique()), "grid_codes": []string{apptest.HomeGrid}}}
	},
	"update-team-member": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/team-members/" + e.NewMember(t, apptest.HomeVillage), want: []int{200},
			body: map[string]any{"type": "police", "name": "改名", "phone": apptest.Phone(e.Unique()), "duty": "leave",
				"region_code": apptest.HomeTownship}}
	},
	"delete-team-member": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/team-members/" + e.NewMember(t, apptest.HomeVillage), want: []int{204}}
	},
	"set-team-member-grids": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/team-members/" + e.NewMember(t, apptest.HomeVillage) + "/grids", want: []int{200},
			body: map[string]any{"grid_codes": []string{apptest.HomeGrid, "140902001002002"}}}
	},
}
