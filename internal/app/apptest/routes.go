package apptest

import (
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/auth"
	"healthgrid/internal/httpx"
)

// Route is one operation of the OpenAPI description.
type Route struct {
	Method, Path, ID, Access string
}

// Routes lists every operation the app describes, in a stable order, and
// fails for one registered without its access level.
func (e *Env) Routes(t *testing.T) []Route {
	t.Helper()
	var out []Route
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
			out = append(out, Route{method, path, op.OperationID, access})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path+out[i].Method < out[j].Path+out[j].Method })
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

// Allowed reports whether a role ("" anonymous) may use a route of the
// given access level.
func Allowed(role, access string) bool {
	switch access {
	case httpx.Public:
		return true
	case httpx.Authenticated, httpx.SelfService:
		return role != ""
	}
	return slices.ContainsFunc(strings.Split(access, "|"), func(perm string) bool { return perms()[role][perm] })
}

// noMember is a team member id that exists nowhere: the path parameter for
// routes refused before they look.
const noMember = "00000000-0000-7000-8000-000000000000"

// Junk is the request any route gets when nothing better is known: path
// parameters from the fixture, an empty JSON object for a body.
func (e *Env) Junk(t *testing.T, r Route) (path string, body any) {
	t.Helper()
	params := map[string]string{
		"/api/v1/regions/{code}":    "/api/v1/regions/" + HomeVillage,
		"/api/v1/units/{id}":        "/api/v1/units/" + e.City.Units["cdc:"+Home],
		"/api/v1/users/{id}":        "/api/v1/users/" + e.City.Users["grid_worker"],
		"/api/v1/grids/{code}":      "/api/v1/grids/" + HomeGrid,
		"/api/v1/team-members/{id}": "/api/v1/team-members/" + noMember,
		"/api/v1/residents/{id}":    "/api/v1/residents/" + e.City.People["resident:"+PeopleGrid],
		// none: 404 for who may look
		"/api/v1/residents/transfers/{id}": "/api/v1/residents/transfers/00000000-0000-7000-8000-000000000000",
		"/api/v1/buildings/{id}":           "/api/v1/buildings/" + e.City.People["building:"+PeopleGrid],
		"/api/v1/households/{id}":          "/api/v1/households/" + e.City.People["household:"+PeopleGrid],
		"/api/v1/imports/{id}":             "/api/v1/imports/00000000-0000-7000-8000-000000000000", // none: 404 for who may look
		"/api/v1/calendar/{year}":          "/api/v1/calendar/2027",
		"/api/v1/events/{id}":              "/api/v1/events/" + e.City.Events[HomeGrid],
		"/api/v1/attachments/{id}":         "/api/v1/attachments/00000000-0000-7000-8000-000000000000", // none: 404 for who may look
		"/api/v1/api-keys/{id}":            "/api/v1/api-keys/" + e.City.Keys[Home].ID,
		// none: 404 for who may look, as every route acts on the caller's own only
		"/api/v1/notifications/{id}":       "/api/v1/notifications/00000000-0000-7000-8000-000000000000",
		"/api/v1/notices/{id}":             "/api/v1/notices/00000000-0000-7000-8000-000000000000",
		"/api/v1/public/notices/{id}":      "/api/v1/public/notices/00000000-0000-7000-8000-000000000000",
		"/api/v1/public/bookings/{id}":     "/api/v1/public/bookings/00000000-0000-7000-8000-000000000000",
		"/api/v1/public/reports/{id}":      "/api/v1/public/reports/00000000-0000-7000-8000-000000000000",
		"/api/v1/resident-accounts/{id}":   "/api/v1/resident-accounts/00000000-0000-7000-8000-000000000000",
		"/api/v1/bookings/teams/{unit_id}": "/api/v1/bookings/teams/" + e.City.Units["cdc:"+Home],
		"/api/v1/bookings/{id}":            "/api/v1/bookings/00000000-0000-7000-8000-000000000000",
		"/api/v1/visits/{id}":              "/api/v1/visits/00000000-0000-7000-8000-000000000000",
		"/api/v1/visit-photos/{id}":        "/api/v1/visit-photos/00000000-0000-7000-8000-000000000000",
		"/api/v1/booking-services/{code}":  "/api/v1/booking-services/NOPE",
		// the catalogue is the same for every scope
		"/api/v1/matters/{code}":           "/api/v1/matters/HJWS-01",
		"/api/v1/matter-categories/{code}": "/api/v1/matter-categories/NOPE",
		// the national list and its protocols are the same for every scope
		"/api/v1/epidemic/diseases/{code}": "/api/v1/epidemic/diseases/B27",
		"/api/v1/epidemic/protocols/{id}":  "/api/v1/epidemic/protocols/01930000-0000-7000-8000-000000000001",
		// none: 404 for who may look
		"/api/v1/epidemic/measures/{id}":            "/api/v1/epidemic/measures/00000000-0000-7000-8000-000000000000",
		"/api/v1/public/measures/{id}":              "/api/v1/public/measures/00000000-0000-7000-8000-000000000000",
		"/api/v1/epidemic/sites/{id}":               "/api/v1/epidemic/sites/00000000-0000-7000-8000-000000000000",
		"/api/v1/epidemic/reports/{id}":             "/api/v1/epidemic/reports/00000000-0000-7000-8000-000000000000", // none: 404
		"/api/v1/epidemic/tests/{id}":               "/api/v1/epidemic/tests/00000000-0000-7000-8000-000000000000",
		"/api/v1/epidemic/screenings/{id}":          "/api/v1/epidemic/screenings/00000000-0000-7000-8000-000000000000",
		"/api/v1/epidemic/persons/{id}":             "/api/v1/epidemic/persons/00000000-0000-7000-8000-000000000000",
		"/api/v1/epidemic/person-photos/{id}":       "/api/v1/epidemic/person-photos/00000000-0000-7000-8000-000000000000",
		"/api/v1/epidemic/venues/{code}":            "/api/v1/epidemic/venues/NOPE-000",
		"/api/v1/public/venues/{code}":              "/api/v1/public/venues/NOPE-000",
		"/api/v1/epidemic/traces/{id}":              "/api/v1/epidemic/traces/00000000-0000-7000-8000-000000000000",
		"/api/v1/epidemic/chains/{id}":              "/api/v1/epidemic/chains/00000000-0000-7000-8000-000000000000",
		"/api/v1/epidemic/exposures/{id}":           "/api/v1/epidemic/exposures/00000000-0000-7000-8000-000000000000",
		"/api/v1/epidemic/outbreaks/{id}":           "/api/v1/epidemic/outbreaks/00000000-0000-7000-8000-000000000000",
		"/api/v1/epidemic/signals/{id}":             "/api/v1/epidemic/signals/00000000-0000-7000-8000-000000000000",
		"/api/v1/epidemic/risk-areas/{id}":          "/api/v1/epidemic/risk-areas/00000000-0000-7000-8000-000000000000",
		"/api/v1/epidemic/risk-rulesets/{id}":       "/api/v1/epidemic/risk-rulesets/00000000-0000-7000-8000-000000000000",
		"/api/v1/epidemic/risk-flags/{resident_id}": "/api/v1/epidemic/risk-flags/" + e.City.People["resident:"+PeopleGrid],
	}
	path = r.Path
	for pattern, v := range params {
		if rest, ok := strings.CutPrefix(path, pattern); ok {
			path = v + rest
		}
	}
	if strings.Contains(path, "{") {
		t.Fatalf("%s %s: no fixture value for its path parameter; add one to Junk", r.Method, r.Path)
	}
	if r.Method != http.MethodGet && r.Method != http.MethodDelete {
		body = map[string]any{}
	}
	return path, body
}
