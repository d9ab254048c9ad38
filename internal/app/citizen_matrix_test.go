package app_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"healthgrid/internal/app/apptest"
)

// citizenRows are the permission matrix's valid requests for the resident
// side: sign-up, binding, reports and the console's resident accounts.
// Objects are made only for the roles that may use a route.
var citizenRows = rows{
	// refused before the sign-up limit counts them: the matrix's callers share one address
	"register": func(_ *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/public/register", body: map[string]any{"phone": "12345678901", "code": "000000",
			"name": "矩阵", "region_code": apptest.HomeVillage}, want: []int{422}}
	},
	"reset-password-sms": func(_ *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/public/password/reset", body: map[string]any{"phone": "12345678901", "code": "000000",
			"password": "Xinzhou@2026"}, want: []int{422}}
	},
	// the fixture users have no phone to change; a wrong code for one that has
	"change-phone": func(_ *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/me/phone", body: map[string]any{"old_code": "000000", "phone": apptest.Phone(e.Unique()),
			"code": "000000"}, want: []int{409, 422}}
	},
	"public-me": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/public/me", want: []int{200}}
	},
	"bind": func(_ *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/public/me/bind", body: map[string]any{"name": "矩阵",
			"id_number": apptest.IDNumber(30000 + e.Unique())}, want: []int{200, 409}}
	},
	"report": func(*testing.T, *apptest.Env, string) call {
		lng, lat := apptest.GridPoint(apptest.HomeGrid)
		return call{path: "/api/v1/public/reports", body: map[string]any{"matter_code": "HJWS-01", "title": "井盖缺失",
			"lng": lng, "lat": lat}, want: []int{201}}
	},
	"my-reports": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/public/reports", want: []int{200}}
	},
	"my-report": func(t *testing.T, e *apptest.Env, role string) call {
		if !apptest.Allowed(role, "public:self") {
			return call{path: "/api/v1/public/reports/none"}
		}
		return call{path: "/api/v1/public/reports/" + e.NewReport(t, role, apptest.HomeGrid), want: []int{200}}
	},
	// a fresh report is not closed yet: past the access layer, refused by the workflow
	"rate-report": func(t *testing.T, e *apptest.Env, role string) call {
		c := call{path: "/api/v1/public/reports/none/rate", body: map[string]any{"rating": 5}}
		if apptest.Allowed(role, "public:self") {
			c.path, c.want = "/api/v1/public/reports/"+e.NewReport(t, role, apptest.HomeGrid)+"/rate", []int{409}
		}
		return c
	},
	"list-resident-accounts": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/resident-accounts?binding=claimed", want: []int{200}}
	},
	"confirm-resident-claim": claimAction("confirm", "resident_account:confirm", true),
	"reject-resident-claim":  claimAction("reject", "resident_account:confirm", false),
	"disable-resident-account": func(t *testing.T, e *apptest.Env, role string) call {
		if !apptest.Allowed(role, "resident_account:manage") {
			return call{path: "/api/v1/resident-accounts/none/disable"}
		}
		return call{path: "/api/v1/resident-accounts/" + e.NewUser(t, apptest.HomeGrid, "resident").ID + "/disable", want: []int{200}}
	},
}

// claimAction decides a new claim in the home grid, which every role that
// may decide claims covers.
func claimAction(action, perm string, record bool) func(t *testing.T, e *apptest.Env, role string) call {
	return func(t *testing.T, e *apptest.Env, role string) call {
		if !apptest.Allowed(role, perm) {
			return call{path: "/api/v1/resident-accounts/none/claims/" + action}
		}
		return call{path: fmt.Sprintf("/api/v1/resident-accounts/%s/claims/%s", e.NewClaim(t, apptest.HomeGrid, record), action),
			body: map[string]string{"note": "入户核实"}, want: []int{200}}
	}
}

// residentReach are the routes outside /public, /me, /auth, notifications
// and attachments that a resident's account may call: the city's reference
// data, their own booking and an (empty) inbox and its counts. Anything else
// answers 403.
var residentReach = []string{
	"GET /api/v1/calendar", "GET /api/v1/calendar/deadline", "GET /api/v1/matters", "GET /api/v1/matters/tree",
	"GET /api/v1/matters/{code}", "GET /api/v1/grids/locate", "GET /api/v1/dicts/population", "GET /api/v1/inbox",
	"GET /api/v1/inbox/counts", "GET /api/v1/bookings/{id}",
}

// TestResidentReach keeps a resident's account to its own: every route it
// may call outside its own prefixes is on residentReach; the matrix checks
// the 403 of the rest and the scope test the 404 of others' objects.
func TestResidentReach(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		var got []string
		for _, r := range e.Routes(t) {
			own := false
			for _, prefix := range []string{"/api/v1/public/", "/api/v1/me", "/api/v1/auth/", "/api/v1/notifications", "/api/v1/attachments",
				"/api/v1/ws"} {
				own = own || strings.HasPrefix(r.Path, prefix)
			}
			if !own && apptest.Allowed("resident", r.Access) {
				got = append(got, r.Method+" "+r.Path)
			}
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(residentReach))
		if !slices.Equal(got, want) {
			t.Errorf("a resident reaches %q, want %q", got, want)
		}
		if st, b := e.Login(t, "resident").Do(http.MethodGet, "/api/v1/events/"+e.City.Events[apptest.HomeGrid], nil); st != 403 {
			t.Errorf("a resident reads an event of their grid: %d %s", st, b)
		}
	})
}
