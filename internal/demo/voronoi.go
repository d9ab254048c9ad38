package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/paulmach/orb"
)

// minSeedGap keeps seeds apart (about 1 m) so no bisector is degenerate.
const minSeedGap = 1e-5

// partition splits parent into one piece per seed: the seed's Voronoi cell
// clipped to the parent. Cells tile the plane, so the pieces cover the
// parent without overlap; each holds its own seed, so none is empty unless
// rounding eats it, which the caller answers by drawing new seeds.
func partition(parent [][]orb.Point, seeds []orb.Point) [][][]orb.Point {
	b := shapeBound(parent)
	pad := 0.1*math.Max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]) + 1e-3
	b.Min = orb.Point{b.Min[0] - pad, b.Min[1] - pad}
	b.Max = orb.Point{b.Max[0] + pad, b.Max[1] + pad}

	out := make([][][]orb.Point, len(seeds))
	for i, s := range seeds {
		c := boxCell(b)
		for j, t := range seeds {
			if j != i {
				c = c.clip(bisector(s, t))
			}
		}
		for _, ring := range parent {
			out[i] = append(out[i], clipRing(ring, c)...)
		}
	}
	return out
}

// splitter draws seeds for one parent and partitions it.
type splitter struct {
	rng    *rand.Rand
	parent [][]orb.Point
	bound  orb.Bound
	area   float64
}

// newSplitter seeds its generator from the city seed and the parent's code,
// so each parent's children depend only on those and the parent's shape.
func newSplitter(seed int64, code string, parent [][]orb.Point) *splitter {
	var h uint64 = 14695981039346656037 // FNV-1a
	for i := range len(code) {
		h = (h ^ uint64(code[i])) * 1099511628211
	}
	return &splitter{
		rng:    rand.New(rand.NewPCG(uint64(seed), h)),
		parent: parent,
		bound:  shapeBound(parent),
		area:   shapeArea(parent),
	}
}

// split divides the parent among n children. Children marked clustered
// (town-centre streets and communities) get seeds near center, the rest
// spread uniformly, as a county seat's streets are small and central.
func (s *splitter) split(n int, clustered func(i int) bool, center orb.Point) ([][][]orb.Point, []orb.Point, error) {
	if n == 1 {
		return [][][]orb.Point{s.parent}, []orb.Point{center}, nil
	}
	for range 8 {
		seeds := make([]orb.Point, 0, n)
		for i := range n {
			var p orb.Point
			if clustered != nil && clustered(i) {
				p = s.nearPoint(center, 0.08*math.Sqrt(s.area), seeds)
			} else {
				p = s.uniformPoint(seeds)
			}
			seeds = append(seeds, p)
		}
		pieces := partition(s.parent, seeds)
		if !slices.ContainsFunc(pieces, func(p [][]orb.Point) bool { return len(p) == 0 }) {
			return pieces, seeds, nil
		}
	}
	return nil, nil, fmt.Errorf("demo: cannot split a parent of area %g into %d pieces", s.area, n)
}

// uniformPoint is a rejection sample inside the parent, away from taken
// seeds; a parent too thin for rejection falls back to a scanline sample.
func (s *splitter) uniformPoint(taken []orb.Point) orb.Point {
	b := s.bound
	for range 200 {
		p := orb.Point{b.Min[0] + s.rng.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + s.rng.Float64()*(b.Max[1]-b.Min[1])}
		if pointInRings(s.parent, p) && free(p, taken) {
			return p
		}
	}
	for {
		if p, ok := s.scanPoint(); ok && free(p, taken) {
			return p
		}
	}
}

// nearPoint samples a normal distribution around center, kept inside the parent.
func (s *splitter) nearPoint(center orb.Point, sigma float64, taken []orb.Point) orb.Point {
	for range 50 {
		p := orb.Point{center[0] + s.rng.NormFloat64()*sigma, center[1] + s.rng.NormFloat64()*sigma}
		if pointInRings(s.parent, p) && free(p, taken) {
			return p
		}
	}
	return s.uniformPoint(taken)
}

// scanPoint picks a random horizontal line and a random point on its part
// inside the parent, weighted by length: it always lands inside, however
// thin the parent.
func (s *splitter) scanPoint() (orb.Point, bool) {
	y := s.bound.Min[1] + s.rng.Float64()*(s.bound.Max[1]-s.bound.Min[1])
	var xs []float64
	for _, r := range s.parent {
		for i, a := range r {
			b := r[(i+1)%len(r)]
			if (a[1] > y) != (b[1] > y) {
				xs = append(xs, a[0]+(y-a[1])*(b[0]-a[0])/(b[1]-a[1]))
			}
		}
	}
	slices.Sort(xs)
	var total float64
	for i := 0; i+1 < len(xs); i += 2 {
		total += xs[i+1] - xs[i]
	}
	if total <= 0 {
		return orb.Point{}, false
	}
	at := s.rng.Float64() * total
	for i := 0; i+1 < len(xs); i += 2 {
		if l := xs[i+1] - xs[i]; at <= l {
			return orb.Point{xs[i] + at, y}, true
		} else {
			at -= l
		}
	}
	return orb.Point{}, false
}

// interior is a point inside the parent, for a parent with no better centre.
func (s *splitter) interior(want orb.Point) orb.Point {
	if pointInRings(s.parent, want) {
		return want
	}
	return s.uniformPoint(nil)
}

func free(p orb.Point, taken []orb.Point) bool {
	for _, q := range taken {
		if math.Abs(p[0]-q[0]) < minSeedGap && math.Abs(p[1]-q[1]) < minSeedGap {
			return false
		}
	}
	return true
}

// toGeometry turns a shape into an orb.Polygon (one ring) or orb.MultiPolygon, rings closed.
func toGeometry(rings [][]orb.Point) orb.Geometry {
	closed := func(r []orb.Point) orb.Polygon {
		ring := make(orb.Ring, len(r)+1)
		copy(ring, r)
		ring[len(r)] = r[0]
		return orb.Polygon{ring}
	}
	if len(rings) == 1 {
		return closed(rings[0])
	}
	mp := make(orb.MultiPolygon, len(rings))
	for i, r := range rings {
		mp[i] = closed(r)
	}
	return mp
}
