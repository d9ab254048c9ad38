package app_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"healthgrid/internal/access"
	"healthgrid/internal/app/apptest"
	"healthgrid/internal/auth"
	"healthgrid/internal/httpx"
	"healthgrid/internal/testkit"
)

// scenario is one request through the real router and what must come back.
type scenario struct {
	name         string
	as           string // fixture username; "" anonymous
	method, path string
	body         any
	status       int
	location     string // for a 422: the field errors[].location must name
	check        func(t *testing.T, b testkit.Body, c *testkit.Client)
}

func scenarios(e *apptest.Env) []scenario {
	lng, lat := apptest.GridPoint(apptest.HomeGrid)
	otherLng, otherLat := apptest.GridPoint(apptest.OtherGrid)
	return []scenario{
		{name: "healthz", method: "GET", path: "/healthz", status: 200,
			check: func(t *testing.T, b testkit.Body, _ *testkit.Client) { wantText(t, b, "ok") }},
		{name: "readyz", method: "GET", path: "/readyz", status: 200,
			check: func(t *testing.T, b testkit.Body, _ *testkit.Client) { wantText(t, b, "ready") }},
		// served only to a token or on an address of their own (TestMetrics)
		{name: "metrics are not public", method: "GET", path: "/metrics", status: 404},
		{name: "openapi", method: "GET", path: "/api/openapi.json", status: 200, check: checkOpenAPI},
		{name: "meta", method: "GET", path: "/api/v1/meta", status: 200,
			check: func(t *testing.T, b testkit.Body, _ *testkit.Client) {
				if b.Get("demo") != true {
					t.Errorf("meta: %s", b)
				}
			}},
		{name: "unknown token", method: "GET", path: "/api/v1/me", status: 401,
			check: func(t *testing.T, b testkit.Body, c *testkit.Client) {
				c.Token = "no-such-session"
				if st, _ := c.Do("GET", "/api/v1/me", nil); st != 401 {
					t.Errorf("unknown bearer token: %d, want 401", st)
				}
			}},
		{name: "region with a bad code", as: "region_admin", method: "POST", path: "/api/v1/regions",
			body: map[string]string{"code": "14090200100X", "name": "坏编码"}, status: 422, location: "body.code"},
		{name: "region under another county", as: "region_admin", method: "POST", path: "/api/v1/regions",
			body: map[string]string{"code": "140921100002", "name": "越界村"}, status: 422, location: "body.code"},
		{name: "region that exists", as: "region_admin", method: "POST", path: "/api/v1/regions",
			body: map[string]string{"code": apptest.HomeVillage, "name": "重复"}, status: 409},
		{name: "user with a bad phone", as: "region_admin", method: "POST", path: "/api/v1/users",
			body: map[string]any{"username": "badphone", "name": "坏手机", "phone": "12345", "roles": []string{"grid_worker"},
				"region_code": apptest.Home}, status: 422, location: "body.phone"},
		{name: "unit of an unknown type", as: "region_admin", method: "POST", path: "/api/v1/units",
			body: map[string]string{"name": "太空站", "type": "spaceport", "region_code": apptest.Home}, status: 422, location: "body.type"},
		{name: "page size over 200", as: "region_admin", method: "GET", path: "/api/v1/units?size=201", status: 422, location: "query.size"},
		{name: "duplicate username", as: "region_admin", method: "POST", path: "/api/v1/users",
			body:   map[string]any{"username": "grid_worker", "name": "重名", "roles": []string{"grid_worker"}, "region_code": apptest.Home},
			status: 409},
		{name: "region_admin cannot grant sysadmin", as: "region_admin", method: "POST", path: "/api/v1/users",
			body:   map[string]any{"username": "wannabe", "name": "越权", "roles": []string{"sysadmin"}, "region_code": apptest.Home},
			status: 422, location: "body.roles"},
		{name: "region_admin cannot reset a sysadmin's password", as: "region_admin", method: "POST",
			path: "/api/v1/users/" + e.City.Users["sysadmin"] + "/reset-password", status: 403},
		{name: "region_admin cannot disable a sysadmin", as: "region_admin", method: "POST",
			path: "/api/v1/users/" + e.City.Users["sysadmin"] + "/disable", status: 403},
		{name: "nobody disables themselves", as: "region_admin", method: "POST",
			path: "/api/v1/users/" + e.City.Users["region_admin"] + "/disable", status: 409},
		{name: "locate a grid", as: "grid_worker", method: "GET", path: fmt.Sprintf("/api/v1/grids/locate?lng=%g&lat=%g", lng, lat),
			status: 200, check: func(t *testing.T, b testkit.Body, _ *testkit.Client) {
				if b.Str("grid.code") != apptest.HomeGrid || b.Str("chain.0.code") != apptest.CityCode || b.Str("chain.4.code") != apptest.HomeGrid {
					t.Errorf("locate: %s", b)
				}
			}},
		{name: "locate a grid in the other county", as: "grid_worker", method: "GET",
			path: fmt.Sprintf("/api/v1/grids/locate?lng=%g&lat=%g", otherLng, otherLat), status: 404},
		{name: "locate outside every grid", as: "grid_worker", method: "GET", path: "/api/v1/grids/locate?lng=100&lat=30", status: 404},
		{name: "sms codes are rate limited", method: "POST", path: "/api/v1/auth/sms/send", body: map[string]string{"phone": "13912345678"},
			status: 200, check: func(t *testing.T, _ testkit.Body, c *testkit.Client) {
				st, b := c.Do("POST", "/api/v1/auth/sms/send", map[string]string{"phone": "13912345678"})
				if st != 429 || c.Last.Header.Get("Retry-After") == "" {
					t.Errorf("second code within a minute: %d %s (Retry-After %q)", st, b, c.Last.Header.Get("Retry-After"))
				}
			}},
	}
}

