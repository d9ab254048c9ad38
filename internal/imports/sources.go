package imports

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"healthgrid/internal/apperr"
)

// ErrBadFile is a file that cannot be read as a residents file at all.
var ErrBadFile = fmt.Errorf("imports: unreadable file: %w", apperr.ErrInvalid)

// Open opens a stored residents file of the format (and, for csv, encoding)
// and reads its header. A bad header is a *HeaderError.
func Open(path string, format Format, encoding string, tmpDir string) (*Parser, error) {
	switch format {
	case CSV:
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("imports: open upload: %w", err)
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, err
		}
		return newParser(newCSVSource(f, st.Size(), encoding, f))
	case XLSX:
		src, err := openXLSX(path, tmpDir)
		if err != nil {
			return nil, err
		}
		return newParser(src)
	}
	return nil, fmt.Errorf("imports: format %q: %w", format, ErrBadFile)
}

// ParseCSV reads a csv residents file from r (size bytes, 0 if unknown),
// detecting nothing: encoding is UTF8 (a BOM is skipped) or GB18030.
func ParseCSV(r io.Reader, size int64, encoding string) (*Parser, error) {
	return newParser(newCSVSource(r, size, encoding, nil))
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

type csvSource struct {
	r      *csv.Reader
	count  *countingReader
	size   int64
	closer io.Closer
}

func newCSVSource(r io.Reader, size int64, encoding string, closer io.Closer) *csvSource {
	count := &countingReader{r: r}
	br := bufio.NewReaderSize(count, 256<<10)
	var in io.Reader = br
	if encoding == GB18030 {
		in = bufio.NewReaderSize(transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder()), 256<<10)
	} else if b, err := br.Peek(3); err == nil && bytes.Equal(b, utf8BOM) {
		br.Discard(3)
	}
	cr := csv.NewReader(in)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return &csvSource{r: cr, count: count, size: size, closer: closer}
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

func (s *csvSource) next() (int, []string, error) {
	rec, err := s.r.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return pe.StartLine, nil, &lineError{line: pe.StartLine, msg: pe.Err.Error()}
		}
		return 0, nil, err
	}
	line, _ := s.r.FieldPos(0)
	return line, rec, nil
}

func (s *csvSource) progress() float64 {
	if s.size <= 0 {
		return 0
	}
	return min(1, float64(s.count.n)/float64(s.size))
}

func (s *csvSource) close() error {
	if s.closer != nil {
		return s.closer.Close()
	}
	return nil
}

type xlsxSource struct {
	f     *excelize.File
	rows  *excelize.Rows
	line  int
	total int // rows by the sheet's dimension, for progress; 0 if unknown
}

// openXLSX opens the first sheet of a workbook for streaming. Sheets too big
// to unzip in memory go to tmpDir (the import folder, not /tmp: they hold
// the same personal data as the upload).
func openXLSX(path, tmpDir string) (*xlsxSource, error) {
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true, TmpDir: tmpDir})
	if err != nil {
		return nil, fmt.Errorf("无法读取xlsx文件(%v): %w", err, ErrBadFile)
	}
	return xlsxFrom(f)
}

// ParseXLSX reads an xlsx residents file from r, its first sheet.
func ParseXLSX(r io.Reader) (*Parser, error) {
	f, err := excelize.OpenReader(r, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("无法读取xlsx文件(%v): %w", err, ErrBadFile)
	}
	src, err := xlsxFrom(f)
	if err != nil {
		return nil, err
	}
	return newParser(src)
}

func xlsxFrom(f *excelize.File) (*xlsxSource, error) {
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, fmt.Errorf("xlsx文件没有工作表: %w", ErrBadFile)
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("无法读取第一个工作表(%v): %w", err, ErrBadFile)
	}
	s := &xlsxSource{f: f, rows: rows}
	if dim, err := f.GetSheetDimension(sheets[0]); err == nil {
		if _, last, ok := strings.Cut(dim, ":"); ok {
			if _, r, err := excelize.CellNameToCoordinates(last); err == nil {
				s.total = r
			}
		}
	}
	return s, nil
}

func (s *xlsxSource) next() (int, []string, error) {
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return 0, nil, fmt.Errorf("读取xlsx失败(%v): %w", err, ErrBadFile)
		}
		return 0, nil, io.EOF
	}
	s.line++
	cells, err := s.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return 0, nil, fmt.Errorf("读取xlsx第%d行失败(%v): %w", s.line, err, ErrBadFile)
	}
	return s.line, cells, nil
}

func (s *xlsxSource) progress() float64 {
	if s.total <= 0 {
		return 0
	}
	return min(1, float64(s.line)/float64(s.total))
}

func (s *xlsxSource) close() error {
	err := s.rows.Close()
	return errors.Join(err, s.f.Close())
}

// Sniff tells a file's format by its first bytes, whatever its name says:
// a zip is xlsx, text is csv. Other Office and binary files are refused.
func Sniff(head []byte) (Format, error) {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return XLSX, nil
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return "", fmt.Errorf("不支持旧版Excel(.xls)文件,请另存为 .xlsx 或 CSV 后上传: %w", ErrBadFile)
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return "", fmt.Errorf("不支持UTF-16文本,请在Excel中另存为“CSV UTF-8”或“CSV”: %w", ErrBadFile)
	case len(head) == 0:
		return "", fmt.Errorf("文件为空: %w", ErrBadFile)
	case bytes.IndexByte(head, 0) >= 0:
		return "", fmt.Errorf("不支持的文件类型:请上传 .xlsx 或 .csv 文件: %w", ErrBadFile)
	}
	return CSV, nil
}

// utf8Checker is an io.Writer that checks, as a file streams through it,
// whether the whole of it is valid UTF-8 — the one pass that tells a UTF-8
// csv from a GB18030 (GBK) one.
type utf8Checker struct {
	carry   []byte
	invalid bool
}

func (u *utf8Checker) Write(p []byte) (int, error) {
	n := len(p)
	if u.invalid {
		return n, nil
	}
	if len(u.carry) > 0 {
		p = append(u.carry, p...)
		u.carry = nil
	}
	// keep an incomplete rune at the end for the next write
	cut := len(p)
	for i := len(p) - 1; i >= 0 && i >= len(p)-utf8.UTFMax; i-- {
		if utf8.RuneStart(p[i]) {
			if !utf8.FullRune(p[i:]) {
				cut = i
			}
			break
		}
	}
	if !utf8.Valid(p[:cut]) {
		u.invalid = true
		return n, nil
	}
	u.carry = append([]byte(nil), p[cut:]...)
	return n, nil
}

// encoding is the verdict once the whole file has been written.
func (u *utf8Checker) encoding() string {
	if u.invalid || len(u.carry) > 0 {
		return GB18030
	}
	return UTF8
}
