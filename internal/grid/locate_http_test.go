package grid_test

import (
	"fmt"
	"net/http"
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/testkit"
)

// TestLocateScope: staff locate only inside their subtree; residents and
// partners learn the grid's code and name, not the tree above it.
func TestLocateScope(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		at := func(grid string) string {
			lng, lat := apptest.GridPoint(grid)
			return fmt.Sprintf("/api/v1/grids/locate?lng=%g&lat=%g", lng, lat)
		}
		for _, c := range []struct {
			who    string
			grid   string
			status int
			chain  bool
		}{
			{apptest.Admin, apptest.OtherGrid, 200, true},
			{"region_admin", apptest.HomeGrid, 200, true},
			{"region_admin", apptest.OtherGrid, 404, false},
			{"grid_worker", apptest.HomeGrid, 200, true},
			{"grid_worker", "140902001002002", 404, false}, // the next grid: outside a grid worker's one grid
			{"dept_handler", apptest.OtherGrid, 404, false},
			{"resident", apptest.HomeGrid, 200, false},
			{"resident", apptest.OtherGrid, 200, false},
			{"partner", apptest.OtherGrid, 200, false},
		} {
			var cl *testkit.Client
			if c.who == "partner" {
				cl = e.Client(t)
				cl.Token = e.City.Keys[apptest.Home].Secret
			} else {
				cl = e.Login(t, c.who)
			}
			st, b := cl.Do(http.MethodGet, at(c.grid), nil)
			if st != c.status {
				t.Errorf("%s locating in %s: %d, want %d: %s", c.who, c.grid, st, c.status, b)
				continue
			}
			if st != 200 {
				apptest.CheckProblem(t, cl, b, st, "")
				continue
			}
			var got map[string]any
			if err := b.Decode(&got); err != nil || b.Str("grid.code") != c.grid || b.Str("grid.name") == "" {
				t.Errorf("%s: %s", c.who, b)
			}
			if grid, _ := got["grid"].(map[string]any); len(grid) != 2 {
				t.Errorf("%s: the grid carries more than its code and name: %s", c.who, b)
			}
			if _, has := got["chain"]; has != c.chain || c.chain && b.Str("chain.0.code") != apptest.CityCode {
				t.Errorf("%s: chain present %v, want %v: %s", c.who, has, c.chain, b)
			}
		}
	})
}
