package matter_test

import (
	"strings"
	"testing"

	"healthgrid/internal/app/apptest"
)

func TestMatterCatalogue(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		grid := e.Login(t, "grid_worker")
		status, b := grid.Do("GET", "/api/v1/matters?size=200", nil)
		if status != 200 || b.Int("total") < 25 || b.Str("items.0.code") != "HJWS-01" || b.Str("items.0.category_name") != "环境卫生" ||
			b.Str("items.0.routing.township.lead") != "street_office" || b.Str("items.0.limits.handle.unit") != "working_days" {
			t.Fatalf("list: %d %s", status, b)
		}
		for query, want := range map[string]int{"category=CRB": 4, "q=投诉": 3, "enabled=false": 0, "category=JKGL&q=随访": 1} {
			if status, b := grid.Do("GET", "/api/v1/matters?"+query, nil); status != 200 || b.Int("total") != want {
				t.Errorf("list ?%s: %d %s, want %d", query, status, b, want)
			}
		}
		if status, b := grid.Do("GET", "/api/v1/matters?category=NOPE", nil); status != 404 {
			t.Errorf("list of an unknown category: %d %s", status, b)
		}
		if status, b := grid.Do("GET", "/api/v1/matters/tree", nil); status != 200 || b.Str("0.name") != "公共卫生" ||
			b.Str("0.children.0.matters.0.code") != "HJWS-01" {
			t.Errorf("tree: %d %s", status, b)
		}
		if status, b := grid.Do("GET", "/api/v1/matters/SPAQ-01", nil); status != 200 || b.Str("default_priority") != "urgent" {
			t.Errorf("get: %d %s", status, b)
		}
		if status, b := grid.Do("GET", "/api/v1/matters/NOPE-01", nil); status != 404 {
			t.Errorf("get of an unknown matter: %d %s", status, b)
		}
		if status, b := e.Login(t, "region_admin").Do("POST", "/api/v1/matters", apptest.MatterBody("QT-02")); status != 403 {
			t.Errorf("a region admin lacks matter:write: %d %s", status, b)
		}

		admin := e.Login(t, "sysadmin")
		status, m := admin.Do("POST", "/api/v1/matters", apptest.MatterBody("QT-02"))
		if status != 201 || m.Str("code") != "QT-02" || m.Str("default_priority") != "normal" ||
			m.Get("self_handle") != false {
			t.Fatalf("create with defaults: %d %s", status, m)
		}
		if status, b := admin.Do("POST", "/api/v1/matters", apptest.MatterBody("QT-02")); status != 409 {
			t.Errorf("the same code twice: %d %s", status, b)
		}
		for _, c := range []struct {
			name string
			edit func(b map[string]any)
			want []string
		}{
			{"schema", func(b map[string]any) {
				b["limits"].(map[string]any)["handle"] = map[string]any{"amount": 0, "unit": "weeks"}
			}, []string{"body.limits.handle.amount", "body.limits.handle.unit"}},
			{"rules", func(b map[string]any) {
				b["code"], b["category_code"] = "qt-02", "NOPE"
				b["routing"] = map[string]any{"city": map[string]any{"lead": "cdc"}, "grid": map[string]any{"lead": "cdc", "co": []string{"cdc"}}}
			}, []string{"body.code: ", "body.category_code: ", "body.routing.city: ", "body.routing.grid.co[0]: "}},
		} {
			body := apptest.MatterBody("QT-03")
			c.edit(body)
			status, b := admin.Do("POST", "/api/v1/matters", body)
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

		body := apptest.MatterBody("")
		delete(body, "code")
		body["enabled"] = false
		if status, b := admin.Do("PUT", "/api/v1/matters/QT-02", body); status != 200 || b.Get("enabled") != false {
			t.Errorf("disable: %d %s", status, b)
		}
		if status, b := grid.Do("GET", "/api/v1/matters?enabled=false", nil); status != 200 || b.Str("items.0.code") != "QT-02" {
			t.Errorf("the disabled matter is listed as such: %d %s", status, b)
		}
		if status, b := admin.Do("PUT", "/api/v1/matters/QT-99", body); status != 404 {
			t.Errorf("update of an unknown matter: %d %s", status, b)
		}

		if status, b := admin.Do("POST", "/api/v1/matter-categories", map[string]any{"code": "YJ", "name": "应急处置"}); status != 201 || b.Str("parent_code") != "" {
			t.Errorf("create category: %d %s", status, b)
		}
		if status, b := admin.Do("PUT", "/api/v1/matter-categories/YJ", map[string]any{"name": "应急", "parent_code": "ZH", "sort": 3}); status != 200 || b.Str("parent_code") != "ZH" {
			t.Errorf("move category: %d %s", status, b)
		}
		if status, b := admin.Do("PUT", "/api/v1/matter-categories/ZH", map[string]any{"name": "综合", "parent_code": "YJ"}); status != 422 ||
			!strings.Contains(apptest.Problems(b), "body.parent_code") {
			t.Errorf("move below itself: %d %s", status, b)
		}
		if status, b := admin.Do("DELETE", "/api/v1/matter-categories/QT", nil); status != 409 {
			t.Errorf("delete of a category with matters: %d %s", status, b)
		}
		if status, b := admin.Do("DELETE", "/api/v1/matter-categories/YJ", nil); status != 204 {
			t.Errorf("delete of an empty category: %d %s", status, b)
		}
		if status, b := admin.Do("GET", "/api/v1/audit?action=matter.update", nil); status != 200 || b.Str("items.0.object_id") != "QT-02" {
			t.Errorf("the edit is audited: %d %s", status, b)
		}
	})
}
