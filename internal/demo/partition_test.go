package demo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// TestChildrenPartitionParents checks every level against its parent with
// orb's own area and containment, not the code under test: the children's
// areas add up to the parent's, random points inside the parent lie in
// exactly one child, and every child vertex lies in (or on) its parent.
func TestChildrenPartitionParents(t *testing.T) {
	c := testCity(t)
	kids := map[string][]Region{}
	for _, r := range c.Regions {
		if r.Level != LevelCity && r.Level != LevelCounty {
			kids[r.ParentCode] = append(kids[r.ParentCode], r)
		}
	}
	rng := rand.New(rand.NewPCG(8, 9))
	checked := 0
	for _, parent := range c.Regions {
		children := kids[parent.Code]
		if len(children) == 0 {
			continue
		}
		checked++
		pg := parent.Geometry
		var sum float64
		for _, k := range children {
			polygons(t, k)
			sum += planar.Area(k.Geometry)
		}
		if want := planar.Area(pg); math.Abs(sum-want) > 1e-9*want {
			t.Errorf("%s %s: children cover %.12g of area %.12g", parent.Code, parent.Name, sum, want)
		}

		b := pg.Bound()
		for range 100 {
			p := orb.Point{b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1])}
			if !contains(pg, p) {
				continue
			}
			in := 0
			for _, k := range children {
				if contains(k.Geometry, p) {
					in++
				}
			}
			if in != 1 && minBoundaryDist(children, p) > 1e-9 {
				t.Errorf("%s: point %v lies in %d children", parent.Code, p, in)
			}
		}

		for _, k := range children {
			for _, poly := range polygons(t, k) {
				for _, v := range poly[0] {
					if !contains(pg, v) && planar.DistanceFrom(pg, v) > 1e-9 {
						t.Fatalf("%s: vertex %v of %s lies outside it", parent.Code, v, k.Code)
					}
				}
			}
		}
	}
	if checked != wantCounties+wantTownships+wantVillages {
		t.Errorf("checked %d parents", checked)
	}
}

// TestCityIsItsCounties checks the city's shape is exactly the 14 county polygons.
func TestCityIsItsCounties(t *testing.T) {
	c := testCity(t)
	city, _ := c.Region(CityCode)
	mp, ok := city.Geometry.(orb.MultiPolygon)
	if !ok || len(mp) != wantCounties {
		t.Fatalf("city geometry %T with %d parts", city.Geometry, len(mp))
	}
	var sum float64
	for _, r := range c.Regions[1 : wantCounties+1] {
		sum += planar.Area(r.Geometry)
	}
	if got := planar.Area(mp); math.Abs(got-sum) > 1e-12 {
		t.Errorf("city area %g, counties %g", got, sum)
	}
}

func contains(g orb.Geometry, p orb.Point) bool {
	switch g := g.(type) {
	case orb.Polygon:
		return planar.PolygonContains(g, p)
	case orb.MultiPolygon:
		return planar.MultiPolygonContains(g, p)
	}
	return false
}

func minBoundaryDist(regions []Region, p orb.Point) float64 {
	best := math.Inf(1)
	for _, r := range regions {
		best = math.Min(best, planar.DistanceFrom(r.Geometry, p))
	}
	return best
}
