package app_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"healthgrid/internal/access"
	"healthgrid/internal/app/apptest"
	"healthgrid/internal/auth"
	"healthgrid/internal/epidemic"
	"healthgrid/internal/event"
	"healthgrid/internal/httpx"
	"healthgrid/internal/notice"
	"healthgrid/internal/testkit"
)

// outside is, per route with a path object, an object in 定襄县: outside the
// subtree of every role user, who all live in 忻府区.
func outside(e *apptest.Env) map[string]string {
	return map[string]string{
		"/api/v1/regions/{code}": apptest.OtherVillage,
		"/api/v1/units/{id}":     e.City.Units["cdc:"+apptest.Other],
		"/api/v1/users/{id}":     e.City.Users[apptest.OtherAdmin],
		"/api/v1/residents/{id}": e.City.People["resident:"+apptest.OtherGrid],
		// held and asked for in 定襄县 alone
		"/api/v1/residents/transfers/{id}": e.NewTransfer(testkit.PanicTB{}, apptest.OtherGrid, "140921100001002"),
		"/api/v1/buildings/{id}":           e.City.People["building:"+apptest.OtherGrid],
		"/api/v1/households/{id}":          e.City.People["household:"+apptest.OtherGrid],
		"/api/v1/grids/{code}":             apptest.OtherGrid,
		"/api/v1/team-members/{id}":        outsideMember(e),
		"/api/v1/imports/{id}":             outsideImport(e),
		"/api/v1/events/{id}":              e.City.Events[apptest.OtherGrid],
		"/api/v1/attachments/{id}":         e.PhotoIn(testkit.PanicTB{}, apptest.OtherGrid),
		"/api/v1/api-keys/{id}":            e.City.Keys[apptest.Other].ID,
		// another user's: the city admin's, whom no role user is
		"/api/v1/notifications/{id}": outsideNotification(e),
		// published by 定襄县's village office
		"/api/v1/notices/{id}": e.NewNotice(testkit.PanicTB{}, apptest.OtherVillage, notice.Published),
		// booked by someone living in 定襄县; the public route is the booker's own only
		"/api/v1/bookings/{id}":            e.NewBooking(testkit.PanicTB{}, apptest.OtherAdmin, apptest.OtherGrid),
		"/api/v1/public/bookings/{id}":     e.NewBooking(testkit.PanicTB{}, apptest.OtherAdmin, apptest.OtherGrid),
		"/api/v1/bookings/teams/{unit_id}": e.City.Units["cdc:"+apptest.Other],
		// to a resident of 定襄县
		"/api/v1/visits/{id}":       e.NewVisit(testkit.PanicTB{}, apptest.OtherGrid).ID,
		"/api/v1/visit-photos/{id}": e.NewVisit(testkit.PanicTB{}, apptest.OtherGrid).Photos[0].ID,
		// reported from the app by someone of 定襄县; the public route is the reporter's own only
		"/api/v1/public/reports/{id}":    e.NewReport(testkit.PanicTB{}, apptest.OtherAdmin, apptest.OtherGrid),
		"/api/v1/resident-accounts/{id}": e.NewUser(testkit.PanicTB{}, apptest.OtherGrid, "resident").ID,
		// drawn, and its rules set, by 定襄县; a resident of 定襄县
		"/api/v1/epidemic/risk-areas/{id}":          e.NewRiskArea(testkit.PanicTB{}, apptest.OtherGrid, true),
		"/api/v1/epidemic/risk-rulesets/{id}":       e.NewRuleset(testkit.PanicTB{}, apptest.Other),
		"/api/v1/epidemic/risk-flags/{resident_id}": e.City.People["resident:"+apptest.OtherGrid],
		// a local disease of 定襄县, and its protocol
		"/api/v1/epidemic/diseases/{code}": e.NewLocalDisease(testkit.PanicTB{}, apptest.Other),
		"/api/v1/epidemic/protocols/{id}":  e.NewLocalProtocol(testkit.PanicTB{}, apptest.Other),
		// a measure of a person of 定襄县; the public route is the bound resident's own only
		"/api/v1/epidemic/measures/{id}": e.NewMeasure(testkit.PanicTB{}, apptest.OtherGrid),
		"/api/v1/public/measures/{id}":   e.NewMeasure(testkit.PanicTB{}, apptest.OtherGrid),
		"/api/v1/epidemic/sites/{id}":    e.NewSite(testkit.PanicTB{}, apptest.Other, 2),
		// filed by 定襄县's commission for a resident of 定襄县
		"/api/v1/epidemic/reports/{id}": e.NewCard(testkit.PanicTB{}, apptest.Other, apptest.OtherGrid),
		// a result of a resident of 定襄县
		"/api/v1/epidemic/tests/{id}": e.NewTest(testkit.PanicTB{}, apptest.OtherGrid),
		// a list of 定襄县 naming a person of its grid
		"/api/v1/epidemic/screenings/{id}": outsideScreening(e),
		"/api/v1/epidemic/persons/{id}":    outsidePerson(e),
		// a verification's photo of a person placed in 定襄县
		"/api/v1/epidemic/person-photos/{id}": e.ScreenedPerson(testkit.PanicTB{}, apptest.OtherGrid, true, epidemic.ActVerify).Photos[0].ID,
		// a venue in 定襄县's grid
		"/api/v1/epidemic/venues/{code}": e.NewVenue(testkit.PanicTB{}, apptest.OtherGrid).Code,
		// a trace of a case of 定襄县
		"/api/v1/epidemic/traces/{id}": e.NewTrace(testkit.PanicTB{}, apptest.Other, apptest.OtherGrid),
		// a chain of 定襄县's persons alone, its exposure, an outbreak declared there
		"/api/v1/epidemic/chains/{id}":    outsideChain(e),
		"/api/v1/epidemic/exposures/{id}": outsideExposure(e),
		"/api/v1/epidemic/outbreaks/{id}": e.NewOutbreak(testkit.PanicTB{}, apptest.Other, apptest.OtherGrid),
		// a signal raised in a grid of 定襄县
		"/api/v1/epidemic/signals/{id}": e.NewSignal(testkit.PanicTB{}, apptest.OtherVillage),
	}
}

