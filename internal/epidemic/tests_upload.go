package epidemic

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
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

// testColumns are a results file's columns: each field's headers, Chinese
// or English.
var testColumns = []struct {
	field    string
	headers  []string
	required bool
}{
	{"id_number", []string{"身份证号", "证件号码", "id_number"}, true},
	{"name", []string{"姓名", "name"}, true},
	{"sampled_at", []string{"采样时间", "sampled_at"}, true},
	{"kind", []string{"检测类型", "kind"}, true},
	{"pathogen", []string{"病原体", "检测项目", "pathogen"}, true},
	{"result", []string{"检测结果", "结果", "result"}, true},
	{"institution", []string{"检测机构", "institution"}, true},
	{"disease", []string{"病种", "disease"}, false},
}

var testColumnsDoc = func() string {
	var parts []string
	for _, c := range testColumns {
		p := strings.Join(c.headers, "/")
		if !c.required {
			p += " (optional)"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ", ")
}()

// field is the row's field named f, for a file's cells; nil for none.
func (r *TestRow) field(f string) *string {
	return map[string]*string{"id_number": &r.IDNumber, "name": &r.Name, "sampled_at": &r.SampledAt, "kind": &r.Kind,
		"pathogen": &r.Pathogen, "result": &r.Result, "institution": &r.Institution, "disease": &r.Disease}[f]
}

// readTestUpload reads the multipart body's file into rows, each knowing
// its line; lines that are not csv are rejected at once.
func (s *Service) readTestUpload(req *http.Request) ([]TestRow, []RejectedRow, error) {
	f, size, err := saveUpload(req)
	if f != nil {
		defer os.Remove(f.Name())
		defer f.Close()
	}
	if err != nil {
		return nil, nil, err
	}
	var rows []TestRow
	var rejected []RejectedRow
	var cols []string // the field of each column; nil before the header
	err = imports.ReadRows(f, size, imports.Limits{MaxRows: MaxTestRows + 20}, os.TempDir(),
		func(line int, cells []string, bad string) error {
			switch {
			case bad != "":
				rejected = append(rejected, RejectedRow{Row: line, Reason: "该行不是有效的CSV / not a valid csv line: " + bad})
			case blank(cells):
			case cols == nil:
				c, err := header(cells)
				if err != nil {
					return err
				}
				cols = c
			default:
				r := TestRow{line: line}
				for i, c := range cells[:min(len(cells), len(cols))] {
					if f := r.field(cols[i]); f != nil {
						*f = strings.TrimSpace(c)
					}
				}
				if rows = append(rows, r); len(rows) > MaxTestRows {
					return apperr.Invalid(errTestRows.Field("body.file"))
				}
			}
			return nil
		})
	var lim *imports.LimitError
	switch {
	case errors.As(err, &lim):
		return nil, nil, apperr.Invalid{errTestFile.On("body.file", lim.Error())}
	case errors.Is(err, imports.ErrBadFile):
		return nil, nil, apperr.Invalid{errTestFile.On("body.file", err.Error())}
	case err != nil:
		return nil, nil, err
	case cols == nil:
		return nil, nil, apperr.Invalid{errTestFile.On("body.file", "文件为空 / the file has no header")}
	case len(rows) == 0 && len(rejected) == 0:
		return nil, nil, apperr.Invalid(errTestRows.Field("body.file"))
	}
	return rows, rejected, nil
}

// header maps a header row's cells to fields, or refuses the file naming
// the columns it lacks.
func header(cells []string) ([]string, error) {
	cols := make([]string, len(cells))
	for i, c := range cells {
		c = strings.TrimSpace(c)
		for _, tc := range testColumns {
			if slices.ContainsFunc(tc.headers, func(h string) bool { return strings.EqualFold(h, c) }) {
				cols[i] = tc.field
			}
		}
	}
	var missing []string
	for _, tc := range testColumns {
		if tc.required && !slices.Contains(cols, tc.field) {
			missing = append(missing, tc.headers[0]+"/"+tc.field)
		}
	}
	if len(missing) > 0 {
		return nil, apperr.Invalid{errTestFile.On("body.file", "缺少列 / missing columns: "+strings.Join(missing, ", "))}
	}
	return cols, nil
}

func blank(cells []string) bool {
	return !slices.ContainsFunc(cells, func(c string) bool { return strings.TrimSpace(c) != "" })
}

// saveUpload streams the multipart body's file part to a temporary file,
// within MaxTestBytes.
func saveUpload(req *http.Request) (*os.File, int64, error) {
	tooBig := apperr.Invalid{errTestFile.On("body.file", fmt.Sprintf("文件超过 %d MB 上限 / the file is larger than %d MB",
		MaxTestBytes>>20, MaxTestBytes>>20))}
	if req == nil {
		return nil, 0, errors.New("epidemic: no request")
	}
	limit := int64(MaxTestBytes + 64<<10)
	if req.ContentLength > limit {
		return nil, 0, tooBig
	}
	_, params, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if err != nil || params["boundary"] == "" {
		return nil, 0, apperr.Invalid{apperr.Multipart.On("body", "须以 multipart/form-data 上传 / the body must be multipart/form-data")}
	}
	mr := multipart.NewReader(http.MaxBytesReader(nil, req.Body, limit), params["boundary"])
	for {
		part, err := mr.NextPart()
		var mbe *http.MaxBytesError
		switch {
		case errors.Is(err, io.EOF):
			return nil, 0, apperr.Field("body.file", "缺少文件 / no file")
		case errors.As(err, &mbe):
			return nil, 0, tooBig
		case err != nil:
			return nil, 0, apperr.Invalid{apperr.Multipart.On("body", "无法读取上传内容 / cannot read the multipart body")}
		case part.FormName() != "file":
			part.Close()
			continue
		}
		f, err := os.CreateTemp("", "epi-tests-*")
		if err != nil {
			return nil, 0, err
		}
		n, err := io.Copy(f, io.LimitReader(part, MaxTestBytes+1))
		switch {
		case errors.As(err, &mbe) || n > MaxTestBytes:
			return f, 0, tooBig
		case err != nil:
			return f, 0, apperr.Invalid{apperr.Multipart.On("body", "无法读取上传内容 / cannot read the multipart body")}
		}
		return f, n, nil
	}
}

func sortRejected(r []RejectedRow) {
	slices.SortFunc(r, func(a, b RejectedRow) int { return a.Row - b.Row })
}

// describeTestUpload documents the multipart body huma does not parse.
func describeTestUpload(oapi *huma.OpenAPI) {
	item := oapi.Paths["/api/v1/epidemic/tests/upload"]
	if item == nil || item.Post == nil {
		return
	}
	item.Post.RequestBody = &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{
		"multipart/form-data": {Schema: &huma.Schema{Type: "object", Required: []string{"file"},
			Properties: map[string]*huma.Schema{"file": {Type: "string", Format: "binary",
				Description: fmt.Sprintf("csv (UTF-8 or GB18030/GBK) or xlsx, at most %d MB and %d rows",
					MaxTestBytes>>20, MaxTestRows)}}}},
	}}
	item.Post.Errors = append(item.Post.Errors, http.StatusUnprocessableEntity)
}
