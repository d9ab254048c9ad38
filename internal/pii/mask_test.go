package pii

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMasks(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   func(string) string
		in   string
		want string
	}{
		{"id", MaskID, "140902199001011234", "140902********1234"},
		{"id x", MaskID, "11010519491231002X", "110105********002X"},
		{"id short", MaskID, "1409021990", "1*********"},
		{"id 15", MaskID, "110105491231002", "1**************"},
		{"id 19", MaskID, "1409021990010112345", "1******************"},
		{"id one", MaskID, "1", "*"},
		{"id empty", MaskID, "", ""},
		{"phone", MaskPhone, "13812345678", "138****5678"},
		{"phone short", MaskPhone, "1381234", "1******"},
		{"phone formatted", MaskPhone, "+86 138 1234 5678", "+****************"},
		{"phone one", MaskPhone, "1", "*"},
		{"name 3", MaskName, "张三丰", "张**"},
		{"name 2", MaskName, "张三", "张*"},
		{"name compound", MaskName, "欧阳修文", "欧***"},
		{"name 1", MaskName, "张", "*"},
		{"name spaced", MaskName, "  张三 ", "张*"},
		{"name latin", MaskName, "John Smith", "J*********"},
		{"name minority", MaskName, "买买提·艾力", "买*****"},
		{"name empty", MaskName, "", ""},
		{"name blank", MaskName, "   ", ""},
	} {
		if got := tc.fn(tc.in); got != tc.want {
			t.Errorf("%s: mask(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

func FuzzMasks(f *testing.F) {
	for _, s := range []string{"", "张", "张三丰", "13812345678", "140902199001011234", "\xff\xfe", "a\u0301b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := utf8.RuneCountInString(s)
		for name, fn := range map[string]func(string) string{"MaskID": MaskID, "MaskPhone": MaskPhone} {
			m := fn(s)
			if utf8.RuneCountInString(m) != n {
				t.Fatalf("%s(%q) = %q changes the length", name, s, m)
			}
			if shown := revealed(t, s, m); shown > 10 || (n != 18 && n != 11 && shown > 1) || (n == 1 && shown > 0) {
				t.Fatalf("%s(%q) = %q reveals too much", name, s, m)
			}
		}
		m := MaskName(s)
		trimmed := []rune(strings.TrimSpace(s))
		if utf8.RuneCountInString(m) != len(trimmed) {
			t.Fatalf("MaskName(%q) = %q changes the length", s, m)
		}
		if len(trimmed) > 0 {
			wantStars := max(len(trimmed)-1, 1)
			if strings.Count(m, "*") < wantStars {
				t.Fatalf("MaskName(%q) = %q reveals more than the first character", s, m)
			}
		}
	})
}

// revealed counts the runes of masked that are not '*', failing if any of
// them differs from the rune of s at the same position.
func revealed(t *testing.T, s, masked string) int {
	rs, rm := []rune(s), []rune(masked)
	shown := 0
	for i := range rm {
		if rm[i] == '*' {
			continue
		}
		if rm[i] != rs[i] {
			t.Fatalf("mask of %q = %q invents rune %q at %d", s, masked, rm[i], i)
		}
		shown++
	}
	return shown
}