func wantText(t *testing.T, b testkit.Body, s string) {
	t.Helper()
	if !strings.Contains(b.String(), s) {
		t.Errorf("body lacks %q: %.300s", s, b)
	}
}

func checkOpenAPI(t *testing.T, b testkit.Body, _ *testkit.Client) {
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1.") {
		t.Errorf("openapi %q, want 3.1.x", doc.OpenAPI)
	}
	for _, p := range []string{"/api/v1/auth/login", "/api/v1/users/{id}", "/api/v1/grids/locate", "/api/v1/audit/verify"} {
		if doc.Paths[p] == nil {
			t.Errorf("openapi.json lacks %s", p)
		}
	}
}

// TestHTTP runs the scenarios, then the flows that take several requests,
// and finally checks that the writes they made are in the audit log.
func TestHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		for _, s := range scenarios(e) {
			t.Run(s.name, func(t *testing.T) {
				c := e.Client(t)
				if s.as != "" {
					c = e.Login(t, s.as)
				}
				status, b := c.Do(s.method, s.path, s.body)
				if status != s.status {
					t.Fatalf("%s %s: %d, want %d: %.500s", s.method, s.path, status, s.status, b)
				}
				if status >= 400 && strings.HasPrefix(s.path, "/api/") {
					apptest.CheckProblem(t, c, b, status, s.location)
				}
				if s.check != nil {
					s.check(t, b, c)
				}
			})
		}
		t.Run("first login must change the password", func(t *testing.T) { firstLogin(t, e) })
		t.Run("disabling ends sessions", func(t *testing.T) { disabling(t, e) })
		t.Run("csrf", func(t *testing.T) { csrf(t, e) })
		t.Run("audit", func(t *testing.T) { audited(t, e) })
	})
}

func firstLogin(t *testing.T, e *apptest.Env) {
	admin := e.Login(t, "region_admin")
	st, b := admin.Do("POST", "/api/v1/users", map[string]any{"username": "newcomer", "name": "新同事", "phone": "13700000001",
		"roles": []string{"health_staff"}, "region_code": apptest.HomeTownship})
	pw := b.Str("initial_password")
	if st != 201 || pw == "" || b.Get("must_change_password") != true || b.Str("phone") != "137****0001" {
		t.Fatalf("create: %d %s", st, b)
	}
	c := e.Client(t)
	if st, b := c.Do("POST", "/api/v1/auth/login", map[string]string{"username": "newcomer", "password": pw}); st != 200 ||
		b.Get("user.must_change_password") != true {
		t.Fatalf("first login: %d %s", st, b)
	}
	c.Login("newcomer", pw)
	blocked := func(pending string) {
		t.Helper()
		st, b := c.Do("GET", "/api/v1/regions/"+apptest.HomeTownship, nil)
		if st != 403 || b.Str("detail") != pending {
			t.Errorf("before the step: %d %s, want 403 %q", st, b, pending)
		}
		if st, b := c.Do("GET", "/api/v1/me", nil); st != 200 || b.Str("pending") != pending {
			t.Errorf("me: %d %s", st, b)
		}
	}
	blocked(access.PasswordChangeRequired)
	if st, b := c.Do("POST", "/api/v1/me/password", map[string]string{"old_password": pw, "new_password": "weak"}); st != 422 ||
		b.Str("errors.0.location") != "body.new_password" {
		t.Errorf("weak new password: %d %s", st, b)
	}
	if st, b := c.Do("POST", "/api/v1/me/password", map[string]string{"old_password": pw, "new_password": "Fresh@2026x"}); st != 204 {
		t.Fatalf("change password: %d %s", st, b)
	}
	blocked(access.TOTPEnrolmentRequired) // staff outside the demo accounts need a second factor
	st, b = c.Do("POST", "/api/v1/me/totp/setup", nil)
	code, err := auth.TOTPCode(b.Str("secret"), e.Clock.Now())
	if st != 200 || err != nil {
		t.Fatalf("totp setup: %d %s %v", st, b, err)
	}
	if st, b := c.Do("POST", "/api/v1/me/totp/enable", map[string]string{"code": code}); st != 204 {
		t.Fatalf("totp enable: %d %s", st, b)
	}
	if st, b := c.Do("GET", "/api/v1/regions/"+apptest.HomeTownship, nil); st != 200 {
		t.Errorf("after both steps: %d %s", st, b)
	}
}

