package geo

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Tolerance is how close, in coordinate units, two boundaries may come and
// still count as touching rather than crossing: 1e-9° is about 0.1 mm. Grid
// boundaries cut from a shared parent carry rounding errors many orders of
// magnitude below it, and no real overlap is that thin.
const Tolerance = 1e-9

// edge is one boundary segment, with the side the polygon's interior is on.
type edge struct {
	a, b orb.Point
	left bool // the interior lies to the left of a→b
}

// edgesOf lists the non-degenerate edges of a Polygon or MultiPolygon. A
// shell's interior is on its left when it runs counter-clockwise, a hole's on
// its right.
func edgesOf(g orb.Geometry) []edge {
	var polys []orb.Polygon
	switch g := g.(type) {
	case orb.Polygon:
		polys = []orb.Polygon{g}
	case orb.MultiPolygon:
		polys = g
	}
	var out []edge
	for _, p := range polys {
		for i, r := range p {
			n := len(r)
			if n < 3 {
				continue
			}
			left := (shoelace(r) > 0) == (i == 0)
			for j := range n {
				a, b := r[j], r[(j+1)%n]
				if a != b {
					out = append(out, edge{a, b, left})
				}
			}
		}
	}
	return out
}

// Overlaps reports whether the interiors of two Polygons or MultiPolygons
// share any area: an edge of one properly crosses an edge of the other, a
// point of one boundary lies strictly inside the other, or the two run along
// a common stretch with both interiors on the same side of it. Boundaries
// that only touch — grids sharing an edge or a corner — do not overlap, nor do
// ones that pass within Tolerance of each other.
func Overlaps(a, b orb.Geometry) bool {
	ea, eb := edgesOf(a), edgesOf(b)
	if len(ea) == 0 || len(eb) == 0 || !boundsOverlap(a.Bound(), b.Bound()) {
		return false
	}
	for _, e := range ea {
		for _, f := range eb {
			if crosses(e, f) {
				return true
			}
			if ok, same := alongside(e, f); ok && same {
				return true
			}
		}
	}
	return boundaryEnters(ea, b, eb) || boundaryEnters(eb, a, ea)
}

// Within reports whether inner lies inside outer, its boundary allowed to
// touch or run along outer's (within Tolerance).
func Within(inner, outer orb.Geometry) bool {
	ei, eo := edgesOf(inner), edgesOf(outer)
	if len(ei) == 0 || len(eo) == 0 {
		return false
	}
	bi, bo := inner.Bound(), outer.Bound()
	if bi.Min[0] < bo.Min[0]-Tolerance || bi.Min[1] < bo.Min[1]-Tolerance ||
		bi.Max[0] > bo.Max[0]+Tolerance || bi.Max[1] > bo.Max[1]+Tolerance {
		return false
	}
	if Area(inner) > Area(outer)*(1+1e-9) {
		return false
	}
	for _, e := range ei {
		for _, f := range eo {
			if crosses(e, f) {
				return false
			}
			if ok, same := alongside(e, f); ok && !same {
				return false // inner's interior lies on the outside of outer's boundary here
			}
		}
	}
	for _, e := range ei {
		for _, p := range probes(e, eo) {
			if !Contains(outer, p) && distToEdges(p, eo) > Tolerance {
				return false
			}
		}
	}
	// outer's boundary must not reach into inner: a hole of outer inside it
	return !boundaryEnters(eo, inner, ei)
}

// boundaryEnters reports whether any point of the boundary es lies strictly
// inside g (whose edges are eg): a vertex, or the middle of a stretch of an
// edge between two places where it meets g's boundary.
func boundaryEnters(es []edge, g orb.Geometry, eg []edge) bool {
	for _, e := range es {
		for _, p := range probes(e, eg) {
			if Contains(g, p) && distToEdges(p, eg) > Tolerance {
				return true
			}
		}
	}
	return false
}

// probes are the points of e to test against another boundary: its start,
// and the middle of every stretch between consecutive places where it meets
// that boundary. No stretch crosses the boundary, so each lies wholly on one
// side of it and its middle speaks for all of it.
func probes(e edge, other []edge) []orb.Point {
	ts := []float64{0, 1}
	for _, f := range other {
		ts = appendMeets(ts, e, f)
	}
	slices.Sort(ts)
	out := []orb.Point{e.a}
	for i := 1; i < len(ts); i++ {
		if ts[i]-ts[i-1] > 1e-12 {
			out = append(out, at(e, (ts[i-1]+ts[i])/2))
		}
	}
	return out
}

