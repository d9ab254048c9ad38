package imports

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// drain reads every item, checking that the parser never panics, that
// lines only go forward, and that every error names its own line.
func drain(t *testing.T, p *Parser) []int {
	t.Helper()
	defer p.Close()
	var lines []int
	for {
		it, err := p.Next()
		if errors.Is(err, io.EOF) {
			return lines
		}
		if err != nil {
			return lines // a read failure ends the file; it is not a row
		}
		if n := len(lines); n > 0 && it.Row.Line <= lines[n-1] {
			t.Fatalf("line %d after line %d", it.Row.Line, lines[n-1])
		}
		if it.Err != nil && it.Err.Line != it.Row.Line {
			t.Fatalf("error for line %d names line %d", it.Row.Line, it.Err.Line)
		}
		lines = append(lines, it.Row.Line)
	}
}

// nonBlank is the oracle: the numbers of the non-blank lines after the
// first non-blank one (the header), for text with no quotes or CRs.
func nonBlank(text string) []int {
	var out []int
	header := false
	for i, line := range strings.Split(text, "\n") {
		if isBlank(strings.Split(line, ",")) {
			continue
		}
		if !header {
			header = true
			continue
		}
		out = append(out, i+1)
	}
	return out
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func FuzzParseCSV(f *testing.F) {
	f.Add([]byte(fill(goodCSV)))
	f.Add([]byte("姓名,身份证号,网格编码\n甲,1.4E+17,1\n\n乙,\"x\"y,2\n,,\n丙,ID,3,extra\n"))
	f.Add([]byte("\xEF\xBB\xBFname,id_number,grid_code\n a , b , c \n"))
	f.Add(append(gbkBytes("姓名,身份证号,网格编码\n张三,"), "140902199001011237,140902001002001\n"...))
	f.Add([]byte("name,id_number,grid_code\n\"multi\nline\",1,2\n\"open,3\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var check utf8Checker
		check.Write(data)
		enc := check.encoding()
		p, err := ParseCSV(bytes.NewReader(data), int64(len(data)), enc)
		if err != nil {
			return // a header the import refuses: the whole file is rejected
		}
		got := drain(t, p)
		text := string(data)
		if enc == GB18030 {
			b, _ := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
			text = string(b)
		}
		text = strings.TrimPrefix(text, "\uFEFF")
		if strings.ContainsAny(text, "\"\r") {
			return // quotes and CRs join or split lines: only the invariants above hold
		}
		if want := nonBlank(text); !equalInts(got, want) {
			t.Fatalf("lines %v, want every non-blank line after the header %v", got, want)
		}
	})
}

func gbkBytes(s string) []byte {
	b, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	return b
}

// FuzzParseXLSX builds a workbook from the input's lines (cells split on
// commas) and checks that each non-blank row after the header yields
// exactly one row or error; input that starts like a zip is also read as
// a workbook as it is, which must not panic.
func FuzzParseXLSX(f *testing.F) {
	f.Add("网格编码,姓名,身份证号\n1,张三,140902199001011237\n\n2,李四,1.40902E+17\n , , \n3,王五,x,stray")
	f.Add("name,id_number,grid_code\na,b\n,,c")
	f.Add("PK\x03\x04garbage")
	f.Fuzz(func(t *testing.T, data string) {
		if strings.HasPrefix(data, "PK") {
			if p, err := ParseXLSX(strings.NewReader(data), int64(len(data)), t.TempDir()); err == nil {
				drain(t, p)
			}
			return
		}
		if !utf8.ValidString(data) || strings.ContainsFunc(data, func(r rune) bool {
			return (r < 0x20 && r != '\n' && r != '\t') || r == 0xFFFE || r == 0xFFFF || (r >= 0xD800 && r <= 0xDFFF)
		}) {
			return // not text a spreadsheet cell can hold
		}
		lines := strings.Split(data, "\n")
		if len(lines) > 200 {
			return
		}
		wb := excelize.NewFile()
		defer wb.Close()
		for i, line := range lines {
			cells := strings.Split(line, ",")
			if len(cells) > 30 {
				return
			}
			row := make([]any, len(cells))
			for j, c := range cells {
				if len(c) > 1000 {
					return
				}
				row[j] = c
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := wb.SetSheetRow("Sheet1", cell, &row); err != nil {
				return
			}
		}
		var buf bytes.Buffer
		if err := wb.Write(&buf); err != nil {
			return
		}
		p, err := ParseXLSX(bytes.NewReader(buf.Bytes()), int64(buf.Len()), t.TempDir())
		if err != nil {
			return
		}
		if got, want := drain(t, p), nonBlank(data); !equalInts(got, want) {
			t.Fatalf("rows %v, want every non-blank row after the header %v", got, want)
		}
	})
}
