package region_test

import (
	"strings"
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/region"
)

// TestPublicRegions: a signed-out visitor lists the counties, a township's
// villages as leaves, nothing below a village, and is limited per address.
func TestPublicRegions(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := e.Client(t)
		st, b := c.Do("GET", "/api/v1/public/regions", nil)
		if st != 200 || b.Str("items.0.code") != apptest.Home || b.Str("items.0.level") != "county" ||
			b.Str("items.1.code") != apptest.Other || strings.Contains(b.String(), "geometry") {
			t.Errorf("counties: %d %s", st, b)
		}
		st, b = c.Do("GET", "/api/v1/public/regions?parent="+apptest.HomeTownship, nil)
		if st != 200 || b.Str("items.0.code") != apptest.HomeVillage || b.Get("items.0.leaf") != true {
			t.Errorf("villages: %d %s", st, b)
		}
		for _, code := range []string{apptest.HomeVillage, "140999999000"} {
			if st, b := c.Do("GET", "/api/v1/public/regions?parent="+code, nil); st != 404 {
				t.Errorf("children of %s: %d %s", code, st, b)
			}
		}
		for range region.LookupsPerHour - 4 {
			if st, b = c.Do("GET", "/api/v1/public/regions?parent="+apptest.Home, nil); st != 200 {
				t.Fatalf("a lookup under the limit: %d %s", st, b)
			}
		}
		if st, b = c.Do("GET", "/api/v1/public/regions", nil); st != 429 || !strings.Contains(b.String(), "quota.lookup") {
			t.Errorf("past the limit: %d %s", st, b)
		}
	})
}
