package auth

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestArgonHashAndVerify(t *testing.T) {
	h, err := HashPassword("Correct-Horse-9", TestArgon)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") || strings.Count(h, "$") != 5 {
		t.Fatalf("hash %q is not in PHC form", h)
	}
	if again, _ := HashPassword("Correct-Horse-9", TestArgon); again == h {
		t.Error("two hashes of the same password are equal; salt not random")
	}
	ok, rehash, err := VerifyPassword(h, "Correct-Horse-9")
	if !ok || err != nil {
		t.Fatalf("VerifyPassword(right) = %v, %v", ok, err)
	}
	if !rehash {
		t.Error("TestArgon hash must need rehashing to DefaultArgon")
	}
	for _, wrong := range []string{"", "correct-horse-9", "Correct-Horse-9 ", "Correct-Horse-", "Correct-Horse-99"} {
		if ok, rehash, err := VerifyPassword(h, wrong); ok || rehash || err != nil {
			t.Errorf("VerifyPassword(%q) = %v, %v, %v; want false, false, nil", wrong, ok, rehash, err)
		}
	}
	if NeedsRehash(h, TestArgon) || !NeedsRehash(h, DefaultArgon) || !NeedsRehash("junk", TestArgon) {
		t.Error("NeedsRehash compares parameters wrongly")
	}
}

func TestArgonDefaultNeedsNoRehash(t *testing.T) {
	if testing.Short() {
		t.Skip("hashes with DefaultArgon")
	}
	h, err := HashPassword("pw", DefaultArgon)
	if err != nil {
		t.Fatal(err)
	}
	if ok, rehash, err := VerifyPassword(h, "pw"); !ok || rehash || err != nil {
		t.Errorf("VerifyPassword = %v, %v, %v; want true, false, nil", ok, rehash, err)
	}
}

// TestArgonKnownHash checks PHC strings built from the argon2id test vectors
// of the reference implementation (password "password", salt "somesalt"), so
// a mistake in parameter order or base64 flavour cannot hide behind a
// self-consistent round trip.
func TestArgonKnownHash(t *testing.T) {
	for _, v := range []struct{ params, hexKey string }{
		{"m=64,t=1,p=1", "655ad15eac652dc59f7170a7332bf49b8469be1fdb9c28bb"},
		{"m=64,t=2,p=2", "350ac37222f436ccb5c0972f1ebd3bf6b958bf2071841362"},
	} {
		key, _ := hex.DecodeString(v.hexKey)
		phc := "$argon2id$v=19$" + v.params + "$c29tZXNhbHQ$" + base64.RawStdEncoding.EncodeToString(key)
		if ok, rehash, err := VerifyPassword(phc, "password"); !ok || !rehash || err != nil {
			t.Errorf("VerifyPassword(%s) = %v, %v, %v; want true, true, nil", phc, ok, rehash, err)
		}
		if ok, _, _ := VerifyPassword(phc, "Password"); ok {
			t.Errorf("%s accepts the wrong password", phc)
		}
	}
}

func TestArgonRejectsMalformedHashes(t *testing.T) {
	good, _ := HashPassword("pw", TestArgon)
	parts := strings.Split(good, "$")
	with := func(i int, v string) string {
		p := append([]string(nil), parts...)
		p[i] = v
		return strings.Join(p, "$")
	}
	for name, h := range map[string]string{
		"empty":         "",
		"bcrypt":        "$2a$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
		"argon2i":       with(1, "argon2i"),
		"version 16":    with(2, "v=16"),
		"params order":  with(3, "t=1,m=64,p=1"),
		"missing param": with(3, "m=64,t=1"),
		"huge memory":   with(3, "m=4294967295,t=1,p=1"),
		"huge time":     with(3, "m=64,t=100000,p=1"),
		"zero threads":  with(3, "m=64,t=1,p=0"),
		"300 threads":   with(3, "m=4096,t=1,p=300"),
		"memory < 8p":   with(3, "m=8,t=1,p=2"),
		"negative":      with(3, "m=-64,t=1,p=1"),
		"bad salt":      with(4, "!!!"),
		"short salt":    with(4, "AAAA"),
		"padded hash":   with(5, parts[5]+"="),
		"short hash":    with(5, "AAAA"),
		"extra field":   good + "$x",
		"no leading $":  strings.TrimPrefix(good, "$"),
	} {
		ok, rehash, err := VerifyPassword(h, "pw")
		if ok || rehash || !errors.Is(err, ErrPasswordHash) {
			t.Errorf("%s: VerifyPassword = %v, %v, %v; want ErrPasswordHash", name, ok, rehash, err)
		}
	}
}

