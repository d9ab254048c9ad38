package app_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync/atomic"
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/auth"
	"healthgrid/internal/httpx"
	"healthgrid/internal/matter"
)

// call is one request of the matrix.
type call struct {
	path  string
	body  any
	token string // for a role: send this session instead of the role's own
	want  []int  // statuses when the caller may use the route; nil: anything but 401/403
}

// junk is the matrix's request when no row has a better one: apptest's Junk.
func junk(t *testing.T, e *apptest.Env, r apptest.Route) call {
	t.Helper()
	path, body := e.Junk(t, r)
	return call{path: path, body: body}
}

// rows are a module's rows of the permission matrix: per operation id, a
// request that succeeds for a caller who may use the route, on throw-away
// objects where it destroys something.
type rows map[string]func(t *testing.T, e *apptest.Env, role string) call

// valid is every module's rows. Routes without an entry get junk, and only
// the access layer is checked.
// fresh numbers the grids and matters the create rows make: codes with a
// sequence of three digits, which e.Unique's count over every route
// outruns.
var fresh atomic.Int32

var valid = join(platformRows, epidemicRows, chainRows, epidemicReportRows, epidemicWarningRows, epidemicTestRows,
	epidemicScreenRows, epidemicTraceRows, measureRows, venueRows, riskAreaRows, populationRows,
	gridRows, importRows, noticeRows, bookingRows, visitRows, citizenRows, inboxRows)

// join is the rows of every table, each operation in one only.
func join(tables ...rows) rows {
	out := rows{}
	for _, table := range tables {
		for id, mk := range table {
			if _, twice := out[id]; twice {
				panic("permission matrix: two rows for " + id)
			}
			out[id] = mk
		}
	}
	return out
}

