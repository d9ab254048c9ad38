package imports

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"healthgrid/internal/pii"
)

// validID is a checksum-valid ID number built from its first 17 digits.
func validID(first17 string) string { return first17 + string(pii.IDCheckDigit(first17)) }

// nthID is the i-th of 336,000 valid ID numbers of people born in 1990.
func nthID(i int) string {
	return validID(fmt.Sprintf("1409021990%02d%02d%03d", 1+i/28000%12, 1+i/1000%28, i%1000))
}

var (
	id1 = validID("14090219900101123")
	id2 = validID("14090219851231002")
	id3 = validID("14092120000229004")
)

func collect(t *testing.T, p *Parser) []Item {
	t.Helper()
	defer p.Close()
	var out []Item
	for {
		it, err := p.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, it)
	}
}

// summary is one line per item: "line:OK:name|id|grid" or "line:ERR:column:reason".
func summarize(items []Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		if it.Err != nil {
			out[i] = itoa(it.Row.Line) + ":ERR:" + it.Err.Column + ":" + it.Err.Reason
		} else {
			out[i] = itoa(it.Row.Line) + ":OK:" + strings.Join(Values(it.Row), "|")
		}
	}
	return out
}

func itoa(n int) string { return fmt.Sprintf("%03d", n) }

func gbk(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestHeaderMapping(t *testing.T) {
	tests := []struct {
		name    string
		cells   []string
		wantErr string // substring of the error; "" for none
		want    []int
	}{
		{"chinese in template order", []string{"姓名", "身份证号", "手机号", "民族", "网格编码", "地址", "居住类型", "标签"}, "", []int{0, 1, 2, 3, 4, 5, 6, 7}},
		{"english aliases any order", []string{"grid_code", "NAME", " id_number "}, "", []int{4, 0, 1}},
		{"mixed, full-width and required marks", []string{"*姓名", "ｉｄ_ｎｕｍｂｅｒ", "网格编码*", "Residence Type"}, "", []int{0, 1, 4, 6}},
		{"blank header cells are ignored", []string{"姓名", "", "身份证号", "网格编码", ""}, "", []int{0, -1, 1, 4, -1}},
		{"unknown columns are named", []string{"姓名", "身份证号", "网格编码", "性别", "备注"}, "未知列 “性别”、“备注”", nil},
		{"a repeated column", []string{"姓名", "身份证号", "网格编码", "name"}, "重复列 “姓名”", nil},
		{"missing required", []string{"姓名", "手机号"}, "缺少必填列 “身份证号”、“网格编码”", nil},
		{"empty", []string{"", " "}, "没有表头", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := parseHeader(tt.cells)
			if tt.wantErr != "" {
				var he *HeaderError
				if !errors.As(err, &he) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want a HeaderError containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(h) != len(tt.want) {
				t.Fatalf("header = %v, want %v", h, tt.want)
			}
			for i := range h {
				if h[i] != tt.want[i] {
					t.Fatalf("header = %v, want %v", h, tt.want)
				}
			}
		})
	}
}

const goodCSV = "姓名,身份证号,手机号,民族,网格编码,地址,居住类型,标签\n" +
	"张三," + "ID1" + ",13800138000,汉族,140902001002001,东大街1号,户籍,高血压;独居老人\n" +
	"\n" +
	",,,,,,,\n" +
	"  李四 ,\t" + "ID2" + " ,, 回族 ,140902001002002,,流动,\n"

func fill(s string) string {
	return strings.NewReplacer("ID1", id1, "ID2", id2, "ID3", id3).Replace(s)
}

func TestParseCSV(t *testing.T) {
	want := []string{
		"002:OK:张三|" + id1 + "|13800138000|汉族|140902001002001|东大街1号|户籍|高血压;独居老人",
		"005:OK:李四|" + id2 + "||回族|140902001002002||流动|",
	}
	for _, tt := range []struct {
		name string
		data []byte
		enc  string
	}{
		{"utf-8", []byte(fill(goodCSV)), UTF8},
		{"utf-8 with BOM", append([]byte("\xEF\xBB\xBF"), fill(goodCSV)...), UTF8},
		{"gb18030", gbk(t, fill(goodCSV)), GB18030},
		{"crlf", []byte(strings.ReplaceAll(fill(goodCSV), "\n", "\r\n")), UTF8},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var check utf8Checker
			check.Write(tt.data)
			if got := check.encoding(); got != tt.enc {
				t.Fatalf("detected %s, want %s", got, tt.enc)
			}
			p, err := ParseCSV(bytes.NewReader(tt.data), int64(len(tt.data)), tt.enc)
			if err != nil {
				t.Fatal(err)
			}
			got := summarize(collect(t, p))
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func TestParseCSVRowErrors(t *testing.T) {
	data := fill("name,id_number,grid_code,phone\n" +
		"甲,ID1,140902001002001,\n" + // 2 ok
		"乙,1.40902E+17,140902001002001,\n" + // 3 mangled ID
		"丙,140902199001011000.0,140902001002001,\n" + // 4 mangled ID with .0
		"丁,ID1,140902001002001,\n" + // 5 duplicate of 2
		"戊,ID2,140902001002001,1.38001E+10\n" + // 6 mangled phone
		",ID3,140902001002001,\n" + // 7 missing name
		"己,ID3,,\n" + // 8 missing grid
		"庚,ID3,140902001002001,,extra\n" + // 9 a cell under no header
		"辛,ID3,140902001002001,\"13800\"138000\n" + // 10 bare quote
		"壬,id3x,140902001002001,\n" + // 11 goes on after the bad line (ID left to the sink)
		"癸,ID3,140902001002001,\n") // 12 ok: the ID3 rows before were all rejected before the check
	p, err := ParseCSV(strings.NewReader(data), 0, UTF8)
	if err != nil {
		t.Fatal(err)
	}
	items := collect(t, p)
	want := []struct {
		line int
		col  string
		has  string
	}{
		{2, "", ""},
		{3, "身份证号", "Excel"},
		{4, "身份证号", "Excel"},
		{5, "身份证号", "与第2行重复"},
		{6, "手机号", "Excel"},
		{7, "姓名", "不能为空"},
		{8, "网格编码", "不能为空"},
		{9, "", "第E列没有表头"},
		{10, "", "CSV"},
		{11, "", ""},
		{12, "", ""},
	}
	if len(items) != len(want) {
		t.Fatalf("got %d items, want %d:\n%s", len(items), len(want), strings.Join(summarize(items), "\n"))
	}
	for i, w := range want {
		it := items[i]
		if it.Row.Line != w.line {
			t.Errorf("item %d: line %d, want %d", i, it.Row.Line, w.line)
		}
		switch {
		case w.has == "" && it.Err != nil:
			t.Errorf("line %d: unexpected error %+v", w.line, *it.Err)
		case w.has != "" && (it.Err == nil || it.Err.Column != w.col || !strings.Contains(it.Err.Reason, w.has)):
			t.Errorf("line %d: error %+v, want column %q and reason with %q", w.line, it.Err, w.col, w.has)
		case it.Err != nil && it.Err.Line != it.Row.Line:
			t.Errorf("line %d: error names line %d", w.line, it.Err.Line)
		}
	}
	if items[10].Row.Name != "癸" || items[9].Row.IDNumber != "id3x" {
		t.Errorf("values lost: %+v %+v", items[9].Row, items[10].Row)
	}
}

func TestParseHeaderErrors(t *testing.T) {
	for _, tt := range []struct{ name, data, want string }{
		{"unknown", "姓名,身份证号,网格编码,性别\n", "“性别”"},
		{"missing", "姓名,身份证号\n", "缺少必填列 “网格编码”"},
		{"only blank lines", "\n\n,,\n", "没有表头"},
		{"empty", "", "没有表头"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCSV(strings.NewReader(tt.data), 0, UTF8)
			var he *HeaderError
			if !errors.As(err, &he) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want a HeaderError with %q", err, tt.want)
			}
		})
	}
}

// excelStyle rewrites a workbook's sheet1 the way Excel itself stores a
// long number: in E notation (excelize writes plain digits).
func excelStyle(t *testing.T, data []byte, from, to string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		r, _ := f.Open()
		b, _ := io.ReadAll(r)
		if f.Name == "xl/worksheets/sheet1.xml" {
			if !bytes.Contains(b, []byte(from)) {
				t.Fatalf("%s not in the sheet", from)
			}
			b = bytes.ReplaceAll(b, []byte(from), []byte(to))
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	return out.Bytes()
}

func xlsxFile(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if r == nil {
			continue
		}
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	f.NewSheet("第二页")
	f.SetCellStr("第二页", "A1", "ignored")
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestParseXLSX(t *testing.T) {
	data := xlsxFile(t, [][]any{
		{"网格编码", "姓名", "身份证号", "手机号"},
		{"140902001002001", "张三", id1, "13800138000"},
		nil, // a blank row
		{"140902001002001", "李四", 1.40902199001011e17, 13800138001},
		{nil, nil, nil, nil},
		{"140902001002002", "王五", id2, nil},
	})
	data = excelStyle(t, data, "<v>140902199001011000</v>", "<v>1.40902199001011E+17</v>")
	if f, err := Sniff(data[:8]); err != nil || f != XLSX {
		t.Fatalf("sniff = %v %v", f, err)
	}
	p, err := ParseXLSX(bytes.NewReader(data), int64(len(data)), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	items := collect(t, p)
	got := summarize(items)
	if len(items) != 3 {
		t.Fatalf("items:\n%s", strings.Join(got, "\n"))
	}
	if items[0].Err != nil || items[0].Row.Line != 2 || items[0].Row.IDNumber != id1 || items[0].Row.Phone != "13800138000" {
		t.Errorf("row 2: %s", got[0])
	}
	if items[1].Err == nil || items[1].Row.Line != 4 || items[1].Err.Column != "身份证号" {
		t.Errorf("row 4 (ID typed as a number): %s", got[1])
	}
	if items[2].Err != nil || items[2].Row.Line != 6 || items[2].Row.Name != "王五" {
		t.Errorf("row 6: %s", got[2])
	}
}

func TestSniff(t *testing.T) {
	for _, tt := range []struct {
		head string
		want Format
		err  string
	}{
		{"PK\x03\x04rest", XLSX, ""},
		{"姓名,身份证号", CSV, ""},
		{"\xD0\xCF\x11\xE0\xA1\xB1", "", ".xls"},
		{"\xFF\xFEa\x00", "", "UTF-16"},
		{"%PDF-1.4\x00\x01", "", "不支持的文件类型"},
		{"", "", "为空"},
	} {
		f, err := Sniff([]byte(tt.head))
		if f != tt.want || (tt.err == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("Sniff(%q) = %q, %v; want %q, %q", tt.head, f, err, tt.want, tt.err)
		}
	}
}

// The checker sees a multi-byte character split across writes as valid,
// and a GBK byte anywhere as not.
func TestUTF8Checker(t *testing.T) {
	s := []byte(strings.Repeat("忻州市,", 1000))
	for _, cut := range []int{1, 2, 3, 4, 5, 7} {
		var c utf8Checker
		for i := 0; i < len(s); i += cut {
			c.Write(s[i:min(i+cut, len(s))])
		}
		if c.encoding() != UTF8 {
			t.Fatalf("chunks of %d: %s", cut, c.encoding())
		}
	}
	var c utf8Checker
	c.Write(s)
	c.Write(gbk(t, "忻州"))
	c.Write(s)
	if c.encoding() != GB18030 {
		t.Fatal("GBK bytes taken for UTF-8")
	}
	var trunc utf8Checker
	trunc.Write(s[:len(s)-2])
	if trunc.encoding() != GB18030 {
		t.Fatal("a file ending inside a character taken for UTF-8")
	}
}

func TestExcelNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"1.40902E+17": true, "1.40902199001011E+17": true, "140902199001011000.0": true, "1E10": true, "1.5e-3": true,
		id1: false, "14090219900101123X": false, "": false, "E10": false, "1.2.3": false, "1e": false, "abc": false,
	} {
		if got := excelNumber(s); got != want {
			t.Errorf("excelNumber(%q) = %v", s, got)
		}
	}
}

// The template's own header and example row import cleanly, and its
// second sheet explains every column.
func TestTemplate(t *testing.T) {
	var b bytes.Buffer
	if err := WriteTemplate(&b); err != nil {
		t.Fatal(err)
	}
	p, err := ParseXLSX(bytes.NewReader(b.Bytes()), int64(b.Len()), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	items := collect(t, p)
	if len(items) != 1 || items[0].Err != nil || items[0].Row.Line != 2 {
		t.Fatalf("example row: %v", summarize(items))
	}
	if _, err := pii.ValidateIDNumber(items[0].Row.IDNumber, time.Now()); err != nil {
		t.Fatalf("example ID %s: %v", items[0].Row.IDNumber, err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := x.GetSheetList(); len(got) != 3 || got[1] != "填写说明" {
		t.Fatalf("sheets: %v", got)
	}
	help, _ := x.GetRows("填写说明")
	for _, c := range residentColumns {
		found := false
		for _, r := range help {
			found = found || (len(r) > 3 && r[0] == c.header && r[1] == c.alias && r[3] != "")
		}
		if !found {
			t.Errorf("column %s not explained", c.header)
		}
	}
	if all := fmt.Sprint(help); !strings.Contains(all, "独居老人") || !strings.Contains(all, "流动") {
		t.Errorf("tag and residence type lists missing: %s", all)
	}
}

// Rows above the header — a sheet's title, what an export says of itself —
// are passed over, and the lines keep their numbers in the file; a file
// whose first rows hold no header names the first row's fault.
func TestParseTitleRows(t *testing.T) {
	data := fill("东大街社区居民花名册\n导出人：张三（admin）,导出时间：2026-12-07 10:00\n\n" +
		"name,id_number,grid_code\n甲,ID1,140902001002001\n")
	p, err := ParseCSV(strings.NewReader(data), 0, UTF8)
	if err != nil {
		t.Fatal(err)
	}
	got := summarize(collect(t, p))
	if len(got) != 1 || !strings.HasPrefix(got[0], "005:OK:甲|"+id1) {
		t.Fatalf("got %q", got)
	}
	junk := strings.Repeat("备注,说明\n", titleRows) + "name,id_number,grid_code\n"
	_, err = ParseCSV(strings.NewReader("姓名,身份证号,网格编码,性别\n"+junk), 0, UTF8)
	var he *HeaderError
	if !errors.As(err, &he) || !strings.Contains(err.Error(), "“性别”") {
		t.Fatalf("err = %v, want the first row's HeaderError", err)
	}
}
