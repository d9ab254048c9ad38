package imports

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"healthgrid/internal/population"
)

// column is one column of a residents file: its Chinese header, its English
// alias, and where its cells go in a population.ImportRow.
type column struct {
	header, alias string
	required      bool
	field         func(*population.ImportRow) *string
}

// residentColumns are the residents file's columns, in template order.
var residentColumns = []column{
	{"姓名", "name", true, func(r *population.ImportRow) *string { return &r.Name }},
	{"身份证号", "id_number", true, func(r *population.ImportRow) *string { return &r.IDNumber }},
	{"手机号", "phone", false, func(r *population.ImportRow) *string { return &r.Phone }},
	{"民族", "ethnicity", false, func(r *population.ImportRow) *string { return &r.Ethnicity }},
	{"网格编码", "grid_code", true, func(r *population.ImportRow) *string { return &r.GridCode }},
	{"地址", "address", false, func(r *population.ImportRow) *string { return &r.Address }},
	{"居住类型", "residence_type", false, func(r *population.ImportRow) *string { return &r.ResidenceType }},
	{"标签", "tags", false, func(r *population.ImportRow) *string { return &r.Tags }},
}

// Column is one column of an import file, as the API describes it.
type Column struct {
	Header   string `json:"header" doc:"the template's header, in Chinese"`
	Alias    string `json:"alias" doc:"the English alias a header may give instead"`
	Required bool   `json:"required" doc:"a file without this column is refused whole"`
	// Also are other headers laboratories and lists write for it (证件号码
	// for 身份证号)
	Also []string `json:"also,omitempty" doc:"other headers taken for this column"`
}

// FileSpec is what a file of one kind must look like: its columns, in the
// template's order, and the largest file an upload takes.
type FileSpec struct {
	Kind     string   `json:"kind" enum:"residents"`
	Columns  []Column `json:"columns"`
	MaxBytes int64    `json:"max_bytes" doc:"the largest file an upload takes, in bytes (HEALTHGRID_IMPORT_MAX_UPLOAD_MB)"`
}

// residentSpec is residentColumns as the API and the header rules see them.
var residentSpec = func() []Column {
	cols := make([]Column, len(residentColumns))
	for i, c := range residentColumns {
		cols[i] = Column{Header: c.header, Alias: c.alias, Required: c.required}
	}
	return cols
}()

// fileSpec describes the residents file for the API.
func (s *Service) fileSpec() FileSpec {
	return FileSpec{Kind: KindResidents, Columns: residentSpec, MaxBytes: s.set.MaxBytes}
}

// Indexes of the columns other code needs by name.
const (
	colName  = 0
	colID    = 1
	colPhone = 2
)

// HeaderError rejects a whole file whose header row is not a header of its
// columns: it names every unknown, repeated and missing column.
type HeaderError struct {
	Unknown   []string // headers that are no known column
	Duplicate []string // columns given more than once
	Missing   []string // required columns absent (their Chinese headers)
	Empty     bool     // the file has no header row at all
	cols      []Column // the columns accepted
}

// Error explains the header in Chinese, then lists the accepted columns.
func (e *HeaderError) Error() string {
	if e.Empty {
		return "文件为空,没有表头行 / the file has no header row"
	}
	var parts []string
	if len(e.Unknown) > 0 {
		parts = append(parts, "未知列 "+quoteAll(e.Unknown))
	}
	if len(e.Duplicate) > 0 {
		parts = append(parts, "重复列 "+quoteAll(e.Duplicate))
	}
	if len(e.Missing) > 0 {
		parts = append(parts, "缺少必填列 "+quoteAll(e.Missing))
	}
	accepted := make([]string, len(e.cols))
	var required []string
	for i, c := range e.cols {
		accepted[i] = strings.Join(append([]string{c.Header, c.Alias}, c.Also...), "/")
		if c.Required {
			required = append(required, c.Header)
		}
	}
	return fmt.Sprintf("表头有误:%s。可用的列:%s(%s必填)", strings.Join(parts, ";"),
		strings.Join(accepted, "、"), strings.Join(required, "、"))
}

func quoteAll(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = "“" + v + "”"
	}
	return strings.Join(q, "、")
}

// header maps each cell position of a data row to a column index, or -1
// for a position whose header cell is blank.
type header []int

// parseHeader maps a residents header row (parseHeaderOf).
func parseHeader(cells []string) (header, error) { return parseHeaderOf(cells, residentSpec) }

// parseHeaderOf maps a header row of cols. Headers match the Chinese name or
// the English alias, ignoring case, surrounding space, full-width letters and
// a required-marker asterisk ("*姓名"). Blank header cells are allowed (Excel
// leaves them after the last column); a cell under one is a row error.
func parseHeaderOf(cells []string, cols []Column) (header, error) {
	h := make(header, len(cells))
	seen := make([]bool, len(cols))
	e := HeaderError{cols: cols}
	blank := true
	for i, raw := range cells {
		name := normHeader(raw)
		h[i] = -1
		if name == "" {
			continue
		}
		blank = false
		idx := columnIndex(cols, name)
		switch {
		case idx < 0:
			e.Unknown = append(e.Unknown, strings.TrimSpace(raw))
		case seen[idx]:
			e.Duplicate = append(e.Duplicate, cols[idx].Header)
		default:
			seen[idx] = true
			h[i] = idx
		}
	}
	if blank {
		return nil, &HeaderError{Empty: true}
	}
	for i, c := range cols {
		if c.Required && !seen[i] {
			e.Missing = append(e.Missing, c.Header)
		}
	}
	if len(e.Unknown)+len(e.Duplicate)+len(e.Missing) > 0 {
		return nil, &e
	}
	return h, nil
}

func columnIndex(cols []Column, name string) int {
	for i, c := range cols {
		if name == c.Header || name == c.Alias || slices.Contains(c.Also, name) {
			return i
		}
	}
	return -1
}

// normHeader folds a header cell for matching.
func normHeader(s string) string {
	s = strings.ToLower(foldWide(trimCell(s)))
	s = strings.Trim(s, "* ")
	return strings.ReplaceAll(s, " ", "_")
}

// trimCell trims space, including the ideographic space, a stray BOM and
// zero-width spaces that copy-paste leaves around cells.
func trimCell(s string) string {
	if s == "" {
		return s
	}
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\uFEFF' || r == '\u200B'
	})
}

// foldWide maps full-width ASCII to half-width.
func foldWide(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\u3000':
			return ' '
		case r >= '\uFF01' && r <= '\uFF5E':
			return r - 0xFF01 + '!'
		}
		return r
	}, s)
}
