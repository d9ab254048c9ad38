// Package demo builds the demo city 忻州市 from real public division data
// (counties with their boundaries, townships, villages and communities,
// embedded from data/) and generates, deterministically from a seed, the
// township, village and grid areas that nest inside the real county
// polygons, plus the units (health bodies, clinics, offices) that serve them.
package demo

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/paulmach/orb"
)

// Region levels, from the whole city down to a grid.
const (
	LevelCity     = "city"
	LevelCounty   = "county"
	LevelTownship = "township"
	LevelVillage  = "village"
	LevelGrid     = "grid"
)

// CityCode is the statistical code of 忻州市.
const CityCode = "140900000000"

// CityName is the demo city's name.
const CityName = "忻州市"

// Region is one node of the region tree. Names are place names (东大街社区,
// 光明寺村), not the committees' registered names.
type Region struct {
	Code, Name, Level, ParentCode string       // Level is one of the Level constants; ParentCode is "" for the city
	Geometry                      orb.Geometry // orb.Polygon or orb.MultiPolygon, WGS-84 lng/lat; nil for none
}

// Unit is an organisation that works in a region. Type is one of the Unit
// constants; Key is "<type>:<region code>", e.g. "cdc:140902000000", with
// ":2", ":3", … for further units of one type in one region.
type Unit struct{ Key, Name, Type, RegionCode string }

// City is the whole demo city: regions with parents before children, and units.
type City struct {
	Regions []Region
	Units   []Unit
	index   map[string]int
}

// Region looks up a region by code.
func (c *City) Region(code string) (Region, bool) {
	if c.index != nil {
		i, ok := c.index[code]
		if !ok {
			return Region{}, false
		}
		return c.Regions[i], true
	}
	for _, r := range c.Regions {
		if r.Code == code {
			return r, true
		}
	}
	return Region{}, false
}

// place is a region being built, with its shape in the form the geometry code uses.
type place struct {
	Region
	shape  [][]orb.Point
	center orb.Point // a point inside the shape where its urban children gather
	rural  bool      // for villages: a 村 rather than a community
	kind   townKind  // for townships
}

// BuildCity builds the demo city; the same seed gives an identical City.
func BuildCity(seed int64) (*City, error) {
	counties, err := loadCounties()
	if err != nil {
		return nil, err
	}
	townships, err := loadNamed("data/townships.csv")
	if err != nil {
		return nil, err
	}
	villages, err := loadNamed("data/villages.csv")
	if err != nil {
		return nil, err
	}
	towns := groupByParent(townships, 6)
	vills := groupByParent(villages, 9)

	city := place{Region: Region{Code: CityCode, Name: CityName, Level: LevelCity}}
	var cs, ts, vs, gs []place
	for _, c := range counties {
		cp := place{Region: Region{Code: c.code, Name: c.name, Level: LevelCounty, ParentCode: CityCode}, shape: c.shape}
		cp.Geometry = toGeometry(cp.shape)
		cp.center = c.seat
		city.shape = append(city.shape, c.shape...)
		cs = append(cs, cp)

		sp := newSplitter(seed, cp.Code, cp.shape)
		kids, err := children(sp, cp, towns[cp.Code[:6]], LevelTownship, func(p *place, name string) {
			p.kind = townshipKind(name)
		}, func(p place) bool { return p.kind.urban() })
		if err != nil {
			return nil, err
		}
		ts = append(ts, kids...)
	}
	for _, t := range ts {
		sp := newSplitter(seed, t.Code, t.shape)
		kids, err := children(sp, t, vills[t.Code[:9]], LevelVillage, func(p *place, registered string) {
			p.Name, p.rural = villageName(registered)
		}, func(p place) bool { return !p.rural })
		if err != nil {
			return nil, err
		}
		vs = append(vs, kids...)
	}
	for _, v := range vs {
		sp := newSplitter(seed, v.Code, v.shape)
		grids := make([]named, 2+sp.rng.IntN(3))
		for i := range grids {
			grids[i] = named{fmt.Sprintf("%s%03d", v.Code, i+1), fmt.Sprintf("%s第%d网格", v.Name, i+1)}
		}
		kids, err := children(sp, v, grids, LevelGrid, nil, nil)
		if err != nil {
			return nil, err
		}
		gs = append(gs, kids...)
	}
	if len(ts) != len(townships) || len(vs) != len(villages) {
		return nil, fmt.Errorf("demo: %d of %d townships and %d of %d villages have no parent",
			len(townships)-len(ts), len(townships), len(villages)-len(vs), len(villages))
	}
	city.Geometry = toMulti(city.shape)

	out := &City{index: map[string]int{}}
	for _, level := range [][]place{{city}, cs, ts, vs, gs} {
		for _, p := range level {
			out.index[p.Code] = len(out.Regions)
			out.Regions = append(out.Regions, p.Region)
		}
	}
	out.Units = buildUnits(city, cs, ts, vs)
	return out, nil
}

// children splits parent among rows, one region each. name may rename a
// child (and note its kind); urban says which children gather near the
// parent's centre, which only makes sense when the parent mixes both sorts.
func children(sp *splitter, parent place, rows []named, level string, name func(*place, string), urban func(place) bool) ([]place, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	kids := make([]place, len(rows))
	nUrban := 0
	for i, r := range rows {
		kids[i] = place{Region: Region{Code: r.code, Name: r.name, Level: level, ParentCode: parent.Code}}
		if name != nil {
			name(&kids[i], r.name)
		}
		if urban != nil && urban(kids[i]) {
			nUrban++
		}
	}
	var clustered func(int) bool
	if nUrban > 0 && nUrban < len(kids) {
		clustered = func(i int) bool { return urban(kids[i]) }
	}
	shapes, seeds, err := sp.split(len(kids), clustered, sp.interior(parent.center))
	if err != nil {
		return nil, fmt.Errorf("%w (%s %s)", err, parent.Code, parent.Name)
	}
	for i := range kids {
		kids[i].shape, kids[i].center = shapes[i], seeds[i]
		kids[i].Geometry = toGeometry(shapes[i])
	}
	return kids, nil
}

// groupByParent groups 12-digit codes by their first n digits, in code order.
func groupByParent(rows []named, n int) map[string][]named {
	rows = slices.Clone(rows)
	slices.SortFunc(rows, func(a, b named) int { return cmp.Compare(a.code, b.code) })
	out := map[string][]named{}
	for _, r := range rows {
		out[r.code[:n]] = append(out[r.code[:n]], r)
	}
	return out
}

// toMulti is a shape as an orb.MultiPolygon, whatever its number of rings.
func toMulti(rings [][]orb.Point) orb.MultiPolygon {
	if g, ok := toGeometry(rings).(orb.MultiPolygon); ok {
		return g
	}
	return orb.MultiPolygon{toGeometry(rings).(orb.Polygon)}
}
