package demo

import (
	"math"
	"sort"

	"github.com/paulmach/orb"
)

// Rings here are open (no repeated closing point) and counter-clockwise; a
// region's shape is a list of such rings that do not overlap (no holes: a
// simple polygon cut by a convex cell has none).

// areaEps drops slivers below ~1 cm² (in square degrees) that clipping can
// leave behind; they carry no area worth a map, only noise.
const areaEps = 1e-14

// halfPlane is the closed set of points p with n·p <= c.
type halfPlane struct{ nx, ny, c float64 }

// dist is >= 0 inside the half-plane, proportional to the distance from its line.
func (h halfPlane) dist(p orb.Point) float64 { return h.c - (h.nx*p[0] + h.ny*p[1]) }

// bisector keeps the side of the perpendicular bisector of s and t that holds s.
func bisector(s, t orb.Point) halfPlane {
	nx, ny := t[0]-s[0], t[1]-s[1]
	return halfPlane{nx, ny, (nx*(s[0]+t[0]) + ny*(s[1]+t[1])) / 2}
}

// cell is a convex polygon that remembers, for each edge pts[i]→pts[i+1],
// the exact line it lies on, so clipping against it never trusts the
// direction of a tiny edge between two rounded vertices.
type cell struct {
	pts    []orb.Point
	planes []halfPlane
}

// boxCell is the rectangle b as a cell.
func boxCell(b orb.Bound) cell {
	return cell{
		pts: []orb.Point{{b.Min[0], b.Min[1]}, {b.Max[0], b.Min[1]}, {b.Max[0], b.Max[1]}, {b.Min[0], b.Max[1]}},
		planes: []halfPlane{
			{0, -1, -b.Min[1]}, {1, 0, b.Max[0]}, {0, 1, b.Max[1]}, {-1, 0, -b.Min[0]},
		},
	}
}

// clip intersects the cell with h (one Sutherland–Hodgman step, keeping edge lines).
func (c cell) clip(h halfPlane) cell {
	n := len(c.pts)
	var out cell
	for i := range n {
		p, q := c.pts[i], c.pts[(i+1)%n]
		dp, dq := h.dist(p), h.dist(q)
		switch {
		case dp >= 0 && dq >= 0:
			out.add(p, c.planes[i])
		case dp >= 0:
			out.add(p, c.planes[i])
			out.add(lerp(p, q, dp/(dp-dq)), h)
		case dq >= 0:
			out.add(lerp(p, q, dp/(dp-dq)), c.planes[i])
		}
	}
	if len(out.pts) > 1 && out.pts[0] == out.pts[len(out.pts)-1] {
		out.pts, out.planes = out.pts[1:], out.planes[1:]
	}
	return out
}

// add appends a vertex; a repeat of the previous vertex replaces it, since
// the zero-length edge between them lies on no useful line.
func (c *cell) add(p orb.Point, h halfPlane) {
	if k := len(c.pts); k > 0 && c.pts[k-1] == p {
		c.planes[k-1] = h
		return
	}
	c.pts = append(c.pts, p)
	c.planes = append(c.planes, h)
}

func (c cell) inside(p orb.Point) bool {
	for _, h := range c.planes {
		if h.dist(p) < 0 {
			return false
		}
	}
	return true
}

func lerp(p, q orb.Point, t float64) orb.Point {
	return orb.Point{p[0] + t*(q[0]-p[0]), p[1] + t*(q[1]-p[1])}
}

// chain is a run of a ring's boundary inside a cell, entering and leaving
// the cell at the given positions along its perimeter (edge index + fraction).
type chain struct {
	pts         []orb.Point
	entry, exit float64
}

// clipRing intersects a simple counter-clockwise ring with a convex cell
// (Weiler–Atherton for a convex window): the ring's runs inside the cell
// are joined by walking the cell boundary counter-clockwise, which keeps
// parts that the cell separates as separate rings instead of the zero-width
// bridges plain Sutherland–Hodgman would draw between them.
func clipRing(ring []orb.Point, w cell) [][]orb.Point {
	n, m := len(ring), len(w.pts)
	if n < 3 || m < 3 {
		return nil
	}
	d := make([]float64, n*m)
	inside := make([]bool, n)
	all, none := true, true
	for v, p := range ring {
		inside[v] = true
		for k, h := range w.planes {
			d[v*m+k] = h.dist(p)
			if d[v*m+k] < 0 {
				inside[v] = false
			}
		}
		all = all && inside[v]
		none = none && !inside[v]
	}
	if all {
		return [][]orb.Point{ring}
	}

	// Each edge's part inside the cell is one interval [a, b] of its
	// parameter (Cyrus–Beck); ea and eb name the cell edges crossed there.
	type span struct {
		a, b   float64
		ea, eb int
		empty  bool
	}
	spans := make([]span, n)
	start := -1
	for i := range n {
		j := (i + 1) % n
		s := span{a: 0, b: 1, ea: -1, eb: -1}
		for k := range m {
			d0, d1 := d[i*m+k], d[j*m+k]
			switch {
			case d0 < 0 && d1 < 0:
				s.empty = true
			case d0 < 0:
				if t := d0 / (d0 - d1); t > s.a {
					s.a, s.ea = t, k
				}
			case d1 < 0:
				if t := d0 / (d0 - d1); t < s.b {
					s.b, s.eb = t, k
				}
			}
		}
		// A touch strictly inside an edge (a == b) is no run at all.
		if s.a > s.b || (s.a == s.b && s.a > 0 && s.b < 1) {
			s.empty = true
		}
		spans[i] = s
		if !s.empty && s.a > 0 && start < 0 {
			start = i
		}
	}
	if start < 0 {
		if none && pointInRings([][]orb.Point{ring}, w.centroid()) {
			return [][]orb.Point{append([]orb.Point(nil), w.pts...)}
		}
		if none {
			return nil
		}
		return shClip(ring, w)
	}

	var chains []chain
	var cur *chain
	for step := range n {
		i := (start + step) % n
		s := spans[i]
		if s.empty {
			continue
		}
		p, q := ring[i], ring[(i+1)%n]
		if s.a > 0 {
			x := lerp(p, q, s.a)
			cur = &chain{pts: []orb.Point{x}, entry: w.position(s.ea, x)}
		}
		if cur == nil {
			return shClip(ring, w)
		}
		if s.b < 1 {
			x := lerp(p, q, s.b)
			cur.pts = append(cur.pts, x)
			cur.exit = w.position(s.eb, x)
			chains = append(chains, *cur)
			cur = nil
		} else {
			cur.pts = append(cur.pts, q)
		}
	}
	if cur != nil {
		return shClip(ring, w)
	}
	rings, ok := w.walk(chains)
	if !ok {
		return shClip(ring, w)
	}
	return rings
}

