package testkit

import (
	"bytes"
	"testing"

	"healthgrid/internal/testkit/xlsxfile"
)

// Part is one part of a zip built by Zip (see xlsxfile.Part).
type Part = xlsxfile.Part

// Zip is a zip of the parts: hostile files for tests, built in a moment
// and never stored (see xlsxfile.Zip).
func Zip(t testing.TB, parts ...Part) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := xlsxfile.Zip(&b, parts...); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// XLSX is a minimal workbook: rows is the content of its first sheet's
// <sheetData>, sst (nil for none) that of its shared strings' <sst>.
func XLSX(t testing.TB, rows Part, sst *Part) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := xlsxfile.XLSX(&b, rows, sst); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
