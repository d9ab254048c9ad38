package imports

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"healthgrid/internal/testkit"
)

const headerRow = `<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>身份证号</t></is></c>` +
	`<c r="C1" t="inlineStr"><is><t>网格编码</t></is></c></row>`

// dataRow is row n of a residents sheet, its cells inline.
func dataRow(n int) string {
	return fmt.Sprintf(`<row r="%d"><c r="A%d" t="inlineStr"><is><t>居民%d</t></is></c><c r="B%d" t="inlineStr"><is><t>%s</t></is></c>`+
		`<c r="C%d" t="inlineStr"><is><t>140902001002001</t></is></c></row>`, n, n, n, n, nthID(n), n)
}

// plainRow is a residents row numbered by its place, as some writers leave
// rows; repeated, it makes a sheet of any length.
const plainRow = `<row><c t="inlineStr"><is><t>居民</t></is></c><c t="inlineStr"><is><t>140902199001011237</t></is></c>` +
	`<c t="inlineStr"><is><t>140902001002001</t></is></c></row>`

// rowsFrom is the rows from..to as one string.
func rowsFrom(from, to int) string {
	var b strings.Builder
	for n := from; n <= to; n++ {
		b.WriteString(dataRow(n))
	}
	return b.String()
}

const mb = 1 << 20

// Hostile files, each built here in a moment: the bombs of the issue (a
// 300 KB xlsx holding one 300 MB shared string; a 2 MB xlsx that unzips to
// 2 GB), the same with a directory that lies, and a file over each limit.
func hostileFiles(t *testing.T) []struct {
	name string
	data []byte
	lim  Limits
	want string
} {
	a := bytes.Repeat([]byte("a"), mb)
	sstBomb := &testkit.Part{Head: []byte("<si><t>"), Chunk: a, Repeat: 300, Tail: []byte("</t></si>")}
	refersToSST := testkit.Part{Head: []byte(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)}
	rows := []byte(strings.Repeat(plainRow, mb/len(plainRow))) // a MB of rows
	sheetBomb := testkit.Part{Head: []byte(headerRow), Chunk: rows, Repeat: 2000}
	overSize := sheetBomb
	overSize.Repeat = 2<<30/len(rows) + 1
	lying := sheetBomb
	lying.Declared = 900 << 10 // under ratioGrace: no ratio to check
	lenient := Limits{MaxRatio: 1 << 30}
	var manyParts []testkit.Part
	for i := range 30000 {
		manyParts = append(manyParts, testkit.Part{Name: fmt.Sprintf("xl/media/image%05d.png", i)})
	}
	return []struct {
		name string
		data []byte
		lim  Limits
		want string
	}{
		{"one 300 MB shared string", testkit.XLSX(t, refersToSST, sstBomb), Limits{}, "压缩比超过 100 倍"},
		{"one 300 MB shared string, any ratio", testkit.XLSX(t, refersToSST, sstBomb), lenient, "共享字符串第1项超过单元格上限 32 KB"},
		{"a 100 KB shared string", testkit.XLSX(t, refersToSST, &testkit.Part{Head: []byte("<si><t>" + strings.Repeat("长", 35000) + "</t></si>")}),
			Limits{}, "共享字符串第1项超过单元格上限 32 KB"},
		{"a sheet that unzips to 2 GB", testkit.XLSX(t, sheetBomb, nil), Limits{}, "压缩比超过 100 倍"},
		{"a sheet that unzips past 2 GB, any ratio", testkit.XLSX(t, overSize, nil), lenient, "文件解压后超过 2 GB / the file expands beyond 2 GB"},
		{"a sheet that unzips to 2 GB and says 900 KB", testkit.XLSX(t, lying, nil), Limits{}, "解压后超过其声明的大小"},
		{"a 300 MB cell", testkit.XLSX(t, testkit.Part{Head: []byte(headerRow + `<row r="2"><c t="inlineStr"><is><t>`), Chunk: a,
			Repeat: 300, Tail: []byte(`</t></is></c></row>`)}, nil), lenient, "第2行有单元格超过 32 KB"},
		{"a 300 MB comment", testkit.XLSX(t, testkit.Part{Head: []byte(headerRow + `<!--`), Chunk: a, Repeat: 300,
			Tail: []byte(`-->`)}, nil), lenient, "有超过 256 KB 的内容"},
		{"a 100 KB cell", testkit.XLSX(t, testkit.Part{Head: []byte(headerRow + `<row r="2"><c t="inlineStr"><is><t>` +
			strings.Repeat("a", 100<<10) + `</t></is></c></row>`)}, nil), Limits{}, "第2行有单元格超过 32 KB"},
		{"a 300 KB row", testkit.XLSX(t, testkit.Part{Head: []byte(headerRow + `<row r="2">` +
			strings.Repeat(`<c t="inlineStr"><is><t>`+strings.Repeat("a", 30<<10)+`</t></is></c>`, 10) + `</row>`)}, nil),
			Limits{}, "第2行超过 256 KB"},
		{"more rows than allowed", testkit.XLSX(t, testkit.Part{Head: []byte(headerRow + rowsFrom(2, 11))}, nil),
			Limits{MaxRows: 10}, "文件超过 10 行"},
		{"elements nested 1,000 deep", testkit.XLSX(t, testkit.Part{Head: []byte(headerRow + `<row r="2"><c t="inlineStr"><is>` +
			strings.Repeat("<r>", 1000) + strings.Repeat("</r>", 1000) + `</is></c></row>`)}, nil), Limits{}, "嵌套超过 64 层"},
		{"a zip directory over 1 MB", testkit.Zip(t, manyParts...), Limits{}, "xlsx文件的目录超过 1 MB"},
	}
}

