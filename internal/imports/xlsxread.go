package imports

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// xlsxSource streams the first worksheet of a workbook, row by row, straight
// from the zip: the sheet's XML is inflated and tokenised as it is read,
// one row's cells are held at a time, and shared strings are looked up on
// disk (sharedStrings). Nothing is unzipped whole, in memory or on disk, so
// what it holds stays the same whatever the file — which excelize, that
// reads every other part and its shared strings into memory, could not
// promise. Values are as stored (numbers unformatted), as RawCellValue gave.
type xlsxSource struct {
	zip   *workbookZip
	sheet *zip.File
	sst   *sharedStrings // nil: the workbook has none
	part  *partReader
	x     *xmlStream
	lim   Limits
	line  int // the last row's number
	rows  int // rows read
	cells []string
}

// openXLSXSource opens the size-byte workbook r; shared strings spill into
// tmpDir.
func openXLSXSource(r io.ReaderAt, size int64, lim Limits, tmpDir string) (*xlsxSource, error) {
	w, err := openZip(r, size, lim)
	if err != nil {
		return nil, err
	}
	sheet, sstName, err := w.firstSheet()
	if err != nil {
		return nil, err
	}
	s := &xlsxSource{zip: w, sheet: sheet, lim: lim}
	if f := w.part(sstName); f != nil {
		p, err := w.open(f)
		if err != nil {
			return nil, err
		}
		s.sst = newSharedStrings(p, lim, tmpDir)
	}
	if err := s.rewind(); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// firstSheet finds the workbook's first worksheet and its shared strings
// through the package's relationships, as Excel does.
func (w *workbookZip) firstSheet() (sheet *zip.File, sst string, err error) {
	book := "xl/workbook.xml"
	if err := w.walk("_rels/.rels", "Relationship", func(e xml.StartElement) bool {
		if strings.HasSuffix(attr(e, "Type"), "/officeDocument") {
			book = resolve("", attr(e, "Target"))
			return false
		}
		return true
	}); err != nil {
		return nil, "", err
	}
	if w.part(book) == nil {
		return nil, "", fmt.Errorf("xlsx文件中没有工作簿: %w", ErrBadFile)
	}
	var rid string
	if err := w.walk(book, "sheet", func(e xml.StartElement) bool {
		for _, a := range e.Attr {
			if a.Name.Local == "id" && a.Name.Space != "" {
				rid = a.Value
			}
		}
		return false
	}); err != nil {
		return nil, "", err
	}
	if rid == "" {
		return nil, "", fmt.Errorf("xlsx文件没有工作表: %w", ErrBadFile)
	}
	dir := path.Dir(book)
	var target string
	sst = resolve(dir, "sharedStrings.xml")
	err = w.walk(dir+"/_rels/"+path.Base(book)+".rels", "Relationship", func(e xml.StartElement) bool {
		switch {
		case attr(e, "Id") == rid:
			target = resolve(dir, attr(e, "Target"))
		case strings.HasSuffix(attr(e, "Type"), "/sharedStrings"):
			sst = resolve(dir, attr(e, "Target"))
		}
		return true
	})
	if err != nil {
		return nil, "", err
	}
	if sheet = w.part(target); target == "" || sheet == nil {
		return nil, "", fmt.Errorf("xlsx文件中找不到第一个工作表: %w", ErrBadFile)
	}
	return sheet, sst, nil
}

// walk calls fn on each element of the part with the local name until fn
// returns false; a missing part is walked as empty.
func (w *workbookZip) walk(name, local string, fn func(xml.StartElement) bool) error {
	f := w.part(name)
	if f == nil {
		return nil
	}
	p, err := w.open(f)
	if err != nil {
		return err
	}
	defer p.Close()
	x := newXMLStream(p, name, w.lim)
	for {
		t, err := x.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if e, ok := t.(xml.StartElement); ok && e.Name.Local == local && !fn(e) {
			return nil
		}
	}
}

// resolve is a relationship's target as a part name: relative to dir, or
// from the package's root when it starts with a slash.
func resolve(dir, target string) string {
	if strings.HasPrefix(target, "/") {
		return path.Clean(target[1:])
	}
	return path.Clean(path.Join(dir, target))
}

// rewind goes back to the sheet's first row; shared strings read stay read.
func (s *xlsxSource) rewind() error {
	if s.part != nil {
		s.part.Close()
	}
	p, err := s.zip.open(s.sheet)
	if err != nil {
		return err
	}
	s.part, s.x, s.line, s.rows = p, newXMLStream(p, s.sheet.Name, s.lim), 0, 0
	return nil
}

func (s *xlsxSource) next() (int, []string, error) {
	for {
		t, err := s.x.next()
		if err != nil {
			return 0, nil, err
		}
		if e, ok := t.(xml.StartElement); ok && e.Name.Local == "row" {
			return s.row(e)
		}
	}
}

// row reads one <row>: its number, and its cells by column.
func (s *xlsxSource) row(e xml.StartElement) (int, []string, error) {
	line := s.line + 1
	if r := attr(e, "r"); r != "" {
		n, err := strconv.Atoi(r)
		if err != nil || n <= s.line {
			return 0, nil, fmt.Errorf("xlsx第%d行之后的行号“%s”无效: %w", s.line, r, ErrBadFile)
		}
		line = n
	}
	if s.rows++; s.rows > s.lim.MaxRows {
		return 0, nil, errRows(s.lim.MaxRows)
	}
	s.line = line
	cells, bytes, col := s.cells[:0], 0, 0
	for depth := s.x.depth; ; {
		t, err := s.x.next()
		if errors.Is(err, io.EOF) {
			return 0, nil, fmt.Errorf("xlsx第%d行不完整: %w", line, ErrBadFile)
		}
		if err != nil {
			return 0, nil, err
		}
		switch e := t.(type) {
		case xml.StartElement:
			if e.Name.Local != "c" {
				continue
			}
			var v string
			if col, v, err = s.cell(e, col, line); err != nil {
				return 0, nil, err
			}
			if v == "" {
				continue
			}
			if bytes += len(v); bytes > s.lim.MaxRow {
				return 0, nil, errRow(line, s.lim.MaxRow)
			}
			for len(cells) < col {
				cells = append(cells, "")
			}
			cells[col-1] = v
		case xml.EndElement:
			if s.x.depth < depth {
				s.cells = cells
				return line, cells, nil
			}
		}
	}
}

// cell reads one <c> after column prev: its column (from 1) and value.
func (s *xlsxSource) cell(e xml.StartElement, prev, line int) (col int, val string, err error) {
	col = prev + 1
	if ref := attr(e, "r"); ref != "" {
		if col = columnOf(ref); col == 0 {
			return 0, "", fmt.Errorf("xlsx第%d行的单元格“%s”无效: %w", line, ref, ErrBadFile)
		}
	}
	if col > maxColumns {
		return 0, "", fmt.Errorf("xlsx第%d行的单元格超出第 %d 列: %w", line, maxColumns, ErrBadFile)
	}
	typ := attr(e, "t")
	var v, is string
	inline := false
	for depth := s.x.depth; s.x.depth >= depth; {
		t, err := s.x.next()
		if errors.Is(err, io.EOF) {
			return 0, "", fmt.Errorf("xlsx第%d行不完整: %w", line, ErrBadFile)
		}
		if err != nil {
			return 0, "", err
		}
		if c, ok := t.(xml.StartElement); ok {
			switch c.Name.Local {
			case "v":
				v, err = s.x.text(false, s.lim.MaxCell)
			case "is":
				is, err = s.x.text(true, s.lim.MaxCell)
				inline = true
			}
		}
		if errors.Is(err, errTooLong) {
			return 0, "", errCell(line, s.lim.MaxCell)
		}
		if err != nil {
			return 0, "", err
		}
	}
	switch {
	case typ == "s":
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || s.sst == nil {
			return 0, "", fmt.Errorf("xlsx第%d行的共享字符串“%s”无效: %w", line, v, ErrBadFile)
		}
		val, err = s.sst.get(i)
		return col, val, err
	case typ == "inlineStr" && inline:
		return col, is, nil
	}
	return col, v, nil
}

// columnOf is the column (from 1) of a cell reference such as AB12, 0 if
// it has no column letters or one past maxColumns.
func columnOf(ref string) int {
	col, i := 0, 0
	for ; i < len(ref); i++ {
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		if col = col*26 + int(c-'a') + 1; col > maxColumns {
			return maxColumns + 1
		}
	}
	if i == 0 {
		return 0
	}
	return col
}

func (s *xlsxSource) progress() float64 {
	if s.part == nil {
		return 0
	}
	return min(1, s.part.progress())
}

func (s *xlsxSource) close() error {
	var err error
	if s.part != nil {
		err = s.part.Close()
		s.part = nil
	}
	if s.sst != nil {
		err = errors.Join(err, s.sst.close())
		s.sst = nil
	}
	return err
}
