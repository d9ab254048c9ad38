package grid_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/region"
	"healthgrid/internal/testkit"
)

const homeGrid2 = apptest.PeopleGrid // the second grid of the home village

// rectangle is an axis-aligned GeoJSON Polygon.
func rectangle(x0, y0, x1, y1 float64) map[string]any {
	return apptest.Polygon([][2]float64{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}})
}

// withVillageBoundary gives the fixture's home village a boundary around its
// two grids (112.70–112.72, 38.40–38.41) with room to spare on every side.
func withVillageBoundary(t *testing.T, e *apptest.Env) {
	t.Helper()
	raw, _ := json.Marshal(rectangle(112.69, 38.39, 112.73, 38.42))
	if _, err := e.App.Regions.Update(context.Background(), e.System(t).RegionPath, apptest.HomeVillage,
		region.Input{Name: "东大街社区", Geometry: raw}); err != nil {
		t.Fatal(err)
	}
}

func locate(t *testing.T, c *testkit.Client, lng, lat float64) string {
	t.Helper()
	_, b := c.Do("GET", fmt.Sprintf("/api/v1/grids/locate?lng=%g&lat=%g", lng, lat), nil)
	return b.Str("grid.code")
}

func TestGridBoundary(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		withVillageBoundary(t, e)
		admin := e.Login(t, "region_admin")
		put := func(geom any) (int, testkit.Body) {
			return admin.Do("PUT", "/api/v1/grids/"+apptest.HomeGrid+"/boundary", map[string]any{"geometry": geom})
		}
		for _, c := range []struct {
			name  string
			geom  any
			wants []string // substrings of the field errors, all at body.geometry
		}{
			{"bow tie", apptest.Polygon([][2]float64{{112.70, 38.40}, {112.705, 38.405}, {112.705, 38.40}, {112.70, 38.405}}), []string{"不是有效的多边形"}},
			{"a point", map[string]any{"type": "Point", "coordinates": []float64{112.70, 38.40}}, []string{"必须是面"}},
			{"not GeoJSON", map[string]any{"type": "Blob"}, []string{"不是有效的GeoJSON"}},
			{"outside the village", rectangle(112.68, 38.40, 112.705, 38.41), []string{"超出所属村/社区边界（东大街社区）"}},
			{"over the sibling", rectangle(112.70, 38.40, 112.715, 38.41), []string{"与网格 东大街社区第二网格 重叠"}},
			{"both", rectangle(112.70, 38.40, 112.75, 38.41), []string{"超出所属村/社区边界", "与网格 东大街社区第二网格 重叠"}},
		} {
			status, b := put(c.geom)
			got := apptest.Problems(b)
			if status != 422 {
				t.Errorf("%s: %d, want 422: %s", c.name, status, b)
				continue
			}
			for _, w := range c.wants {
				if !strings.Contains(got, "body.geometry: ") || !strings.Contains(got, w) {
					t.Errorf("%s: errors %q lack %q", c.name, got, w)
				}
			}
		}
		if locate(t, admin, 112.708, 38.405) != apptest.HomeGrid {
			t.Fatal("a refused boundary changed the locate answer")
		}

		// valid: the grid shrinks to its western half, sharing an edge with nothing
		status, b := put(rectangle(112.70, 38.40, 112.705, 38.41))
		if status != 200 {
			t.Fatalf("valid boundary: %d %s", status, b)
		}
		if a := b.Get("area_m2").(float64); math.Abs(a-0.005*0.01*111320*111320*math.Cos(38.405*math.Pi/180))/a > 0.01 {
			t.Errorf("area of the new boundary: %v m²", a)
		}
		if got := locate(t, admin, 112.702, 38.405); got != apptest.HomeGrid {
			t.Errorf("locate in the new shape: %q", got)
		}
		if got := locate(t, admin, 112.708, 38.405); got != "" {
			t.Errorf("locate where the grid was: %q, want none", got)
		}
		// touching the sibling along an edge is no overlap
		if status, b := put(rectangle(112.70, 38.40, 112.71, 38.41)); status != 200 {
			t.Fatalf("back to the original square: %d %s", status, b)
		}

		// who may: out of scope is 404, without grid:write 403
		other := e.Login(t, apptest.OtherAdmin)
		if st, b := other.Do("PUT", "/api/v1/grids/"+apptest.HomeGrid+"/boundary", map[string]any{"geometry": apptest.GridSquare(apptest.HomeGrid)}); st != 404 {
			t.Errorf("other county's admin: %d %s", st, b)
		}
		if st, _ := e.Login(t, "grid_worker").Do("PUT", "/api/v1/grids/"+apptest.HomeGrid+"/boundary", map[string]any{"geometry": apptest.GridSquare(apptest.HomeGrid)}); st != 403 {
			t.Errorf("grid worker: %d, want 403", st)
		}
		if st, _ := admin.Do("PUT", "/api/v1/grids/"+apptest.HomeVillage+"/boundary", map[string]any{"geometry": apptest.GridSquare(apptest.HomeGrid)}); st != 404 {
			t.Errorf("a village is not a grid: %d", st)
		}
	})
}

