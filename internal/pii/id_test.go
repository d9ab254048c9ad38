package pii

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var testNow = time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)

func TestIDCheckDigit(t *testing.T) {
	for _, tc := range []struct {
		first17 string
		want    byte
	}{
		{"11010519491231002", 'X'}, // the example in GB 11643-1999
		{"44052418800101001", '4'}, // the other example in the standard
		{"14090219900101123", '2'},
		{"00000000000000000", '1'},
		{"1101051949123100", 0},
		{"110105194912310021", 0},
		{"1101051949123100a", 0},
		{"", 0},
	} {
		if got := IDCheckDigit(tc.first17); got != tc.want {
			t.Errorf("IDCheckDigit(%q) = %q, want %q", tc.first17, got, tc.want)
		}
	}
}

// checkDigitOracle is ISO 7064 MOD 11-2 written straight from the standard:
// the check character c makes sum(a_i * 2^(i-1)) + c ≡ 1 (mod 11), with X standing for 10.
func checkDigitOracle(first17 string) byte {
	for c := range 11 {
		sum := c
		for i := range 17 {
			sum += int(first17[16-i]-'0') * (1 << (i + 1) % 11)
		}
		if sum%11 == 1 {
			if c == 10 {
				return 'X'
			}
			return byte('0' + c)
		}
	}
	panic("no check digit")
}

func TestIDCheckDigitAgainstOracle(t *testing.T) {
	for i := range 20000 {
		s := fmt.Sprintf("%017d", uint64(i)*982451653%100000000000000000)
		if got, want := IDCheckDigit(s), checkDigitOracle(s); got != want {
			t.Fatalf("IDCheckDigit(%s) = %c, oracle %c", s, got, want)
		}
	}
}

func TestValidateIDNumber(t *testing.T) {
	for _, tc := range []struct {
		in, number, gender, birth string
	}{
		{"11010519491231002X", "11010519491231002X", "female", "1949-12-31"},
		{"11010519491231002x", "11010519491231002X", "female", "1949-12-31"},
		{" 440524188001010014\t", "440524188001010014", "male", "1880-01-01"},
		{"140902199001011232", "140902199001011232", "male", "1990-01-01"},
		{"140902200002290021", "140902200002290021", "female", "2000-02-29"},
		{"１４０９０２１９９００１０１１２３２", "140902199001011232", "male", "1990-01-01"},
		{"820000" + "20260315" + "002" + string(IDCheckDigit("82000020260315002")), "", "female", "2026-03-15"},
	} {
		info, err := ValidateIDNumber(tc.in, testNow)
		if err != nil {
			t.Errorf("ValidateIDNumber(%q): %v", tc.in, err)
			continue
		}
		if tc.number == "" {
			tc.number = tc.in
		}
		if info.Number != tc.number || info.Gender != tc.gender || info.RegionCode != tc.number[:6] ||
			info.BirthDate.Format(time.DateOnly) != tc.birth || info.BirthDate.Location() != time.UTC {
			t.Errorf("ValidateIDNumber(%q) = %+v", tc.in, info)
		}
	}
}

