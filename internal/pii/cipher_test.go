package pii

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

func testKeys(seed byte) Keys {
	var k Keys
	for i := range 32 {
		k.Enc[i] = seed + byte(i)
		k.Index[i] = seed + byte(i) + 100
	}
	return k
}

func testCipher(t testing.TB, seed byte) *Cipher {
	t.Helper()
	c, err := New(testKeys(seed))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNewRejectsBadKeys(t *testing.T) {
	if _, err := New(Keys{}); !errors.Is(err, ErrZeroKey) {
		t.Errorf("zero keys: err = %v", err)
	}
	k := testKeys(1)
	k.Index = k.Enc
	if _, err := New(k); err == nil {
		t.Error("equal keys: want error")
	}
}

func TestSealOpenRoundTrip(t *testing.T) {
	c := testCipher(t, 1)
	for _, plain := range []string{"", "x", "140902199001011232", "13812345678", "张三丰", strings.Repeat("长", 1000)} {
		sealed := c.Seal(plain)
		if plain == "" {
			if sealed != "" {
				t.Errorf("Seal(\"\") = %q, want empty", sealed)
			}
		} else if !strings.HasPrefix(sealed, "v1:") || (len(plain) > 4 && strings.Contains(sealed, plain)) {
			t.Errorf("Seal(%q) = %q: want v1: prefix and no plaintext", plain, sealed)
		}
		got, err := c.Open(sealed)
		if err != nil || got != plain {
			t.Errorf("Open(Seal(%q)) = %q, %v", plain, got, err)
		}
	}
}

func TestSealIsRandomised(t *testing.T) {
	c := testCipher(t, 1)
	if a, b := c.Seal("13812345678"), c.Seal("13812345678"); a == b {
		t.Error("two seals of the same value are equal; nonce not random")
	}
}

func TestOpenDetectsWrongKeyAndTampering(t *testing.T) {
	c, other := testCipher(t, 1), testCipher(t, 2)
	sealed := c.Seal("140902199001011232")
	if _, err := other.Open(sealed); !errors.Is(err, ErrDecrypt) {
		t.Errorf("wrong key: err = %v, want ErrDecrypt", err)
	}
	raw, _ := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(sealed, "v1:"))
	for i := range raw {
		for _, bit := range []byte{1, 0x80} {
			b := append([]byte(nil), raw...)
			b[i] ^= bit
			if _, err := c.Open("v1:" + base64.RawURLEncoding.EncodeToString(b)); !errors.Is(err, ErrDecrypt) {
				t.Fatalf("flip bit %x of byte %d: err = %v, want ErrDecrypt", bit, i, err)
			}
		}
	}
	if _, err := c.Open("v1:" + base64.RawURLEncoding.EncodeToString(raw[:len(raw)-1])); err == nil {
		t.Error("truncated: want error")
	}
	for _, bad := range []string{"140902199001011232", "v2:" + sealed[3:], "v1:***", "v1:", "v1:AAAA"} {
		if _, err := c.Open(bad); !errors.Is(err, ErrSealedFormat) {
			t.Errorf("Open(%q): err = %v, want ErrSealedFormat", bad, err)
		}
	}
	if Reason(ErrDecrypt) == "" {
		t.Error("ErrDecrypt has no Chinese reason")
	}
}

func TestIndexStableKindSeparatedAndNormalised(t *testing.T) {
	c := testCipher(t, 1)
	id := c.Index(KindID, "11010519491231002X")
	if len(id) != 64 {
		t.Errorf("index length = %d, want 64 hex chars", len(id))
	}
	if again := testCipher(t, 1).Index(KindID, "11010519491231002X"); again != id {
		t.Error("index not stable across Cipher instances with the same key")
	}
	if other := testCipher(t, 2).Index(KindID, "11010519491231002X"); other == id {
		t.Error("index does not depend on the key")
	}
	if c.Index("name", "11010519491231002X") == id {
		t.Error("different kinds give the same index")
	}
	if c.Index(KindID, " 11010519491231002x ") != id || c.Index(KindID, "１１０１０５１９４９１２３１００２Ｘ") != id {
		t.Error("ID index not normalised (case, space, full width)")
	}
	p := c.Index(KindPhone, "13812345678")
	for _, v := range []string{"+86 138-1234-5678", "0086 13812345678", "8613812345678", "１３８１２３４５６７８"} {
		if c.Index(KindPhone, v) != p {
			t.Errorf("phone index of %q differs from the canonical number", v)
		}
	}
	if c.Index(KindPhone, "13812345679") == p {
		t.Error("different phones share an index")
	}
	if c.Index(KindID, "") != "" || c.Index(KindPhone, "   ") != "" {
		t.Error("empty value must index to empty")
	}
}

func FuzzSealOpen(f *testing.F) {
	for _, s := range []string{"", "a", "张三", "v1:", "140902199001011232"} {
		f.Add(s)
	}
	c := testCipher(f, 1)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := c.Open(c.Seal(s))
		if err != nil || got != s {
			t.Fatalf("round trip of %q = %q, %v", s, got, err)
		}
		// Opening arbitrary text must fail cleanly, never panic or succeed by accident.
		if s != "" {
			if _, err := c.Open(s); err == nil {
				t.Fatalf("Open(%q) succeeded on text Seal did not produce", s)
			}
		}
	})
}
