package pii

import (
	"errors"
	"testing"
)

func TestNormalizePhone(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"13812345678", "13812345678"},
		{"138 1234 5678", "13812345678"},
		{"138-1234-5678", "13812345678"},
		{"+86 138 1234 5678", "13812345678"},
		{"+8613812345678", "13812345678"},
		{"0086 13812345678", "13812345678"},
		{"8613812345678", "13812345678"},
		{"86 138-1234-5678", "13812345678"},
		{"１３８１２３４５６７８", "13812345678"},
		{"19912345678", "19912345678"},
		{"\t13912345678 ", "13912345678"},
	} {
		got, err := NormalizePhone(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{
		"", "1381234567", "138123456789", "12812345678", "10012345678", "23812345678",
		"+1 4155550123", "+852 91234567", "0351-1234567", "03511234567", "1381234567a",
		"(138)12345678", "+86", "86138123456", "008613812345", "138.1234.5678",
	} {
		if got, err := NormalizePhone(in); !errors.Is(err, ErrPhone) {
			t.Errorf("NormalizePhone(%q) = %q, %v; want ErrPhone", in, got, err)
		}
	}
}

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"13812345678", "+86 138-1234-5678", "0086 13812345678", "8613812345678", "", "+", "86", "１３８１２３４５６７８", "12345678901"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := NormalizePhone(s)
		if err != nil {
			if !errors.Is(err, ErrPhone) || Reason(err) == "" {
				t.Fatalf("error %v is not ErrPhone with a reason", err)
			}
			return
		}
		if len(p) != 11 || p[0] != '1' || p[1] < '3' || p[1] > '9' || !allDigits(p) {
			t.Fatalf("NormalizePhone(%q) = %q, not a mobile number", s, p)
		}
		if again, err := NormalizePhone(p); err != nil || again != p {
			t.Fatalf("not idempotent: %q -> %q, %v", p, again, err)
		}
		if m := MaskPhone(p); m != p[:3]+"****"+p[7:] {
			t.Fatalf("MaskPhone(%q) = %q", p, m)
		}
	})
}
