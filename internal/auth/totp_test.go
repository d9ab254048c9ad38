package auth

import (
	"encoding/base32"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"
)

// rfcKey is the SHA-1 secret of RFC 4226 Appendix D and RFC 6238 Appendix B.
var rfcKey = []byte("12345678901234567890")

func TestHOTPRFC4226Vectors(t *testing.T) {
	want := []string{"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"}
	for c, w := range want {
		if got := hotp(rfcKey, uint64(c), 6); got != w {
			t.Errorf("HOTP(counter %d) = %s, want %s", c, got, w)
		}
	}
}

func TestTOTPRFC6238Vectors(t *testing.T) {
	secret := base32.StdEncoding.EncodeToString(rfcKey)
	for _, v := range []struct {
		unix int64
		want string
	}{
		{59, "94287082"},
		{1111111109, "07081804"},
		{1111111111, "14050471"},
		{1234567890, "89005924"},
		{2000000000, "69279037"},
		{20000000000, "65353130"},
	} {
		tm := time.Unix(v.unix, 0).UTC()
		if got := hotp(rfcKey, uint64(totpCounter(tm)), 8); got != v.want {
			t.Errorf("TOTP-8 at %d = %s, want %s", v.unix, got, v.want)
		}
		// The public 6-digit form is the last six digits of the same value.
		code, err := TOTPCode(secret, tm)
		if err != nil || code != v.want[2:] {
			t.Errorf("TOTPCode at %d = %s, %v; want %s", v.unix, code, err, v.want[2:])
		}
		if c, ok := VerifyTOTP(secret, v.want[2:], tm, 0); !ok || c != v.unix/30 {
			t.Errorf("VerifyTOTP at %d = %d, %v", v.unix, c, ok)
		}
	}
}