// outsideChain is a chain of two persons of 定襄县, for the scope test.
func outsideChain(e *apptest.Env) string {
	c, _ := e.NewChain(testkit.PanicTB{}, apptest.OtherGrid)
	return c
}

// outsideExposure is the exposure of such a chain, for the scope test.
func outsideExposure(e *apptest.Env) string {
	_, ex := e.NewChain(testkit.PanicTB{}, apptest.OtherGrid)
	return ex
}

// outsideScreening is a screening list of 定襄县, for the scope test.
func outsideScreening(e *apptest.Env) string {
	id, _ := e.NewScreeningBy(testkit.PanicTB{}, apptest.OtherAdmin, apptest.OtherGrid)
	return id
}

// outsidePerson is a risk person placed in 定襄县's grid, for the scope test.
func outsidePerson(e *apptest.Env) string {
	_, ps := e.NewScreeningBy(testkit.PanicTB{}, apptest.OtherAdmin, apptest.OtherGrid)
	return ps[0]
}

// outsideImport is an import job of 定襄县, for the scope test.
func outsideImport(e *apptest.Env) string {
	return e.NewImport(testkit.PanicTB{}, apptest.OtherAdmin, apptest.OtherGrid)
}

// outsideNotification is a notification of the city's admin, for the scope
// test: a case in the other county escalated twice reaches the city's centre.
func outsideNotification(e *apptest.Env) string {
	ctx, sys := context.Background(), e.System(testkit.PanicTB{})
	id, err := e.App.Events.Report(ctx, sys, event.Input{Source: "grid_worker", MatterCode: "HJWS-01", Title: "跨县垃圾倾倒",
		GridCode: apptest.OtherGrid})
	if err != nil {
		panic(err)
	}
	for range 2 {
		if err := e.App.Events.Apply(ctx, sys, id, event.ActionInput{Action: "escalate", Comment: "需上级统筹"}); err != nil {
			panic(err)
		}
	}
	got, _, err := e.App.Notify.List(ctx, e.City.Users[apptest.Admin], true, 0, 1)
	if err != nil || len(got) != 1 || got[0].EventID != id {
		panic(fmt.Sprintf("the admin's notification: %v %v", got, err))
	}
	return got[0].ID
}

