package demo

import (
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"
)

// The real numbers in data/ (忻州 without 五台山风景名胜区).
const (
	wantCounties  = 14
	wantTownships = 170
	wantVillages  = 2852
)

var builtCity = sync.OnceValues(func() (*City, error) { return BuildCity(20261123) })

func testCity(t *testing.T) *City {
	t.Helper()
	c, err := builtCity()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestBuildCityIsDeterministic(t *testing.T) {
	a := testCity(t)
	b, err := BuildCity(20261123)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two builds with the same seed differ")
	}
	other, err := BuildCity(7)
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(a.Regions[20].Geometry, other.Regions[20].Geometry) {
		t.Error("another seed gave the same township area")
	}
	if !reflect.DeepEqual(a.Regions[:wantCounties+1], other.Regions[:wantCounties+1]) {
		t.Error("the city and counties should not depend on the seed")
	}
}

func TestCounts(t *testing.T) {
	c := testCity(t)
	n := map[string]int{}
	grids := map[string]int{}
	for _, r := range c.Regions {
		n[r.Level]++
		if r.Level == LevelGrid {
			grids[r.ParentCode]++
		}
	}
	want := map[string]int{LevelCity: 1, LevelCounty: wantCounties, LevelTownship: wantTownships, LevelVillage: wantVillages}
	for level, w := range want {
		if n[level] != w {
			t.Errorf("%d regions at level %s, want %d", n[level], level, w)
		}
	}
	if len(grids) != wantVillages {
		t.Errorf("%d villages have grids, want all %d", len(grids), wantVillages)
	}
	for v, k := range grids {
		if k < 2 || k > 4 {
			t.Errorf("village %s has %d grids, want 2–4", v, k)
		}
	}
}

func TestDemoRegions(t *testing.T) {
	c := testCity(t)
	for _, want := range []Region{
		{Code: "140900000000", Name: "忻州市", Level: LevelCity},
		{Code: "140902000000", Name: "忻府区", Level: LevelCounty, ParentCode: "140900000000"},
		{Code: "140921000000", Name: "定襄县", Level: LevelCounty, ParentCode: "140900000000"},
		{Code: "140902001000", Name: "秀容街道", Level: LevelTownship, ParentCode: "140902000000"},
		{Code: "140902001002", Name: "东大街社区", Level: LevelVillage, ParentCode: "140902001000"},
		{Code: "140902001002001", Name: "东大街社区第1网格", Level: LevelGrid, ParentCode: "140902001002"},
	} {
		got, ok := c.Region(want.Code)
		if !ok {
			t.Errorf("region %s missing", want.Code)
			continue
		}
		got.Geometry = nil
		if got != want {
			t.Errorf("region %s = %+v, want %+v", want.Code, got, want)
		}
	}
	if _, ok := c.Region("140971000000"); ok {
		t.Error("五台山风景名胜区 should be left out")
	}
	if _, ok := (&City{Regions: c.Regions}).Region("140902001002001"); !ok {
		t.Error("Region without an index should still find a grid")
	}
}

func TestRegionTree(t *testing.T) {
	c := testCity(t)
	seen := map[string]Region{}
	digits := map[string]int{LevelCounty: 6, LevelTownship: 9, LevelVillage: 12}
	childLevel := map[string]string{LevelCity: LevelCounty, LevelCounty: LevelTownship, LevelTownship: LevelVillage, LevelVillage: LevelGrid}
	for _, r := range c.Regions {
		if _, dup := seen[r.Code]; dup {
			t.Fatalf("code %s twice", r.Code)
		}
		seen[r.Code] = r
		if r.Level == LevelCity {
			continue
		}
		parent, ok := seen[r.ParentCode]
		if !ok {
			t.Fatalf("%s comes before its parent %s", r.Code, r.ParentCode)
		}
		if want := childLevel[parent.Level]; r.Level != want {
			t.Errorf("%s is a %s under a %s, want a %s", r.Code, r.Level, parent.Level, want)
		}
		n := digits[r.Level]
		switch r.Level {
		case LevelGrid:
			if len(r.Code) != 15 || r.Code[:12] != r.ParentCode || r.Code[12:] == "000" || strings.Trim(r.Code[12:], "0123456789") != "" {
				t.Errorf("grid code %s is not its village code %s + 3 digits", r.Code, r.ParentCode)
			}
		default:
			if len(r.Code) != 12 || r.Code[:n-3] != r.ParentCode[:n-3] || strings.Trim(r.Code[n:], "0") != "" {
				t.Errorf("%s code %s does not fit under %s", r.Level, r.Code, r.ParentCode)
			}
		}
		if r.Name == "" || r.Geometry == nil {
			t.Errorf("%s has no name or no geometry", r.Code)
		}
	}
}

// polygons lists a region's polygons, checking their rings are closed.
func polygons(t *testing.T, r Region) []orb.Polygon {
	t.Helper()
	var ps []orb.Polygon
	switch g := r.Geometry.(type) {
	case orb.Polygon:
		ps = []orb.Polygon{g}
	case orb.MultiPolygon:
		ps = g
	default:
		t.Fatalf("%s: geometry %T", r.Code, r.Geometry)
	}
	for _, p := range ps {
		for _, ring := range p {
			if len(ring) < 4 || !ring.Closed() {
				t.Fatalf("%s: ring of %d points, closed=%v", r.Code, len(ring), ring.Closed())
			}
		}
	}
	return ps
}
