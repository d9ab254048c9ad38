package imports

import (
	"fmt"

	"healthgrid/internal/apperr"
)

// Limits bound what one file can make the server read, hold or write. Each
// is checked before the bytes it bounds are taken in: the sizes of an xlsx's
// parts from the zip's central directory before anything is unzipped, a
// cell, a row and an XML token while they are read. A file over any limit
// fails whole, before any row of it is written.
type Limits struct {
	MaxUnzipped int64 // bytes an xlsx's parts may expand to, all together
	MaxRatio    int64 // uncompressed / compressed of one xlsx part (over ratioGrace)
	MaxCell     int   // bytes of one cell (a shared string included)
	MaxRow      int   // bytes of one row, its cells together
	MaxRows     int   // lines of one file, header and blank lines included
}

// Default limits: Excel's own sheet holds at most 1,048,576 rows of cells
// of at most 32,767 characters; a residents row is about 150 bytes, and a
// 1,000,000-row xlsx as Excel saves it unzips to about 360 MB, 9 to 1.
const (
	DefaultMaxUnzipped = 2 << 30
	DefaultMaxRatio    = 100
	DefaultMaxCell     = 32 << 10
	DefaultMaxRow      = 256 << 10
	DefaultMaxRows     = 5_000_000
)

// DefaultLimits are the limits a zero Limits field takes.
func DefaultLimits() Limits {
	return Limits{MaxUnzipped: DefaultMaxUnzipped, MaxRatio: DefaultMaxRatio, MaxCell: DefaultMaxCell,
		MaxRow: DefaultMaxRow, MaxRows: DefaultMaxRows}
}

// orDefault fills the zero fields of l from DefaultLimits.
func (l Limits) orDefault() Limits {
	d := DefaultLimits()
	if l.MaxUnzipped <= 0 {
		l.MaxUnzipped = d.MaxUnzipped
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = d.MaxRatio
	}
	if l.MaxCell <= 0 {
		l.MaxCell = d.MaxCell
	}
	if l.MaxRow <= 0 {
		l.MaxRow = d.MaxRow
	}
	if l.MaxRow < l.MaxCell {
		l.MaxRow = l.MaxCell
	}
	if l.MaxRows <= 0 {
		l.MaxRows = d.MaxRows
	}
	return l
}

// token is the most bytes one XML token may take: a cell's text with every
// character written as an entity (&amp; is 5 bytes for 1), and room for the
// tags and attributes around it.
func (l Limits) token() int { return 6*l.MaxCell + 64<<10 }

const (
	// ratioGrace: parts smaller than this unzip to little whatever their
	// ratio (an empty sheet compresses 200 to 1), so the ratio is not checked.
	ratioGrace = 1 << 20
	// maxDirectory bounds the zip's central directory, which archive/zip
	// reads whole into memory: an xlsx has tens of parts, a few KB of it.
	maxDirectory = 1 << 20
	// maxDepth bounds the nesting of XML elements (a worksheet nests 5 deep).
	maxDepth = 64
	// maxColumns is Excel's: XFD.
	maxColumns = 16384
)

// ErrLimit is a file over one of the Limits.
var ErrLimit = apperr.New(apperr.ErrInvalid, "import.over_limit", "imports: file over a limit")

// LimitError says which limit a file is over, in Chinese and in English.
type LimitError struct{ Zh, En string }

func (e *LimitError) Error() string { return e.Zh + " / " + e.En }

// Unwrap makes a LimitError an ErrLimit.
func (e *LimitError) Unwrap() error { return ErrLimit }

func overLimit(zh, en string) *LimitError { return &LimitError{Zh: zh, En: en} }

// size writes a byte count for people: 2 GB, 300 MB, 32 KB, 512 B.
func size(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GB", n>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

func errUnzipped(max int64) error {
	return overLimit("文件解压后超过 "+size(max), "the file expands beyond "+size(max))
}

func errRatio(part string, max int64) error {
	return overLimit(fmt.Sprintf("文件中的“%s”压缩比超过 %d 倍,疑似压缩炸弹", part, max),
		fmt.Sprintf("part %s is compressed more than %d to 1, like a zip bomb", part, max))
}

func errDeclared(part string) error {
	return overLimit(fmt.Sprintf("文件中的“%s”解压后超过其声明的大小", part),
		fmt.Sprintf("part %s expands beyond the size it declares", part))
}

func errCell(line, max int) error {
	return overLimit(fmt.Sprintf("第%d行有单元格超过 %s", line, size(int64(max))),
		fmt.Sprintf("a cell of row %d is longer than %s", line, size(int64(max))))
}

func errSharedString(i, max int) error {
	return overLimit(fmt.Sprintf("共享字符串第%d项超过单元格上限 %s", i+1, size(int64(max))),
		fmt.Sprintf("shared string %d is longer than the cell limit of %s", i+1, size(int64(max))))
}

func errRow(line, max int) error {
	return overLimit(fmt.Sprintf("第%d行超过 %s", line, size(int64(max))),
		fmt.Sprintf("row %d is longer than %s", line, size(int64(max))))
}

func errRows(max int) error {
	return overLimit(fmt.Sprintf("文件超过 %d 行", max), fmt.Sprintf("the file has more than %d rows", max))
}

func errToken(part string, max int) error {
	return overLimit(fmt.Sprintf("文件中的“%s”有超过 %s 的内容(单元格或XML节点)", part, size(int64(max))),
		fmt.Sprintf("part %s holds a node longer than %s", part, size(int64(max))))
}