func TestArgonRejectsBadParams(t *testing.T) {
	for _, p := range []ArgonParams{
		{}, {Memory: 64, Time: 0, Threads: 1}, {Memory: 64, Time: 1, Threads: 0},
		{Memory: 7, Time: 1, Threads: 1}, {Memory: 2 << 20, Time: 1, Threads: 1},
	} {
		if _, err := HashPassword("pw", p); err == nil {
			t.Errorf("HashPassword with %+v: want error", p)
		}
	}
}

func TestPasswordPolicy(t *testing.T) {
	for _, tc := range []struct {
		pw, user string
		want     error
	}{
		{"Abcdef12", "zhangsan", nil},
		{"abcdef1!", "zhangsan", nil},
		{"ABCDEF1!", "zhangsan", nil},
		{"Abcdefg!", "zhangsan", nil},
		{"密码Abc12345", "zhangsan", nil}, // Chinese counts as a symbol, not needed here
		{"abcdef12", "zhangsan", ErrPasswordTooSimple},
		{"abcdefgh", "zhangsan", ErrPasswordTooSimple},
		{"12345678", "zhangsan", ErrPasswordTooSimple},
		{"密码密码abcd", "zhangsan", ErrPasswordTooSimple},
		{"Abc12!", "zhangsan", ErrPasswordTooShort},
		{"", "zhangsan", ErrPasswordTooShort},
		{"密码Ab1", "zhangsan", ErrPasswordTooShort}, // 6 characters, though 12 bytes
		{strings.Repeat("Ab1!", 32), "zhangsan", nil},
		{strings.Repeat("Ab1!", 32) + "x", "zhangsan", ErrPasswordTooLong},
		{"Zhangsan#2024", "zhangsan", ErrPasswordHasUsername},
		{"x-ZHANGSAN-1", "ZhangSan", ErrPasswordHasUsername},
		{"Abcdef12", " abc ", ErrPasswordHasUsername},
		{"Abcdef12", "ab", nil}, // too short a username to check
		{"Abcdef12", "", nil},
	} {
		err := CheckPasswordPolicy(tc.pw, tc.user)
		if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("CheckPasswordPolicy(%q, %q) = %v, want %v", tc.pw, tc.user, err, tc.want)
		}
	}
}

func TestPasswordPolicyMessages(t *testing.T) {
	for _, e := range []*PasswordPolicyError{ErrPasswordTooShort, ErrPasswordTooLong, ErrPasswordTooSimple, ErrPasswordHasUsername} {
		var pe *PasswordPolicyError
		if err := fmt.Errorf("user 7: %w", e); !errors.As(err, &pe) || pe.Chinese() == "" || !strings.Contains(pe.Chinese(), "密码") {
			t.Errorf("%v: Chinese() = %q", e, pe.Chinese())
		}
		if e.Rule == "" || !strings.HasPrefix(e.Error(), "auth: password must") {
			t.Errorf("%v: bad rule or message", e)
		}
	}
}

func FuzzArgonVerify(f *testing.F) {
	good, _ := HashPassword("pw", TestArgon)
	for _, s := range []string{good, "", "$argon2id$", "$argon2id$v=19$m=64,t=1,p=1$$", good + "$"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, encoded string) {
		ok, rehash, err := VerifyPassword(encoded, "pw")
		if err != nil && (ok || rehash || !errors.Is(err, ErrPasswordHash)) {
			t.Fatalf("VerifyPassword(%q) = %v, %v, %v", encoded, ok, rehash, err)
		}
	})
}

// BenchmarkHashPassword measures DefaultArgon, which should cost about 50 ms.
func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("Correct-Horse-9", DefaultArgon); err != nil {
			b.Fatal(err)
		}
	}
}
