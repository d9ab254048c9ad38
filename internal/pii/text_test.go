package pii

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestSealTextRoundTrip(t *testing.T) {
	c := testCipher(t, 1)
	r := rand.New(rand.NewPCG(27, 1))
	for i := range 5000 {
		s := randomText(r)
		txt := c.SealText(s)
		if txt.Masked != MaskText(s) {
			t.Fatalf("case %d: Masked %q, MaskText %q", i, txt.Masked, MaskText(s))
		}
		if (txt.Sealed == "") != (len(Scan(s)) == 0) {
			t.Fatalf("case %d: %q: sealed %q with %d numbers", i, s, txt.Sealed, len(Scan(s)))
		}
		for _, n := range Scan(s) {
			if strings.Contains(txt.Masked, n.Value) || strings.Contains(txt.Sealed, n.Value) {
				t.Fatalf("case %d: %s in the clear in %+v", i, n.Value, txt)
			}
		}
		back, err := c.OpenText(txt)
		if err != nil || back != s {
			t.Fatalf("case %d: OpenText = %q, %v; want %q", i, back, err, s)
		}
	}
}

func TestSealText(t *testing.T) {
	c := testCipher(t, 1)
	s := "回电 138 1234 5678，身份证140902199001011232。"
	txt := c.SealText(s)
	if want := "回电 138****5678，身份证140902********1232。"; txt.Masked != want {
		t.Errorf("Masked = %q, want %q", txt.Masked, want)
	}
	if got := c.SealText("没有号码"); got != (Text{Masked: "没有号码"}) {
		t.Errorf("a text without numbers: %+v", got)
	}
	if got, err := c.OpenText(Text{Masked: "没有号码"}); got != "没有号码" || err != nil {
		t.Errorf("OpenText without numbers = %q, %v", got, err)
	}

	other := c.SealText("另一条 13987654321")
	for name, bad := range map[string]Text{
		"text edited":        {Masked: "改过的" + txt.Masked, Sealed: txt.Sealed},
		"text cut":           {Masked: txt.Masked[:10], Sealed: txt.Sealed},
		"another row's seal": {Masked: txt.Masked, Sealed: other.Sealed},
	} {
		if got, err := c.OpenText(bad); !errors.Is(err, ErrSealedFormat) {
			t.Errorf("%s: OpenText = %q, %v; want ErrSealedFormat", name, got, err)
		}
	}
	if _, err := testCipher(t, 2).OpenText(txt); !errors.Is(err, ErrDecrypt) {
		t.Errorf("another key: err = %v, want ErrDecrypt", err)
	}
}

// BenchmarkSealText seals a description at its longest (4,000 characters)
// with an ID number and two mobiles in it: the cost each report pays.
func BenchmarkSealText(b *testing.B) {
	c := testCipher(b, 1)
	s := strings.Repeat("小区门口垃圾堆放三天未清运，", 140) + "来电人140902199001011232，电话138 1234 5678或+86 13987654321。"
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		c.SealText(s)
	}
}

// BenchmarkMaskTextPlain scans a text with no numbers: what most texts cost.
func BenchmarkMaskTextPlain(b *testing.B) {
	s := strings.Repeat("小区门口垃圾堆放三天未清运，2026年11月23日", 100)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		MaskText(s)
	}
}
