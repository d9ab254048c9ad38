package pii

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"healthgrid/internal/china"
)

// Sentinel errors for national ID numbers; Reason gives each a Chinese message.
var (
	ErrIDLength    = errors.New("pii: ID number must have 18 characters")
	ErrIDFormat    = errors.New("pii: ID number must be 17 digits followed by a digit or X")
	ErrIDRegion    = errors.New("pii: ID number has an unknown province code")
	ErrIDBirthDate = errors.New("pii: ID number has an invalid birth date")
	ErrIDChecksum  = errors.New("pii: ID number check digit does not match")
)

// ErrPhone reports a value that is not a mainland China mobile number.
var ErrPhone = errors.New("pii: not a mainland China mobile number")

// reasons maps each sentinel to the short Simplified Chinese text shown to users.
var reasons = []struct {
	err error
	zh  string
}{
	{ErrIDLength, "身份证号应为18位"},
	{ErrIDFormat, "身份证号格式错误，应为17位数字加1位数字或X"},
	{ErrIDRegion, "身份证号地区码无效"},
	{ErrIDBirthDate, "身份证号出生日期无效"},
	{ErrIDChecksum, "身份证号校验位错误"},
	{ErrPhone, "手机号码格式错误，应为11位大陆手机号"},
	{ErrDecrypt, "数据无法解密"},
	{ErrSealedFormat, "数据无法解密"},
}

// Reason returns a short Simplified Chinese explanation of an error from this
// package, for showing to users; it returns "" for nil and for other errors.
func Reason(err error) string {
	for _, r := range reasons {
		if errors.Is(err, r.err) {
			return r.zh
		}
	}
	return ""
}

// IDInfo is what a valid national ID number says about its holder.
type IDInfo struct {
	Number     string    // normalised: 18 characters, upper-case X
	BirthDate  time.Time // midnight UTC of the civil birth date
	Gender     string    // "male" or "female"
	RegionCode string    // the 6-digit address code
}

// provinces holds the valid first two digits of an address code (GB/T 2260,
// plus 71 Taiwan, 81 Hong Kong, 82 Macao, 83 residence permits).
var provinces = func() (ok [100]bool) {
	for _, r := range [][2]int{{11, 15}, {21, 23}, {31, 37}, {41, 46}, {50, 54}, {61, 65}, {71, 71}, {81, 83}} {
		for c := r[0]; c <= r[1]; c++ {
			ok[c] = true
		}
	}
	return ok
}()

// minBirthYear rejects birth years no living holder can have; it catches
// garbled numbers that still form a calendar date.
const minBirthYear = 1800

// ValidateIDNumber checks an 18-character national ID number per GB 11643-1999:
// format, province code, birth date (a real date from 1800 up to today in
// Beijing time, relative to now) and the ISO 7064 MOD 11-2 check character.
// Surrounding space and full-width characters are tolerated; lower-case x is
// accepted and normalised to X.
func ValidateIDNumber(s string, now time.Time) (IDInfo, error) {
	s = strings.ToUpper(strings.TrimSpace(foldWidth(s)))
	if n := utf8.RuneCountInString(s); n != 18 {
		return IDInfo{}, fmt.Errorf("%w (got %d)", ErrIDLength, n)
	}
	if len(s) != 18 || !allDigits(s[:17]) || !(isDigit(s[17]) || s[17] == 'X') {
		return IDInfo{}, ErrIDFormat
	}
	if p := atoi(s[:2]); !provinces[p] {
		return IDInfo{}, fmt.Errorf("%w %02d", ErrIDRegion, p)
	}
	y, m, d := atoi(s[6:10]), atoi(s[10:12]), atoi(s[12:14])
	birth := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if by, bm, bd := birth.Date(); by != y || int(bm) != m || bd != d {
		return IDInfo{}, fmt.Errorf("%w: %s is not a calendar date", ErrIDBirthDate, s[6:14])
	}
	if y < minBirthYear {
		return IDInfo{}, fmt.Errorf("%w: year %d is before %d", ErrIDBirthDate, y, minBirthYear)
	}
	ny, nm, nd := now.In(china.Zone).Date()
	if birth.After(time.Date(ny, nm, nd, 0, 0, 0, 0, time.UTC)) {
		return IDInfo{}, fmt.Errorf("%w: %s is in the future", ErrIDBirthDate, s[6:14])
	}
	if IDCheckDigit(s[:17]) != s[17] {
		return IDInfo{}, ErrIDChecksum
	}
	gender := "female"
	if (s[16]-'0')%2 == 1 {
		gender = "male"
	}
	return IDInfo{Number: s, BirthDate: birth, Gender: gender, RegionCode: s[:6]}, nil
}

// idWeights are the ISO 7064 MOD 11-2 weights 2^(17-i) mod 11.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// IDCheckDigit returns the check character ('0'–'9' or 'X') for the first 17
// digits of an ID number, or 0 if first17 is not exactly 17 ASCII digits.
func IDCheckDigit(first17 string) byte {
	if len(first17) != 17 || !allDigits(first17) {
		return 0
	}
	sum := 0
	for i := range 17 {
		sum += int(first17[i]-'0') * idWeights[i]
	}
	return "10X98765432"[sum%11]
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func allDigits(s string) bool {
	for i := range len(s) {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// atoi parses a string already known to be ASCII digits.
func atoi(s string) int {
	n := 0
	for i := range len(s) {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
