package imports

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"healthgrid/internal/apperr"
)

// ErrBadFile is a file that cannot be read as a residents file at all.
var ErrBadFile = apperr.New(apperr.ErrInvalid, "import.bad_file", "imports: unreadable file")

// openSource opens a stored residents file of the format (and, for csv,
// encoding) within the limits; an xlsx's shared strings spill into tmpDir.
func openSource(path string, format Format, encoding string, lim Limits, tmpDir string) (source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("imports: open upload: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	switch format {
	case CSV:
		return newCSVSource(f, st.Size(), encoding, lim), nil
	case XLSX:
		src, err := openXLSXSource(f, st.Size(), lim, tmpDir)
		if err != nil {
			f.Close()
			return nil, err
		}
		return &fileSource{xlsxSource: src, f: f}, nil
	}
	f.Close()
	return nil, fmt.Errorf("imports: format %q: %w", format, ErrBadFile)
}

// fileSource is an xlsx source that closes its file.
type fileSource struct {
	*xlsxSource
	f *os.File
}

func (s *fileSource) close() error { return errors.Join(s.xlsxSource.close(), s.f.Close()) }

// ParseCSV reads a csv residents file from r (size bytes, 0 if unknown)
// within the default limits, detecting nothing: encoding is UTF8 (a BOM is
// skipped) or GB18030.
func ParseCSV(r io.Reader, size int64, encoding string) (*Parser, error) {
	return newParser(newCSVSource(r, size, encoding, DefaultLimits()), time.Now())
}

// ParseXLSX reads the first sheet of the size-byte xlsx r within the
// default limits; shared strings spill into tmpDir.
func ParseXLSX(r io.ReaderAt, size int64, tmpDir string) (*Parser, error) {
	src, err := openXLSXSource(r, size, DefaultLimits(), tmpDir)
	if err != nil {
		return nil, err
	}
	return newParser(src, time.Now())
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

// errLineBudget is a csv line longer than the budget of lineBudget.
var errLineBudget = errors.New("imports: csv line over its budget")

// lineBudget is what encoding/csv reads from: it fails once more than max
// bytes have been read since reset, so that one endless line (csv holds a
// whole line in memory) cannot take more than a row's limit and csv's own
// 4 KB read-ahead.
type lineBudget struct {
	r         io.Reader
	used, max int
}

func (l *lineBudget) Read(p []byte) (int, error) {
	if l.used >= l.max {
		return 0, errLineBudget
	}
	n, err := l.r.Read(p[:min(len(p), l.max-l.used)])
	l.used += n
	return n, err
}

type csvSource struct {
	r      *csv.Reader
	count  *countingReader
	budget *lineBudget
	size   int64
	lim    Limits
	line   int // the last line returned
	rows   int
	reopen func() error // nil: r cannot be read again
	closer io.Closer
}

// newCSVSource reads r (size bytes, 0 if unknown); an *os.File is also
// closed with the source, and can be read again from its start.
func newCSVSource(r io.Reader, size int64, encoding string, lim Limits) *csvSource {
	s := &csvSource{size: size, lim: lim}
	s.reset(r, encoding)
	if f, ok := r.(*os.File); ok {
		s.closer = f
		s.reopen = func() error {
			if _, err := f.Seek(0, io.SeekStart); err != nil {
				return fmt.Errorf("imports: rewind upload: %w", err)
			}
			s.reset(f, encoding)
			return nil
		}
	}
	return s
}

func (s *csvSource) reset(r io.Reader, encoding string) {
	s.count = &countingReader{r: r}
	br := bufio.NewReaderSize(s.count, 256<<10)
	var in io.Reader = br
	if encoding == GB18030 {
		in = bufio.NewReaderSize(transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder()), 256<<10)
	} else if b, err := br.Peek(3); err == nil && bytes.Equal(b, utf8BOM) {
		br.Discard(3)
	}
	s.budget = &lineBudget{r: in, max: s.lim.MaxRow + 64<<10}
	cr := csv.NewReader(s.budget)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	s.r, s.line, s.rows = cr, 0, 0
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

func (s *csvSource) next() (int, []string, error) {
	s.budget.used = 0
	rec, err := s.r.Read()
	if err == nil || !errors.Is(err, io.EOF) {
		if s.rows++; s.rows > s.lim.MaxRows {
			return 0, nil, errRows(s.lim.MaxRows)
		}
	}
	if err != nil {
		var pe *csv.ParseError
		switch {
		case errors.Is(err, errLineBudget):
			return 0, nil, errRow(s.line+1, s.lim.MaxRow)
		case errors.As(err, &pe):
			s.line = pe.StartLine
			return pe.StartLine, nil, &lineError{line: pe.StartLine, msg: pe.Err.Error()}
		}
		return 0, nil, err
	}
	s.line, _ = s.r.FieldPos(0)
	n := 0
	for _, c := range rec {
		if len(c) > s.lim.MaxCell {
			return 0, nil, errCell(s.line, s.lim.MaxCell)
		}
		n += len(c)
	}
	if n > s.lim.MaxRow {
		return 0, nil, errRow(s.line, s.lim.MaxRow)
	}
	return s.line, rec, nil
}

func (s *csvSource) rewind() error {
	if s.reopen == nil {
		return errors.New("imports: this csv cannot be read again")
	}
	return s.reopen()
}

func (s *csvSource) progress() float64 {
	if s.size <= 0 {
		return 0
	}
	return min(1, float64(s.count.n)/float64(s.size))
}

func (s *csvSource) close() error {
	if s.closer != nil {
		err := s.closer.Close()
		s.closer = nil
		return err
	}
	return nil
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
