package testkit

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"hash/crc32"
	"slices"
	"testing"
)

// Part is one part of a zip built by Zip: Head, then Repeat copies of
// Chunk, then Tail. Declared, when not 0, is the uncompressed size its
// directory entry claims instead of the true one — a lie.
type Part struct {
	Name              string
	Head, Chunk, Tail []byte
	Repeat            int
	Declared          uint64
}

// Zip builds a zip of the parts, deflated. A part's chunk is compressed
// once however often it repeats — a fresh compressor's output up to a sync
// flush refers to nothing before it, so copies of it inflate to copies of
// the chunk — so a few KB may stand for gigabytes: hostile files for tests,
// built in a moment and never stored.
func Zip(t testing.TB, parts ...Part) []byte {
	t.Helper()
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	fw, err := flate.NewWriter(nil, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	// nothing, compressed: most parts have no chunk or tail, and resetting
	// the compressor clears tables of a MB
	none, last := deflate(t, fw, nil, false), deflate(t, fw, nil, true)
	compress := func(b []byte, final bool) []byte {
		switch {
		case len(b) > 0:
			return deflate(t, fw, b, final)
		case final:
			return last
		}
		return none
	}
	for _, p := range parts {
		body := slices.Concat(compress(p.Head, false), bytes.Repeat(compress(p.Chunk, false), p.Repeat), compress(p.Tail, true))
		size := uint64(len(p.Head)) + uint64(p.Repeat)*uint64(len(p.Chunk)) + uint64(len(p.Tail))
		var crc uint32 // 0, which readers take for "not given", past 64 MB: a bomb is built in a moment
		if size <= 64<<20 {
			crc = crc32.ChecksumIEEE(slices.Concat(p.Head, bytes.Repeat(p.Chunk, p.Repeat), p.Tail))
		}
		if p.Declared != 0 {
			size = p.Declared
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: p.Name, Method: zip.Deflate, CRC32: crc,
			CompressedSize64: uint64(len(body)), UncompressedSize64: size})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// deflate compresses b with fw from a fresh start, ending in a sync flush
// or, when final, the stream's last block.
func deflate(t testing.TB, fw *flate.Writer, b []byte, final bool) []byte {
	var out bytes.Buffer
	fw.Reset(&out)
	fw.Write(b)
	var err error
	if final {
		err = fw.Close()
	} else {
		err = fw.Flush()
	}
	if err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

const (
	sheetNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	relNS   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

// XLSX is a minimal workbook as Excel lays it out. rows is the content of
// its first sheet's <sheetData>, sst (nil for none) that of its shared
// strings' <sst>; their names are set here, the rest is as given.
func XLSX(t testing.TB, rows Part, sst *Part) []byte {
	t.Helper()
	wrap := func(p Part, name, open, close string) Part {
		p.Name = name
		p.Head = slices.Concat([]byte(xml.Header+open), p.Head)
		p.Tail = slices.Concat(p.Tail, []byte(close))
		return p
	}
	text := func(name, s string) Part { return Part{Name: name, Head: []byte(xml.Header + s)} }
	parts := []Part{
		text("[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`+
			`<Default Extension="xml" ContentType="application/xml"/>`+
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`+
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`+
			`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`+
			`</Types>`),
		text("_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
			`<Relationship Id="rId1" Type="`+relNS+`/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
		text("xl/workbook.xml", `<workbook xmlns="`+sheetNS+`" xmlns:r="`+relNS+`"><sheets>`+
			`<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`),
		text("xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
			`<Relationship Id="rId1" Type="`+relNS+`/worksheet" Target="worksheets/sheet1.xml"/>`+
			`<Relationship Id="rId2" Type="`+relNS+`/sharedStrings" Target="sharedStrings.xml"/></Relationships>`),
		wrap(rows, "xl/worksheets/sheet1.xml", `<worksheet xmlns="`+sheetNS+`"><sheetData>`, `</sheetData></worksheet>`),
	}
	if sst != nil {
		parts = append(parts, wrap(*sst, "xl/sharedStrings.xml", `<sst xmlns="`+sheetNS+`">`, `</sst>`))
	}
	return Zip(t, parts...)
}