// appendMeets adds the parameters along e where f meets it: f's endpoints
// within Tolerance of e, and the point where the two cross.
func appendMeets(ts []float64, e, f edge) []float64 {
	dx, dy := e.b[0]-e.a[0], e.b[1]-e.a[1]
	l2 := dx*dx + dy*dy
	for _, p := range [2]orb.Point{f.a, f.b} {
		t := ((p[0]-e.a[0])*dx + (p[1]-e.a[1])*dy) / l2
		if t > 0 && t < 1 && segDist(p, e.a, e.b) <= Tolerance {
			ts = append(ts, t)
		}
	}
	ex, ey := f.b[0]-f.a[0], f.b[1]-f.a[1]
	den := dx*ey - dy*ex
	if den == 0 {
		return ts
	}
	t := ((f.a[0]-e.a[0])*ey - (f.a[1]-e.a[1])*ex) / den
	u := ((f.a[0]-e.a[0])*dy - (f.a[1]-e.a[1])*dx) / den
	if t > 0 && t < 1 && u >= 0 && u <= 1 {
		ts = append(ts, t)
	}
	return ts
}

// crosses reports whether e and f cross at a point inside both, each
// reaching more than Tolerance beyond the other's line on both sides.
func crosses(e, f edge) bool {
	d1, d2 := lineDist(e.a, f), lineDist(e.b, f)
	d3, d4 := lineDist(f.a, e), lineDist(f.b, e)
	return (d1 > Tolerance && d2 < -Tolerance || d1 < -Tolerance && d2 > Tolerance) &&
		(d3 > Tolerance && d4 < -Tolerance || d3 < -Tolerance && d4 > Tolerance)
}

// alongside reports whether e and f run together over a stretch longer than
// Tolerance, within Tolerance of each other, and if so whether both
// interiors lie on the same side of it.
func alongside(e, f edge) (ok, sameSide bool) {
	dx, dy := e.b[0]-e.a[0], e.b[1]-e.a[1]
	l := math.Hypot(dx, dy)
	ta := ((f.a[0]-e.a[0])*dx + (f.a[1]-e.a[1])*dy) / (l * l)
	tb := ((f.b[0]-e.a[0])*dx + (f.b[1]-e.a[1])*dy) / (l * l)
	da, db := lineDist(f.a, edge{a: e.a, b: e.b}), lineDist(f.b, edge{a: e.a, b: e.b})
	lo, hi := max(0, min(ta, tb)), min(1, max(ta, tb))
	if (hi-lo)*l <= Tolerance || ta == tb {
		return false, false
	}
	// f's distance from e's line varies linearly along it: check both ends of the common stretch
	dist := func(t float64) float64 { return da + (db-da)*(t-ta)/(tb-ta) }
	if math.Abs(dist(lo)) > Tolerance || math.Abs(dist(hi)) > Tolerance {
		return false, false
	}
	sameDir := (ta < tb)
	return true, sameDir == (e.left == f.left)
}

// lineDist is the signed distance of p from the line through f, positive on its left.
func lineDist(p orb.Point, f edge) float64 {
	return orient(f.a, f.b, p) / math.Hypot(f.b[0]-f.a[0], f.b[1]-f.a[1])
}

// segDist is the distance from p to the segment ab.
func segDist(p, a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := ((p[0]-a[0])*dx + (p[1]-a[1])*dy) / (dx*dx + dy*dy)
	t = max(0, min(1, t))
	return math.Hypot(p[0]-(a[0]+t*dx), p[1]-(a[1]+t*dy))
}

// distToEdges is the distance from p to the nearest of es.
func distToEdges(p orb.Point, es []edge) float64 {
	d := math.Inf(1)
	for _, e := range es {
		d = min(d, segDist(p, e.a, e.b))
	}
	return d
}

func at(e edge, t float64) orb.Point {
	return orb.Point{e.a[0] + t*(e.b[0]-e.a[0]), e.a[1] + t*(e.b[1]-e.a[1])}
}

// boundsOverlap reports whether two bounds share more than a Tolerance-wide strip.
func boundsOverlap(a, b orb.Bound) bool {
	return a.Min[0] < b.Max[0]-Tolerance && b.Min[0] < a.Max[0]-Tolerance &&
		a.Min[1] < b.Max[1]-Tolerance && b.Min[1] < a.Max[1]-Tolerance
}

// shoelace is twice the signed planar area of a ring, positive when it runs
// counter-clockwise.
func shoelace(r orb.Ring) float64 {
	s := 0.0
	for i := range r {
		a, b := r[i], r[(i+1)%len(r)]
		s += a[0]*b[1] - b[0]*a[1]
	}
	return s
}
