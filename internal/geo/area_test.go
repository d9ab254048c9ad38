package geo

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
)

func TestAreaKnownValues(t *testing.T) {
	rad := math.Pi / 180
	// A cell bounded by meridians and parallels: R²·Δλ·(sin φ2 − sin φ1).
	band := func(lng0, lat0, lng1, lat1 float64) float64 {
		return earthRadius * earthRadius * (lng1 - lng0) * rad * (math.Sin(lat1*rad) - math.Sin(lat0*rad))
	}
	cw := square(0, 0, 1, 1)
	slices.Reverse(cw)
	for _, tc := range []struct {
		name string
		g    orb.Geometry
		want float64
	}{
		{"1° cell at the equator", orb.Polygon{square(0, 0, 1, 1)}, band(0, 0, 1, 1)},
		{"clockwise ring", orb.Polygon{cw}, band(0, 0, 1, 1)},
		{"ring", square(0, 0, 1, 1), band(0, 0, 1, 1)},
		{"bound", orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{1, 1}}, band(0, 0, 1, 1)},
		{"Xinzhou 0.01° cell", orb.Polygon{square(112.73, 38.41, 112.74, 38.42)}, band(112.73, 38.41, 112.74, 38.42)},
		{"with hole", orb.Polygon{square(112, 38, 113, 39), square(112.2, 38.2, 112.4, 38.4)},
			band(112, 38, 113, 39) - band(112.2, 38.2, 112.4, 38.4)},
		{"multipolygon", orb.MultiPolygon{{square(0, 0, 1, 1)}, {square(0, 10, 2, 11)}}, band(0, 0, 1, 1) + band(0, 10, 2, 11)},
		{"open ring", orb.Polygon{square(0, 0, 1, 1)[:4]}, band(0, 0, 1, 1)},
		{"point", orb.Point{1, 1}, 0},
		{"line", orb.LineString{{0, 0}, {1, 1}}, 0},
		{"nil", nil, 0},
		{"empty polygon", orb.Polygon{}, 0},
	} {
		if got := Area(tc.g); math.Abs(got-tc.want) > 1e-9*math.Max(tc.want, 1) {
			t.Errorf("%s: Area = %f m², want %f", tc.name, got, tc.want)
		}
	}
	// Sanity on magnitude: a 0.01° cell at 38°N is about 0.87 km × 1.11 km.
	if a := Area(orb.Polygon{square(112.73, 38.41, 112.74, 38.42)}); a < 0.95e6 || a > 0.98e6 {
		t.Errorf("0.01° cell = %.0f m², want about 0.97 km²", a)
	}
}

func TestAreaAgreesWithOrbGeo(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for range 500 {
		poly := starPolygon(r, orb.Point{73 + r.Float64()*60, 18 + r.Float64()*35}, 0.001+r.Float64()*0.5, r.IntN(2) == 0)
		got, want := Area(poly), orbgeo.Area(poly)
		if math.Abs(got-want) > 1e-6*want {
			t.Fatalf("Area = %f, orb/geo.Area = %f for %v", got, want, poly)
		}
	}
}
