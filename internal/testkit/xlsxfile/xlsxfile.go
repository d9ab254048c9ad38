// Package xlsxfile builds xlsx files part by part, for the tests and for
// `healthgrid bench`: hostile ones (a part's chunk is compressed once
// however often it repeats, so a few KB may stand for gigabytes) and big
// ones written as Excel saves them (Writer). It does not import testing.
package xlsxfile

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"hash/crc32"
	"io"
	"slices"
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

// Zip writes a zip of the parts to w, deflated. A fresh compressor's output
// up to a sync flush refers to nothing before it, so copies of the chunk's
// compressed bytes inflate to copies of the chunk. A part's CRC is left 0
// (which readers take for "not given") past 64 MB, so that a bomb is built
// in a moment.
func Zip(w io.Writer, parts ...Part) error {
	zw := zip.NewWriter(w)
	fw, err := flate.NewWriter(nil, flate.BestCompression)
	if err != nil {
		return err
	}
	// nothing, compressed: most parts have no chunk or tail, and resetting
	// the compressor clears a MB of tables
	none, last := deflate(fw, nil, false), deflate(fw, nil, true)
	compress := func(b []byte, final bool) []byte {
		switch {
		case len(b) > 0:
			return deflate(fw, b, final)
		case final:
			return last
		}
		return none
	}
	for _, p := range parts {
		chunk := compress(p.Chunk, false)
		size := uint64(len(p.Head)) + uint64(p.Repeat)*uint64(len(p.Chunk)) + uint64(len(p.Tail))
		var crc uint32
		if size <= 64<<20 {
			crc = crc32.ChecksumIEEE(slices.Concat(p.Head, bytes.Repeat(p.Chunk, p.Repeat), p.Tail))
		}
		if p.Declared != 0 {
			size = p.Declared
		}
		head, tail := compress(p.Head, false), compress(p.Tail, true)
		pw, err := zw.CreateRaw(&zip.FileHeader{Name: p.Name, Method: zip.Deflate, CRC32: crc,
			CompressedSize64: uint64(len(head) + p.Repeat*len(chunk) + len(tail)), UncompressedSize64: size})
		if err != nil {
			return err
		}
		pw.Write(head)
		for range p.Repeat {
			pw.Write(chunk)
		}
		if _, err := pw.Write(tail); err != nil {
			return err
		}
	}
	return zw.Close()
}

// deflate compresses b with fw from a fresh start, ending in a sync flush
// or, when final, the stream's last block.
func deflate(fw *flate.Writer, b []byte, final bool) []byte {
	var out bytes.Buffer
	fw.Reset(&out)
	fw.Write(b)
	if final {
		fw.Close()
	} else {
		fw.Flush()
	}
	return out.Bytes()
}

const (
	sheetNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	relNS   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

// XLSX writes a minimal workbook as Excel lays it out. rows is the content
// of its first sheet's <sheetData>, sst (nil for none) that of its shared
// strings' <sst>; their names are set here, the rest is as given.
func XLSX(w io.Writer, rows Part, sst *Part) error {
	wrap := func(p Part, name, open, close string) Part {
		p.Name = name
		p.Head = slices.Concat([]byte(xml.Header+open), p.Head)
		p.Tail = slices.Concat(p.Tail, []byte(close))
		return p
	}
	parts := append(skeleton(), wrap(rows, sheetPart, `<worksheet xmlns="`+sheetNS+`"><sheetData>`, `</sheetData></worksheet>`))
	if sst != nil {
		parts = append(parts, wrap(*sst, sstPart, `<sst xmlns="`+sheetNS+`">`, `</sst>`))
	}
	return Zip(w, parts...)
}

const (
	sheetPart = "xl/worksheets/sheet1.xml"
	sstPart   = "xl/sharedStrings.xml"
)

// skeleton is the parts of a one-sheet workbook but the sheet and its
// shared strings.
func skeleton() []Part {
	text := func(name, s string) Part { return Part{Name: name, Head: []byte(xml.Header + s)} }
	return []Part{
		text("[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`+
			`<Default Extension="xml" ContentType="application/xml"/>`+
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`+
			`<Override PartName="/`+sheetPart+`" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`+
			`<Override PartName="/`+sstPart+`" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`+
			`</Types>`),
		text("_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
			`<Relationship Id="rId1" Type="`+relNS+`/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
		text("xl/workbook.xml", `<workbook xmlns="`+sheetNS+`" xmlns:r="`+relNS+`"><sheets>`+
			`<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`),
		text("xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
			`<Relationship Id="rId1" Type="`+relNS+`/worksheet" Target="worksheets/sheet1.xml"/>`+
			`<Relationship Id="rId2" Type="`+relNS+`/sharedStrings" Target="sharedStrings.xml"/></Relationships>`),
	}
}
