package app_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/auth"
	"healthgrid/internal/httpx"
	"healthgrid/internal/matter"
)

// route is one operation of the OpenAPI description.
type route struct {
	method, path, id, access string
}

// routes lists every operation the app describes, in a stable order, and
// fails for one registered without its access level.
func routes(t *testing.T, e *apptest.Env) []route {
	t.Helper()
	var out []route
	for path, item := range e.App.Router.API.OpenAPI().Paths {
		for method, op := range map[string]*huma.Operation{http.MethodGet: item.Get, http.MethodPost: item.Post,
			http.MethodPut: item.Put, http.MethodPatch: item.Patch, http.MethodDelete: item.Delete} {
			if op == nil {
				continue
			}
			access, ok := httpx.Access(op)
			if !ok {
				t.Errorf("%s %s (%s) has no access metadata: register it with httpx.Register", method, path, op.OperationID)
				continue
			}
			out = append(out, route{method, path, op.OperationID, access})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path+out[i].method < out[j].path+out[j].method })
	if len(out) < 30 {
		t.Fatalf("only %d operations described", len(out))
	}
	return out
}

// perms is every built-in role's permission set.
func perms() map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, r := range auth.Roles {
		out[r.Name] = map[string]bool{}
		for _, p := range r.Permissions {
			out[r.Name][p] = true
		}
	}
	return out
}

// allowed reports whether a role ("" anonymous) may use a route.
func allowed(role, access string) bool {
	switch access {
	case httpx.Public:
		return true
	case httpx.Authenticated, httpx.SelfService:
		return role != ""
	}
	return slices.ContainsFunc(strings.Split(access, "|"), func(perm string) bool { return perms()[role][perm] })
}

// call is one request of the matrix.
type call struct {
	path  string
	body  any
	token string // for a role: send this session instead of the role's own
	want  []int  // statuses when the caller may use the route; nil: anything but 401/403
}

// junk is the request any route gets when nothing better is known: path
// parameters from the fixture, an empty JSON object for a body.
func junk(t *testing.T, e *apptest.Env, r route) call {
	t.Helper()
	params := map[string]string{
		"/api/v1/regions/{code}":    "/api/v1/regions/" + apptest.HomeVillage,
		"/api/v1/units/{id}":        "/api/v1/units/" + e.City.Units["cdc:"+apptest.Home],
		"/api/v1/users/{id}":        "/api/v1/users/" + e.City.Users["grid_worker"],
		"/api/v1/grids/{code}":      "/api/v1/grids/" + apptest.HomeGrid,
		"/api/v1/team-members/{id}": "/api/v1/team-members/" + noMember,
		"/api/v1/residents/{id}":    "/api/v1/residents/" + e.City.People["resident:"+apptest.PeopleGrid],
		// none: 404 for who may look
		"/api/v1/residents/transfers/{id}": "/api/v1/residents/transfers/00000000-0000-7000-8000-000000000000",
		"/api/v1/buildings/{id}":           "/api/v1/buildings/" + e.City.People["building:"+apptest.PeopleGrid],
		"/api/v1/households/{id}":          "/api/v1/households/" + e.City.People["household:"+apptest.PeopleGrid],
		"/api/v1/imports/{id}":             "/api/v1/imports/00000000-0000-7000-8000-000000000000", // none: 404 for who may look
		"/api/v1/calendar/{year}":          "/api/v1/calendar/2027",
		"/api/v1/events/{id}":              "/api/v1/events/" + e.City.Events[apptest.HomeGrid],
		"/api/v1/attachments/{id}":         "/api/v1/attachments/00000000-0000-7000-8000-000000000000", // none: 404 for who may look
		"/api/v1/api-keys/{id}":            "/api/v1/api-keys/" + e.City.Keys[apptest.Home].ID,
		// none: 404 for who may look, as every route acts on the caller's own only
		"/api/v1/notifications/{id}":       "/api/v1/notifications/00000000-0000-7000-8000-000000000000",
		"/api/v1/notices/{id}":             "/api/v1/notices/00000000-0000-7000-8000-000000000000",
		"/api/v1/public/notices/{id}":      "/api/v1/public/notices/00000000-0000-7000-8000-000000000000",
		"/api/v1/public/bookings/{id}":     "/api/v1/public/bookings/00000000-0000-7000-8000-000000000000",
		"/api/v1/bookings/teams/{unit_id}": "/api/v1/bookings/teams/" + e.City.Units["cdc:"+apptest.Home],
		"/api/v1/bookings/{id}":            "/api/v1/bookings/00000000-0000-7000-8000-000000000000",
		"/api/v1/visits/{id}":              "/api/v1/visits/00000000-0000-7000-8000-000000000000",
		"/api/v1/visit-photos/{id}":        "/api/v1/visit-photos/00000000-0000-7000-8000-000000000000",
		"/api/v1/booking-services/{code}":  "/api/v1/booking-services/NOPE",
		// the catalogue is the same for every scope
		"/api/v1/matters/{code}":           "/api/v1/matters/HJWS-01",
		"/api/v1/matter-categories/{code}": "/api/v1/matter-categories/NOPE",
	}
	path := r.path
	for pattern, v := range params {
		if rest, ok := strings.CutPrefix(path, pattern); ok {
			path = v + rest
		}
	}
	if strings.Contains(path, "{") {
		t.Fatalf("%s %s: no fixture value for its path parameter; add one to junk", r.method, r.path)
	}
	c := call{path: path}
	if r.method != http.MethodGet && r.method != http.MethodDelete {
		c.body = map[string]any{}
	}
	return c
}

