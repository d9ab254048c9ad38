package app_test

import (
	"fmt"
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/population"
)

// populationRows are the permission matrix's valid requests for the
// population routes, on throw-away objects in the first home grid (inside
// every role's scope).
var populationRows = func(home string) rows {
	return rows{
		"population-dicts": func(*testing.T, *apptest.Env, string) call {
			return call{path: "/api/v1/dicts/population", want: []int{200}}
		},
		"list-residents": func(_ *testing.T, _ *apptest.Env, role string) call {
			return call{path: "/api/v1/residents?tag=hypertension&region=" + apptest.HomeOf(role), want: []int{200}}
		},
		"export-residents": func(_ *testing.T, _ *apptest.Env, role string) call {
			return call{path: "/api/v1/residents/export?region=" + apptest.HomeOf(role), want: []int{200}}
		},
		"get-resident": func(t *testing.T, e *apptest.Env, _ string) call {
			return call{path: "/api/v1/residents/" + e.NewResident(t, home), want: []int{200}}
		},
		"resident-history": func(t *testing.T, e *apptest.Env, _ string) call {
			return call{path: "/api/v1/residents/" + e.NewResident(t, home) + "/history", want: []int{200}}
		},
		"create-resident": func(t *testing.T, e *apptest.Env, _ string) call {
			return call{path: "/api/v1/residents", body: map[string]any{"name": "新居民", "id_number": apptest.IDNumber(5000 + e.Unique()),
				"grid_code": home}, want: []int{201}}
		},
		"update-resident": func(t *testing.T, e *apptest.Env, _ string) call {
			return call{path: "/api/v1/residents/" + e.NewResident(t, home), body: map[string]any{"name": "改名", "tags": []string{"低保"}}, want: []int{200}}
		},
		"delete-resident": func(t *testing.T, e *apptest.Env, _ string) call {
			return call{path: "/api/v1/residents/" + e.NewResident(t, home), want: []int{204}}
		},
		"reveal-resident": func(t *testing.T, e *apptest.Env, _ string) call {
			return call{path: "/api/v1/residents/" + e.NewResident(t, home) + "/reveal", body: map[string]any{"fields": []string{"phone"}}, want: []int{200}}
		},
		// a resident of 定襄县 asked for by every role with resident:write, into its home grid
		"request-transfer": func(t *testing.T, e *apptest.Env, role string) call {
			n := e.Unique()
			id, name := apptest.IDNumber(7000+n), fmt.Sprintf("迁入%d", n)
			if _, err := e.App.People.Create(t.Context(), e.System(t), population.Input{Name: name, IDNumber: id, GridCode: apptest.OtherGrid}); err != nil {
				t.Fatal(err)
			}
			return call{path: "/api/v1/residents/transfers", body: map[string]any{"id_number": id, "name": name, "to_grid_code": home,
				"reason": "随子女迁入"}, want: []int{201}}
		},
		"list-transfers": func(*testing.T, *apptest.Env, string) call {
			return call{path: "/api/v1/residents/transfers?direction=incoming&status=pending", want: []int{200}}
		},
		// requests from 定襄县 for residents of the home grid, which every role holds
		"approve-transfer": func(t *testing.T, e *apptest.Env, _ string) call {
			return call{path: "/api/v1/residents/transfers/" + e.NewTransfer(t, home, apptest.OtherGrid) + "/approve",
				body: map[string]any{"note": "同意"}, want: []int{200}}
		},
		"refuse-transfer": func(t *testing.T, e *apptest.Env, _ string) call {
			return call{path: "/api/v1/residents/transfers/" + e.NewTransfer(t, home, apptest.OtherGrid) + "/refuse",
				body: map[string]any{"note": "本人未迁出"}, want: []int{200}}
		},
		"list-buildings": func(_ *testing.T, _ *apptest.Env, role string) call {
			return call{path: "/api/v1/buildings?region=" + apptest.HomeOf(role), want: []int{200}}
		},
		"get-building": func(t *testing.T, e *apptest.Env, _ string) call {
			return call{path: "/api/v1/buildings/" + e.NewBuilding(t, home), want: []int{200}}
		},
		"create-building": func(t *testing.T, e *apptest.Env, _ string) call {
			lng, lat := apptest.GridPoint(home)
			return call{path: "/api/v1/buildings", body: map[string]any{"name": fmt.Sprintf("%d号楼", e.Unique()), "lng": lng, "lat": lat}, want: []int{201}}
		},
		"update-building": func(t *testing.T, e *apptest.Env, _ string) call {
			return call{path: "/api/v1/buildings/" + e.NewBuilding(t, home), body: map[string]any{"name": "改名楼", "grid_code": home}, want: []int{200}}
		},
		"delete-building": func(t *testing.T, e *apptest.Env, _ string) call {
			return call{path: "/api/v1/buildings/" + e.NewBuilding(t, home), want: []int{204}}
		},
		"list-households": func(_ *testing.T, _ *apptest.Env, role string) call {
			return call{path: "/api/v1/households?region=" + apptest.HomeOf(role), want: []int{200}}
		},
		"get-household": func(t *testing.T, e *apptest.Env, _ string) call {
			return call{path: "/api/v1/households/" + e.NewHousehold(t, home), want: []int{200}}
		},
		"create-household": func(t *testing.T, e *apptest.Env, _ string) call {
			return call{path: "/api/v1/households", body: map[string]any{"building_id": e.NewBuilding(t, home), "room": "1单元101",
				"head_resident_id": e.NewResident(t, home)}, want: []int{201}}
		},
		"update-household": func(t *testing.T, e *apptest.Env, _ string) call {
			return call{path: "/api/v1/households/" + e.NewHousehold(t, home), body: map[string]any{"building_id": "", "room": "102"}, want: []int{200}}
		},
		"delete-household": func(t *testing.T, e *apptest.Env, _ string) call {
			return call{path: "/api/v1/households/" + e.NewHousehold(t, home), want: []int{204}}
		},
	}
}(apptest.HomeGrid)
