package geo

import (
	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// Item is one polygonal area to index, such as a grid cell keyed by its code.
type Item struct {
	Key  string
	Geom orb.Geometry
}

// Index finds which of many polygons contains a point. It is immutable once
// built and safe for concurrent readers; to change it, build a new one.
type Index struct {
	tree  rtree.RTreeG[int32]
	items []Item
}

// NewIndex builds an Index over items, skipping those with a nil geometry.
// The slice is copied; the geometries are shared and must not be modified.
func NewIndex(items []Item) *Index {
	ix := &Index{items: make([]Item, 0, len(items))}
	for _, it := range items {
		if it.Geom == nil {
			continue
		}
		b := it.Geom.Bound()
		ix.tree.Insert(b.Min, b.Max, int32(len(ix.items)))
		ix.items = append(ix.items, it)
	}
	return ix
}

// Len returns the number of indexed items.
func (ix *Index) Len() int { return len(ix.items) }

// Locate returns the key of the item whose geometry contains p, per Contains.
// When several do (overlapping items, or points on a shared boundary the
// half-open rule cannot separate) it returns the smallest key, so the answer
// never depends on insertion order.
func (ix *Index) Locate(p orb.Point) (key string, ok bool) {
	ix.tree.Search(p, p, func(_, _ [2]float64, i int32) bool {
		it := &ix.items[i]
		if (!ok || it.Key < key) && Contains(it.Geom, p) {
			key, ok = it.Key, true
		}
		return true
	})
	return key, ok
}