// readVia is, per path object without a GET of its own, where the city
// admin reads it (with everything else of its kind) for the before and after.
var readVia = map[string]string{"/api/v1/residents/transfers/{id}": "/api/v1/residents/transfers?direction=incoming&size=200",
	"/api/v1/public/bookings/{id}":    "/api/v1/bookings?size=200",
	"/api/v1/public/reports/{id}":     "/api/v1/events?source=resident_app&size=200",
	"/api/v1/resident-accounts/{id}":  "/api/v1/resident-accounts?size=200",
	"/api/v1/public/measures/{id}":    "/api/v1/epidemic/measures?size=200",
	"/api/v1/epidemic/exposures/{id}": "/api/v1/epidemic/chains?size=200"}

// unscoped are the path objects that belong to no region: the city's
// reference data, the same for every caller.
// A venue's poster is scanned wherever the resident is: its code and token
// are on the wall, whichever county it hangs in.
var unscoped = []string{"/api/v1/matters/{code}", "/api/v1/matter-categories/{code}", "/api/v1/calendar/{year}",
	"/api/v1/booking-services/{code}", "/api/v1/public/venues/{code}"}

// scopeBody is a valid update of each kind of path object, referring only
// to regions in scope, so that the object itself is what is out of scope.
var scopeBody = map[string]any{
	"/api/v1/regions/{code}":                   map[string]string{"name": "越权改名"},
	"/api/v1/units/{id}":                       map[string]string{"name": "越权改名", "type": "other", "region_code": apptest.Home},
	"/api/v1/users/{id}":                       map[string]any{"name": "越权改名", "roles": []string{"grid_worker"}, "region_code": apptest.Home},
	"/api/v1/residents/{id}":                   map[string]any{"name": "越权改名", "grid_code": apptest.HomeGrid},
	"/api/v1/buildings/{id}":                   map[string]any{"name": "越权改名", "grid_code": apptest.HomeGrid},
	"/api/v1/households/{id}":                  map[string]any{"room": "越权"},
	"/api/v1/epidemic/diseases/{code}":         map[string]any{"incubation_days": 9},
	"/api/v1/epidemic/reports/{id}/review":     map[string]any{"decision": "approve"},
	"/api/v1/residents/transfers/{id}/approve": map[string]any{"note": "越权同意"},
	"/api/v1/residents/transfers/{id}/refuse":  map[string]any{"note": "越权拒绝"},
	// an action any role with event:read could take if the event were its own
	"/api/v1/events/{id}/actions": map[string]any{"action": "supervise", "comment": "越权督办"},
	// the grid routes' sub-routes with bodies of their own
	"/api/v1/grids/{code}/boundary":       map[string]any{"geometry": apptest.GridSquare(apptest.HomeGrid)},
	"/api/v1/grids/{code}/party-branches": map[string]any{"unit_ids": []string{}},
	"/api/v1/team-members/{id}": map[string]any{"type": "police", "name": "越权改名", "phone": "13912345678",
		"region_code": apptest.Home},
	"/api/v1/team-members/{id}/grids": map[string]any{"grid_codes": []string{apptest.HomeGrid}},
	"/api/v1/notices/{id}": map[string]any{"kind": "notice", "title": "越权改写", "body": "越权",
		"target_codes": []string{apptest.Home}},
	"/api/v1/notices/{id}/submit":             map[string]any{},
	"/api/v1/notices/{id}/approve":            map[string]any{},
	"/api/v1/notices/{id}/reject":             map[string]any{"comment": "越权退回"},
	"/api/v1/notices/{id}/withdraw":           map[string]any{"comment": "越权撤回"},
	"/api/v1/bookings/{id}/schedule":          map[string]any{"member_id": "anyone", "at": "2030-01-01T02:00:00Z"},
	"/api/v1/bookings/{id}/cancel":            map[string]any{"reason": "越权取消"},
	"/api/v1/bookings/teams/{unit_id}":        map[string]any{"per_day": 1},
	"/api/v1/public/reports/{id}/rate":        map[string]any{"rating": 5},
	"/api/v1/epidemic/sites/{id}":             map[string]any{"name": "越权改名", "region": apptest.Home, "room_count": 3},
	"/api/v1/epidemic/measures/{id}/extend":   map[string]any{"exposure_date": "2026-11-25", "reason": "越权"},
	"/api/v1/epidemic/measures/{id}/change":   map[string]any{"kind": "home_isolation", "reason": "越权"},
	"/api/v1/epidemic/measures/{id}/release":  map[string]any{"reason": "越权"},
	"/api/v1/epidemic/measures/{id}/assign":   map[string]any{"site_id": "none"},
	"/api/v1/epidemic/measures/{id}/checkins": map[string]any{"temperature": 36.5},
	"/api/v1/public/measures/{id}/checkins":   map[string]any{"temperature": 36.5},
	// a valid step on a person of 定襄县, refused for the person alone
	"/api/v1/epidemic/persons/{id}/reveal": map[string]any{},
	"/api/v1/epidemic/traces/{id}/push":    map[string]any{"name": "越权下发", "deadline": "2027-01-01T00:00:00Z"},
	"/api/v1/epidemic/persons/{id}/visit":  map[string]any{},
	"/api/v1/epidemic/persons/{id}/verify": map[string]any{"outcome": "found"},
	"/api/v1/epidemic/persons/{id}/decide": map[string]any{"measure": "none"},
	"/api/v1/epidemic/persons/{id}/report": map[string]any{},
	"/api/v1/epidemic/persons/{id}/assign": map[string]any{"grid_code": apptest.HomeGrid},
	"/api/v1/epidemic/persons/{id}/merge":  map[string]any{"into": "zzzzzzzz"},
	"/api/v1/epidemic/venues/{code}":       map[string]any{"name": "越权改名"},
	// a valid step on an outbreak of 定襄县, refused for the outbreak alone
	"/api/v1/epidemic/outbreaks/{id}/actions": map[string]any{"action": "control"},
	"/api/v1/epidemic/signals/{id}/actions":   map[string]any{"action": "verify"},
	// a valid lift of 定襄县's published area
	"/api/v1/epidemic/risk-areas/{id}/actions": map[string]any{"action": "lift"},
}