// rows are a module's rows of the permission matrix: per operation id, a
// request that succeeds for a caller who may use the route, on throw-away
// objects where it destroys something.
type rows map[string]func(t *testing.T, e *apptest.Env, role string) call

// valid is every module's rows. Routes without an entry get junk, and only
// the access layer is checked.
var valid = join(platformRows, populationRows, gridRows, importRows, noticeRows, bookingRows, visitRows)

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
		code := fmt.Sprintf("%s%03d", apptest.HomeVillage, 100+e.Unique())
		return call{path: "/api/v1/regions", body: map[string]string{"code": code, "name": "新网格"}, want: []int{201}}
	},
	"update-region": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/regions/" + apptest.HomeVillage, body: map[string]string{"name": "东大街社区"}, want: []int{200}}
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
	"get-attachment": linkedPhoto,
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
		return call{path: "/api/v1/matters", body: apptest.MatterBody(fmt.Sprintf("QT-%d", 100+e.Unique())), want: []int{201}}
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
		for _, r := range routes(t, e) {
			if r.access != httpx.Public && r.access != httpx.Authenticated && r.access != httpx.SelfService && !allowed("sysadmin", r.access) {
				t.Errorf("%s %s needs %q, which no role grants", r.method, r.path, r.access)
			}
			for _, role := range roles {
				name := role
				if name == "" {
					name = "anonymous"
				}
				cases++
				c := junk(t, e, r)
				if mk, ok := valid[r.id]; ok {
					c = mk(t, e, role)
				}
				requests := []call{c}
				if !allowed(role, r.access) {
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
					status, body := client.Do(r.method, c.path, c.body)
					switch {
					case !allowed(role, r.access) && role == "":
						if status != http.StatusUnauthorized {
							t.Errorf("%s %s as anonymous: %d, want 401: %s", r.method, c.path, status, body)
						}
					case !allowed(role, r.access):
						if status != http.StatusForbidden {
							t.Errorf("%s %s as %s (lacks %s): %d, want 403: %s", r.method, c.path, name, r.access, status, body)
						}
					case c.want != nil && !slices.Contains(c.want, status):
						t.Errorf("%s %s as %s: %d, want one of %v: %s", r.method, c.path, name, status, c.want, body)
					case status == http.StatusUnauthorized || status == http.StatusForbidden:
						t.Errorf("%s %s as %s (access %q): refused with %d: %s", r.method, c.path, name, r.access, status, body)
					}
				}
			}
		}
		t.Logf("%d routes × %d callers = %d cases", cases/len(roles), len(roles), cases)
	})
}
