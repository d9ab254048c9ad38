package app_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/testkit"
)

// TestBadInput: text that is not what it seems and numbers that are not
// numbers are refused on every route by the same rules, with a 422 naming
// the field in a valid problem body.
func TestBadInput(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin, grid := e.Login(t, "region_admin"), e.Login(t, "grid_worker")
		lng, lat := apptest.GridPoint(apptest.HomeGrid)
		unit := func(name string) string {
			return `{"name":"` + name + `","type":"hospital","region_code":"` + apptest.Home + `"}`
		}
		report := func(extra string) string {
			return fmt.Sprintf(`{"source":"grid_worker","matter_code":"CRB-01","title":"发热","lng":%g,"lat":%g%s}`, lng, lat, extra)
		}
		for _, c := range []struct {
			name     string
			as       *testkit.Client
			method   string
			path     string
			body     string
			status   int
			location string
		}{
			{"NUL in a name", admin, "POST", "/api/v1/units", unit(`医院\u0000`), 422, "body.name"},
			{"escape character in a name", admin, "POST", "/api/v1/units", unit(`\u001b[31m医院`), 422, "body.name"},
			{"tab in a name", admin, "POST", "/api/v1/units", unit(`人民\t医院`), 422, "body.name"},
			{"line break in a name", admin, "POST", "/api/v1/units", unit(`人民\n医院`), 422, "body.name"},
			{"right-to-left override", admin, "POST", "/api/v1/units", unit(`院医\u202e民人`), 422, "body.name"},
			{"isolate", admin, "POST", "/api/v1/units", unit(`\u2066人民医院\u2069`), 422, "body.name"},
			{"zero-width name", admin, "POST", "/api/v1/units", unit(`\u200b\u200c\u2060`), 422, "body.name"},
			{"invalid UTF-8", admin, "POST", "/api/v1/units", unit("人民\xff医院"), 422, "body.name"},
			{"lone surrogate", admin, "POST", "/api/v1/units", unit(`人民\ud800医院`), 422, "body.name"},
			{"invalid UTF-8 in a query", admin, "GET", "/api/v1/units?q=%FF%FE", "", 422, "query.q"},
			{"control character in a query", admin, "GET", "/api/v1/units?q=a%00b", "", 422, "query.q"},
			{"a name with a joiner inside", admin, "POST", "/api/v1/units", unit(`人民\u200d医院`), 201, ""},
			{"lines in a description", grid, "POST", "/api/v1/events", report(`,"description":"第一行\n\t第二行"`), 201, ""},
			{"NUL in a description", grid, "POST", "/api/v1/events", report(`,"description":"a\u0000b"`), 422, "body.description"},
			{"line break in a title", grid, "POST", "/api/v1/events", report(`,"title":"a\nb"`), 422, "body.title"},
			{"lng NaN", admin, "GET", fmt.Sprintf("/api/v1/grids/locate?lng=NaN&lat=%g", lat), "", 422, "query.lng"},
			{"lng Inf", admin, "GET", fmt.Sprintf("/api/v1/grids/locate?lng=Inf&lat=%g", lat), "", 422, "query.lng"},
			{"lat -Inf", admin, "GET", fmt.Sprintf("/api/v1/grids/locate?lng=%g&lat=-Inf", lng), "", 422, "query.lat"},
			{"lat +Inf", admin, "GET", fmt.Sprintf("/api/v1/grids/locate?lng=%g&lat=%%2BInf", lng), "", 422, "query.lat"},
			{"a number past float64 in JSON", grid, "POST", "/api/v1/events",
				`{"source":"grid_worker","matter_code":"CRB-01","title":"发热","lng":1e999,"lat":38.4}`, 422, "body.lng"},
			{"NaN written into JSON", grid, "POST", "/api/v1/events",
				`{"source":"grid_worker","matter_code":"CRB-01","title":"发热","lng":112.7,"lat":NaN}`, 422, "body.lat"},
			{"-Infinity written into JSON", admin, "POST", "/api/v1/residents",
				`{"name":"王五","id_number":"` + apptest.IDNumber(91) + `","grid_code":"` + apptest.HomeGrid + `","lng":-Infinity}`, 422, "body.lng"},
		} {
			t.Run(c.name, func(t *testing.T) {
				var body any
				if c.body != "" {
					body = c.body
				}
				st, b := c.as.Do(c.method, c.path, body)
				if st != c.status {
					t.Fatalf("%d, want %d: %s", st, c.status, b)
				}
				if st >= 400 {
					apptest.CheckProblem(t, c.as, b, st, c.location)
				}
			})
		}
	})
}

// TestPagingPastTheEnd: a page beyond a list is empty on every list route,
// however large its number.
func TestPagingPastTheEnd(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.Login(t, apptest.Admin)
		lists := 0
		for _, r := range e.Routes(t) {
			op := e.App.Router.API.OpenAPI().Paths[r.Path].Get
			if r.Method != http.MethodGet || strings.Contains(r.Path, "{") || !hasParam(op.Parameters, "page") {
				continue
			}
			lists++
			_, first := admin.Do(http.MethodGet, r.Path+"?size=200", nil)
			past := first.Int("total")/200 + 2
			for _, page := range []string{fmt.Sprint(past), "46116860184273880", "9223372036854775807"} {
				st, b := admin.Do(http.MethodGet, r.Path+"?size=200&page="+page, nil)
				if st >= 500 || st == http.StatusOK && (b.Get("items") == nil || b.Get("items.0") != nil) {
					t.Errorf("GET %s page %s: %d %.300s", r.Path, page, st, b)
				}
			}
		}
		if lists < 10 {
			t.Errorf("only %d list routes found", lists)
		}
	})
}

func hasParam(params []*huma.Param, name string) bool {
	for _, p := range params {
		if p.Name == name {
			return true
		}
	}
	return false
}
