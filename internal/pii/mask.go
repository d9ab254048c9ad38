package pii

import (
	"strings"
	"unicode/utf8"
)

// MaskID shows the first 6 and last 4 characters of an 18-character ID number
// ("140902********1234"); any other length keeps only its first character.
func MaskID(s string) string { return maskKeep(s, 18, 6, 4) }

// MaskPhone shows the first 3 and last 4 digits of an 11-digit mobile number
// ("138****5678"); any other length keeps only its first character.
func MaskPhone(s string) string { return maskKeep(s, 11, 3, 4) }

// MaskName keeps the first character (usually the surname) of a name and
// masks the rest ("张**"); a one-character name is masked completely.
func MaskName(s string) string { return maskKeep(strings.TrimSpace(s), 0, 0, 0) }

// maskKeep replaces runes with '*', keeping head and tail runes when s has
// exactly want runes and otherwise only the first rune (none if s has one).
// The result always has as many runes as s, so the layout of a table stays put.
func maskKeep(s string, want, head, tail int) string {
	n := utf8.RuneCountInString(s)
	if n == 0 {
		return ""
	}
	if n != want {
		head, tail = 1, 0
		if n == 1 {
			head = 0
		}
	}
	var b strings.Builder
	b.Grow(len(s))
	i := 0
	for _, r := range s {
		if i < head || i >= n-tail {
			b.WriteRune(r)
		} else {
			b.WriteByte('*')
		}
		i++
	}
	return b.String()
}
