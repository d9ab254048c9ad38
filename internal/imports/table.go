package imports

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/google/uuid"
)

// Saved is an upload copied to disk by SaveUpload: its format told by
// content and, for csv, its encoding.
type Saved struct {
	Path     string
	Size     int64
	Format   Format
	Encoding string
}

// SaveUpload copies r into a new file (0600) in dir, at most max bytes, as
// an import's upload is kept: the format is told by the first bytes, a csv
// checked on the way for being UTF-8 or GB18030. Over max, or a file that is
// neither csv nor xlsx, is a 422 on body.file. The caller removes Path.
func SaveUpload(r io.Reader, dir string, max int64) (Saved, error) {
	st, err := saveUpload(r, dir, max)
	if err != nil {
		return Saved{}, err
	}
	return Saved{Path: st.path, Size: st.size, Format: st.format, Encoding: st.encoding}, nil
}

// Table reads the rows of a table file other modules take in (a screening
// list) with the import's streaming readers, limits and header rules: the
// header is found within the first rows, its cells matched to the columns by
// Chinese header or English alias, in any order.
type Table struct {
	src  source
	hdr  header
	cols []Column
}

// TableRow is one non-blank line of a Table: its cells in the order of the
// Table's columns, trimmed, or why it cannot be read (Err). A column
// without a cell is "".
type TableRow struct {
	Line  int
	Cells []string
	Err   *RowProblem
}

// RowProblem is a line refused before its cells are looked at: Column is
// the Chinese header concerned, "" for the line as a whole.
type RowProblem struct{ Column, Reason string }

// OpenTable opens f within lim (an xlsx's shared strings spill into
// tmpDir) and reads its header of cols. A header that is not one is a
// *HeaderError, a file over a limit a *LimitError, an unreadable one
// ErrBadFile.
func OpenTable(f Saved, cols []Column, lim Limits, tmpDir string) (*Table, error) {
	if err := os.MkdirAll(tmpDir, 0o700); err != nil {
		return nil, fmt.Errorf("imports: table folder: %w", err)
	}
	src, err := openSource(f.Path, f.Format, f.Encoding, lim.orDefault(), tmpDir)
	if err != nil {
		return nil, err
	}
	hdr, err := findHeader(src, cols)
	if err != nil {
		return nil, err
	}
	return &Table{src: src, hdr: hdr, cols: cols}, nil
}

// Next is the next non-blank line, io.EOF after the last; any other error
// is the file failing to read (a *LimitError over a limit), and the rest of
// it is not read.
func (t *Table) Next() (TableRow, error) {
	for {
		line, cells, err := t.src.next()
		var le *lineError
		if errors.As(err, &le) {
			return TableRow{Line: le.line, Cells: make([]string, len(t.cols)), Err: &RowProblem{
				Reason: "该行不是有效的CSV格式(" + le.msg + "),请检查引号 / not a valid csv line: " + le.msg}}, nil
		}
		if err != nil {
			return TableRow{}, err
		}
		if r, ok := t.row(line, cells); ok {
			return r, nil
		}
	}
}

// row maps one line's cells; ok is false for a blank line.
func (t *Table) row(line int, cells []string) (r TableRow, ok bool) {
	r = TableRow{Line: line, Cells: make([]string, len(t.cols))}
	stray := -1
	for i, c := range cells {
		v := trimCell(c)
		if v == "" {
			continue
		}
		ok = true
		if i >= len(t.hdr) || t.hdr[i] < 0 {
			stray = max(stray, i)
			continue
		}
		r.Cells[t.hdr[i]] = v
	}
	switch {
	case !ok:
	case stray >= 0:
		r.Err = &RowProblem{Reason: fmt.Sprintf("第%s列没有表头,却填了内容 / column %s has no header but holds a value",
			columnLetter(stray), columnLetter(stray))}
	default:
		for i, c := range t.cols {
			if c.Required && r.Cells[i] == "" {
				r.Err = &RowProblem{Column: c.Header, Reason: c.Header + "不能为空 / " + c.Alias + " is required"}
				break
			}
		}
	}
	return r, ok
}

// Close releases the file (not removing it).
func (t *Table) Close() error { return t.src.close() }

// ExcelNumber reports whether s is how Excel writes a long number it took
// for a float (an ID number's last digits lost).
func ExcelNumber(s string) bool { return excelNumber(s) }

// newUploadName is a fresh file name in an uploads folder.
func newUploadName() string { return uuid.NewString() + ".upload" }