// Every hostile xlsx is refused with its reason while memory stays flat:
// the bytes allocated while reading it are a small fraction of what it
// holds (excelize allocated the whole shared string and more).
func TestHostileXLSX(t *testing.T) {
	for _, f := range hostileFiles(t) {
		t.Run(f.name, func(t *testing.T) {
			var err error
			allocated := allocs(func() { err = readAll(bytes.NewReader(f.data), int64(len(f.data)), f.lim.orDefault(), t.TempDir()) })
			var limit *LimitError
			if err == nil || !strings.Contains(err.Error(), f.want) {
				t.Fatalf("err = %v, want %q", err, f.want)
			}
			if !errors.As(err, &limit) && !errors.Is(err, ErrBadFile) {
				t.Fatalf("%v is neither a limit nor a bad file", err)
			}
			if allocated > 48*mb {
				t.Fatalf("%d MB allocated reading a %d KB file", allocated/mb, len(f.data)>>10)
			}
		})
	}
}

// A csv line or cell over its limit, or a file of too many lines, is
// refused, and an endless line is not held in memory.
func TestHostileCSV(t *testing.T) {
	endless := io.MultiReader(strings.NewReader("姓名,身份证号,网格编码\n张三,"), &repeatReader{b: []byte("a"), n: 300 * mb})
	for _, tt := range []struct {
		name string
		r    io.Reader
		lim  Limits
		want string
	}{
		{"a 300 MB line", endless, Limits{}, "第2行超过 256 KB"},
		{"a 40 KB cell", strings.NewReader("姓名,身份证号,网格编码\n" + strings.Repeat("长", 14000) + ",x,y\n"), Limits{}, "第2行有单元格超过 32 KB"},
		{"more lines than allowed", strings.NewReader("姓名,身份证号,网格编码\n" + strings.Repeat("张三,x,y\n", 10)),
			Limits{MaxRows: 10}, "文件超过 10 行"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			allocated := allocs(func() {
				src := newCSVSource(tt.r, 0, UTF8, tt.lim.orDefault())
				for err == nil {
					_, _, err = src.next()
				}
			})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrLimit) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if allocated > 16*mb {
				t.Fatalf("%d MB allocated", allocated/mb)
			}
		})
	}
}

// readAll opens an xlsx and reads it to its end, as a job's first run does.
func readAll(r io.ReaderAt, size int64, lim Limits, tmp string) error {
	src, err := openXLSXSource(r, size, lim, tmp)
	if err != nil {
		return err
	}
	defer src.close()
	for {
		if _, _, err := src.next(); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}

// allocs is the bytes fn allocated on the heap: an upper bound on how much
// the heap grew while it ran.
func allocs(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// repeatReader yields b over and over, n bytes in all.
type repeatReader struct {
	b []byte
	n int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	k := 0
	for k < len(p) && k < r.n {
		k += copy(p[k:min(len(p), r.n)], r.b)
	}
	r.n -= k
	return k, nil
}

// A workbook that fits reads as its rows, shared strings included, through
// more strings than one read-ahead and more rows than one spill block.
func TestXLSXSharedStrings(t *testing.T) {
	var sst, rows strings.Builder
	rows.WriteString(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>`)
	sst.WriteString(`<si><t>姓名</t></si><si><t>身份证号</t></si><si><r><t>网格</t></r><r><t>编码</t></r><rPh><t>ワク</t></rPh></si>`)
	const n = 3 * sstAhead
	for i := 0; i < n; i++ {
		fmt.Fprintf(&sst, `<si><t>居民%d</t></si><si><t>%s</t></si>`, i, nthID(i))
		// rows refer to strings in reverse: every lookup is a block away
		k := n - 1 - i
		fmt.Fprintf(&rows, `<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="B%d" t="s"><v>%d</v></c>`+
			`<c r="C%d" t="inlineStr"><is><t>140902001002001</t></is></c></row>`, i+2, i+2, 3+2*k, i+2, 4+2*k, i+2)
	}
	data := testkit.XLSX(t, testkit.Part{Head: []byte(rows.String())}, &testkit.Part{Head: []byte(sst.String())})
	tmp := t.TempDir()
	p, err := ParseXLSX(bytes.NewReader(data), int64(len(data)), tmp)
	if err != nil {
		t.Fatal(err)
	}
	items := collect(t, p)
	if len(items) != n {
		t.Fatalf("%d rows, want %d", len(items), n)
	}
	for i, it := range items {
		k := n - 1 - i
		if it.Err != nil || it.Row.Name != fmt.Sprintf("居民%d", k) || it.Row.IDNumber != nthID(k) || it.Row.GridCode != "140902001002001" {
			t.Fatalf("row %d: %+v %v", i+2, it.Row, it.Err)
		}
	}
	if left := countFiles(t, tmp); left != 0 {
		t.Fatalf("%d temporary files left after close", left)
	}
}

// countFiles counts the files under dir.
func countFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return n
}