// TestScope checks data scope: every route on a path object answers 404 for
// an object in another county, to every role allowed to use it, and leaves
// it unchanged; lists hold exactly the caller's subtree.
func TestScope(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin, other := e.Login(t, apptest.Admin), e.Login(t, apptest.OtherAdmin)
		// 定襄县's admin writes, so that the audit log has records outside 忻府区
		if st, b := other.Do(http.MethodPost, "/api/v1/units", map[string]string{"name": "定襄县人民医院", "type": "hospital",
			"region_code": apptest.Other}); st != http.StatusCreated {
			t.Fatalf("other admin creates a unit: %d %s", st, b)
		}
		t.Run("objects", func(t *testing.T) { scopeObjects(t, e, admin, other) })
		t.Run("lists", func(t *testing.T) { scopeLists(t, e, admin) })
	})
}

func scopeObjects(t *testing.T, e *apptest.Env, admin, other *testkit.Client) {
	objects := outside(e)
	snapshot := func() map[string]string {
		out := map[string]string{}
		for pattern, obj := range objects {
			path := pattern[:strings.Index(pattern, "{")] + obj
			if via, ok := readVia[pattern]; ok {
				path = via
			}
			st, b := admin.Do(http.MethodGet, path, nil)
			if st != http.StatusOK {
				t.Fatalf("admin GET %s: %d %s", path, st, b)
			}
			out[path] = b.String()
		}
		return out
	}
	before := snapshot()
	type probe struct{ method, path, access string }
	probes := []probe{ // list filters naming a region beside the caller's
		{http.MethodGet, "/api/v1/regions?parent=" + apptest.Other, "region:read"},
		{http.MethodGet, "/api/v1/regions/" + apptest.OtherGrid, "region:read"},
		{http.MethodGet, "/api/v1/units?region=" + apptest.Other, "unit:read"},
		{http.MethodGet, "/api/v1/users?region=" + apptest.Other, "user:read"},
		{http.MethodGet, "/api/v1/grids?region=" + apptest.Other, "grid:read"},
		{http.MethodGet, "/api/v1/grids/boundaries?region=" + apptest.Other, "grid:read"},
		{http.MethodGet, "/api/v1/team-members?region=" + apptest.Other, "grid:read"},
		{http.MethodGet, "/api/v1/events?region=" + apptest.Other, "event:read"},
		{http.MethodGet, "/api/v1/notices?region=" + apptest.Other, "notice:write|notice:review"},
		{http.MethodGet, "/api/v1/visits?region=" + apptest.Other, "visit:read"},
		{http.MethodGet, "/api/v1/epidemic/vaccinations/coverage?region=" + apptest.Other, "epidemic:read"},
	}
	bodies := map[probe]any{}
	for _, r := range e.Routes(t) {
		if !strings.Contains(r.Path, "{") || r.Access == httpx.Public || slices.Contains(unscoped, r.Path) {
			continue
		}
		found := false
		for pattern, obj := range objects {
			if rest, ok := strings.CutPrefix(r.Path, pattern); ok {
				p := probe{r.Method, pattern[:strings.Index(pattern, "{")] + obj + rest, r.Access}
				if r.Method == http.MethodPut || r.Method == http.MethodPatch || r.Method == http.MethodPost && scopeBody[r.Path] != nil {
					if body, ok := scopeBody[r.Path]; ok { // a sub-route with a body of its own
						bodies[p] = body
					} else {
						bodies[p] = scopeBody[pattern]
					}
				}
				probes, found = append(probes, p), true
			}
		}
		if !found {
			t.Errorf("%s %s: no out-of-scope object for it; add one to outside", r.Method, r.Path)
		}
	}
	// grids/locate takes a point, not an object: one in 定襄县 is outside every
	// staff user's scope (a resident may locate anywhere, and learns the grid's
	// code and name only: TestLocateScope)
	lng, lat := apptest.GridPoint(apptest.OtherGrid)
	locate := fmt.Sprintf("/api/v1/grids/locate?lng=%g&lat=%g", lng, lat)
	cases := 0
	for _, r := range auth.Roles {
		c := e.Login(t, r.Name)
		for _, p := range probes {
			if !apptest.Allowed(r.Name, p.access) {
				continue
			}
			cases++
			if st, b := c.Do(p.method, p.path, bodies[p]); st != http.StatusNotFound {
				t.Errorf("%s %s as %s: %d, want 404: %s", p.method, p.path, r.Name, st, b)
			}
		}
		if r.Name != "resident" {
			cases++
			if st, b := c.Do(http.MethodGet, locate, nil); st != http.StatusNotFound {
				t.Errorf("GET %s as %s: %d, want 404: %s", locate, r.Name, st, b)
			}
		}
	}
	for path, was := range snapshot() {
		if before[path] != was {
			t.Errorf("%s changed by out-of-scope requests:\n%s\n%s", path, before[path], was)
		}
	}
	if st, b := other.Do(http.MethodGet, "/api/v1/me", nil); st != http.StatusOK {
		t.Errorf("the out-of-scope user's session ended: %d %s", st, b)
	}
	e.Login(t, apptest.OtherAdmin) // password not reset, account not disabled
	t.Logf("%d out-of-scope route × role cases", cases)
}

