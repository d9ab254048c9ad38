package app_test

import (
	"reflect"
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/testkit"
)

// TestProblemCodesOnRoutes holds real routes to the problem shape the web
// words by: a stable code and params beside the unchanged detail.
func TestProblemCodesOnRoutes(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		want := func(t *testing.T, b testkit.Body, code, detail string, params map[string]any) {
			t.Helper()
			if b.Str("code") != code || detail != "" && b.Str("detail") != detail {
				t.Errorf("code %q detail %q, want %q %q: %s", b.Str("code"), b.Str("detail"), code, detail, b)
			}
			got, _ := b.Get("params").(map[string]any)
			if params != nil && !reflect.DeepEqual(got, params) {
				t.Errorf("params %v, want %v", got, params)
			}
		}
		t.Run("bad login", func(t *testing.T) {
			st, b := e.Client(t).Do("POST", "/api/v1/auth/login", map[string]string{"username": "region_admin", "password": "wrong-password-1"})
			if st != 401 {
				t.Fatalf("%d %s", st, b)
			}
			want(t, b, "auth.bad_credentials", "用户名或密码错误 / wrong username or password: unauthorized", nil)
		})
		t.Run("an action the event's status refuses", func(t *testing.T) {
			id := e.NewEvent(t, apptest.HomeGrid)
			st, b := e.Login(t, "dispatcher").Do("POST", "/api/v1/events/"+id+"/actions", map[string]any{"action": "verify"})
			if st != 409 {
				t.Fatalf("%d %s", st, b)
			}
			want(t, b, "event.action_not_allowed", "事件状态为「待受理」,不能核查结案 / verify is not allowed while the event is reported: conflict",
				map[string]any{"action": "verify", "status": "reported"})
		})
		t.Run("field errors", func(t *testing.T) {
			c := e.Login(t, "region_admin")
			st, b := c.Do("POST", "/api/v1/users", map[string]any{"username": "codes" + apptest.Phone(e.Unique()), "name": "坏手机",
				"phone": "12345", "roles": []string{"grid_worker"}, "region_code": apptest.Home})
			if st != 422 || b.Str("code") != "invalid" || b.Str("errors.0.location") != "body.phone" {
				t.Fatalf("%d %s", st, b)
			}
			// huma's own schema check: a required property missing
			st, b = c.Do("POST", "/api/v1/users", map[string]any{"name": "无用户名"})
			if st != 422 || b.Str("code") != "invalid" || b.Str("errors.0.code") != "validation.required" ||
				b.Str("errors.0.params.property") == "" {
				t.Errorf("schema violation: %d %s", st, b)
			}
		})
		t.Run("not found", func(t *testing.T) {
			st, b := e.Login(t, "dispatcher").Do("GET", "/api/v1/events/no-such-event", nil)
			if st != 404 {
				t.Fatalf("%d %s", st, b)
			}
			want(t, b, "event.not_found", "event: not found", nil)
		})
		t.Run("too many", func(t *testing.T) {
			c := e.Client(t)
			phone := apptest.Phone(e.Unique())
			c.Do("POST", "/api/v1/auth/sms/send", map[string]string{"phone": phone})
			st, b := c.Do("POST", "/api/v1/auth/sms/send", map[string]string{"phone": phone})
			if st != 429 {
				t.Fatalf("%d %s", st, b)
			}
			want(t, b, "auth.sms_wait", "发送过于频繁,请稍后再试 / wait before asking for another code", nil)
			if b.Int("params.seconds") < 1 {
				t.Errorf("params.seconds: %s", b)
			}
		})
		t.Run("login required", func(t *testing.T) {
			st, b := e.Client(t).Do("GET", "/api/v1/me", nil)
			if st != 401 {
				t.Fatalf("%d %s", st, b)
			}
			want(t, b, "auth.login_required", "请先登录 / login required", nil)
		})
	})
}
