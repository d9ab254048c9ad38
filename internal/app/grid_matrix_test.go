package app_test

import (
	"context"
	"fmt"
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/grid"
)

// noMember is a team member id that exists nowhere: the permission matrix's
// path parameter for routes refused before they look.
const noMember = "00000000-0000-7000-8000-000000000000"

// gridSquare is the boundary the fixture gives a grid (see apptest): a 0.01°
// square with its south-west corner at the grid's point less 0.005°.
func gridSquare(code string) map[string]any {
	lng, lat := apptest.GridPoint(code)
	x, y := lng-0.005, lat-0.005
	return polygon([][2]float64{{x, y}, {x + 0.01, y}, {x + 0.01, y + 0.01}, {x, y + 0.01}})
}

// polygon is a GeoJSON Polygon through the corners, closed.
func polygon(corners [][2]float64) map[string]any {
	ring := make([][]float64, 0, len(corners)+1)
	for _, c := range append(corners, corners[0]) {
		ring = append(ring, []float64{c[0], c[1]})
	}
	return map[string]any{"type": "Polygon", "coordinates": [][][]float64{ring}}
}

// newMember adds a throw-away team member living in region, serving grids.
func newMember(t *testing.T, e *apptest.Env, region string, grids ...string) string {
	t.Helper()
	m, err := e.App.Grids.CreateMember(context.Background(), e.System(t).RegionPath, grid.MemberInput{
		Type: "volunteer", Name: fmt.Sprintf("志愿者%d", e.Unique()), Phone: apptest.Phone(e.Unique()),
		RegionCode: region, GridCodes: grids})
	if err != nil {
		t.Fatal(err)
	}
	return m.ID
}

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
			body: map[string]any{"geometry": gridSquare(apptest.HomeGrid)}, want: []int{200}}
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
				"properties": map[string]any{"code": apptest.HomeGrid}, "geometry": gridSquare(apptest.HomeGrid)}}}}
	},
	"list-team-members": func(_ *testing.T, _ *apptest.Env, role string) call {
		return call{path: "/api/v1/team-members?region=" + apptest.HomeOf(role), want: []int{200}}
	},
	"get-team-member": func(t *testing.T, e *apptest.Env, role string) call {
		return call{path: "/api/v1/team-members/" + newMember(t, e, apptest.HomeOf(role)), want: []int{200}}
	},
	"create-team-member": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/team-members", want: []int{201}, body: map[string]any{"type": "grid_worker",
			"name": "新网格员", "phone": apptest.Phone(e.Unique()), "grid_codes": []string{apptest.HomeGrid}}}
	},
	"update-team-member": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/team-members/" + newMember(t, e, apptest.HomeVillage), want: []int{200},
			body: map[string]any{"type": "police", "name": "改名", "phone": apptest.Phone(e.Unique()), "duty": "leave",
				"region_code": apptest.HomeTownship}}
	},
	"delete-team-member": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/team-members/" + newMember(t, e, apptest.HomeVillage), want: []int{204}}
	},
	"set-team-member-grids": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/team-members/" + newMember(t, e, apptest.HomeVillage) + "/grids", want: []int{200},
			body: map[string]any{"grid_codes": []string{apptest.HomeGrid, "140902001002002"}}}
	},
}