func disabling(t *testing.T, e *apptest.Env) {
	u := e.NewUser(t, apptest.HomeVillage, "grid_worker")
	victim, other := e.Login(t, u.Username), e.Login(t, u.Username)
	if st, _ := victim.Do("GET", "/api/v1/me", nil); st != 200 {
		t.Fatalf("before: %d", st)
	}
	admin := e.Login(t, "region_admin")
	if st, b := admin.Do("POST", "/api/v1/users/"+u.ID+"/disable", nil); st != 200 || b.Str("status") != "disabled" {
		t.Fatalf("disable: %d %s", st, b)
	}
	for _, c := range []*testkit.Client{victim, other} {
		if st, b := c.Do("GET", "/api/v1/me", nil); st != 401 {
			t.Errorf("a session of the disabled user: %d %s", st, b)
		}
	}
	if st, _ := e.Client(t).Do("POST", "/api/v1/auth/login", map[string]string{"username": u.Username, "password": apptest.Password}); st != 401 {
		t.Errorf("a disabled user logs in: %d", st)
	}
	if st, b := admin.Do("POST", "/api/v1/users/"+u.ID+"/enable", nil); st != 200 || b.Str("status") != "active" {
		t.Fatalf("enable: %d %s", st, b)
	}
	e.Login(t, u.Username)
}

func csrf(t *testing.T, e *apptest.Env) {
	c := e.Login(t, "region_admin")
	c.Token = "" // from here on the session cookie authenticates, as in the console
	if c.Cookies[httpx.SessionCookie] == "" || c.Cookies[httpx.CSRFCookie] == "" {
		t.Fatalf("login set no cookies: %v", c.Cookies)
	}
	if st, b := c.Do("GET", "/api/v1/me", nil); st != 200 || b.Str("username") != "region_admin" {
		t.Fatalf("cookie GET: %d %s", st, b)
	}
	unit := map[string]string{"name": "CSRF测试卫生院", "type": "hospital", "region_code": apptest.Home}
	for _, token := range []string{"", "wrong"} {
		c.Header.Set(httpx.CSRFHeader, token)
		if st, b := c.Do("POST", "/api/v1/units", unit); st != 403 {
			t.Errorf("cookie POST with CSRF token %q: %d %s", token, st, b)
		}
	}
	if _, b := c.Do("GET", "/api/v1/units?q=CSRF", nil); b.Int("total") != 0 {
		t.Errorf("a refused write left a unit: %s", b)
	}
	c.Header.Set(httpx.CSRFHeader, c.Cookies[httpx.CSRFCookie])
	if st, b := c.Do("POST", "/api/v1/units", unit); st != 201 {
		t.Errorf("cookie POST with the CSRF token: %d %s", st, b)
	}
	if st, b := c.Do("POST", "/api/v1/auth/logout", nil); st >= 300 || c.Cookies[httpx.SessionCookie] != "" {
		t.Errorf("logout: %d %s, cookies %v", st, b, c.Cookies)
	}
}

// audited checks that the writes of the scenarios and flows above are in the
// log, with their actors, and that the chain verifies.
func audited(t *testing.T, e *apptest.Env) {
	admin := e.Login(t, apptest.Admin)
	want := []struct{ action, actor, outcome string }{
		{"user.create", "region_admin", "success"},
		{"user.change_password", "newcomer", "success"},
		{"user.totp_enable", "newcomer", "success"},
		{"user.disable", "region_admin", "success"},
		{"user.enable", "region_admin", "success"},
		{"unit.create", "region_admin", "success"},
		{"auth.login", "newcomer", "success"},
		{"auth.logout", "region_admin", "success"},
	}
	for _, w := range want {
		path := "/api/v1/audit?action=" + w.action + "&outcome=" + w.outcome + "&actor=" + w.actor
		if st, b := admin.Do("GET", path, nil); st != 200 || b.Int("total") < 1 || b.Str("items.0.action") != w.action {
			t.Errorf("no %s audit record by %q (%s): %d %.300s", w.action, w.actor, w.outcome, st, b)
		}
	}
	if _, b := admin.Do("GET", "/api/v1/audit?action=auth.login&outcome=failure", nil); b.Str("items.0.detail.reason") != "disabled" {
		t.Errorf("the disabled user's login attempt is not the newest failed login: %.500s", b)
	}
	_, b := admin.Do("GET", "/api/v1/audit?action=user.disable", nil)
	if b.Str("items.0.object_type") != "user" || b.Str("items.0.object_id") == "" || b.Str("items.0.role") != "region_admin" {
		t.Errorf("disable record: %s", b)
	}
	_, all := admin.Do("GET", "/api/v1/audit?size=1", nil)
	st, v := admin.Do("GET", "/api/v1/audit/verify", nil)
	if st != 200 || v.Get("ok") != true || v.Int("checked") != all.Int("total") {
		t.Errorf("verify: %d %s (the city admin sees %d records)", st, v, all.Int("total"))
	}
}
