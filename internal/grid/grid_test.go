package grid

import "testing"

func TestCommonPath(t *testing.T) {
	for _, c := range []struct {
		paths []string
		want  string
	}{
		{nil, ""},
		{[]string{"1/2/3/"}, "1/2/3/"},
		{[]string{"1/2/3/4/", "1/2/3/5/"}, "1/2/3/"},
		{[]string{"1/2/3/4/", "1/2/35/"}, "1/2/"},
		{[]string{"1/2/", "1/2/3/"}, "1/2/"},
		{[]string{"1/2/3/", "9/"}, ""},
	} {
		if got := commonPath(c.paths); got != c.want {
			t.Errorf("commonPath(%v) = %q, want %q", c.paths, got, c.want)
		}
	}
}
