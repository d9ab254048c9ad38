package imports

import (
	"strings"
	"testing"
)

// An ID number repeated is a duplicate only when it is valid: a 17-digit
// one on two lines goes on, both times, to be rejected for its length.
func TestRepeatedInvalidIDIsNoDuplicate(t *testing.T) {
	short, bad := nthID(5)[:17], nthID(7)[:17]+"0"
	if bad == nthID(7) {
		bad = nthID(7)[:17] + "1"
	}
	data := "姓名,身份证号,网格编码\n" + "甲," + short + ",g\n" + "乙," + short + ",g\n" + "丙," + bad + ",g\n" + "丁," + bad + ",g\n" +
		"戊," + nthID(6) + ",g\n" + "己," + nthID(6) + ",g\n"
	p, err := ParseCSV(strings.NewReader(data), 0, UTF8)
	if err != nil {
		t.Fatal(err)
	}
	items := collect(t, p)
	got := summarize(items)
	if len(items) != 6 {
		t.Fatalf("items:\n%s", strings.Join(got, "\n"))
	}
	for i, it := range items[:5] {
		if it.Err != nil {
			t.Errorf("line %d rejected before the sink: %s", i+2, got[i])
		}
	}
	if e := items[5].Err; e == nil || e.Reason != "身份证号与第6行重复" {
		t.Errorf("a valid ID repeated: %s", got[5])
	}
}
