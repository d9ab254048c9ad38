package geo

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/paulmach/orb"
)

// bruteLocate is the oracle: a linear scan for the smallest containing key.
func bruteLocate(items []Item, p orb.Point) (string, bool) {
	key, ok := "", false
	for _, it := range items {
		if Contains(it.Geom, p) && (!ok || it.Key < key) {
			key, ok = it.Key, true
		}
	}
	return key, ok
}

// randomItems mixes an exact tiling of squares (shared edges and corners)
// with scattered random convex and concave polygons, some with holes, some
// grouped into MultiPolygons, some overlapping and some sharing keys.
func randomItems(r *rand.Rand, tiles, blobs int) []Item {
	var items []Item
	for i := range tiles {
		for j := range tiles {
			x, y := 112+float64(i)*0.01, 38+float64(j)*0.01
			items = append(items, Item{Key: fmt.Sprintf("t%03d%03d", i, j), Geom: orb.Polygon{square(x, y, x+0.01, y+0.01)}})
		}
	}
	span := float64(max(tiles, 1)) * 0.01
	for range blobs {
		c := orb.Point{112 + r.Float64()*span, 38 + r.Float64()*span}
		g := orb.Geometry(starPolygon(r, c, 0.001+r.Float64()*0.02, r.IntN(3) == 0))
		if r.IntN(5) == 0 {
			c2 := orb.Point{c[0] + 0.05, c[1]}
			g = orb.MultiPolygon{g.(orb.Polygon), starPolygon(r, c2, 0.01, false)}
		}
		items = append(items, Item{Key: fmt.Sprintf("b%04d", r.IntN(blobs+1)), Geom: g})
	}
	r.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
	return items
}

func TestIndexLocateAgreesWithLinearScan(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for round := range 20 {
		items := randomItems(r, r.IntN(12), r.IntN(200))
		ix := NewIndex(items)
		if ix.Len() != len(items) {
			t.Fatalf("Len = %d, want %d", ix.Len(), len(items))
		}
		var probes []orb.Point
		for range 2000 {
			probes = append(probes, orb.Point{111.95 + r.Float64()*0.25, 37.95 + r.Float64()*0.25})
		}
		for _, it := range items[:min(len(items), 50)] { // vertices and edge midpoints
			for _, ring := range rings(it.Geom) {
				for i := 1; i < len(ring); i++ {
					probes = append(probes, ring[i], orb.Point{(ring[i-1][0] + ring[i][0]) / 2, (ring[i-1][1] + ring[i][1]) / 2})
				}
			}
		}
		for _, p := range probes {
			gotKey, gotOK := ix.Locate(p)
			wantKey, wantOK := bruteLocate(items, p)
			if gotKey != wantKey || gotOK != wantOK {
				t.Fatalf("round %d: Locate(%v) = %q, %v; linear scan says %q, %v", round, p, gotKey, gotOK, wantKey, wantOK)
			}
		}
	}
}

func rings(g orb.Geometry) []orb.Ring {
	switch g := g.(type) {
	case orb.Polygon:
		return g
	case orb.MultiPolygon:
		var rs []orb.Ring
		for _, p := range g {
			rs = append(rs, p...)
		}
		return rs
	}
	return nil
}

func TestIndexTiesGoToTheSmallestKey(t *testing.T) {
	sq := orb.Polygon{square(0, 0, 1, 1)}
	for _, order := range [][]string{{"b", "a", "c"}, {"c", "b", "a"}, {"a", "c", "b"}} {
		var items []Item
		for _, k := range order {
			items = append(items, Item{Key: k, Geom: sq})
		}
		if key, ok := NewIndex(items).Locate(orb.Point{0.5, 0.5}); key != "a" || !ok {
			t.Errorf("order %v: Locate = %q, %v; want \"a\"", order, key, ok)
		}
	}
}

func TestIndexEdgeCases(t *testing.T) {
	var empty Index
	if _, ok := empty.Locate(orb.Point{0, 0}); ok || empty.Len() != 0 {
		t.Error("zero Index must be empty")
	}
	ix := NewIndex([]Item{
		{Key: "nil"},
		{Key: "empty", Geom: orb.Polygon{}},
		{Key: "line", Geom: orb.LineString{{0, 0}, {2, 2}}},
		{Key: "sq", Geom: orb.Polygon{square(0, 0, 2, 2)}},
	})
	if ix.Len() != 3 {
		t.Errorf("Len = %d, want 3 (nil geometry skipped)", ix.Len())
	}
	if key, ok := ix.Locate(orb.Point{1, 1}); key != "sq" || !ok {
		t.Errorf("Locate = %q, %v; want sq", key, ok)
	}
	if _, ok := ix.Locate(orb.Point{3, 3}); ok {
		t.Error("point outside everything located")
	}
	items := []Item{{Key: "x", Geom: orb.Polygon{square(0, 0, 1, 1)}}}
	ix = NewIndex(items)
	items[0].Key = "changed"
	if key, _ := ix.Locate(orb.Point{0.5, 0.5}); key != "x" {
		t.Error("Index must copy its items")
	}
}

func TestIndexConcurrentReaders(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	items := randomItems(r, 10, 100)
	ix := NewIndex(items)
	probes := make([]orb.Point, 500)
	want := make([]string, len(probes))
	for i := range probes {
		probes[i] = orb.Point{112 + r.Float64()*0.1, 38 + r.Float64()*0.1}
		want[i], _ = bruteLocate(items, probes[i])
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for i, p := range probes {
				if got, _ := ix.Locate(p); got != want[i] {
					t.Errorf("concurrent Locate(%v) = %q, want %q", p, got, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
}

// BenchmarkLocate locates random points among 10,000 concave grid polygons
// (100 × 100 cells of about 1 km, 3–14 vertices each, some with holes).
func BenchmarkLocate(b *testing.B) {
	r := rand.New(rand.NewPCG(11, 12))
	items := make([]Item, 0, 10000)
	for i := range 100 {
		for j := range 100 {
			c := orb.Point{112 + (float64(i)+0.5)*0.01, 38 + (float64(j)+0.5)*0.01}
			items = append(items, Item{Key: fmt.Sprintf("%03d%03d", i, j), Geom: starPolygon(r, c, 0.007, r.IntN(4) == 0)})
		}
	}
	ix := NewIndex(items)
	probes := make([]orb.Point, 4096)
	for i := range probes {
		probes[i] = orb.Point{112 + r.Float64(), 38 + r.Float64()}
	}
	found := 0
	for i := 0; b.Loop(); i++ {
		if _, ok := ix.Locate(probes[i%len(probes)]); ok {
			found++
		}
	}
	b.ReportMetric(float64(found)/float64(b.N), "hits/op")
}
