package venue_test

import (
	"context"
	"strings"
	"testing"

	"healthgrid/internal/app/apptest"
)

// TestVenuesOverHTTP: a CDC officer adds, finds, changes, rotates and
// closes venues of their county; a code taken is a 409, a point outside
// the city or a grid outside their county a 422 naming the field, a venue
// of another county a 404; every write is audited.
func TestVenuesOverHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		cdc := e.Login(t, "epidemic_officer")
		lng, lat := apptest.GridPoint(apptest.HomeGrid)
		body := map[string]any{"code": "xf-t-001", "name": "测试小学", "kind": "school", "address": "东大街1号", "lng": lng,
			"lat": lat, "default_stay_minutes": 480}
		st, v := cdc.Do("POST", "/api/v1/epidemic/venues", body)
		if st != 201 || v.Str("code") != "XF-T-001" || v.Str("grid_code") != apptest.HomeGrid || len(v.Str("qr_token")) != 16 {
			t.Fatalf("create: %d %s", st, v)
		}
		if st, b := cdc.Do("POST", "/api/v1/epidemic/venues", body); st != 409 || b.Str("code") != "epidemic.venue_code_taken" {
			t.Errorf("the code again: %d %s", st, b)
		}
		for field, bad := range map[string]map[string]any{
			"body.lng":       {"lng": 0.0, "lat": 0.0},
			"body.grid_code": {"code": "", "grid_code": apptest.OtherGrid},
			"body.code":      {"code": "漢字"},
		} {
			b2 := map[string]any{}
			for k, x := range body {
				b2[k] = x
			}
			for k, x := range bad {
				b2[k] = x
			}
			st, b := cdc.Do("POST", "/api/v1/epidemic/venues", b2)
			if st != 422 || !strings.Contains(b.String(), field) {
				t.Errorf("%s: %d %s", field, st, b)
			}
		}
		if st, b := cdc.Do("POST", "/api/v1/epidemic/venues", map[string]any{"name": "x", "kind": "school", "lng": 500,
			"lat": lat, "default_stay_minutes": 0}); st != 422 {
			t.Errorf("out of range: %d %s", st, b)
		}
		st, gen := cdc.Do("POST", "/api/v1/epidemic/venues", map[string]any{"name": "东大街菜市场", "kind": "market",
			"lng": lng, "lat": lat, "default_stay_minutes": 60})
		if st != 201 || !strings.HasPrefix(gen.Str("code"), "MAR-") {
			t.Fatalf("generated code: %d %s", st, gen)
		}
		st, list := cdc.Do("GET", "/api/v1/epidemic/venues?kind=school&q=测试", nil)
		if st != 200 || list.Int("total") != 1 || list.Str("items.0.code") != "XF-T-001" {
			t.Errorf("list: %d %s", st, list)
		}
		other := e.Login(t, apptest.OtherAdmin)
		if st, _ := other.Do("GET", "/api/v1/epidemic/venues/XF-T-001", nil); st != 404 {
			t.Errorf("out of scope: %d", st)
		}
		if st, b := other.Do("GET", "/api/v1/epidemic/venues?q=测试", nil); st != 200 || b.Int("total") != 0 {
			t.Errorf("out of scope list: %d %s", st, b)
		}
		if st, b := cdc.Do("PATCH", "/api/v1/epidemic/venues/XF-T-001", map[string]any{"name": "测试实验小学",
			"default_stay_minutes": 420}); st != 200 || b.Str("name") != "测试实验小学" || b.Int("default_stay_minutes") != 420 {
			t.Errorf("patch: %d %s", st, b)
		}
		st, rot := cdc.Do("POST", "/api/v1/epidemic/venues/XF-T-001/rotate", nil)
		if st != 200 || rot.Str("qr_token") == v.Str("qr_token") {
			t.Errorf("rotate: %d %s", st, rot)
		}
		if st, b := cdc.Do("POST", "/api/v1/epidemic/venues/XF-T-001/close", nil); st != 200 || b.Str("closed_at") == "" {
			t.Errorf("close: %d %s", st, b)
		}
		if st, b := cdc.Do("GET", "/api/v1/epidemic/venues?closed=false&q=测试", nil); st != 200 || b.Int("total") != 0 {
			t.Errorf("closed filtered: %d %s", st, b)
		}
		for _, a := range []string{"create", "update", "rotate", "close"} {
			if n := auditCount(t, e, "epidemic.venue."+a); n == 0 {
				t.Errorf("audit %s: none", a)
			}
		}
	})
}

// TestPoster: the poster is a PNG.
func TestPoster(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		v := e.NewVenue(t, apptest.HomeGrid)
		st, b := e.Login(t, "epidemic_officer").Do("GET", "/api/v1/epidemic/venues/"+v.Code+"/poster.png", nil)
		if st != 200 || !strings.HasPrefix(b.String(), "\x89PNG") {
			t.Errorf("poster: %d %d bytes", st, len(b))
		}
		if st, _ := e.Login(t, apptest.OtherAdmin).Do("GET", "/api/v1/epidemic/venues/"+v.Code+"/poster.png", nil); st != 404 {
			t.Errorf("out of scope: %d", st)
		}
	})
}

// auditCount is how many audit records of action there are.
func auditCount(t *testing.T, e *apptest.Env, action string) int {
	var n int
	if err := e.App.DB.QueryRow(context.Background(), "SELECT COUNT(*) FROM audit_log WHERE action = ?", action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
