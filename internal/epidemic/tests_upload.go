package epidemic

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/apperr"
	"healthgrid/internal/imports"
)

// MaxTestBytes bounds a batch of results, JSON or file: 10,000 rows of about
// 200 bytes, with room for a spreadsheet's overhead.
const MaxTestBytes = 8 << 20

var errTestFile = apperr.New(apperr.ErrInvalid, "epidemic.test_file",
	"检测结果文件无法读取 / the test results file cannot be read")

// testColumns are a results file's columns, headers in Chinese or English,
// in any order (the import's header rules), with the other names
// laboratories give them.
var testColumns = []imports.Column{
	{Header: "身份证号", Alias: "id_number", Required: true, Also: []string{"证件号码"}},
	{Header: "姓名", Alias: "name", Required: true},
	{Header: "采样时间", Alias: "sampled_at", Required: true},
	{Header: "检测类型", Alias: "kind", Required: true},
	{Header: "病原体", Alias: "pathogen", Required: true, Also: []string{"检测项目"}},
	{Header: "检测结果", Alias: "result", Required: true, Also: []string{"结果"}},
	{Header: "检测机构", Alias: "institution", Required: true},
	{Header: "病种", Alias: "disease"},
}

var testColumnsDoc = func() string {
	var parts []string
	for _, c := range testColumns {
		p := strings.Join(append([]string{c.Header, c.Alias}, c.Also...), "/")
		if !c.Required {
			p += " (optional)"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ", ")
}()

// testRow is a file row's cells, in testColumns' order, as a result.
func testRow(line int, c []string) TestRow {
	return TestRow{line: line, IDNumber: c[0], Name: c[1], SampledAt: c[2], Kind: c[3], Pathogen: c[4], Result: c[5],
		Institution: c[6], Disease: c[7]}
}

// readTestUpload reads the multipart body's file into rows, each knowing
// its line, with the import's streaming reader and header rules; lines that
// cannot be read are rejected at once, naming why.
func (s *Service) readTestUpload(req *http.Request) ([]TestRow, []RejectedRow, error) {
	dir := filepath.Join(s.uploads.DataDir, "epidemic")
	saved, err := SaveUpload(req, dir, errTestFile, MaxTestBytes)
	if saved != nil {
		defer os.Remove(saved.Path)
	}
	if err != nil {
		return nil, nil, err
	}
	t, err := imports.OpenTable(*saved, testColumns, imports.Limits{MaxRows: MaxTestRows + 20}, filepath.Join(dir, "tmp"))
	if err != nil {
		return nil, nil, FileErr(errTestFile, err)
	}
	defer t.Close()
	var rows []TestRow
	var rejected []RejectedRow
	for {
		r, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, FileErr(errTestFile, err)
		}
		if r.Err != nil {
			rejected = append(rejected, RejectedRow{Row: r.Line, Reason: r.Err.Reason})
			continue
		}
		if rows = append(rows, testRow(r.Line, r.Cells)); len(rows) > MaxTestRows {
			return nil, nil, apperr.Invalid(errTestRows.Field("body.file"))
		}
	}
	if len(rows) == 0 && len(rejected) == 0 {
		return nil, nil, apperr.Invalid(errTestRows.Field("body.file"))
	}
	return rows, rejected, nil
}

// FileErr words, under bad, a file the reader refused: over a limit, a
// header that is not the file's kind (naming the columns), unreadable. The
// module's subpackages (vaccination records) share it.
func FileErr(bad *apperr.Error, err error) error {
	var lim *imports.LimitError
	var he *imports.HeaderError
	switch {
	case errors.As(err, &lim):
		return apperr.Invalid{bad.On("body.file", lim.Error())}
	case errors.As(err, &he):
		return apperr.Invalid{bad.On("body.file", he.Error())}
	case errors.Is(err, imports.ErrBadFile):
		return apperr.Invalid{bad.On("body.file", err.Error())}
	}
	return err
}

// SaveUpload streams the multipart body's file part into dir, within
// maxBytes (imports.SaveUpload: csv or xlsx, told by its bytes), refusing
// under bad; the module's subpackages (vaccination records) share it.
func SaveUpload(req *http.Request, dir string, bad *apperr.Error, maxBytes int64) (*imports.Saved, error) {
	tooBig := apperr.Invalid{bad.On("body.file", fmt.Sprintf("文件超过 %d MB 上限 / the file is larger than %d MB",
		maxBytes>>20, maxBytes>>20))}
	if req == nil {
		return nil, errors.New("epidemic: no request")
	}
	limit := maxBytes + 64<<10
	if req.ContentLength > limit {
		return nil, tooBig
	}
	_, params, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if err != nil || params["boundary"] == "" {
		return nil, apperr.Invalid{apperr.Multipart.On("body", "须以 multipart/form-data 上传 / the body must be multipart/form-data")}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("epidemic: upload folder: %w", err)
	}
	mr := multipart.NewReader(http.MaxBytesReader(nil, req.Body, limit), params["boundary"])
	for {
		part, err := mr.NextPart()
		var mbe *http.MaxBytesError
		switch {
		case errors.Is(err, io.EOF):
			return nil, apperr.Field("body.file", "缺少文件 / no file")
		case errors.As(err, &mbe):
			return nil, tooBig
		case err != nil:
			return nil, apperr.Invalid{apperr.Multipart.On("body", "无法读取上传内容 / cannot read the multipart body")}
		case part.FormName() != "file":
			part.Close()
			continue
		}
		f, err := imports.SaveUpload(part, dir, maxBytes)
		if errors.As(err, &mbe) {
			return nil, tooBig
		}
		if err != nil {
			return nil, err
		}
		return &f, nil
	}
}

func sortRejected(r []RejectedRow) {
	slices.SortFunc(r, func(a, b RejectedRow) int { return a.Row - b.Row })
}

// DescribeTableUpload documents the multipart body huma does not parse of
// the POST at path: a csv or xlsx file within maxBytes and maxRows (test
// results here, vaccination records in epidemic/vaccine).
func DescribeTableUpload(oapi *huma.OpenAPI, path string, maxBytes int64, maxRows int) {
	item := oapi.Paths[path]
	if item == nil || item.Post == nil {
		return
	}
	item.Post.RequestBody = &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{
		"multipart/form-data": {Schema: &huma.Schema{Type: "object", Required: []string{"file"},
			Properties: map[string]*huma.Schema{"file": {Type: "string", Format: "binary",
				Description: fmt.Sprintf("csv (UTF-8 or GB18030/GBK) or xlsx, at most %d MB and %d rows",
					maxBytes>>20, maxRows)}}}},
	}}
	item.Post.Errors = append(item.Post.Errors, http.StatusUnprocessableEntity)
}