// platformRows are the rows of identity, regions, units, calendar, events,
// API keys and the matter catalogue.
var platformRows = rows{
	"login": func(t *testing.T, e *apptest.Env, _ string) call {
		u := e.NewUser(t, apptest.Home, "leader")
		return call{path: "/api/v1/auth/login", body: map[string]string{"username": u.Username, "password": apptest.Password}, want: []int{200}}
	},
	"login-totp": func(t *testing.T, e *apptest.Env, _ string) call {
		tok, code := e.MFAChallenge(t)
		return call{path: "/api/v1/auth/totp", body: map[string]string{"mfa_token": tok, "code": code}, want: []int{200}}
	},
	"sms-send": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/auth/sms/send", body: map[string]string{"phone": apptest.Phone(e.Unique())}, want: []int{200}}
	},
	"sms-login": func(t *testing.T, e *apptest.Env, _ string) call {
		u := e.NewUser(t, apptest.Home, "grid_worker")
		return call{path: "/api/v1/auth/sms/login", body: map[string]string{"phone": u.Phone, "code": e.SMSCode(t, u.Phone)}, want: []int{200}}
	},
	"logout": func(t *testing.T, e *apptest.Env, role string) call {
		c := call{path: "/api/v1/auth/logout", want: []int{200, 204}}
		if role != "" { // a session of its own, so that the role's stays
			c.token = e.Login(t, role).Token
		}
		return c
	},
	"change-password": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/me/password", body: map[string]string{"old_password": "Wrong@2026", "new_password": "Other@2027x"}, want: []int{422}}
	},
	"totp-enable": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/me/totp/enable", body: map[string]string{"code": "000000"}, want: []int{409, 422}}
	},
	"totp-disable": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/me/totp/disable", body: map[string]string{"code": "000000"}, want: []int{409}}
	},
	"create-user": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/users", body: map[string]any{"username": fmt.Sprintf("new%d", e.Unique()), "name": "新用户",
			"roles": []string{"grid_worker"}, "region_code": apptest.HomeVillage}, want: []int{201}}
	},
	"update-user": func(t *testing.T, e *apptest.Env, _ string) call {
		u := e.NewUser(t, apptest.Home, "grid_worker")
		return call{path: "/api/v1/users/" + u.ID, body: map[string]any{"name": "改名", "roles": []string{"health_staff"},
			"region_code": apptest.HomeGrid}, want: []int{200}}
	},
	"disable-user":   userAction("disable"),
	"enable-user":    userAction("enable"),
	"reset-password": userAction("reset-password"),
	"list-regions": func(_ *testing.T, _ *apptest.Env, role string) call {
		return call{path: "/api/v1/regions?parent=" + apptest.HomeOf(role), want: []int{200}}
	},
	"get-region": func(_ *testing.T, _ *apptest.Env, role string) call {
		return call{path: "/api/v1/regions/" + apptest.HomeOf(role), want: []int{200}}
	},
	"get-unit": func(t *testing.T, e *apptest.Env, role string) call {
		return call{path: "/api/v1/units/" + e.NewUnit(t, apptest.HomeOf(role)), want: []int{200}}
	},
	"get-user": func(_ *testing.T, e *apptest.Env, role string) call {
		id := e.City.Users[role] // the caller's own: always in scope
		if role == "" {
			id = e.City.Users["grid_worker"]
		}
		return call{path: "/api/v1/users/" + id, want: []int{200}}
	},
	"create-region": func(t *testing.T, e *apptest.Env, _ string) call {
		code := fmt.Sprintf("%s%03d", apptest.HomeVillage, 100+fresh.Add(1))
		return call{path: "/api/v1/regions", body: map[string]string{"code": code, "name": "新网格"}, want: []int{201}}
	},
	"update-region": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/regions/" + apptest.HomeVillage, body: map[string]string{"name": "东大街社区"}, want: []int{200}}
	},
	"public-regions": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/public/regions?parent=" + apptest.HomeTownship, want: []int{200}}
	},
	"locate-grid": func(*testing.T, *apptest.Env, string) call {
		lng, lat := apptest.GridPoint(apptest.HomeGrid)
		return call{path: fmt.Sprintf("/api/v1/grids/locate?lng=%g&lat=%g", lng, lat), want: []int{200}}
	},
	"create-unit": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/units", body: map[string]string{"name": "新单位", "type": "hospital", "region_code": apptest.Home}, want: []int{201}}
	},
	"update-unit": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/units/" + e.NewUnit(t, apptest.HomeTownship),
			body: map[string]string{"name": "改名单位", "type": "other", "region_code": apptest.HomeVillage}, want: []int{200}}
	},
	"delete-unit": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/units/" + e.NewUnit(t, apptest.HomeVillage), want: []int{204}}
	},
	"get-calendar": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/calendar?year=2026", want: []int{200}}
	},
	"calendar-deadline": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/calendar/deadline?from=2026-09-30T10:00:00%2B08:00&amount=1&unit=working_days", want: []int{200}}
	},
	"set-calendar-year": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/calendar/2027", body: map[string]any{"days": []map[string]string{
			{"day": "2027-01-01", "kind": "holiday", "name": "元旦"}}}, want: []int{200}}
	},
	"list-events": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/events?region=" + apptest.HomeTownship, want: []int{200}}
	},
	"get-event": func(_ *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/events/" + e.City.Events[apptest.HomeGrid], want: []int{200}}
	},
	"reveal-event": func(_ *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/events/" + e.City.Events[apptest.HomeGrid] + "/reveal", want: []int{200}}
	},
	// a photo reported in the home grid, which every role that reads events there may see
	// (a resident: someone else's report, which is not theirs to see)
	"get-attachment": func(t *testing.T, e *apptest.Env, role string) call {
		want := 200
		if !apptest.Allowed(role, "event:read") {
			want = 404
		}
		return call{path: "/api/v1/attachments/" + e.PhotoIn(t, apptest.HomeGrid), want: []int{want}}
	},
	"create-event": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/events", body: map[string]any{"source": "grid_worker", "matter_code": "HJWS-01",
			"title": "楼道堆放杂物", "grid_code": apptest.HomeGrid}, want: []int{201}}
	},
	// each role takes the step its part in the workflow gives it on a new
	// event; a department signs for a task dispatched to its unit
	"event-action": func(t *testing.T, e *apptest.Env, role string) call {
		id := e.NewEvent(t, apptest.HomeGrid)
		c := call{path: "/api/v1/events/" + id + "/actions", want: []int{200}, body: map[string]string{"action": "register"}}
		switch role {
		case "leader":
			c.body = map[string]string{"action": "supervise", "comment": "尽快办理"}
		case "grid_worker":
			c.body = map[string]string{"action": "self_handle"}
		case "health_staff", "dept_handler", "epidemic_officer":
			task := e.DispatchEvent(t, id, e.City.Units["health_commission:"+apptest.Home])
			c.body = map[string]string{"action": "accept", "task_id": task}
		case "partner": // a partner verifies the case it reported, once handled
			c.path, c.body = "/api/v1/events/"+handledReport(t, e, "partner")+"/actions", map[string]string{"action": "verify"}
		}
		return c
	},
	"list-api-keys": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/api-keys?region=" + apptest.Home, want: []int{200}}
	},
	"create-api-key": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/api-keys", body: map[string]string{"name": "12345热线", "region_code": apptest.HomeTownship}, want: []int{201}}
	},
	"get-api-key": func(_ *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/api-keys/" + e.City.Keys[apptest.Home].ID, want: []int{200}}
	},
	"revoke-api-key": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/api-keys/" + e.NewKey(t, apptest.Home).ID + "/revoke", want: []int{200}}
	},
	"list-matters": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/matters?category=GGWS", want: []int{200}}
	},
	"matter-tree": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/matters/tree", want: []int{200}}
	},
	"get-matter": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/matters/CRB-01", want: []int{200}}
	},
	"create-matter": func(_ *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/matters", body: apptest.MatterBody(fmt.Sprintf("QT-%d", 100+fresh.Add(1))), want: []int{201}}
	},
	"update-matter": func(*testing.T, *apptest.Env, string) call {
		body := apptest.MatterBody("")
		delete(body, "code")
		return call{path: "/api/v1/matters/QT-01", body: body, want: []int{200}}
	},
	"create-matter-category": func(_ *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/matter-categories", body: map[string]any{"code": fmt.Sprintf("T%d", e.Unique()), "name": "临时分类"}, want: []int{201}}
	},
	"update-matter-category": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/matter-categories/QT", body: map[string]any{"name": "其他", "parent_code": "ZH", "sort": 1}, want: []int{200}}
	},
	"delete-matter-category": func(t *testing.T, e *apptest.Env, _ string) call {
		code := fmt.Sprintf("T%d", e.Unique())
		if _, err := e.App.Matters.CreateCategory(context.Background(), matter.CreateCategoryInput{Code: code,
			CategoryInput: matter.CategoryInput{Name: "临时分类"}}); err != nil {
			t.Fatal(err)
		}
		return call{path: "/api/v1/matter-categories/" + code, want: []int{204}}
	},
}

