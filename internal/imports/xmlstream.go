package imports

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// budgetReader hands an xml.Decoder its input a byte at a time (a decoder
// reads that way from an io.ByteReader) and fails once the token being read
// has taken more than max bytes: encoding/xml holds a whole token in memory,
// so without it one 300 MB cell would be 300 MB of heap, and more.
type budgetReader struct {
	br   *bufio.Reader
	used int
	max  int
	over error
}

func (b *budgetReader) ReadByte() (byte, error) {
	if b.used >= b.max {
		return 0, b.over
	}
	b.used++
	return b.br.ReadByte()
}

func (b *budgetReader) Read(p []byte) (int, error) {
	if b.used >= b.max {
		return 0, b.over
	}
	p = p[:min(len(p), b.max-b.used)]
	n, err := b.br.Read(p)
	b.used += n
	return n, err
}

// xmlStream reads one part of a workbook token by token: no token may take
// more than Limits.token bytes and elements may nest at most maxDepth deep,
// so what it holds does not grow with the part. A part that declares an
// encoding other than UTF-8 is refused (no writer of xlsx uses one).
type xmlStream struct {
	d     *xml.Decoder
	in    *budgetReader
	part  string
	depth int // of the element whose content is being read
}

func newXMLStream(r io.Reader, part string, lim Limits) *xmlStream {
	in := &budgetReader{br: bufio.NewReaderSize(r, 64<<10), max: lim.token(), over: errToken(part, lim.token())}
	return &xmlStream{d: xml.NewDecoder(in), in: in, part: part}
}

// next is the next token, io.EOF at the end of the part. Elements are
// matched by their local names: a prefix (x:row) changes nothing.
func (x *xmlStream) next() (xml.Token, error) {
	x.in.used = 0
	t, err := x.d.RawToken()
	if err != nil {
		var limit *LimitError
		switch {
		case errors.Is(err, io.EOF):
			return nil, io.EOF
		case errors.As(err, &limit), errors.Is(err, ErrBadFile):
			return nil, err
		}
		return nil, fmt.Errorf("xlsx中的“%s”不是有效的XML(%v): %w", x.part, err, ErrBadFile)
	}
	switch t.(type) {
	case xml.StartElement:
		if x.depth++; x.depth > maxDepth {
			return nil, fmt.Errorf("xlsx中的“%s”嵌套超过 %d 层: %w", x.part, maxDepth, ErrBadFile)
		}
	case xml.EndElement:
		x.depth--
	}
	return t, nil
}

// errTooLong is text over the limit text was given; the caller says whose.
var errTooLong = errors.New("imports: text too long")

// text reads the rest of the element just started and returns its text, at
// most max bytes (errTooLong past that). With runs set — an <si> or an
// <is> — only the text of its <t> elements counts, phonetic guides (<rPh>)
// left out as Excel leaves them out of the cell's value.
func (x *xmlStream) text(runs bool, max int) (string, error) {
	var b []byte
	end := x.depth - 1
	inT, inPh := 0, 0 // depth of the <t> and <rPh> being read, 0 outside
	for {
		t, err := x.next()
		if errors.Is(err, io.EOF) {
			return "", fmt.Errorf("xlsx中的“%s”在元素中途结束: %w", x.part, ErrBadFile)
		}
		if err != nil {
			return "", err
		}
		switch e := t.(type) {
		case xml.StartElement:
			switch {
			case e.Name.Local == "t" && inT == 0:
				inT = x.depth
			case e.Name.Local == "rPh" && inPh == 0:
				inPh = x.depth
			}
		case xml.EndElement:
			if x.depth < inT {
				inT = 0
			}
			if x.depth < inPh {
				inPh = 0
			}
			if x.depth == end {
				return string(b), nil
			}
		case xml.CharData:
			if runs && (inT == 0 || inPh > 0) {
				continue
			}
			if len(b)+len(e) > max {
				return "", errTooLong
			}
			b = append(b, e...)
		}
	}
}

// skip reads to the end of the element just started.
func (x *xmlStream) skip() error {
	end := x.depth - 1
	for x.depth > end {
		if _, err := x.next(); err != nil {
			if errors.Is(err, io.EOF) {
				return fmt.Errorf("xlsx中的“%s”在元素中途结束: %w", x.part, ErrBadFile)
			}
			return err
		}
	}
	return nil
}

// attr is the value of the attribute with the local name, "" if absent.
func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