func TestVerifyTOTPSkewAndCounter(t *testing.T) {
	secret, err := NewTOTPSecret()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 15, 8, 0, 10, 0, time.UTC)
	step := int64(now.Unix() / 30)
	codeAt := func(d int) string {
		c, err := TOTPCode(secret, now.Add(time.Duration(d)*30*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	for _, tc := range []struct {
		offset, skew int
		ok           bool
	}{
		{0, 0, true}, {-1, 0, false}, {1, 0, false},
		{-1, 1, true}, {1, 1, true}, {-2, 1, false}, {2, 1, false},
		{-2, 2, true}, {2, 2, true},
		{0, -5, true}, {-1, -5, false}, // negative skew means none
	} {
		code := codeAt(tc.offset)
		if codeAt(0) == code && tc.offset != 0 {
			continue // the two steps happen to share a code; nothing to test
		}
		c, ok := VerifyTOTP(secret, code, now, tc.skew)
		if ok != tc.ok || (ok && c != step+int64(tc.offset)) {
			t.Errorf("offset %d skew %d: VerifyTOTP = %d, %v; want counter %d ok %v", tc.offset, tc.skew, c, ok, step+int64(tc.offset), tc.ok)
		}
	}
	code := codeAt(0)
	for _, bad := range []string{"", "12345", "1234567", "abcdef", "12345a", "１２３４５６", code + "0"} {
		if _, ok := VerifyTOTP(secret, bad, now, 1); ok {
			t.Errorf("VerifyTOTP(%q) accepted", bad)
		}
	}
	if _, ok := VerifyTOTP(secret, code[:3]+" "+code[3:], now, 0); !ok {
		t.Error("a code typed with a space in the middle must be accepted")
	}
	if _, ok := VerifyTOTP("not base32!", code, now, 1); ok {
		t.Error("bad secret accepted")
	}
}

func TestTOTPSecret(t *testing.T) {
	s, err := NewTOTPSecret()
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != 32 || strings.Contains(s, "=") || strings.ToUpper(s) != s {
		t.Errorf("secret %q: want 32 upper-case base32 chars without padding", s)
	}
	if other, _ := NewTOTPSecret(); other == s {
		t.Error("two secrets are equal")
	}
	now := time.Unix(1_800_000_000, 0)
	want, _ := TOTPCode(s, now)
	spaced := strings.ToLower(s[:4] + " " + s[4:8] + "-" + s[8:])
	if got, err := TOTPCode(spaced+"====", now); err != nil || got != want {
		t.Errorf("lenient secret decoding: %q, %v; want %q", got, err, want)
	}
	for _, bad := range []string{"", "ABC", "11111111", "AAAAAAAAAAAAAAA1"} {
		if _, err := TOTPCode(bad, now); !errors.Is(err, ErrTOTPSecret) {
			t.Errorf("TOTPCode(secret %q): err = %v, want ErrTOTPSecret", bad, err)
		}
	}
	if _, err := TOTPCode(s, time.Unix(-100, 0)); err == nil {
		t.Error("time before 1970: want error")
	}
}

func TestTOTPCounterFloors(t *testing.T) {
	for _, tc := range []struct{ unix, want int64 }{{0, 0}, {29, 0}, {30, 1}, {59, 1}, {-1, -1}, {-30, -1}, {-31, -2}} {
		if got := totpCounter(time.Unix(tc.unix, 0)); got != tc.want {
			t.Errorf("totpCounter(%d) = %d, want %d", tc.unix, got, tc.want)
		}
	}
}

func TestTOTPURL(t *testing.T) {
	got := TOTPURL("忻州卫健 Grid", "wang:li@example.com", "JBSWY3DPEHPK3PXP")
	want := "otpauth://totp/%E5%BF%BB%E5%B7%9E%E5%8D%AB%E5%81%A5%20Grid:wang%3Ali%40example.com" +
		"?secret=JBSWY3DPEHPK3PXP&issuer=%E5%BF%BB%E5%B7%9E%E5%8D%AB%E5%81%A5%20Grid&algorithm=SHA1&digits=6&period=30"
	if got != want {
		t.Errorf("TOTPURL =\n%s\nwant\n%s", got, want)
	}
	u, err := url.Parse(got)
	if err != nil {
		t.Fatal(err)
	}
	issuer, account, _ := strings.Cut(strings.TrimPrefix(u.Path, "/"), ":")
	if u.Scheme != "otpauth" || u.Host != "totp" || issuer != "忻州卫健 Grid" || account != "wang:li@example.com" ||
		u.Query().Get("issuer") != "忻州卫健 Grid" || u.Query().Get("secret") != "JBSWY3DPEHPK3PXP" {
		t.Errorf("TOTPURL does not parse back: %#v %v", u, u.Query())
	}
	if got := TOTPURL("", "admin", "JBSWY3DPEHPK3PXP"); got != "otpauth://totp/admin?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30" {
		t.Errorf("TOTPURL without issuer = %s", got)
	}
}

func FuzzVerifyTOTP(f *testing.F) {
	f.Add("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "287082", int64(59), 1)
	f.Add("", "", int64(0), 0)
	f.Add("JBSWY3DPEHPK3PXP", "000000", int64(-1), 100)
	f.Fuzz(func(t *testing.T, secret, code string, unix int64, skew int) {
		tm := time.Unix(unix, 0)
		c, ok := VerifyTOTP(secret, code, tm, skew)
		if !ok {
			return
		}
		// Whatever was accepted must be the code of the counter returned, within the window.
		key, err := decodeTOTPSecret(secret)
		if err != nil {
			t.Fatalf("accepted with undecodable secret %q", secret)
		}
		d := c - totpCounter(tm)
		if d < -int64(min(max(skew, 0), totpMaxSkew)) || d > int64(min(max(skew, 0), totpMaxSkew)) {
			t.Fatalf("counter %d outside the skew window", c)
		}
		if hotp(key, uint64(c), 6) != strings.ReplaceAll(strings.TrimSpace(code), " ", "") {
			t.Fatalf("accepted %q for counter %d", code, c)
		}
	})
}
