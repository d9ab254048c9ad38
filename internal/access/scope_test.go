package access_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"healthgrid/internal/access"
)

const grid = "140900000000/140902000000/140902001000/140902001002/140902001002001/"

func TestScopeHelpers(t *testing.T) {
	for _, c := range []struct {
		path string
		n    access.Level
		want access.Scope
	}{
		{grid, access.County, "140900000000/140902000000/"},
		{grid, access.Township, "140900000000/140902000000/140902001000/"},
		{"140900000000/140902000000/", access.Township, "140900000000/140902000000/"},
		{"140900000000/", access.City, "140900000000/"},
		{grid, 0, ""},
	} {
		if got := access.Scope(c.path).Head(c.n); got != c.want {
			t.Errorf("Head(%s, %d) = %s, want %s", c.path, c.n, got, c.want)
		}
	}
	if got := access.Scope(grid).Code(); got != "140902001002001" {
		t.Errorf("Code = %s", got)
	}
	if got := access.Scope("140900000000/").Code(); got != "140900000000" {
		t.Errorf("Code(root) = %s", got)
	}
	if got := access.Scope(grid).Level(); got != access.Grid || got.String() != "grid" {
		t.Errorf("Level = %d (%s)", got, got)
	}
	if got := access.Scope("").Level().String(); got != "" {
		t.Errorf("Level(\"\").String() = %q", got)
	}
	if got := access.Scope("140900000000/").County(); got != "" {
		t.Errorf("County(root) = %q, want none", got)
	}
	if got := access.Scope("140900000000/").Child("140902000000"); got != "140900000000/140902000000/" {
		t.Errorf("Child = %s", got)
	}
	cond, args := access.Scope("140900000000/").Subtree("r.path")
	if cond != "r.path >= ? AND r.path < ?" || !slices.Equal(args, []any{"140900000000/", "140900000000/~"}) {
		t.Errorf("Subtree = %s %v", cond, args)
	}
}

// path is a random valid region path: a city and up to four levels below,
// the last a grid (15 digits), drawn from few codes so that paths share
// prefixes often.
func path(r *rand.Rand) string {
	p, depth := "140900000000/", access.Level(r.IntN(5)+1)
	for l := access.County; l <= depth; l++ {
		code := "1409" + strings.Repeat(string(rune('0'+r.IntN(3))), 8)
		if l == access.Grid {
			code += "00" + string(rune('1'+r.IntN(2)))
		}
		p += code + "/"
	}
	return p
}

func TestScopeProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 2))
	for range 5000 {
		a, b := path(r), path(r)
		s := access.Scope(a)
		if s.Covers(b) != strings.HasPrefix(b, a) {
			t.Fatalf("Covers(%s, %s) = %v", a, b, s.Covers(b))
		}
		// the range condition agrees with Covers
		if in := b >= a && b < a+"~"; in != s.Covers(b) {
			t.Fatalf("Subtree(%s) holds %s: %v, Covers says %v", a, b, in, s.Covers(b))
		}
		line := s.Lineage()
		if len(line) != int(s.Level()) || line[len(line)-1] != a {
			t.Fatalf("Lineage(%s) = %v", a, line)
		}
		for i, p := range line {
			if !access.Scope(p).Covers(a) || access.Scope(p).Level() != access.Level(i+1) || s.Head(access.Level(i+1)) != access.Scope(p) {
				t.Fatalf("Lineage(%s)[%d] = %s", a, i, p)
			}
		}
		if s.Head(access.Grid+1) != s || s.Head(s.Level()) != s {
			t.Fatalf("Head(%s) does not stop at the path", a)
		}
		if c := s.County(); (c != "") != (s.Level() >= access.County) || !c.Covers(a) {
			t.Fatalf("County(%s) = %s", a, c)
		}
		if s.Level() > access.City && s.Head(s.Level()-1).Child(s.Code()) != s {
			t.Fatalf("parent of %s and its Code do not make it again", a)
		}
	}
}
