package grid

import (
	"fmt"
	"testing"
)

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

func TestOverlapReason(t *testing.T) {
	if got := overlapReason([]string{"第2网格"}); got != "与网格 第2网格 重叠 / overlaps grid 第2网格" {
		t.Errorf("one: %s", got)
	}
	var many []string
	for i := range 7 {
		many = append(many, fmt.Sprintf("第%d网格", i+1))
	}
	want := "与网格 第1网格、第2网格、第3网格、第4网格、第5网格 等 7 个网格 重叠 / overlaps grid 第1网格, 第2网格, 第3网格, 第4网格, 第5网格 and 2 more"
	if got := overlapReason(many); got != want {
		t.Errorf("many: %s", got)
	}
}
