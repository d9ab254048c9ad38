package httpx

import (
	"math"
	"testing"
)

func TestPageOffset(t *testing.T) {
	for _, c := range []struct{ page, size, want int }{
		{1, 20, 0}, {3, 20, 40}, {0, 20, 0},
		{math.MaxInt, 200, maxOffset},
		{math.MaxInt / 100, 200, maxOffset},
		{maxOffset/200 + 1, 200, maxOffset / 200 * 200}, {maxOffset/200 + 2, 200, maxOffset},
	} {
		if got := (Page{Page: c.page, Size: c.size}).Offset(); got != c.want {
			t.Errorf("Page{%d, %d}.Offset() = %d, want %d", c.page, c.size, got, c.want)
		}
	}
}
