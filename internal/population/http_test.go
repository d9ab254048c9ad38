package population_test

import (
	"net/http"
	"strings"
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/testkit"
)

// A township officer sees exactly the township's residents — in the list,
// its count and the export — and a region filter beside it answers 404.
func TestResidentsHTTPScope(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		town := e.NewUser(t, apptest.HomeTownship, "region_admin")
		c := e.Login(t, town.Username)
		admin := e.Login(t, apptest.Admin)
		if st, b := c.Do(http.MethodPost, "/api/v1/residents", map[string]any{"name": "王小明", "id_number": apptest.IDNumber(77),
			"phone": "13912340077", "grid_code": apptest.HomeGrid, "tags": []string{"高血压"}}); st != http.StatusCreated ||
			b.Str("phone") != "139****0077" || !strings.Contains(b.Str("id_number"), "********") {
			t.Fatalf("create: %d %s", st, b)
		}
		if st, b := c.Do(http.MethodPost, "/api/v1/residents", map[string]any{"name": "", "id_number": "123", "grid_code": apptest.HomeVillage + "999"}); st != http.StatusUnprocessableEntity ||
			len(b.Get("errors").([]any)) != 3 {
			t.Errorf("bad create: %d %s", st, b)
		}
		_, all := testkit.ListAll(t, admin, "/api/v1/residents")
		items, total := testkit.ListAll(t, c, "/api/v1/residents")
		if total != len(items) || total != all-1 { // the fixture's resident in 定襄县 is not the township's
			t.Errorf("township sees %d of %d", total, all)
		}
		for _, it := range items {
			if !strings.HasPrefix(it["region_path"].(string), e.City.Path(apptest.HomeTownship)) {
				t.Errorf("out of scope in the list: %v", it)
			}
		}
		if st, _ := c.Do(http.MethodGet, "/api/v1/residents?region="+apptest.Other, nil); st != http.StatusNotFound {
			t.Errorf("region beside the scope: %d", st)
		}
		if st, b := c.Do(http.MethodGet, "/api/v1/residents?tag=nonsense", nil); st != http.StatusUnprocessableEntity {
			t.Errorf("unknown tag: %d %s", st, b)
		}
		// the export is masked for everyone unless asked otherwise
		_, tagged := testkit.ListAll(t, c, "/api/v1/residents?tag=hypertension")
		leader := e.Login(t, e.NewUser(t, apptest.HomeTownship, "leader").Username)
		for _, who := range []*testkit.Client{c, leader} {
			table := apptest.ResidentsExport(t, who, "/api/v1/residents/export?tag=hypertension")
			if len(table) != tagged+1 || tagged < 1 {
				t.Errorf("export has %d rows for %d residents", len(table)-1, tagged)
			}
			for _, r := range table[1:] {
				if !strings.Contains(r[1], "*") || r[2] != "" && !strings.Contains(r[2], "*") {
					t.Errorf("not masked: %q", r)
				}
			}
		}
		st, b := c.Do(http.MethodGet, "/api/v1/dicts/population", nil)
		if st != http.StatusOK || len(b.Get("ethnicities").([]any)) != 58 || b.Str("ethnicities.2.name") != "回族" || b.Str("tags.0.code") != "elderly_65" {
			t.Errorf("dicts: %d %s", st, b)
		}
	})
}
