package region_test

import (
	"testing"

	"healthgrid/internal/region"
)

func TestPathHelpers(t *testing.T) {
	const grid = "140900000000/140902000000/140902001000/140902001002/140902001002001/"
	for _, c := range []struct {
		path string
		n    int
		want string
	}{
		{grid, 2, "140900000000/140902000000/"},
		{grid, 3, "140900000000/140902000000/140902001000/"},
		{"140900000000/140902000000/", 3, "140900000000/140902000000/"},
		{"140900000000/", 1, "140900000000/"},
	} {
		if got := region.Head(c.path, c.n); got != c.want {
			t.Errorf("Head(%s, %d) = %s, want %s", c.path, c.n, got, c.want)
		}
	}
	if got := region.CodeOf(grid); got != "140902001002001" {
		t.Errorf("CodeOf = %s", got)
	}
	if got := region.CodeOf("140900000000/"); got != "140900000000" {
		t.Errorf("CodeOf(root) = %s", got)
	}
}
