package geo

import (
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// ErrInvalidPolygon is wrapped by every error from ValidPolygon.
var ErrInvalidPolygon = errors.New("geo: invalid polygon")

// ValidPolygon checks that g is a Polygon or MultiPolygon whose rings each
// are closed, have at least 4 points (3 distinct corners), use finite
// coordinates within lng −180..180 and lat −90..90, and do not intersect
// themselves (including touching, spikes and zero-area rings). Repeated
// consecutive points are tolerated. It does not check how rings relate to
// each other (holes inside the shell, polygons of a MultiPolygon disjoint).
func ValidPolygon(g orb.Geometry) error {
	switch g := g.(type) {
	case orb.Polygon:
		return validPolygon(g, "")
	case orb.MultiPolygon:
		if len(g) == 0 {
			return fmt.Errorf("%w: multipolygon has no polygons", ErrInvalidPolygon)
		}
		for i, p := range g {
			if err := validPolygon(p, fmt.Sprintf("polygon %d ", i)); err != nil {
				return err
			}
		}
		return nil
	case nil:
		return fmt.Errorf("%w: no geometry", ErrInvalidPolygon)
	}
	return fmt.Errorf("%w: want Polygon or MultiPolygon, got %s", ErrInvalidPolygon, g.GeoJSONType())
}

func validPolygon(p orb.Polygon, where string) error {
	if len(p) == 0 {
		return fmt.Errorf("%w: %shas no rings", ErrInvalidPolygon, where)
	}
	for i, r := range p {
		if err := validRing(r); err != nil {
			return fmt.Errorf("%w: %sring %d: %s", ErrInvalidPolygon, where, i, err)
		}
	}
	return nil
}

// validRing returns a plain error describing the first problem with r.
func validRing(r orb.Ring) error {
	for i, pt := range r {
		if math.IsNaN(pt[0]) || math.IsNaN(pt[1]) || math.IsInf(pt[0], 0) || math.IsInf(pt[1], 0) {
			return fmt.Errorf("point %d is not finite", i)
		}
		if pt[0] < -180 || pt[0] > 180 || pt[1] < -90 || pt[1] > 90 {
			return fmt.Errorf("point %d (%g, %g) is outside lng -180..180, lat -90..90", i, pt[0], pt[1])
		}
	}
	if len(r) < 4 {
		return fmt.Errorf("has %d points, want at least 4", len(r))
	}
	if r[0] != r[len(r)-1] {
		return errors.New("is not closed (first point differs from last)")
	}
	pts := make([]orb.Point, 0, len(r))
	for _, pt := range r {
		if len(pts) == 0 || pts[len(pts)-1] != pt {
			pts = append(pts, pt)
		}
	}
	m := len(pts) - 1 // number of edges; edge i runs pts[i] → pts[i+1]
	if m < 3 {
		return fmt.Errorf("has %d distinct points, want at least 3", m)
	}
	for i := range m {
		for j := i + 1; j < m; j++ {
			bad := false
			switch {
			case j == i+1: // share pts[j]
				bad = folds(pts[j], pts[i], pts[j+1])
			case i == 0 && j == m-1: // share pts[0]
				bad = folds(pts[0], pts[1], pts[m-1])
			default:
				bad = segmentsIntersect(pts[i], pts[i+1], pts[j], pts[j+1])
			}
			if bad {
				return fmt.Errorf("edges starting at (%g, %g) and (%g, %g) intersect",
					pts[i][0], pts[i][1], pts[j][0], pts[j][1])
			}
		}
	}
	return nil
}

// orient is twice the signed area of triangle abc: >0 counter-clockwise.
func orient(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}

// folds reports whether edges q→a and q→b, which share q, overlap along a
// line: the ring doubles back on itself.
func folds(q, a, b orb.Point) bool {
	return orient(q, a, b) == 0 && (a[0]-q[0])*(b[0]-q[0])+(a[1]-q[1])*(b[1]-q[1]) > 0
}

// segmentsIntersect reports whether closed segments ab and cd share a point.
func segmentsIntersect(a, b, c, d orb.Point) bool {
	d1, d2 := orient(c, d, a), orient(c, d, b)
	d3, d4 := orient(a, b, c), orient(a, b, d)
	if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
		return true
	}
	return (d1 == 0 && onSegment(c, d, a)) || (d2 == 0 && onSegment(c, d, b)) ||
		(d3 == 0 && onSegment(a, b, c)) || (d4 == 0 && onSegment(a, b, d))
}

// onSegment reports whether p, known to be collinear with ab, lies within its bounding box.
func onSegment(a, b, p orb.Point) bool {
	return min(a[0], b[0]) <= p[0] && p[0] <= max(a[0], b[0]) &&
		min(a[1], b[1]) <= p[1] && p[1] <= max(a[1], b[1])
}
