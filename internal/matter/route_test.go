package matter_test

import (
	"testing"

	"healthgrid/internal/matter"
)

func TestRouteFor(t *testing.T) {
	county := matter.Route{Lead: "cdc", Co: []string{"township_health_center"}}
	township := matter.Route{Lead: "street_office", Co: []string{"community_committee"}}
	grid := matter.Route{Lead: "community_committee"}
	m := matter.Matter{Input: matter.Input{Routing: map[string]matter.Route{"county": county, "township": township, "grid": grid}}}
	countyOnly := matter.Matter{Input: matter.Input{Routing: map[string]matter.Route{"county": county}}}
	villageOnly := matter.Matter{Input: matter.Input{Routing: map[string]matter.Route{"village": grid}}}
	s := matter.New(matter.Deps{})
	for _, c := range []struct {
		name  string
		m     matter.Matter
		level string
		want  string // lead; "" for none
	}{
		{"own level", m, "grid", "community_committee"},
		{"own level, township", m, "township", "street_office"},
		{"nearest above: village → township", m, "village", "street_office"},
		{"own level, county", m, "county", "cdc"},
		{"county only, from a grid", countyOnly, "grid", "cdc"},
		{"county only, from a township", countyOnly, "township", "cdc"},
		{"never below: county asked, village routed", villageOnly, "county", ""},
		{"never below: township asked", villageOnly, "township", ""},
		{"village only, from a grid", villageOnly, "grid", "community_committee"},
		{"city is above every routing level", m, "city", ""},
		{"unknown level", m, "planet", ""},
		{"no routing", matter.Matter{}, "grid", ""},
	} {
		r, ok := s.RouteFor(c.m, c.level)
		if ok != (c.want != "") || r.Lead != c.want {
			t.Errorf("%s: %+v %v, want lead %q", c.name, r, ok, c.want)
		}
	}
}
