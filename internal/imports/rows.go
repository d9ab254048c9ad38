package imports

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// ReadRows reads a csv (UTF-8, with or without a BOM, or GB18030 — told by
// its bytes) or xlsx (the first sheet) file of size bytes from f within lim,
// its format told by its first bytes (Sniff), and calls fn with each line's
// number (from 1) and cells, the header's too. A csv line that is not valid
// csv gives fn nil cells and its reason in bad. A file over a limit stops
// with a *LimitError (ErrLimit); an unreadable one with ErrBadFile; fn's
// error stops it too. An xlsx's shared strings spill into tmpDir. It is the
// residents import's streaming reader for other modules' uploads (epidemic
// test results, screening lists).
func ReadRows(f *os.File, size int64, lim Limits, tmpDir string, fn func(line int, cells []string, bad string) error) error {
	head := make([]byte, 8)
	n, err := f.ReadAt(head, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("imports: read upload: %w", err)
	}
	format, err := Sniff(head[:n])
	if err != nil {
		return err
	}
	encoding := UTF8
	if format == CSV {
		u := &utf8Checker{}
		if _, err := io.Copy(u, io.NewSectionReader(f, 0, size)); err != nil {
			return fmt.Errorf("imports: read upload: %w", err)
		}
		encoding = u.encoding()
	}
	lim = lim.orDefault()
	var src source
	if format == XLSX {
		if src, err = openXLSXSource(f, size, lim, tmpDir); err != nil {
			return err
		}
	} else {
		src = newCSVSource(io.NewSectionReader(f, 0, size), size, encoding, lim)
	}
	defer src.close()
	for {
		line, cells, err := src.next()
		var le *lineError
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case errors.As(err, &le):
			err = fn(le.line, nil, le.msg)
		case err != nil:
			return err
		default:
			err = fn(line, cells, "")
		}
		if err != nil {
			return err
		}
	}
}
