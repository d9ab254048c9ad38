package epidemic

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/imports"
)

// listColumns are a screening list file's columns, in template order:
// headers in Chinese or English, in any order, as the resident import.
var listColumns = []imports.Column{
	{Header: "姓名", Alias: "name", Required: true},
	{Header: "身份证号", Alias: "id_number"},
	{Header: "手机号", Alias: "phone"},
	{Header: "地址", Alias: "address"},
	{Header: "网格编码", Alias: "grid_code"},
	{Header: "来源地", Alias: "origin"},
	{Header: "备注", Alias: "note"},
}

// listed is a file row's cells as a listed person.
func listed(cells []string) ListedPerson {
	return ListedPerson{Name: cells[0], IDNumber: cells[1], Phone: cells[2], Address: cells[3], GridCode: cells[4],
		Origin: cells[5], Note: cells[6]}
}

// fieldOf is the English name of a column given by its Chinese header.
func fieldOf(header string) string {
	for _, c := range listColumns {
		if c.Header == header {
			return c.Alias
		}
	}
	return ""
}

// uploadDir is where list files wait while they are read.
func (s *Service) uploadDir() string { return filepath.Join(s.uploads.DataDir, "epidemic") }

// CreateFromUpload takes a list from a multipart body: the fields name,
// deadline, disease, category (and region), and the file, streamed to disk
// and read row by row within the import limits.
func (s *Service) CreateFromUpload(ctx context.Context, caller *access.Principal, r *http.Request) (Created, error) {
	maxBytes := s.uploads.MaxBytes
	if r.ContentLength > maxBytes+1<<20 {
		return Created{}, tooBig(maxBytes)
	}
	_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || params["boundary"] == "" {
		return Created{}, apperr.Invalid{apperr.Multipart.On("body", "须以 multipart/form-data 上传 / the body must be multipart/form-data")}
	}
	if err := os.MkdirAll(s.uploadDir(), 0o700); err != nil {
		return Created{}, fmt.Errorf("epidemic: upload folder: %w", err)
	}
	mr := multipart.NewReader(http.MaxBytesReader(nil, r.Body, maxBytes+1<<20), params["boundary"])
	var in ScreeningInput
	var saved *imports.Saved
	defer func() {
		if saved != nil {
			os.Remove(saved.Path)
		}
	}()
	var bad apperr.Invalid
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return Created{}, tooBig(maxBytes)
			}
			return Created{}, apperr.Invalid{apperr.Multipart.On("body", "无法读取上传内容 / cannot read the multipart body")}
		}
		name := part.FormName()
		if name == "file" {
			if saved != nil {
				return Created{}, apperr.Field("body.file", "只能上传一个文件 / one file per list")
			}
			f, err := imports.SaveUpload(part, s.uploadDir(), maxBytes)
			if err != nil {
				return Created{}, err
			}
			saved, in.fileName = &f, part.FileName()
			continue
		}
		v, _ := io.ReadAll(io.LimitReader(part, 1024))
		val := strings.TrimSpace(string(v))
		switch name {
		case "name":
			in.Name = val
		case "disease":
			in.Disease = val
		case "category":
			in.Category = val
		case "region":
			in.Region = val
		case "deadline":
			if in.Deadline, err = time.Parse(time.RFC3339, val); err != nil {
				bad = append(bad, errDeadlineFormat.At("body.deadline"))
			}
		}
	}
	if saved == nil {
		bad = append(bad, apperr.Required.On("body.file", "请上传名单文件 / the list file is required"))
	}
	if len(bad) > 0 {
		return Created{}, bad
	}
	if _, err := s.checkHeader(ctx, caller, &in); err != nil {
		return Created{}, err
	}
	rows, err := s.readList(*saved)
	if err != nil {
		return Created{}, err
	}
	return s.Create(ctx, caller, in, rows)
}

var errDeadlineFormat = apperr.New(apperr.ErrInvalid, "epidemic.deadline_format",
	"期限格式应为 RFC 3339，如 2026-12-08T18:00:00+08:00 / deadline must be RFC 3339")

// errTooBig is a list file over a limit of the import (bytes, rows, a
// cell, what an xlsx unzips to): refused whole, a 422 on body.file saying
// which limit, as the resident import refuses one.
var errTooBig = apperr.New(apperr.ErrInvalid, "epidemic.list_too_large", "名单文件超过上限 / the list file is over a limit")

func tooBig(max int64) error {
	return errTooBig.Withf(apperr.P{"mb": max >> 20}, "文件超过 %d MB 上限 / the file is larger than %d MB", max>>20,
		max>>20).Field("body.file")
}

// maxListRows bounds the rows of one list: a list is taken in one request
// and one transaction (100,000 rows in a few seconds), so a larger one is
// split by the uploader rather than held in memory.
const maxListRows = 200_000

// readList reads a saved list file's rows: a file over an import limit is
// refused whole (413), a header that is not a list's with a 422 naming the
// columns; each row is kept, or refused with its reason.
func (s *Service) readList(f imports.Saved) ([]row, error) {
	t, err := imports.OpenTable(f, listColumns, s.uploads.Limits, filepath.Join(s.uploadDir(), "tmp"))
	if err != nil {
		return nil, listErr(err)
	}
	defer t.Close()
	today := s.now()
	var rows []row
	for {
		tr, err := t.Next()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, listErr(err)
		}
		if len(rows) >= maxListRows {
			return nil, errTooBig.Withf(apperr.P{"rows": maxListRows}, "名单超过 %d 行，请分成多个名单上传 / the list has "+
				"more than %d rows: split it", maxListRows, maxListRows).Field("body.file")
		}
		if tr.Err != nil {
			rows = append(rows, row{line: tr.Line, bad: &Reject{Line: tr.Line, Field: fieldOf(tr.Err.Column), Reason: tr.Err.Reason}})
			continue
		}
		p := listed(tr.Cells)
		if imports.ExcelNumber(p.IDNumber) || imports.ExcelNumber(p.Phone) {
			field := "id_number"
			if !imports.ExcelNumber(p.IDNumber) {
				field = "phone"
			}
			rows = append(rows, row{line: tr.Line, bad: &Reject{Line: tr.Line, Field: field,
				Reason: "号码被Excel当成数字保存，末几位已丢失；请把该列设为“文本”格式 / Excel saved the number as a float"}})
			continue
		}
		rows = append(rows, s.candidate(tr.Line, p, today))
	}
}

// listErr words a file's failure for the API.
func listErr(err error) error {
	var le *imports.LimitError
	var he *imports.HeaderError
	switch {
	case errors.As(err, &le):
		return errTooBig.With(apperr.P{"limit": le.En}, le.Error()).Field("body.file")
	case errors.As(err, &he):
		return apperr.Field("body.file", he.Error())
	case errors.Is(err, imports.ErrBadFile):
		return apperr.Field("body.file", strings.TrimSuffix(err.Error(), ": "+imports.ErrBadFile.Error()))
	}
	return err
}

// linePos is a JSON row's line: its position in persons[], from 1.
func linePos(i int) int { return i + 1 }

// jsonRows checks the persons of a JSON list.
func (s *Service) jsonRows(in *ScreeningInput) []row {
	today := s.now()
	rows := make([]row, len(in.Persons))
	for i, p := range in.Persons {
		rows[i] = s.candidate(linePos(i), p, today)
	}
	return rows
}

// CreateList takes in a JSON list (the API's, the demo seed's, tests').
func (s *Service) CreateList(ctx context.Context, caller *access.Principal, in ScreeningInput) (Created, error) {
	return s.Create(ctx, caller, in, s.jsonRows(&in))
}
