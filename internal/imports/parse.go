package imports

import (
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"time"
	"unicode/utf8"

	"healthgrid/internal/pii"
	"healthgrid/internal/population"
)

// Format is the kind of a residents file.
type Format string

// The file formats read.
const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// Encodings of a csv file.
const (
	UTF8    = "utf-8"
	GB18030 = "gb18030"
)

// source yields the lines of a file as cells.
type source interface {
	// next returns the next line's number (from 1) and cells, io.EOF after the
	// last. A line that cannot be split into cells gives a *lineError, and
	// the next call goes on after it.
	next() (line int, cells []string, err error)
	// progress is the share of the file read so far, 0..1.
	progress() float64
	// rewind goes back to the first line.
	rewind() error
	close() error
}

// lineError is a line that is not valid csv (a stray quote).
type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// Item is one non-blank data line of a file: a row for the sink, or the
// reason it is rejected before it gets there. Row carries the line's values
// either way, for the error report.
type Item struct {
	Row population.ImportRow
	Err *population.RowError // nil: the row goes to the sink
}

// Parser reads a residents file line by line: it maps the header, trims the
// cells, and rejects what can be seen without the database — cells without a
// header, required cells left empty, ID or phone numbers that Excel turned
// into numbers, a valid ID number already given on an earlier line.
type Parser struct {
	src   source
	hdr   header
	today time.Time // for telling valid ID numbers
	seed  maphash.Seed
	// seen maps a hash of each valid ID number accepted to its first line:
	// 12 bytes a row, not the number itself (a false "duplicate" needs two of
	// a million IDs to share 64 bits).
	seen map[uint64]int32
}

// titleRows is how many rows above the header a file may have: a sheet's
// title (居民花名册), or what an export says of itself (who, when, which
// region), so that an exported file imports again as it is.
const titleRows = 10

// newParser reads src's header (findHeader); on an error it closes src.
func newParser(src source, today time.Time) (*Parser, error) {
	hdr, err := findHeader(src, residentSpec)
	if err != nil {
		return nil, err
	}
	return &Parser{src: src, hdr: hdr, today: today, seed: maphash.MakeSeed(), seen: make(map[uint64]int32, 1024)}, nil
}

// findHeader reads src's header of cols, the first non-blank row that is one
// within titleRows; when none is, the first's error. On an error it closes
// src.
func findHeader(src source, cols []Column) (header, error) {
	var first error
	for tried := 0; ; {
		_, cells, err := src.next()
		var le *lineError
		switch {
		case errors.Is(err, io.EOF) && first != nil:
			src.close()
			return nil, first
		case errors.Is(err, io.EOF):
			src.close()
			return nil, &HeaderError{Empty: true}
		case errors.As(err, &le):
			src.close()
			return nil, fmt.Errorf("表头行不是有效的CSV:%s: %w", le.msg, ErrBadFile)
		case err != nil:
			src.close()
			return nil, err
		}
		if isBlank(cells) {
			continue
		}
		hdr, err := parseHeaderOf(cells, cols)
		if err != nil {
			if first == nil {
				first = err
			}
			if tried++; tried < titleRows {
				continue
			}
			src.close()
			return nil, first
		}
		return hdr, nil
	}
}

// Next returns the next non-blank line, io.EOF after the last; any other
// error is the file failing to read.
func (p *Parser) Next() (Item, error) {
	for {
		line, cells, err := p.src.next()
		var le *lineError
		if errors.As(err, &le) {
			return Item{Row: population.ImportRow{Line: le.line}, Err: &population.RowError{Line: le.line,
				Reason: "该行不是有效的CSV格式(" + le.msg + "),请检查引号"}}, nil
		}
		if err != nil {
			return Item{}, err
		}
		if it, ok := p.item(line, cells); ok {
			return it, nil
		}
	}
}

// Progress is the share of the file read so far, 0..1.
func (p *Parser) Progress() float64 { return p.src.progress() }

// Close releases the file.
func (p *Parser) Close() error { return p.src.close() }