func TestGridBoundaryFeatureCollection(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		withVillageBoundary(t, e)
		admin := e.Login(t, "region_admin")
		status, exported := admin.Do("GET", "/api/v1/grids/boundaries?region="+apptest.HomeVillage, nil)
		if status != 200 || exported.Str("type") != "FeatureCollection" || len(exported.Get("features").([]any)) != 2 {
			t.Fatalf("export: %d %s", status, exported)
		}
		if !strings.Contains(admin.Last.Header.Get("Content-Disposition"), "grids-"+apptest.HomeVillage+".geojson") {
			t.Errorf("export is not a download: %q", admin.Last.Header.Get("Content-Disposition"))
		}
		if exported.Str("features.0.properties.code") != apptest.HomeGrid || exported.Str("features.0.properties.name") == "" {
			t.Errorf("feature properties: %s", exported)
		}
		// the round trip changes nothing
		status, b := admin.Do("POST", "/api/v1/grids/boundaries", []byte(exported))
		if status != 200 || b.Int("updated") != 0 || b.Int("unchanged") != 2 {
			t.Fatalf("import of the export: %d %s", status, b)
		}

		// moving the shared edge takes both grids at once
		moved := func(x float64, extra ...any) map[string]any {
			features := []any{
				feature(apptest.HomeGrid, rectangle(112.70, 38.40, x, 38.41)),
				feature(homeGrid2, rectangle(x, 38.40, 112.72, 38.41)),
			}
			return map[string]any{"type": "FeatureCollection", "features": append(features, extra...)}
		}
		status, b = admin.Do("POST", "/api/v1/grids/boundaries", moved(112.712))
		if status != 200 || b.Int("updated") != 2 {
			t.Fatalf("import of a moved edge: %d %s", status, b)
		}
		if got := locate(t, admin, 112.711, 38.405); got != apptest.HomeGrid {
			t.Errorf("after the import, 112.711 lies in %q", got)
		}

		// every bad feature is listed, and nothing is written
		status, b = admin.Do("POST", "/api/v1/grids/boundaries", moved(112.715,
			feature(apptest.HomeGrid, rectangle(112.70, 38.40, 112.701, 38.401)),
			feature(apptest.OtherGrid, apptest.GridSquare(apptest.OtherGrid)),
			feature("", apptest.GridSquare(apptest.HomeGrid)),
			feature("140902001002009", apptest.GridSquare(apptest.HomeGrid)),
			map[string]any{"type": "Feature", "properties": map[string]any{"code": homeGrid2 + "x"}, "geometry": nil},
		))
		got := apptest.Problems(b)
		if status != 422 {
			t.Fatalf("bad import: %d %s", status, b)
		}
		for _, w := range []string{
			"body.features[2].properties.code: 网格 " + apptest.HomeGrid + " 与第 1 个要素重复",
			"body.features[3].properties.code: 网格 " + apptest.OtherGrid + " 不存在或不在您的管辖范围",
			"body.features[4].properties.code: 缺少网格编码",
			"body.features[5].properties.code: 网格 140902001002009 不存在",
			"body.features[6].properties.code: 网格 " + homeGrid2 + "x 不存在",
		} {
			if !strings.Contains(got, w) {
				t.Errorf("bad import: errors lack %q:\n%s", w, got)
			}
		}
		if got := locate(t, admin, 112.711, 38.405); got != apptest.HomeGrid {
			t.Errorf("a refused import moved the boundary: 112.711 lies in %q", got)
		}
		// an overlap between two features of one import is caught
		status, b = admin.Do("POST", "/api/v1/grids/boundaries", map[string]any{"type": "FeatureCollection", "features": []any{
			feature(apptest.HomeGrid, rectangle(112.70, 38.40, 112.716, 38.41)),
			feature(homeGrid2, rectangle(112.714, 38.40, 112.72, 38.41)),
		}})
		if got := apptest.Problems(b); status != 422 || !strings.Contains(got, "body.features[0].geometry: 东大街社区第一网格：与网格 东大街社区第二网格 重叠") ||
			!strings.Contains(got, "body.features[1].geometry: ") {
			t.Errorf("overlapping features: %d %s", status, got)
		}
		if st, b := e.Login(t, apptest.OtherAdmin).Do("GET", "/api/v1/grids/boundaries?region="+apptest.HomeVillage, nil); st != 404 {
			t.Errorf("export out of scope: %d %s", st, b)
		}
	})
}

