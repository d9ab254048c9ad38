package pii

import (
	"encoding/json"
	"fmt"
)

// Text is free text (a description, a comment, a note) as it is stored: the
// numbers Scan finds are masked in place, so that the text column reads as
// every list and detail shows it and a search by words still works on it,
// and the numbers as written are sealed beside it with their places, so that
// only an audited reveal puts them back.
type Text struct {
	Masked string // what is shown and searched
	Sealed string // the numbers and where they stand in Masked, sealed; "" when there are none
}

// place is one masked number in Text.Masked: the bytes [At, At+N) hold the
// mask of Orig, the number as it was written.
type place struct {
	At   int    `json:"at"`
	N    int    `json:"n"`
	Orig string `json:"s"`
}

// SealText masks the numbers in s and seals them, ready to store.
func (c *Cipher) SealText(s string) Text {
	ns := Scan(s)
	if len(ns) == 0 {
		return Text{Masked: s}
	}
	b := make([]byte, 0, len(s))
	places := make([]place, len(ns))
	at := 0
	for i, n := range ns {
		b = append(b, s[at:n.Start]...)
		m := n.Mask()
		places[i] = place{At: len(b), N: len(m), Orig: s[n.Start:n.End]}
		b = append(b, m...)
		at = n.End
	}
	raw, _ := json.Marshal(places) // a slice of plain structs always marshals
	return Text{Masked: string(append(b, s[at:]...)), Sealed: c.Seal(string(raw))}
}

// OpenText is the text as it was written: t.Masked with its numbers put back.
// A Sealed that does not fit Masked — edited apart, or from another row — is
// refused rather than spliced in at the wrong places.
func (c *Cipher) OpenText(t Text) (string, error) {
	if t.Sealed == "" {
		return t.Masked, nil
	}
	raw, err := c.Open(t.Sealed)
	if err != nil {
		return "", err
	}
	var places []place
	if err := json.Unmarshal([]byte(raw), &places); err != nil {
		return "", fmt.Errorf("%w: %v", ErrSealedFormat, err)
	}
	b := make([]byte, 0, len(t.Masked)+len(raw))
	at := 0
	for _, p := range places {
		if p.At < at || p.N <= 0 || p.At+p.N > len(t.Masked) || t.Masked[p.At:p.At+p.N] != maskOf(p.Orig) {
			return "", fmt.Errorf("%w: the sealed numbers do not fit the text", ErrSealedFormat)
		}
		b = append(append(b, t.Masked[at:p.At]...), p.Orig...)
		at = p.At + p.N
	}
	return string(append(b, t.Masked[at:]...)), nil
}

// maskOf is the mask of a number as written, or "" when s is not exactly one number.
func maskOf(s string) string {
	ns := Scan(s)
	if len(ns) != 1 || ns[0].Start != 0 || ns[0].End != len(s) {
		return ""
	}
	return ns[0].Mask()
}
