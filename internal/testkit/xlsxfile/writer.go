package xlsxfile

import (
	"archive/zip"
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"strconv"
)

// Writer streams a one-sheet workbook of text cells as Excel saves one:
// every cell a shared string, the table in the order the strings are first
// used. The sheet is deflated as rows come; the shared strings wait in a
// temporary file and follow it. Strings given as repeated are looked up
// and reused, the others each get an entry of their own, so memory grows
// only with the repeated ones.
type Writer struct {
	zw    *zip.Writer
	sheet *bufio.Writer
	sst   *os.File
	sstW  *bufio.Writer
	n     int            // shared strings written
	seen  map[string]int // repeated strings already in the table
	row   int
}

// NewWriter starts a workbook on w; the shared strings wait in dir.
func NewWriter(w io.Writer, dir string) (*Writer, error) {
	zw := zip.NewWriter(w)
	for _, p := range skeleton() {
		pw, err := zw.Create(p.Name)
		if err != nil {
			return nil, err
		}
		pw.Write(p.Head)
	}
	pw, err := zw.Create(sheetPart)
	if err != nil {
		return nil, err
	}
	sst, err := os.CreateTemp(dir, "xlsxfile-sst-")
	if err != nil {
		return nil, err
	}
	x := &Writer{zw: zw, sheet: bufio.NewWriterSize(pw, 1<<20), sst: sst, sstW: bufio.NewWriterSize(sst, 1<<20), seen: map[string]int{}}
	x.sheet.WriteString(xml.Header + `<worksheet xmlns="` + sheetNS + `"><sheetData>`)
	return x, nil
}

// WriteRow adds a row; cells for which repeated says true share one entry
// of the table per value.
func (x *Writer) WriteRow(cells []string, repeated func(col int) bool) error {
	x.row++
	fmt.Fprintf(x.sheet, `<row r="%d">`, x.row)
	for i, c := range cells {
		if c == "" {
			continue
		}
		k, ok := x.seen[c]
		if !ok {
			k = x.n
			x.n++
			x.sstW.WriteString("<si><t>")
			xml.EscapeText(x.sstW, []byte(c))
			x.sstW.WriteString("</t></si>")
			if repeated(i) {
				x.seen[c] = k
			}
		}
		x.sheet.WriteString(`<c r="` + column(i) + strconv.Itoa(x.row) + `" t="s"><v>` + strconv.Itoa(k) + `</v></c>`)
	}
	_, err := x.sheet.WriteString("</row>")
	return err
}

// column is the letters of the 0-based column i (up to ZZ).
func column(i int) string {
	if i < 26 {
		return string(rune('A' + i))
	}
	return string(rune('A'+i/26-1)) + string(rune('A'+i%26))
}

// Close ends the sheet, appends the shared strings and ends the zip.
func (x *Writer) Close() error {
	defer os.Remove(x.sst.Name())
	defer x.sst.Close()
	x.sheet.WriteString("</sheetData></worksheet>")
	if err := x.sheet.Flush(); err != nil {
		return err
	}
	if err := x.sstW.Flush(); err != nil {
		return err
	}
	pw, err := x.zw.Create(sstPart)
	if err != nil {
		return err
	}
	fmt.Fprintf(pw, `%s<sst xmlns="%s" count="%d" uniqueCount="%d">`, xml.Header, sheetNS, x.n, x.n)
	if _, err := x.sst.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if _, err := io.Copy(pw, x.sst); err != nil {
		return err
	}
	io.WriteString(pw, "</sst>")
	return x.zw.Close()
}
