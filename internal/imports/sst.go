package imports

import (
	"bufio"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
)

// sharedStrings is a workbook's shared string table, read as the cells ask
// for it and kept on disk rather than in memory: each string's bytes go to
// one temporary file, its end offset (8 bytes) to another, and both are
// read back through a small cache of blocks. It holds as much memory for
// ten strings as for ten million, and no string longer than a cell may be.
type sharedStrings struct {
	part *partReader
	x    *xmlStream // after the last string read; nil once the part has ended
	max  int
	dir  string // where the spill files go, made when first needed
	n    int    // strings read
	data *spill
	ends *spill
}

// sstAhead is how many strings past the one asked for are read in one go,
// so that the spill files are flushed once for many lookups.
const sstAhead = 4096

func newSharedStrings(part *partReader, lim Limits, dir string) *sharedStrings {
	return &sharedStrings{part: part, x: newXMLStream(part, part.name, lim), max: lim.MaxCell, dir: dir}
}

// get is string i (from 0).
func (s *sharedStrings) get(i int) (string, error) {
	if i < 0 {
		return "", fmt.Errorf("共享字符串编号 %d 无效: %w", i, ErrBadFile)
	}
	if i >= s.n {
		if err := s.load(i + sstAhead); err != nil {
			return "", err
		}
		if i >= s.n {
			return "", fmt.Errorf("共享字符串编号 %d 超出范围(共 %d 项): %w", i, s.n, ErrBadFile)
		}
	}
	var start int64
	if i > 0 {
		v, err := s.ends.uint64(int64(i-1) * 8)
		if err != nil {
			return "", err
		}
		start = int64(v)
	}
	end, err := s.ends.uint64(int64(i) * 8)
	if err != nil {
		return "", err
	}
	b := make([]byte, int64(end)-start)
	if err := s.data.readAt(b, start); err != nil {
		return "", err
	}
	return string(b), nil
}

// load reads strings until it has upTo of them or the part ends.
func (s *sharedStrings) load(upTo int) error {
	if s.x == nil {
		return nil
	}
	if s.data == nil {
		if err := os.MkdirAll(s.dir, 0o700); err != nil {
			return fmt.Errorf("imports: temporary folder: %w", err)
		}
		var err error
		if s.data, err = newSpill(s.dir, "sst-data-"); err != nil {
			return err
		}
		if s.ends, err = newSpill(s.dir, "sst-ends-"); err != nil {
			return err
		}
	}
	for s.n < upTo {
		t, err := s.x.next()
		if errors.Is(err, io.EOF) {
			s.x = nil
			break
		}
		if err != nil {
			return err
		}
		if e, ok := t.(xml.StartElement); !ok || e.Name.Local != "si" {
			continue
		}
		v, err := s.x.text(true, s.max)
		if errors.Is(err, errTooLong) {
			return errSharedString(s.n, s.max)
		}
		if err != nil {
			return err
		}
		if err := s.data.append([]byte(v)); err != nil {
			return err
		}
		var end [8]byte
		binary.LittleEndian.PutUint64(end[:], uint64(s.data.size))
		if err := s.ends.append(end[:]); err != nil {
			return err
		}
		s.n++
	}
	return errors.Join(s.data.flush(), s.ends.flush())
}

func (s *sharedStrings) close() error {
	err := s.part.Close()
	for _, f := range []*spill{s.data, s.ends} {
		if f != nil {
			err = errors.Join(err, f.close())
		}
	}
	return err
}

// spill is a temporary file written at its end and read anywhere through a
// direct-mapped cache of spillBlocks blocks of spillBlock bytes.
type spill struct {
	f     *os.File
	w     *bufio.Writer
	size  int64 // bytes appended
	cache [spillBlocks]struct {
		no  int64 // block number, valid when buf != nil
		n   int   // bytes of the block read (the file may have grown since)
		buf []byte
	}
}

const (
	spillBlock  = 64 << 10
	spillBlocks = 32
)

func newSpill(dir, prefix string) (*spill, error) {
	f, err := os.CreateTemp(dir, prefix)
	if err != nil {
		return nil, fmt.Errorf("imports: temporary file: %w", err)
	}
	return &spill{f: f, w: bufio.NewWriterSize(f, spillBlock)}, nil
}

func (s *spill) append(b []byte) error {
	_, err := s.w.Write(b)
	s.size += int64(len(b))
	return err
}

func (s *spill) flush() error { return s.w.Flush() }

// readAt fills b from off, which with len(b) lies within what was flushed.
func (s *spill) readAt(b []byte, off int64) error {
	for len(b) > 0 {
		no, in := off/spillBlock, int(off%spillBlock)
		c := &s.cache[no%spillBlocks]
		if c.buf == nil || c.no != no || c.n < min(spillBlock, in+len(b)) {
			if c.buf == nil {
				c.buf = make([]byte, spillBlock)
			}
			n, err := s.f.ReadAt(c.buf, no*spillBlock)
			if err != nil && !errors.Is(err, io.EOF) {
				return fmt.Errorf("imports: read temporary file: %w", err)
			}
			c.no, c.n = no, n
		}
		if c.n <= in {
			return fmt.Errorf("imports: temporary file shorter than written: %w", io.ErrUnexpectedEOF)
		}
		k := copy(b, c.buf[in:c.n])
		b, off = b[k:], off+int64(k)
	}
	return nil
}

func (s *spill) uint64(off int64) (uint64, error) {
	var b [8]byte
	if err := s.readAt(b[:], off); err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint64(b[:]), nil
}

// close removes the file.
func (s *spill) close() error {
	return errors.Join(s.f.Close(), os.Remove(s.f.Name()))
}