func feature(code string, geom any) map[string]any {
	return map[string]any{"type": "Feature", "properties": map[string]any{"code": code, "name": "x", "fid": 7}, "geometry": geom}
}

func TestGridListAndProfile(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.Login(t, "region_admin")
		e.NewMember(t, apptest.HomeVillage, apptest.HomeGrid, homeGrid2)
		e.NewMember(t, apptest.HomeGrid, apptest.HomeGrid)
		status, b := admin.Do("GET", "/api/v1/grids?geometry=true&region="+apptest.Home, nil)
		if status != 200 || b.Int("total") != 2 || b.Str("items.0.code") != apptest.HomeGrid ||
			b.Str("items.0.village_name") != "东大街社区" || b.Get("items.0.geometry") == nil {
			t.Fatalf("grids of the county: %d %s", status, b)
		}
		if b.Int("items.0.members_count") != 2 || b.Int("items.1.members_count") != 1 || b.Int("items.0.counts.residents") != 0 {
			t.Errorf("figures: %s", b)
		}
		// the population fixture: one building, household and resident (over 65) in the second grid
		if b.Int("items.1.counts.buildings") != 1 || b.Int("items.1.counts.households") != 1 || b.Int("items.1.counts.residents") != 1 ||
			b.Int("items.1.counts.key_populations") != 1 {
			t.Errorf("counts of %s: %s", apptest.PeopleGrid, b)
		}
		if a := b.Get("items.0.area_m2").(float64); a < 900_000 || a > 1_000_000 {
			t.Errorf("a 0.01° square at 38.4°N: %v m²", a)
		}
		if _, b := admin.Do("GET", "/api/v1/grids", nil); b.Get("items.0.geometry") != nil {
			t.Errorf("geometry without asking: %s", b)
		}
		if st, b := e.Login(t, apptest.OtherAdmin).Do("GET", "/api/v1/grids", nil); st != 200 || b.Int("total") != 2 || b.Str("items.0.code") != apptest.OtherGrid {
			t.Errorf("the other county's grids: %d %s", st, b)
		}
		if st, _ := e.Login(t, apptest.OtherAdmin).Do("GET", "/api/v1/grids?region="+apptest.Home, nil); st != 404 {
			t.Errorf("another county's region: %d", st)
		}

		// the party branch of the village, linked to the grid
		branch := e.NewUnit(t, apptest.HomeVillage) // "other": refused as a branch
		if st, b := admin.Do("PUT", "/api/v1/grids/"+apptest.HomeGrid+"/party-branches", map[string]any{"unit_ids": []string{branch}}); st != 422 ||
			!strings.Contains(apptest.Problems(b), "body.unit_ids[0]: ") {
			t.Errorf("a unit that is no party branch: %d %s", st, b)
		}
		pb := partyBranch(t, e, apptest.HomeVillage)
		otherPB := partyBranch(t, e, apptest.OtherVillage)
		if st, b := admin.Do("PUT", "/api/v1/grids/"+apptest.HomeGrid+"/party-branches", map[string]any{"unit_ids": []string{otherPB}}); st != 422 {
			t.Errorf("another county's branch: %d %s", st, b)
		}
		if st, b := admin.Do("PUT", "/api/v1/grids/"+apptest.HomeGrid+"/party-branches", map[string]any{"unit_ids": []string{pb, pb}}); st != 200 ||
			b.Int("total") != 1 || b.Str("items.0.linked_to") != "grid" {
			t.Errorf("link a branch: %d %s", st, b)
		}
		// the community's own branch, set and read by the village's code
		villagePB := partyBranch(t, e, apptest.HomeVillage)
		if st, b := admin.Do("PUT", "/api/v1/grids/"+apptest.HomeVillage+"/party-branches", map[string]any{"unit_ids": []string{villagePB}}); st != 200 ||
			b.Int("total") != 1 || b.Str("items.0.linked_to") != "village" {
			t.Errorf("link a community's branch: %d %s", st, b)
		}
		if st, b := admin.Do("GET", "/api/v1/grids/"+apptest.HomeVillage+"/party-branches", nil); st != 200 || b.Int("total") != 1 || b.Str("items.0.id") != villagePB {
			t.Errorf("a community's branches: %d %s", st, b)
		}
		if st, b := admin.Do("GET", "/api/v1/grids/"+apptest.HomeGrid+"/party-branches", nil); st != 200 || b.Int("total") != 1 || b.Str("items.0.id") != pb {
			t.Errorf("a grid's own branches: %d %s", st, b)
		}
		if st, _ := admin.Do("GET", "/api/v1/grids/"+apptest.HomeTownship+"/party-branches", nil); st != 404 {
			t.Errorf("a township has no branch links: %d", st)
		}
		if st, _ := e.Login(t, apptest.OtherAdmin).Do("GET", "/api/v1/grids/"+apptest.HomeVillage+"/party-branches", nil); st != 404 {
			t.Errorf("another county's community: %d", st)
		}

		status, b = e.Login(t, "grid_worker").Do("GET", "/api/v1/grids/"+apptest.HomeGrid, nil)
		if status != 200 || b.Str("code") != apptest.HomeGrid || b.Str("village_code") != apptest.HomeVillage {
			t.Fatalf("profile: %d %s", status, b)
		}
		if len(b.Get("chain").([]any)) != 5 || b.Str("chain.0.code") != apptest.CityCode || b.Get("geometry") == nil || b.Get("area_m2").(float64) < 1 {
			t.Errorf("profile chain and boundary: %s", b)
		}
		var p struct {
			Teams []struct {
				Type    string
				Members []struct{ Name, Phone string }
			}
			PartyBranches []struct {
				ID       string
				LinkedTo string `json:"linked_to"`
			} `json:"party_branches"`
			MembersCount int `json:"members_count"`
		}
		if err := b.Decode(&p); err != nil {
			t.Fatal(err)
		}
		if len(p.Teams) != 4 || p.Teams[0].Type != "grid_worker" || p.Teams[2].Type != "volunteer" || len(p.Teams[2].Members) != 2 ||
			!strings.Contains(p.Teams[2].Members[0].Phone, "****") || p.MembersCount != 2 {
			t.Errorf("profile teams: %s", b)
		}
		if len(p.PartyBranches) != 2 || p.PartyBranches[0].ID != pb || p.PartyBranches[1].LinkedTo != "village" {
			t.Errorf("profile party branches: %s", b)
		}
		if _, b := admin.Do("GET", "/api/v1/grids/"+apptest.PeopleGrid, nil); b.Int("counts.residents") != 1 || b.Int("counts.buildings") != 1 {
			t.Errorf("profile counts of %s: %s", apptest.PeopleGrid, b)
		}
		if st, _ := e.Login(t, "grid_worker").Do("GET", "/api/v1/grids/"+homeGrid2, nil); st != 404 {
			t.Errorf("the grid worker's neighbouring grid: %d, want 404", st)
		}
		if st, _ := e.Login(t, apptest.OtherAdmin).Do("GET", "/api/v1/grids/"+apptest.HomeGrid, nil); st != 404 {
			t.Errorf("another county's grid: %d, want 404", st)
		}
	})
}

// partyBranch adds a party branch unit in region and returns its id.
func partyBranch(t *testing.T, e *apptest.Env, region string) string {
	t.Helper()
	st, b := e.Login(t, apptest.Admin).Do("POST", "/api/v1/units", map[string]string{
		"name": fmt.Sprintf("第%d党支部", e.Unique()), "type": "party_branch", "region_code": region})
	if st != 201 {
		t.Fatalf("party branch: %d %s", st, b)
	}
	return b.Str("id")
}
