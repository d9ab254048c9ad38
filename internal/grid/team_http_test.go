package grid_test

import (
	"strings"
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/testkit"
)

func TestTeamMembers(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.Login(t, "region_admin")
		phone := apptest.Phone(e.Unique())
		body := map[string]any{"type": "grid_worker", "name": " 李网格 ", "phone": phone, "grid_codes": []string{apptest.HomeGrid},
			"unit_id": e.City.Units["community_committee:"+apptest.HomeVillage], "user_id": e.City.Users["grid_worker"]}
		status, m := admin.Do("POST", "/api/v1/team-members", body)
		if status != 201 || m.Str("name") != "李网格" || m.Str("region_code") != apptest.HomeGrid || m.Str("duty") != "on_duty" ||
			m.Str("phone") != phone[:3]+"****"+phone[7:] || m.Str("unit_name") == "" || m.Str("username") != "grid_worker" ||
			m.Str("grids.0.code") != apptest.HomeGrid {
			t.Fatalf("create: %d %s", status, m)
		}
		id := m.Str("id")
		if status, b := admin.Do("POST", "/api/v1/team-members", body); status != 409 {
			t.Errorf("the same phone twice in one team: %d %s", status, b)
		}

		for _, c := range []struct {
			name string
			body map[string]any
			want []string
		}{
			{"empty", map[string]any{"type": "police", "name": " ", "phone": "123"},
				[]string{"body.name: ", "body.phone: ", "body.region_code: "}},
			{"out of scope", map[string]any{"type": "police", "name": "越界", "phone": apptest.Phone(e.Unique()),
				"grid_codes": []string{apptest.OtherGrid, "140902001002999"}, "unit_id": e.City.Units["cdc:"+apptest.Other],
				"user_id": e.City.Users[apptest.OtherAdmin]},
				[]string{"body.grid_codes[0]: 网格 " + apptest.OtherGrid + " 不存在或不在您的管辖范围", "body.grid_codes[1]: ",
					"body.unit_id: ", "body.user_id: "}},
			{"grid outside the home region", map[string]any{"type": "volunteer", "name": "志愿者", "phone": apptest.Phone(e.Unique()),
				"region_code": apptest.HomeGrid, "grid_codes": []string{homeGrid2}},
				[]string{"body.grid_codes[0]: 网格 " + homeGrid2 + " 不在所属区域"}},
		} {
			status, b := admin.Do("POST", "/api/v1/team-members", c.body)
			got := apptest.Problems(b)
			if status != 422 {
				t.Errorf("%s: %d, want 422: %s", c.name, status, b)
			}
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("%s: errors lack %q:\n%s", c.name, w, got)
				}
			}
		}

		// a township police officer serving both grids: home is their common village
		status, police := admin.Do("POST", "/api/v1/team-members", map[string]any{"type": "police", "name": "王警官",
			"phone": apptest.Phone(e.Unique()), "grid_codes": []string{apptest.HomeGrid, homeGrid2}})
		if status != 201 || police.Str("region_code") != apptest.HomeVillage || len(police.Get("grids").([]any)) != 2 {
			t.Fatalf("police over two grids: %d %s", status, police)
		}

		list := func(c *testkit.Client, query string) (int, testkit.Body) {
			return c.Do("GET", "/api/v1/team-members?"+query, nil)
		}
		for _, c := range []struct {
			query string
			want  int
		}{
			{"", 2}, {"type=police", 1}, {"grid=" + homeGrid2, 1}, {"q=" + phone, 1}, {"q=网格", 1}, {"duty=leave", 0},
			{"region=" + apptest.HomeVillage, 2},
		} {
			if status, b := list(admin, c.query); status != 200 || b.Int("total") != c.want {
				t.Errorf("list ?%s: %d %s, want %d", c.query, status, b, c.want)
			}
		}
		if st, b := list(admin, "grid="+apptest.OtherGrid); st != 404 {
			t.Errorf("list by another county's grid: %d %s", st, b)
		}

		// update, then the grids alone
		status, b := admin.Do("PUT", "/api/v1/team-members/"+id, map[string]any{"type": "grid_worker", "name": "李网格",
			"phone": phone, "duty": "leave", "region_code": apptest.HomeVillage})
		if status != 200 || b.Str("duty") != "leave" || b.Str("region_code") != apptest.HomeVillage || len(b.Get("grids").([]any)) != 1 ||
			b.Str("user_id") != "" {
			t.Fatalf("update: %d %s", status, b)
		}
		status, b = admin.Do("PUT", "/api/v1/team-members/"+id, map[string]any{"type": "grid_worker", "name": "李网格",
			"duty": "leave", "region_code": apptest.HomeVillage})
		if status != 200 || b.Str("phone") != phone[:3]+"****"+phone[7:] {
			t.Fatalf("update without a phone keeps it: %d %s", status, b)
		}
		if status, b := admin.Do("PUT", "/api/v1/team-members/"+id, map[string]any{"type": "grid_worker", "name": "李网格",
			"phone": "1234", "region_code": apptest.HomeVillage}); status != 422 || !strings.Contains(apptest.Problems(b), "body.phone: ") {
			t.Errorf("update with a bad phone: %d %s", status, b)
		}
		if status, b := admin.Do("POST", "/api/v1/team-members", map[string]any{"type": "volunteer", "name": "无号码",
			"region_code": apptest.HomeVillage}); status != 422 || !strings.Contains(apptest.Problems(b), "body.phone: ") {
			t.Errorf("create without a phone: %d %s", status, b)
		}
		status, b = admin.Do("PUT", "/api/v1/team-members/"+id+"/grids", map[string]any{"grid_codes": []string{apptest.HomeGrid, homeGrid2}})
		if status != 200 || len(b.Get("grids").([]any)) != 2 {
			t.Fatalf("assign grids: %d %s", status, b)
		}
		if status, b := admin.Do("PUT", "/api/v1/team-members/"+id+"/grids", map[string]any{"grid_codes": []string{apptest.OtherGrid}}); status != 422 {
			t.Errorf("assign a grid out of scope: %d %s", status, b)
		}
		if status, b := admin.Do("PUT", "/api/v1/team-members/"+id, map[string]any{"type": "grid_worker", "name": "李网格",
			"phone": phone, "region_code": apptest.HomeGrid}); status != 422 || !strings.Contains(apptest.Problems(b), "不在所属区域") {
			t.Errorf("a home region that leaves its grids outside: %d %s", status, b)
		}

		// scope: another county sees nothing and gets 404 on everything
		other := e.Login(t, apptest.OtherAdmin)
		if _, b := list(other, ""); b.Int("total") != 0 {
			t.Errorf("another county lists: %s", b)
		}
		update := map[string]any{"type": "police", "name": "x", "phone": apptest.Phone(e.Unique()), "region_code": apptest.Other}
		for _, c := range []struct {
			method, path string
			body         any
		}{{"GET", "", nil}, {"PUT", "", update}, {"DELETE", "", nil}, {"PUT", "/grids", map[string]any{"grid_codes": []string{}}}} {
			st, b := other.Do(c.method, "/api/v1/team-members/"+id+c.path, c.body)
			if st != 404 {
				t.Errorf("%s %s from another county: %d %s", c.method, c.path, st, b)
			}
		}
		// the grid worker sees the members of its grid, the county-level one too
		county := e.NewMember(t, apptest.Home, apptest.HomeGrid)
		if st, b := list(e.Login(t, "grid_worker"), ""); st != 200 || b.Int("total") != 3 {
			t.Errorf("the grid worker's list: %d %s", st, b)
		}
		// a township admin sees a county member serving its grid, and may not change it
		town := e.NewUser(t, apptest.HomeTownship, "region_admin")
		tc := e.Login(t, town.Username)
		if st, _ := tc.Do("GET", "/api/v1/team-members/"+county, nil); st != 200 {
			t.Errorf("township admin reads a county member serving its grid: %d", st)
		}
		if st, b := tc.Do("DELETE", "/api/v1/team-members/"+county, nil); st != 403 {
			t.Errorf("township admin deletes a county member: %d %s", st, b)
		}

		if st, _ := admin.Do("DELETE", "/api/v1/team-members/"+id, nil); st != 204 {
			t.Fatalf("delete: %d", st)
		}
		if st, _ := admin.Do("GET", "/api/v1/team-members/"+id, nil); st != 404 {
			t.Errorf("deleted member: %d", st)
		}
		if _, b := admin.Do("GET", "/api/v1/grids/"+homeGrid2, nil); b.Int("members_count") != 1 {
			t.Errorf("after the delete grid 2 has: %s", b)
		}
	})
}
