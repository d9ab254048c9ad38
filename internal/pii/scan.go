package pii

import "time"

// Number is a national ID number or a mobile number found in free text.
type Number struct {
	Start, End int    // byte offsets of the number as written, separators and prefix included
	Kind       string // KindID or KindPhone
	Value      string // canonical: 18 characters with upper-case X, or the 11 digits of a mobile
}

// Mask is the number as lists and details show it: 140902********1234 or 138****5678.
func (n Number) Mask() string {
	if n.Kind == KindID {
		return MaskID(n.Value)
	}
	return MaskPhone(n.Value)
}

// Scan finds the national ID numbers and mainland mobile numbers in free text,
// leftmost first, each as long as it can be.
//
// A number is written as groups of digits (ASCII or full-width) joined by single
// separators (a space, an ideographic space, a no-break space, a hyphen or a
// dash), standing on its own: no digit right before or after it, so a 19-digit
// run holds no ID number and a 12-digit run no mobile. An ID number is 17 digits
// and a check digit or X that pass GB 11643 (province, calendar date from 1800,
// ISO 7064 check; a birth date in the future is masked all the same). A mobile
// is 1[3-9] and 9 digits, after an optional 86, 0086 or +86.
//
// The 15-digit ID numbers of the first-generation cards are not looked for:
// they stopped being valid in 2013 and carry no check digit, so nothing tells
// one from the platform's own 15-digit grid codes (140902001002001 reads as a
// region, the date 1900-10-02 and a sequence number).
func Scan(s string) []Number {
	if !enoughDigits(s) {
		return nil
	}
	var out []Number
	rs := runesOf(s)
	for i := 0; i < len(rs); i++ {
		if i > 0 && rs[i-1].digit() {
			continue
		}
		if n, end := longestAt(rs, i); end > i {
			out = append(out, n)
			i = end - 1
		}
	}
	return out
}

// MaskText is s with every number Scan finds masked: for copies of a text that
// are never revealed (a notification, a file name).
func MaskText(s string) string {
	ns := Scan(s)
	if len(ns) == 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	at := 0
	for _, n := range ns {
		b = append(append(b, s[at:n.Start]...), n.Mask()...)
		at = n.End
	}
	return string(append(b, s[at:]...))
}

// enoughDigits reports whether s has the 11 digits the shortest number
// needs: most text has not, and is passed over without a closer look.
func enoughDigits(s string) bool {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' || r >= '０' && r <= '９' {
			if n++; n == 11 {
				return true
			}
		}
	}
	return false
}

// textRune is one rune of scanned text, classified.
type textRune struct {
	at int  // byte offset
	c  byte // the ASCII digit, 'X', '+', ' ' for a separator, 0 for anything else
}

func (r textRune) digit() bool { return r.c >= '0' && r.c <= '9' }

// runesOf classifies s rune by rune, folding full-width forms to ASCII. The
// result has one more entry than s has runes, marking the end.
func runesOf(s string) []textRune {
	out := make([]textRune, 0, len(s)+1)
	for at, r := range s {
		out = append(out, textRune{at: at, c: classify(r)})
	}
	return append(out, textRune{at: len(s)})
}

func classify(r rune) byte {
	switch {
	case r >= '0' && r <= '9':
		return byte(r)
	case r >= '０' && r <= '９':
		return byte(r - '０' + '0')
	case r == 'X' || r == 'x' || r == 'Ｘ' || r == 'ｘ':
		return 'X'
	case r == '+' || r == '＋':
		return '+'
	case r == ' ' || r == '\u00a0' || r == '\u3000' || r == '-' || r == '－' || r >= '\u2010' && r <= '\u2014':
		return ' '
	}
	return 0
}

// maxDigits is the longest number looked for: an ID number's 18.
const maxDigits = 18

// longestAt is the longest number that starts at rune i and the index of the
// rune after it; end is i when there is none. The end entry of rs (c == 0)
// stops every walk.
func longestAt(rs []textRune, i int) (found Number, end int) {
	end = i
	plus := rs[i].c == '+'
	j := i
	if plus {
		j++
	}
	if !rs[j].digit() {
		return Number{}, end
	}
	var digits [maxDigits + 1]byte
	n := 0
	for ; n <= maxDigits; j++ {
		if !rs[j].digit() {
			return found, end
		}
		digits[n] = rs[j].c
		n++
		next := rs[j+1]
		if next.digit() {
			continue
		}
		// a group ends here: the number may end with it, or with an X right after
		if v, kind := numberOf(digits[:n], plus); kind != "" {
			found, end = Number{Start: rs[i].at, End: next.at, Kind: kind, Value: v}, j+1
		}
		if next.c == 'X' && !rs[j+2].digit() && !plus && n == 17 {
			if v := string(digits[:n]) + "X"; validID(v) {
				found, end = Number{Start: rs[i].at, End: rs[j+2].at, Kind: KindID, Value: v}, j+2
			}
		}
		if next.c != ' ' || !rs[j+2].digit() {
			return found, end
		}
		j++ // over the separator
	}
	return found, end
}

// numberOf is the canonical value and kind of a run of digits read as a
// whole number, or kind "" when it is neither.
func numberOf(d []byte, plus bool) (string, string) {
	switch {
	case !plus && len(d) == 18 && validID(string(d)):
		return string(d), KindID
	case !plus && len(d) == 11 && mobile(d):
		return string(d), KindPhone
	case len(d) == 13 && string(d[:2]) == "86" && mobile(d[2:]):
		return string(d[2:]), KindPhone
	case !plus && len(d) == 15 && string(d[:4]) == "0086" && mobile(d[4:]):
		return string(d[4:]), KindPhone
	}
	return "", ""
}

func mobile(d []byte) bool { return d[0] == '1' && d[1] >= '3' }

// farFuture stands in for "now" when text is scanned: a number is masked
// whether or not its holder is born yet.
var farFuture = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// validID reports whether 18 ASCII characters are a valid ID number, birth
// dates in the future allowed.
func validID(s string) bool {
	_, err := ValidateIDNumber(s, farFuture)
	return err == nil
}