// position is where x, lying on cell edge k, sits along the perimeter.
func (c cell) position(k int, x orb.Point) float64 {
	p, q := c.pts[k], c.pts[(k+1)%len(c.pts)]
	ex, ey := q[0]-p[0], q[1]-p[1]
	l := ex*ex + ey*ey
	if l == 0 {
		return float64(k)
	}
	u := ((x[0]-p[0])*ex + (x[1]-p[1])*ey) / l
	return math.Mod(float64(k)+math.Max(0, math.Min(1, u)), float64(len(c.pts)))
}

func (c cell) centroid() orb.Point {
	var x, y float64
	for _, p := range c.pts {
		x, y = x+p[0], y+p[1]
	}
	return orb.Point{x / float64(len(c.pts)), y / float64(len(c.pts))}
}

// walk joins chains into rings: after a chain leaves the cell, follow the
// cell boundary counter-clockwise to the next place a chain enters.
// It reports false when the chains do not pair up, which only rounding at
// near-degenerate crossings can cause.
func (c cell) walk(chains []chain) ([][]orb.Point, bool) {
	m := float64(len(c.pts))
	order := make([]int, len(chains))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool { return chains[order[i]].entry < chains[order[j]].entry })
	next := func(e float64) int {
		k := sort.Search(len(order), func(i int) bool { return chains[order[i]].entry >= e })
		return order[k%len(order)]
	}
	used := make([]bool, len(chains))
	var rings [][]orb.Point
	for first := range chains {
		if used[first] {
			continue
		}
		var ring []orb.Point
		for at, steps := first, 0; ; steps++ {
			if used[at] || steps > len(chains) {
				return nil, false
			}
			used[at] = true
			ring = append(ring, chains[at].pts...)
			to := next(chains[at].exit)
			e, t := chains[at].exit, chains[to].entry
			if t < e {
				t += m
			}
			for k := int(math.Floor(e)) + 1; k <= int(math.Floor(t)); k++ {
				ring = append(ring, c.pts[k%len(c.pts)])
			}
			if to == first {
				break
			}
			at = to
		}
		if ring = tidy(ring); ring != nil {
			if ringArea(ring) < 0 {
				return nil, false
			}
			rings = append(rings, ring)
		}
	}
	return rings, true
}

// shClip is plain Sutherland–Hodgman, the fallback when the walk fails: its
// area is right even where it joins separate parts by a zero-width bridge.
func shClip(ring []orb.Point, w cell) [][]orb.Point {
	out := ring
	for _, h := range w.planes {
		in := out
		out = nil
		for i, p := range in {
			q := in[(i+1)%len(in)]
			dp, dq := h.dist(p), h.dist(q)
			if dp >= 0 {
				out = append(out, p)
			}
			if (dp >= 0) != (dq >= 0) {
				out = append(out, lerp(p, q, dp/(dp-dq)))
			}
		}
		if len(out) < 3 {
			return nil
		}
	}
	if out = tidy(out); out == nil {
		return nil
	}
	return [][]orb.Point{out}
}

// tidy drops repeated points and returns nil for a ring with no real area.
func tidy(ring []orb.Point) []orb.Point {
	out := make([]orb.Point, 0, len(ring))
	for _, p := range ring {
		if len(out) == 0 || out[len(out)-1] != p {
			out = append(out, p)
		}
	}
	for len(out) > 1 && out[0] == out[len(out)-1] {
		out = out[:len(out)-1]
	}
	if len(out) < 3 || math.Abs(ringArea(out)) < areaEps {
		return nil
	}
	return out
}

// ringArea is the signed planar area of an open ring, positive when counter-clockwise.
func ringArea(ring []orb.Point) float64 {
	var a float64
	for i, p := range ring {
		q := ring[(i+1)%len(ring)]
		a += p[0]*q[1] - q[0]*p[1]
	}
	return a / 2
}

// shapeArea is the area of a shape (non-overlapping rings).
func shapeArea(rings [][]orb.Point) float64 {
	var a float64
	for _, r := range rings {
		a += math.Abs(ringArea(r))
	}
	return a
}

// pointInRings is the even-odd test over all rings of a shape.
func pointInRings(rings [][]orb.Point, p orb.Point) bool {
	in := false
	for _, r := range rings {
		for i, a := range r {
			b := r[(i+1)%len(r)]
			if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < a[0]+(p[1]-a[1])*(b[0]-a[0])/(b[1]-a[1]) {
				in = !in
			}
		}
	}
	return in
}

func shapeBound(rings [][]orb.Point) orb.Bound {
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	for _, r := range rings {
		for _, p := range r {
			b = b.Extend(p)
		}
	}
	return b
}