// ids are the sorted ids (region codes for regions) of the items keep accepts.
func ids(items []map[string]any, keep func(map[string]any) bool) []string {
	var out []string
	for _, it := range items {
		if keep(it) {
			id, _ := it["id"].(string)
			if id == "" {
				id, _ = it["code"].(string)
			}
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

func scopeLists(t *testing.T, e *apptest.Env, admin *testkit.Client) {
	ra := e.Login(t, "region_admin")
	home := e.City.Path(apptest.Home)
	inHome := func(path any) bool { s, _ := path.(string); return s != "" && strings.HasPrefix(s, home) }
	all := func(map[string]any) bool { return true }
	for code, path := range e.City.Paths {
		if !strings.HasPrefix(path, home) {
			continue
		}
		var want []string
		for child, p := range e.City.Paths {
			if strings.HasPrefix(p, path) && strings.Count(p, "/") == strings.Count(path, "/")+1 {
				want = append(want, child)
			}
		}
		slices.Sort(want)
		items, total := testkit.ListAll(t, ra, "/api/v1/regions?parent="+code)
		got := ids(items, func(it map[string]any) bool { return inHome(it["path"]) && it["parent_code"] == code })
		if !slices.Equal(got, want) || total != len(want) || len(items) != len(want) {
			t.Errorf("regions?parent=%s: %v (total %d), want %v", code, ids(items, all), total, want)
		}
	}
	units := func(it map[string]any) bool { return inHome(it["region_path"]) }
	users := func(it map[string]any) bool { s, _ := it["region_code"].(string); return inHome(e.City.Path(s)) }
	e.NewVenue(t, apptest.HomeGrid) // and objects made one in 定襄县
	for _, l := range []struct {
		path string
		in   func(map[string]any) bool
	}{{"/api/v1/units", units}, {"/api/v1/users", users}, {"/api/v1/grids", func(it map[string]any) bool { return inHome(it["path"]) }},
		{"/api/v1/epidemic/venues", users}} {
		mine, total := testkit.ListAll(t, ra, l.path)
		everything, _ := testkit.ListAll(t, admin, l.path)
		want := ids(everything, l.in)
		if got := ids(mine, all); !slices.Equal(got, want) || total != len(want) {
			t.Errorf("%s as 忻府区's region_admin: %v (total %d), want %v", l.path, got, total, want)
		}
		if len(want) == 0 || len(everything) == len(want) {
			t.Errorf("%s: the fixture must have items both in and out of 忻府区", l.path)
		}
	}
	scopeTransfers(t, e)
	cond, args := access.Scope(home).Subtree("scope_path")
	rows, err := e.App.DB.Query(t.Context(), "SELECT id FROM audit_log WHERE "+cond, args...)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for rows.Next() {
		var id string
		rows.Scan(&id)
		want = append(want, id)
	}
	rows.Close()
	slices.Sort(want)
	mine, total := testkit.ListAll(t, ra, "/api/v1/audit")
	if got := ids(mine, all); !slices.Equal(got, want) || total != len(want) {
		t.Errorf("audit as 忻府区's region_admin: %d records (total %d), want the %d in its subtree", len(got), total, len(want))
	}
	byOther := func(it map[string]any) bool { return it["actor"] == apptest.OtherAdmin }
	everything, _ := testkit.ListAll(t, admin, "/api/v1/audit")
	if len(ids(mine, byOther)) != 0 || len(ids(everything, byOther)) == 0 {
		t.Errorf("audit: 定襄县's admin's records must show to the city admin only")
	}
}

// scopeTransfers checks that every role sees, in each direction, exactly the
// transfer requests its region holds or asked for.
func scopeTransfers(t *testing.T, e *apptest.Env) {
	e.NewTransfer(t, apptest.HomeGrid, apptest.OtherGrid) // incoming for the home roles
	e.NewTransfer(t, apptest.OtherGrid, apptest.HomeGrid) // outgoing
	for _, r := range auth.Roles {
		if !apptest.Allowed(r.Name, "resident:read") {
			continue
		}
		c := e.Login(t, r.Name)
		for dir, col := range map[string]string{"incoming": "holder_path", "outgoing": "to_path"} {
			cond, args := access.Scope(e.City.Path(apptest.HomeOf(r.Name))).Subtree(col)
			rows, err := e.App.DB.Query(t.Context(), "SELECT id FROM resident_transfers WHERE "+cond, args...)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for rows.Next() {
				var id string
				rows.Scan(&id)
				want = append(want, id)
			}
			rows.Close()
			slices.Sort(want)
			items, total := testkit.ListAll(t, c, "/api/v1/residents/transfers?direction="+dir)
			if got := ids(items, func(map[string]any) bool { return true }); !slices.Equal(got, want) || total != len(want) || len(want) == 0 {
				t.Errorf("%s transfers as %s: %v (total %d), want %v", dir, r.Name, got, total, want)
			}
		}
	}
}
