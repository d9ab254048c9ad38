package apikey_test

import (
	"net/http"
	"strings"
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/httpx"
	"healthgrid/internal/testkit"
)

// TestAPIKeyAdmin: a region admin issues a key in their county (the secret
// shown once, never read back), sees the issue and the revocation in the
// audit log, and can neither issue nor touch a key beside their county.
func TestAPIKeyAdmin(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ra := e.Login(t, "region_admin")
		if st, b := ra.Do(http.MethodPost, "/api/v1/api-keys", map[string]string{"name": "定襄热线", "region_code": apptest.Other}); st != 422 ||
			b.Str("errors.0.location") != "body.region_code" {
			t.Errorf("a key beside the caller's county: %d %s", st, b)
		}
		st, k := ra.Do(http.MethodPost, "/api/v1/api-keys", map[string]string{"name": "忻府区便民APP", "region_code": apptest.HomeTownship})
		secret, id := k.Str("secret"), k.Str("id")
		if st != http.StatusCreated || !strings.HasPrefix(secret, k.Str("prefix")) || k.Str("status") != "active" ||
			k.Str("region_name") != "秀容街道" || k.Str("created_by_name") != "region_admin测试" {
			t.Fatalf("issue: %d %s", st, k)
		}
		for _, path := range []string{"/api/v1/api-keys/" + id, "/api/v1/api-keys?size=200"} {
			if st, b := ra.Do(http.MethodGet, path, nil); st != 200 || strings.Contains(b.String(), secret[len(k.Str("prefix")):]) ||
				!strings.Contains(b.String(), id) {
				t.Errorf("GET %s: %d %s", path, st, b)
			}
		}
		if st, b := e.Login(t, apptest.OtherAdmin).Do(http.MethodPost, "/api/v1/api-keys/"+id+"/revoke", nil); st != 404 {
			t.Errorf("定襄县's admin revokes it: %d %s", st, b)
		}
		if st, b := ra.Do(http.MethodPost, "/api/v1/api-keys/"+id+"/revoke", nil); st != 200 || b.Str("status") != "revoked" ||
			b.Str("revoked_at") == "" {
			t.Errorf("revoke: %d %s", st, b)
		}
		if st, b := ra.Do(http.MethodPost, "/api/v1/api-keys/"+id+"/revoke", nil); st != 409 {
			t.Errorf("revoke twice: %d %s", st, b)
		}
		st, b := ra.Do(http.MethodGet, "/api/v1/audit?action=apikey.&object_id="+id, nil)
		if st != 200 || b.Int("total") != 2 || b.Str("items.0.action") != "apikey.revoke" || b.Str("items.1.action") != "apikey.create" ||
			b.Str("items.1.actor") != "region_admin" || b.Str("items.1.detail.name") != "忻府区便民APP" {
			t.Errorf("audit: %d %s", st, b)
		}
		if st, b := ra.Do(http.MethodGet, "/api/v1/api-keys?status=active&region="+apptest.Home, nil); st != 200 ||
			b.Int("total") != 1 || b.Str("items.0.id") != e.City.Keys[apptest.Home].ID {
			t.Errorf("active keys of 忻府区: %d %s", st, b)
		}
	})
}

// TestAPIKeyBearer: a key is also a bearer token for /api/v1, with exactly
// the partner role's permissions over its county, on every route; revoked,
// it is refused, and sent as the session cookie it cannot write.
func TestAPIKeyBearer(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		key := e.NewKey(t, apptest.Home)
		c := e.Client(t)
		c.Token = key.Secret
		for _, r := range e.Routes(t) {
			path, req := e.Junk(t, r)
			status, body := c.Do(r.Method, path, req)
			switch {
			case !apptest.Allowed("partner", r.Access):
				if status != http.StatusForbidden {
					t.Errorf("%s %s (%s) with a key: %d, want 403: %s", r.Method, r.Path, r.Access, status, body)
				}
			case status == http.StatusUnauthorized || status == http.StatusForbidden:
				t.Errorf("%s %s (%s) with a key: refused with %d: %s", r.Method, r.Path, r.Access, status, body)
			}
		}
		st, b := c.Do(http.MethodPost, "/api/v1/events", map[string]any{"source": "hotline_12345", "matter_code": "HJWS-01",
			"title": "来电反映垃圾堆放", "grid_code": apptest.HomeGrid, "reporter_name": "市民"})
		if st != http.StatusCreated || !strings.HasPrefix(b.Str("timeline.0.actor"), "合作系统") || b.Str("reporter_name") != "市民" {
			t.Errorf("report with a key: %d %s", st, b)
		}
		if st, b := c.Do(http.MethodPost, "/api/v1/events", map[string]any{"source": "hotline_12345", "matter_code": "HJWS-01",
			"title": "越界", "grid_code": apptest.OtherGrid}); st != 422 {
			t.Errorf("report beside the key's county: %d %s", st, b)
		}
		_, mine := testkit.ListAll(t, c, "/api/v1/events")
		_, all := testkit.ListAll(t, e.Login(t, apptest.Admin), "/api/v1/events?region="+apptest.Home)
		if mine != all || mine < 2 {
			t.Errorf("events with a key: %d, want 忻府区's %d", mine, all)
		}

		cookie := e.Client(t)
		cookie.Cookies[httpx.SessionCookie] = key.Secret
		if st, b := cookie.Do(http.MethodPost, "/api/v1/events", map[string]any{"source": "hotline_12345", "matter_code": "HJWS-01",
			"title": "经 cookie", "grid_code": apptest.HomeGrid}); st != http.StatusForbidden || !strings.Contains(b.Str("detail"), "CSRF") {
			t.Errorf("a key as the session cookie writes: %d %s", st, b)
		}
		if _, err := e.App.APIKeys.Revoke(t.Context(), e.System(t), key.ID); err != nil {
			t.Fatal(err)
		}
		if st, b := c.Do(http.MethodGet, "/api/v1/events", nil); st != http.StatusUnauthorized {
			t.Errorf("a revoked key: %d %s", st, b)
		}
	})
}