// item turns one line into an Item; ok is false for a blank line.
func (p *Parser) item(line int, cells []string) (it Item, ok bool) {
	it.Row.Line = line
	stray := -1
	for i, c := range cells {
		v := trimCell(c)
		if v == "" {
			continue
		}
		ok = true
		if i >= len(p.hdr) || p.hdr[i] < 0 {
			if stray < 0 {
				stray = i
			}
			continue
		}
		*residentColumns[p.hdr[i]].field(&it.Row) = v
	}
	if !ok {
		return it, false
	}
	reject := func(col int, reason string) (Item, bool) {
		name := ""
		if col >= 0 {
			name = residentColumns[col].header
		}
		it.Err = &population.RowError{Line: line, Column: name, Reason: reason}
		return it, true
	}
	if stray >= 0 {
		return reject(-1, fmt.Sprintf("第%s列没有表头,却填了内容;请删除该列内容或补上表头", columnLetter(stray)))
	}
	for i, c := range residentColumns {
		if c.required && *c.field(&it.Row) == "" {
			return reject(i, c.header+"不能为空")
		}
	}
	if excelNumber(it.Row.IDNumber) {
		return reject(colID, "身份证号被Excel当成数字保存(科学计数法或小数),末几位已丢失;请把该列设为“文本”格式后重新填写")
	}
	if excelNumber(it.Row.Phone) {
		return reject(colPhone, "手机号被Excel当成数字保存(科学计数法或小数);请把该列设为“文本”格式后重新填写")
	}
	// Only a valid number is a duplicate: an invalid one repeated is
	// rejected by the sink for what is wrong with it, each time.
	if _, err := pii.ValidateIDNumber(it.Row.IDNumber, p.today); err != nil {
		return it, true
	}
	h := maphash.String(p.seed, pii.Canonical(pii.KindID, it.Row.IDNumber))
	if first, dup := p.seen[h]; dup {
		return reject(colID, fmt.Sprintf("身份证号与第%d行重复", first))
	}
	p.seen[h] = int32(line)
	return it, true
}

// excelNumber reports whether s is how Excel writes a long number it has
// taken for a float: digits with a decimal point or an exponent
// (1.40902E+17, 140902199001011000.0). Plain digits are not: those are
// checked as ID numbers downstream.
func excelNumber(s string) bool {
	if s == "" || s[0] < '0' || s[0] > '9' {
		return false
	}
	i, float := 0, false
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	digits()
	if i < len(s) && s[i] == '.' {
		i++
		digits()
		float = true
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
		float = true
	}
	return float && i == len(s)
}

func isBlank(cells []string) bool {
	for _, c := range cells {
		if trimCell(c) != "" {
			return false
		}
	}
	return true
}

// columnLetter is Excel's name of the 0-based column i (A, …, Z, AA, …).
func columnLetter(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append(b, byte('A'+(i-1)%26))
	}
	for l, r := 0, len(b)-1; l < r; l, r = l+1, r-1 {
		b[l], b[r] = b[r], b[l]
	}
	return string(b)
}

// Values are a row's cells in template order, for the error report.
func Values(r population.ImportRow) []string {
	out := make([]string, len(residentColumns))
	for i, c := range residentColumns {
		out[i] = *c.field(&r)
	}
	return out
}

// maskedValues are Values with the ID and phone numbers masked and each
// value cut to maxReportValue bytes: what a rejected row keeps for its
// report, which must not grow with a file's longest cells.
func maskedValues(r population.ImportRow) []string {
	v := Values(r)
	v[colID] = pii.MaskID(v[colID])
	v[colPhone] = pii.MaskPhone(v[colPhone])
	for i, s := range v {
		if len(s) > maxReportValue {
			cut := maxReportValue
			for cut > 0 && !utf8.RuneStart(s[cut]) {
				cut--
			}
			v[i] = s[:cut] + "…"
		}
	}
	return v
}

// maxReportValue is the most of one value an error report shows.
const maxReportValue = 200

// headers are the columns' Chinese headers in template order.
func headers() []string {
	out := make([]string, len(residentColumns))
	for i, c := range residentColumns {
		out[i] = c.header
	}
	return out
}