func TestValidateIDNumberRejects(t *testing.T) {
	withCheck := func(first17 string) string { return first17 + string(IDCheckDigit(first17)) }
	for _, tc := range []struct {
		name, in string
		want     error
	}{
		{"empty", "", ErrIDLength},
		{"17 chars", "11010519491231002", ErrIDLength},
		{"19 chars", "11010519491231002X1", ErrIDLength},
		{"15-digit old format", "110105491231002", ErrIDLength},
		{"wrong check digit", "110105194912310021", ErrIDChecksum},
		{"wrong check digit X", "14090219900101123X", ErrIDChecksum},
		{"transposed digits", "110105194912301020", ErrIDChecksum},
		{"letter inside", "1101051949123100AX", ErrIDFormat},
		{"X not last", "X10105194912310021", ErrIDFormat},
		{"other check letter", "11010519491231002Y", ErrIDFormat},
		{"18 runes not ascii", "11010519491231002张", ErrIDFormat},
		{"inner space", "110105 9491231002X", ErrIDFormat},
		{"province 00", withCheck("00010519491231002"), ErrIDRegion},
		{"province 16", withCheck("16010519491231002"), ErrIDRegion},
		{"province 99", withCheck("99010519491231002"), ErrIDRegion},
		{"Feb 30", withCheck("14090219900230002"), ErrIDBirthDate},
		{"Feb 29 non-leap", withCheck("14090219000229002"), ErrIDBirthDate},
		{"month 13", withCheck("14090219901301002"), ErrIDBirthDate},
		{"day 00", withCheck("14090219900100002"), ErrIDBirthDate},
		{"year 0000", withCheck("14090200000101002"), ErrIDBirthDate},
		{"tomorrow", withCheck("14090220260316002"), ErrIDBirthDate},
		{"future year", withCheck("14090221000101002"), ErrIDBirthDate},
	} {
		_, err := ValidateIDNumber(tc.in, testNow)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: ValidateIDNumber(%q) err = %v, want %v", tc.name, tc.in, err, tc.want)
		}
		if Reason(err) == "" || !strings.Contains(Reason(err), "身份证号") {
			t.Errorf("%s: Reason(%v) = %q, want a Chinese reason about the ID number", tc.name, err, Reason(err))
		}
	}
}

func TestValidateIDNumberTodayInBeijing(t *testing.T) {
	// 2026-03-15 16:30 UTC is already 2026-03-16 in Beijing, so a baby born
	// that day has a valid number.
	now := time.Date(2026, 3, 15, 16, 30, 0, 0, time.UTC)
	id := "14090220260316002"
	id += string(IDCheckDigit(id))
	if _, err := ValidateIDNumber(id, now); err != nil {
		t.Errorf("born today in Beijing: %v", err)
	}
	if _, err := ValidateIDNumber(id, now.Add(-time.Hour)); !errors.Is(err, ErrIDBirthDate) {
		t.Errorf("born tomorrow in Beijing: err = %v", err)
	}
}

func TestReason(t *testing.T) {
	if got := Reason(ErrIDChecksum); got != "身份证号校验位错误" {
		t.Errorf("Reason(ErrIDChecksum) = %q", got)
	}
	if got := Reason(fmt.Errorf("import row 3: %w", ErrPhone)); !strings.Contains(got, "手机号") {
		t.Errorf("Reason(wrapped ErrPhone) = %q", got)
	}
	if Reason(nil) != "" || Reason(errors.New("other")) != "" {
		t.Error("Reason of nil or a foreign error must be empty")
	}
}

func FuzzValidateIDNumber(f *testing.F) {
	for _, s := range []string{
		"11010519491231002X", "11010519491231002x", "440524188001010014", "140902199001011232",
		"110105194912310021", "14090219900230002X", "", "X", "１４０９０２１９９００１０１１２３２",
		"11010519491231002张", "\xff\xfe0519491231002X",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		info, err := ValidateIDNumber(s, testNow)
		if err != nil {
			if Reason(err) == "" {
				t.Fatalf("error %v has no Chinese reason", err)
			}
			return
		}
		n := info.Number
		if len(n) != 18 || IDCheckDigit(n[:17]) != n[17] {
			t.Fatalf("valid %q but check digit does not recompute", n)
		}
		if info.RegionCode != n[:6] || info.BirthDate.Format("20060102") != n[6:14] || info.BirthDate.After(testNow) {
			t.Fatalf("inconsistent info %+v", info)
		}
		if again, err := ValidateIDNumber(n, testNow); err != nil || again != info {
			t.Fatalf("normalised number does not revalidate to the same info: %+v, %v", again, err)
		}
		m := MaskID(n)
		if utf8.RuneCountInString(m) != 18 || m[:6] != n[:6] || m[14:] != n[14:] || m[6:14] != "********" {
			t.Fatalf("MaskID(%q) = %q", n, m)
		}
	})
}
