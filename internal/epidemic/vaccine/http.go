package vaccine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/epidemic"
	"healthgrid/internal/httpx"
	"healthgrid/internal/imports"
)

// Limits of one batch: a JSON request of MaxRecords, a file of MaxFileRows
// rows and MaxFileBytes (about 70 bytes a row), each one transaction.
const (
	MaxRecords   = 10_000
	MaxFileRows  = 100_000
	MaxFileBytes = 16 << 20
)

var tags = []string{"epidemic"}

// Routes registers the vaccination routes, one a line.
func (s *Service) Routes(r *httpx.Router) {
	httpx.Register(r, huma.Operation{OperationID: "list-vaccines", Method: http.MethodGet, Path: "/epidemic/vaccines",
		Summary: "The vaccines records may name, with their most doses", Tags: tags}, "epidemic:read", s.vaccines)
	httpx.Register(r, huma.Operation{OperationID: "import-vaccinations", Method: http.MethodPost, Path: "/epidemic/vaccinations",
		Summary: fmt.Sprintf("Take in vaccination records (JSON, at most %d): once per person, vaccine and dose; bad rows refused", MaxRecords),
		Tags:    tags, MaxBodyBytes: MaxRecords * 400}, "epidemic:write", s.importJSON)
	httpx.Register(r, huma.Operation{OperationID: "upload-vaccinations", Method: http.MethodPost, Path: "/epidemic/vaccinations/upload",
		Summary: "Take in a csv or xlsx of vaccination records (multipart `file`)", Description: "Columns (Chinese or " +
			"English headers, any order): " + columnsDoc + ". Rows are numbered by their line.", Tags: tags,
		Middlewares: epidemic.WithRequest}, "epidemic:write", s.upload)
	epidemic.DescribeTableUpload(r.API.OpenAPI(), "/api/v1/epidemic/vaccinations/upload", MaxFileBytes, MaxFileRows)
	httpx.Register(r, huma.Operation{OperationID: "vaccination-coverage", Method: http.MethodGet, Path: "/epidemic/vaccinations/coverage",
		Summary: "Coverage of a region and its children by age group and vaccine, over the census", Tags: tags},
		"epidemic:read", s.coverage)
}

type recordsInput struct {
	Body struct {
		Records []VaccinationRecord `json:"records" minItems:"1" maxItems:"10000"`
	}
}

type coverageInput struct {
	Region  string `query:"region" maxLength:"15" doc:"a region code in the caller's scope; the caller's own for none"`
	Vaccine string `query:"vaccine" maxLength:"40" doc:"one vaccine's code; all for none"`
}

// Items is a whole list, unpaged.
type Items[T any] struct {
	Items []T `json:"items"`
}

func (s *Service) vaccines(context.Context, *struct{}) (*httpx.Body[Items[Vaccine]], error) {
	return httpx.Result(Items[Vaccine]{Items: Vaccines}, nil)
}

func (s *Service) importJSON(ctx context.Context, in *recordsInput) (*httpx.Body[VaccinationResult], error) {
	return httpx.Result(s.Import(ctx, access.From(ctx), in.Body.Records, "json"))
}

func (s *Service) coverage(ctx context.Context, in *coverageInput) (*httpx.Body[VaccinationCoverage], error) {
	return httpx.Result(s.Coverage(ctx, access.From(ctx), in.Region, in.Vaccine))
}

// columns are a records file's columns, headers in Chinese or English.
var columns = []imports.Column{
	{Header: "身份证号", Alias: "id_number", Required: true, Also: []string{"证件号码"}},
	{Header: "疫苗", Alias: "vaccine", Required: true, Also: []string{"疫苗名称"}},
	{Header: "剂次", Alias: "dose", Required: true},
	{Header: "接种日期", Alias: "date", Required: true},
	{Header: "接种单位", Alias: "unit", Required: true},
}

var columnsDoc = func() string {
	var parts []string
	for _, c := range columns {
		parts = append(parts, strings.Join(append([]string{c.Header, c.Alias}, c.Also...), "/"))
	}
	return strings.Join(parts, ", ")
}()

// fieldOf is the English name of a column's Chinese header.
func fieldOf(header string) string {
	for _, c := range columns {
		if c.Header == header {
			return c.Alias
		}
	}
	return ""
}

func (s *Service) upload(ctx context.Context, _ *struct{}) (*httpx.Body[VaccinationResult], error) {
	req := epidemic.RequestOf(ctx)
	dir := filepath.Join(s.uploads.DataDir, "epidemic")
	saved, err := epidemic.SaveUpload(req, dir, errFile, MaxFileBytes)
	if saved != nil {
		defer os.Remove(saved.Path)
	}
	if err != nil {
		return nil, err
	}
	records, rejected, err := s.read(*saved, filepath.Join(dir, "tmp"))
	if err != nil {
		return nil, err
	}
	res, err := s.Import(ctx, access.From(ctx), records, "file")
	if err != nil {
		return nil, err
	}
	res.Received += len(rejected)
	res.Rejected = append(rejected, res.Rejected...)
	return httpx.Reply(res)
}

// read reads a saved file's rows with the import's streaming reader; a line
// that cannot be read is refused at once.
func (s *Service) read(f imports.Saved, tmp string) ([]VaccinationRecord, []RefusedRow, error) {
	t, err := imports.OpenTable(f, columns, imports.Limits{MaxRows: MaxFileRows + 20}, tmp)
	if err != nil {
		return nil, nil, epidemic.FileErr(errFile, err)
	}
	defer t.Close()
	var records []VaccinationRecord
	var rejected []RefusedRow
	for {
		tr, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, epidemic.FileErr(errFile, err)
		}
		if tr.Err != nil {
			rejected = append(rejected, RefusedRow{Line: tr.Line, Field: fieldOf(tr.Err.Column), Reason: tr.Err.Reason})
			continue
		}
		c := tr.Cells
		if imports.ExcelNumber(c[0]) {
			rejected = append(rejected, RefusedRow{Line: tr.Line, Field: "id_number",
				Reason: "号码被Excel当成数字保存，末几位已丢失；请把该列设为“文本”格式 / Excel saved the number as a float"})
			continue
		}
		records = append(records, VaccinationRecord{IDNumber: c[0], Vaccine: c[1], Dose: c[2], Date: c[3], Unit: c[4], line: tr.Line})
	}
	if len(records) == 0 && len(rejected) == 0 {
		return nil, nil, apperr.Invalid{errRows.At("body.file")}
	}
	return records, rejected, nil
}