// handledReport is an event the user reported in their grid's county,
// dispatched to 忻府区's commission and handled there: it awaits verification.
func handledReport(t *testing.T, e *apptest.Env, reporter string) string {
	t.Helper()
	st, b := e.Login(t, reporter).Do(http.MethodPost, "/api/v1/events", map[string]any{"source": "hotline_12345", "matter_code": "HJWS-01",
		"title": "垃圾堆放", "grid_code": apptest.HomeGrid})
	if st != http.StatusCreated {
		t.Fatalf("%s reports: %d %s", reporter, st, b)
	}
	id := b.Str("id")
	task := e.DispatchEvent(t, id, e.City.Units["health_commission:"+apptest.Home])
	handler := e.Login(t, "dept_handler")
	for _, action := range []map[string]string{{"action": "accept", "task_id": task}, {"action": "handle", "task_id": task, "comment": "已清理"}} {
		if st, b := handler.Do(http.MethodPost, "/api/v1/events/"+id+"/actions", action); st != http.StatusOK {
			t.Fatalf("%v: %d %s", action, st, b)
		}
	}
	return id
}

func userAction(action string) func(t *testing.T, e *apptest.Env, _ string) call {
	return func(t *testing.T, e *apptest.Env, _ string) call {
		u := e.NewUser(t, apptest.HomeVillage, "grid_worker")
		return call{path: "/api/v1/users/" + u.ID + "/" + action, want: []int{200}}
	}
}

// TestPermissionMatrix sends every described operation as every built-in
// role (living in 忻府区) and as an anonymous caller: anonymous gets 401 on
// any non-public route, a role without the permission 403 — before the input
// is even validated — and a role with it the route's real answer.
func TestPermissionMatrix(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		roles := []string{""} // anonymous
		clients := map[string]string{}
		for _, r := range auth.Roles {
			roles = append(roles, r.Name)
			clients[r.Name] = e.Login(t, r.Name).Token
		}
		cases := 0
		for _, r := range e.Routes(t) {
			if r.Access != httpx.Public && r.Access != httpx.Authenticated && r.Access != httpx.SelfService && !apptest.Allowed("sysadmin", r.Access) {
				t.Errorf("%s %s needs %q, which no role grants", r.Method, r.Path, r.Access)
			}
			for _, role := range roles {
				name := role
				if name == "" {
					name = "anonymous"
				}
				cases++
				c := junk(t, e, r)
				if mk, ok := valid[r.ID]; ok {
					c = mk(t, e, role)
				}
				requests := []call{c}
				if !apptest.Allowed(role, r.Access) {
					requests = append(requests, junk(t, e, r)) // refused whatever the input
				}
				for _, c := range requests {
					client := e.Client(t)
					if role != "" {
						client.Token = clients[role]
						if c.token != "" {
							client.Token = c.token
						}
					}
					status, body := client.Do(r.Method, c.path, c.body)
					switch {
					case !apptest.Allowed(role, r.Access) && role == "":
						if status != http.StatusUnauthorized {
							t.Errorf("%s %s as anonymous: %d, want 401: %s", r.Method, c.path, status, body)
						}
					case !apptest.Allowed(role, r.Access):
						if status != http.StatusForbidden {
							t.Errorf("%s %s as %s (lacks %s): %d, want 403: %s", r.Method, c.path, name, r.Access, status, body)
						}
					case c.want != nil && !slices.Contains(c.want, status):
						t.Errorf("%s %s as %s: %d, want one of %v: %s", r.Method, c.path, name, status, c.want, body)
					case status == http.StatusUnauthorized || status == http.StatusForbidden:
						t.Errorf("%s %s as %s (access %q): refused with %d: %s", r.Method, c.path, name, r.Access, status, body)
					}
				}
			}
		}
		t.Logf("%d routes × %d callers = %d cases", cases/len(roles), len(roles), cases)
	})
}
