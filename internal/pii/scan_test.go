package pii

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func TestScan(t *testing.T) {
	id := "140902199001011232" // 14090219900101123 + its check digit 2
	for _, tc := range []struct {
		text string
		want []string // kind:value of each number found, in order
	}{
		{"", nil},
		{"居民身份证号" + id + "，请核实", []string{"id:" + id}},
		{"ID:" + id, []string{"id:" + id}},
		{"110105194912310021 X", nil},                             // wrong check digit
		{"11010519491231002X", []string{"id:11010519491231002X"}}, // the standard's example
		{"11010519491231002x号", []string{"id:11010519491231002X"}},
		{"11010519491231002X5", nil}, // 19 characters in one run
		{"9" + id, nil},              // 19 digits
		{id + "7", nil},              // 19 digits
		{"140902 19900101 1232", []string{"id:" + id}},
		{"140902-19900101-1232", []string{"id:" + id}},
		{"140902  19900101 1232", nil},               // two separators break a number
		{"１４０９０２１９９００１０１１２３２", []string{"id:" + id}}, // full-width
		{"000000199001011234", nil},                  // no such province
		{"140902199002301234", nil},                  // 30 February
		{"电话13812345678", []string{"phone:13812345678"}},
		{"138 1234 5678", []string{"phone:13812345678"}},
		{"138-1234-5678。", []string{"phone:13812345678"}},
		{"+86 138 1234 5678", []string{"phone:13812345678"}},
		{"＋８６１３８１２３４５６７８", []string{"phone:13812345678"}},
		{"8613812345678", []string{"phone:13812345678"}},
		{"0086 13812345678", []string{"phone:13812345678"}},
		{"+1 13812345678", []string{"phone:13812345678"}},
		{"12812345678", nil},  // 12 is no mobile prefix
		{"013812345678", nil}, // 12 digits
		{"1381234567", nil},   // 10 digits
		{"13812345678 13987654321", []string{"phone:13812345678", "phone:13987654321"}},
		{"138 1234 5678 139 8765 4321", []string{"phone:13812345678", "phone:13987654321"}},
		{id + " 13812345678", []string{"id:" + id, "phone:13812345678"}},
		{"网格140902001002001", nil}, // a grid code: 15 digits, not an ID
		{"案卷SJ20261123000123", nil},
		{"2026-11-23 10:00", nil},
	} {
		var got []string
		for _, n := range Scan(tc.text) {
			got = append(got, n.Kind+":"+n.Value)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Scan(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

func TestMaskText(t *testing.T) {
	in := "张三 身份证140902199001011232，电话 +86 138-1234-5678，网格140902001002001"
	want := "张三 身份证140902********1232，电话 138****5678，网格140902001002001"
	if got := MaskText(in); got != want {
		t.Errorf("MaskText = %q, want %q", got, want)
	}
	if s := "没有号码的文字"; MaskText(s) != s {
		t.Errorf("MaskText changed a text without numbers")
	}
}

// oracleSeps are the separators the scanner knows, written out again for the oracle.
const oracleSeps = " \u00a0\u3000-－\u2010\u2011\u2012\u2013\u2014"

// oracleFold is one rune as the oracle reads it: a digit, X, + or a space
// for a separator; '.' for anything else.
func oracleFold(r rune) rune {
	switch {
	case strings.ContainsRune("0123456789", r):
		return r
	case strings.ContainsRune("０１２３４５６７８９", r):
		return '0' + (r - '０')
	case strings.ContainsRune("XxＸｘ", r):
		return 'X'
	case strings.ContainsRune("+＋", r):
		return '+'
	case strings.ContainsRune(oracleSeps, r):
		return ' '
	}
	return '.'
}

var oracleShape = regexp.MustCompile(`^\+?[0-9]+( [0-9]+)*X?$`)

// scanOracle is Scan by brute force: every span of runes that stands alone
// (no digit either side), has the shape of a number, and that
// ValidateIDNumber or NormalizePhone accepts is a candidate; going left to
// right, the longest candidate starting at each place is taken.
func scanOracle(s string) []Number {
	var folded []rune
	var at []int
	for i, r := range s {
		folded, at = append(folded, oracleFold(r)), append(at, i)
	}
	at = append(at, len(s))
	digit := func(k int) bool { return k >= 0 && k < len(folded) && folded[k] >= '0' && folded[k] <= '9' }
	match := func(a, b int) (Number, bool) {
		if digit(a-1) || digit(b) || !oracleShape.MatchString(string(folded[a:b])) {
			return Number{}, false
		}
		canon := strings.ReplaceAll(string(folded[a:b]), " ", "")
		if info, err := ValidateIDNumber(canon, farFuture); err == nil {
			return Number{Start: at[a], End: at[b], Kind: KindID, Value: info.Number}, true
		}
		if p, err := NormalizePhone(canon); err == nil {
			return Number{Start: at[a], End: at[b], Kind: KindPhone, Value: p}, true
		}
		return Number{}, false
	}
	var out []Number
	for a := 0; a < len(folded); {
		found := false
		for b := len(folded); b > a; b-- {
			if n, ok := match(a, b); ok {
				out, a, found = append(out, n), b, true
				break
			}
		}
		if !found {
			a++
		}
	}
	return out
}

// randomText is text with numbers in it as people type them: valid and
// invalid ID numbers, mobiles with and without a country code, separators
// inside them, full-width forms, and digits right beside them.
func randomText(r *rand.Rand) string {
	var b strings.Builder
	for range 1 + r.IntN(6) {
		switch r.IntN(9) {
		case 0:
			b.WriteString([]string{"居民", "反映", "，", "。", "电话", "身份证", "ID:", "x", "X", "+", "＋", " ", "-", "\u3000", "(", ")"}[r.IntN(16)])
		case 1:
			fmt.Fprintf(&b, "%d", r.IntN(1000000))
		case 2, 3:
			b.WriteString(typed(r, randomID(r)))
		case 4, 5:
			b.WriteString(typed(r, randomPhone(r)))
		case 6:
			first := fmt.Sprintf("%017d", r.Int64N(1e17)) // a random ID-length run, rarely valid
			b.WriteString(typed(r, first+string("0123456789X"[r.IntN(11)])))
		case 7:
			b.WriteString(typed(r, fmt.Sprintf("1%d%09d", r.IntN(10), r.IntN(1e9)))) // 1x: 12 and 10 prefixes too
		default:
			b.WriteString("网格140902001002001")
		}
	}
	return b.String()
}

// randomID is a valid ID number, or one with its check digit off.
func randomID(r *rand.Rand) string {
	first := fmt.Sprintf("%s%04d%02d%02d%03d", []string{"140902", "110105", "440524", "650102"}[r.IntN(4)],
		1930+r.IntN(100), 1+r.IntN(12), 1+r.IntN(28), r.IntN(1000))
	c := IDCheckDigit(first)
	if r.IntN(4) == 0 {
		c = "0123456789X"[(strings.IndexByte("0123456789X", c)+1+r.IntN(10))%11]
	}
	if c == 'X' && r.IntN(2) == 0 {
		c = 'x'
	}
	return first + string(c)
}

// randomPhone is a mobile, perhaps with a country code.
func randomPhone(r *rand.Rand) string {
	p := fmt.Sprintf("1%d%09d", 3+r.IntN(7), r.IntN(1e9))
	return []string{"", "", "86", "0086", "+86", "+86 "}[r.IntN(6)] + p
}

// typed is s as someone might type it: separators between some characters
// (one, or now and then two), or full-width.
func typed(r *rand.Rand, s string) string {
	var b strings.Builder
	wide := r.IntN(5) == 0
	for i, c := range s {
		if i > 0 && r.IntN(8) == 0 {
			b.WriteString([]string{" ", "-", "\u3000", "—", "  "}[r.IntN(5)])
		}
		if wide && c < 0x7f && c != ' ' {
			c += '！' - '!'
		}
		b.WriteRune(c)
	}
	return b.String()
}

func TestScanAgainstOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 2))
	kinds := map[string]int{}
	for i := range 20000 {
		s := randomText(r)
		got, want := Scan(s), scanOracle(s)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("case %d: Scan(%q)\n got %+v\nwant %+v", i, s, got, want)
		}
		for _, n := range got {
			kinds[n.Kind]++
		}
	}
	if kinds[KindID] < 1000 || kinds[KindPhone] < 1000 {
		t.Fatalf("the random texts found too few numbers to mean much: %v", kinds)
	}
}
