package imports

import (
	"archive/zip"
	"compress/flate"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"strings"
)

// workbookZip is an xlsx's zip whose central directory has been checked
// against the limits before any part is unzipped: its own size, the sum of
// the parts' uncompressed sizes, and each part's compression ratio. A part
// is then unzipped only through a reader that counts the bytes it really
// yields, so a directory that understates a part does not get past it.
type workbookZip struct {
	parts map[string]*zip.File // by name with forward slashes
	lower map[string]*zip.File // by lower-case name, for writers that vary the case
	lim   Limits
}

// cappedReaderAt fails a read once more than left bytes have been read in
// all, while on: archive/zip reads the whole central directory into memory,
// an entry at a time, for as long as the file holds entries.
type cappedReaderAt struct {
	r    io.ReaderAt
	left int64
	on   bool
}

var errDirectory = overLimit("xlsx文件的目录超过 "+size(maxDirectory), "the xlsx's zip directory is larger than "+size(maxDirectory))

func (c *cappedReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if c.on {
		if int64(len(p)) > c.left {
			return 0, errDirectory
		}
		c.left -= int64(len(p))
	}
	return c.r.ReadAt(p, off)
}

// openZip reads and checks the central directory of the size-byte zip r.
func openZip(r io.ReaderAt, size int64, lim Limits) (*workbookZip, error) {
	// the directory's end is looked for in the last 66 KB; the reads of
	// the directory go through a 4 KB buffer
	capped := &cappedReaderAt{r: r, left: maxDirectory + 128<<10, on: true}
	zr, err := zip.NewReader(capped, size)
	capped.on = false
	var limit *LimitError
	switch {
	case errors.As(err, &limit):
		return nil, err
	case err != nil && !errors.Is(err, zip.ErrInsecurePath): // names are only looked up, never written to disk
		return nil, fmt.Errorf("不是有效的xlsx文件(%v): %w", err, ErrBadFile)
	}
	w := &workbookZip{parts: make(map[string]*zip.File, len(zr.File)), lower: make(map[string]*zip.File, len(zr.File)), lim: lim}
	var total uint64
	for _, f := range zr.File {
		u := f.UncompressedSize64
		if u > uint64(lim.MaxUnzipped) {
			return nil, errUnzipped(lim.MaxUnzipped)
		}
		if total += u; total > uint64(lim.MaxUnzipped) {
			return nil, errUnzipped(lim.MaxUnzipped)
		}
		if u > ratioGrace && (f.CompressedSize64 > uint64(size) || u > f.CompressedSize64*uint64(lim.MaxRatio)) {
			return nil, errRatio(f.Name, lim.MaxRatio)
		}
		name := strings.ReplaceAll(f.Name, `\`, "/")
		w.parts[name] = f
		w.lower[strings.ToLower(name)] = f
	}
	return w, nil
}

// part finds a part by name, or nil.
func (w *workbookZip) part(name string) *zip.File {
	if f := w.parts[name]; f != nil {
		return f
	}
	return w.lower[strings.ToLower(name)]
}

// open unzips a part as a stream.
func (w *workbookZip) open(f *zip.File) (*partReader, error) {
	raw, err := f.OpenRaw()
	if err != nil {
		return nil, fmt.Errorf("无法读取xlsx中的“%s”(%v): %w", f.Name, err, ErrBadFile)
	}
	p := &partReader{name: f.Name, declared: int64(f.UncompressedSize64), crc: f.CRC32, hash: crc32.NewIEEE()}
	switch f.Method {
	case zip.Store:
		p.r = raw
	case zip.Deflate:
		p.fl = flate.NewReader(raw)
		p.r = p.fl
	default:
		return nil, fmt.Errorf("xlsx中的“%s”使用了不支持的压缩方式 %d: %w", f.Name, f.Method, ErrBadFile)
	}
	return p, nil
}

// partReader yields a part's uncompressed bytes, at most as many as its
// directory entry declares, and checks their CRC at the end.
type partReader struct {
	name     string
	r        io.Reader
	fl       io.ReadCloser // the inflater, when the part is deflated
	declared int64
	read     int64
	crc      uint32
	hash     hash.Hash32
}

func (p *partReader) Read(b []byte) (int, error) {
	if left := p.declared - p.read; int64(len(b)) > left+1 {
		b = b[:left+1] // one byte more than declared tells a lie from the end
	}
	n, err := p.r.Read(b)
	p.read += int64(n)
	if p.read > p.declared {
		return 0, errDeclared(p.name)
	}
	p.hash.Write(b[:n])
	if errors.Is(err, io.EOF) {
		if p.read != p.declared {
			return n, fmt.Errorf("xlsx中的“%s”不完整: %w", p.name, ErrBadFile)
		}
		if p.crc != 0 && p.hash.Sum32() != p.crc {
			return n, fmt.Errorf("xlsx中的“%s”校验失败,文件可能已损坏: %w", p.name, ErrBadFile)
		}
		return n, io.EOF
	}
	if err != nil {
		return n, fmt.Errorf("无法解压xlsx中的“%s”(%v): %w", p.name, err, ErrBadFile)
	}
	return n, nil
}

// progress is the share of the part read, 0..1.
func (p *partReader) progress() float64 {
	if p.declared <= 0 {
		return 1
	}
	return float64(p.read) / float64(p.declared)
}

func (p *partReader) Close() error {
	if p.fl != nil {
		return p.fl.Close()
	}
	return nil
}
