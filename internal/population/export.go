package population

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/danielgtaylor/huma/v2"
	"github.com/xuri/excelize/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// ErrUnmaskedExport is an unmasked export asked for without its permission.
var errExportTooBig = apperr.New(apperr.ErrInvalid, "resident.unmasked_export_too_big", "")

var ErrUnmaskedExport = apperr.New(apperr.ErrForbidden, "resident.unmasked_export_forbidden",
	"resident: 导出未脱敏名单需要 resident:export_unmasked 权限 / an unmasked export needs resident:export_unmasked")

// exportHeaders are the export's columns.
var exportHeaders = []any{"姓名", "身份证号", "手机号", "性别", "出生日期", "年龄", "民族", "网格编码", "网格", "地址",
	"居住类型", "状态", "标签"}

var genderLabel = map[string]string{"male": "男", "female": "女"}

// ExportOptions is how to export, beyond which residents.
type ExportOptions struct {
	Unmasked bool   // ID numbers and phones in full: resident:export_unmasked, a reason, at most the cap
	Reason   string // why; required when unmasked
}

const maxReason = 200

// exportJob is an audited export, ready to be written.
type exportJob struct {
	plan     plan
	unmasked bool
	today    int
	head     exportHead
	rows     []Resident // an unmasked export's rows, read before it is audited
}

// prepareExport plans the export of the residents in the caller's scope
// matching f and audits it with the filter and the row count — before a
// byte is sent, so that an export that cannot be audited does not happen.
// An unmasked export is refused without the permission, without a reason,
// or over the cap; its rows are read first, so that the audit lists them.
func (s *Service) prepareExport(ctx context.Context, caller *access.Principal, f Filter, opt ExportOptions) (exportJob, error) {
	reason := strings.TrimSpace(opt.Reason)
	switch {
	case opt.Unmasked && !caller.Can("resident:export_unmasked"):
		return exportJob{}, ErrUnmaskedExport
	case opt.Unmasked && reason == "":
		return exportJob{}, apperr.Invalid{apperr.Required.On("query.reason", "导出未脱敏名单须填写事由 / a reason is required for an unmasked export")}
	case utf8.RuneCountInString(reason) > maxReason:
		return exportJob{}, apperr.Field("query.reason", fmt.Sprintf("事由过长(最多%d字) / the reason is too long (%d characters at most)", maxReason, maxReason))
	}
	job := exportJob{unmasked: opt.Unmasked, today: ymd(s.now())}
	var err error
	if job.plan, err = s.planList(ctx, caller.RegionPath, f, job.today); err != nil {
		return exportJob{}, err
	}
	n, err := s.count(ctx, job.plan)
	if err != nil {
		return exportJob{}, err
	}
	detail := map[string]any{"filter": map[string]any{"path": f.Path, "grid_path": f.GridPath, "q_given": f.Q != "", "tag": f.Tag,
		"age_min": f.AgeMin, "age_max": f.AgeMax, "residence_type": f.ResidenceType, "status": f.Status}, "masked": !opt.Unmasked}
	if reason != "" {
		detail["reason"] = reason
	}
	if opt.Unmasked {
		if limit := s.set.UnmaskedExportMaxRows; n > limit {
			return exportJob{}, errExportTooBig.Withf(apperr.P{"limit": limit, "count": n},
				"resident: 未脱敏导出每次最多%d行，当前筛选匹配%d行，请缩小筛选范围 / an unmasked export holds at most %d rows; %d match the filter",
				limit, n, limit, n)
		}
		ids := make([]string, 0, n)
		err = s.page(ctx, s.forPage(job.plan, n), 0, s.set.UnmaskedExportMaxRows, func(r *rec, grid string) error {
			v, err := s.view(r, grid, job.today, []string{"id_number", "phone"})
			job.rows, ids = append(job.rows, v), append(ids, v.ID)
			return err
		})
		if err != nil {
			return exportJob{}, err
		}
		n, detail["resident_ids"] = len(ids), ids
	}
	detail["rows"] = n
	job.head = s.exportHead(ctx, caller, f, opt.Unmasked, reason, n)
	err = s.audit.Write(ctx, audit.Record{Action: "resident.export", ObjectType: "resident", Detail: detail})
	return job, err
}

// Export writes the residents in the caller's scope matching f to w as an
// xlsx workbook — ID numbers and phones masked unless opt asks otherwise
// and the caller may — and returns how many rows it wrote. It is audited.
func (s *Service) Export(ctx context.Context, caller *access.Principal, f Filter, opt ExportOptions, w io.Writer) (int, error) {
	job, err := s.prepareExport(ctx, caller, f, opt)
	if err != nil {
		return 0, err
	}
	return s.writeXLSX(ctx, w, job)
}

// writeXLSX streams the job's rows into a workbook, below a header naming
// who exported what; excelize's stream writer keeps memory flat whatever the
// row count.
func (s *Service) writeXLSX(ctx context.Context, w io.Writer, job exportJob) (int, error) {
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "居民"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return 0, err
	}
	if err := x.SetDocProps(job.head.props()); err != nil {
		return 0, err
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return 0, err
	}
	for col, width := range []float64{10, 21, 14, 6, 12, 6, 10, 18, 22, 30, 10, 8, 30} {
		if err := sw.SetColWidth(col+1, col+1, width); err != nil {
			return 0, err
		}
	}
	line := 0
	next := func(cells []any) error {
		line++
		cell, _ := excelize.CoordinatesToCellName(1, line)
		return sw.SetRow(cell, cells)
	}
	for _, r := range append(job.head.lines(), nil, exportHeaders) {
		if err := next(r); err != nil {
			return 0, err
		}
	}
	n := 0
	row := make([]any, len(exportHeaders))
	write := func(v Resident) error {
		labels := make([]string, len(v.Tags))
		for i, t := range v.Tags {
			labels[i] = TagLabel(t)
		}
		row = append(row[:0], v.Name, v.IDNumber, v.Phone, genderLabel[v.Gender], v.BirthDate, v.Age, v.EthnicityName,
			v.GridCode, v.GridName, v.Address, label(ResidenceTypes, v.ResidenceType), label(Statuses, v.Status), strings.Join(labels, "、"))
		n++
		return next(row)
	}
	if job.unmasked {
		for _, v := range job.rows {
			if err = write(v); err != nil {
				break
			}
		}
	} else {
		err = s.page(ctx, job.plan, 0, 0, func(r *rec, grid string) error {
			v, err := s.view(r, grid, job.today, nil)
			if err != nil {
				return err
			}
			return write(v)
		})
	}
	if err != nil {
		return n, err
	}
	if err := sw.Flush(); err != nil {
		return n, err
	}
	return n, x.Write(w)
}

func label(dict []Code, code string) string {
	for _, c := range dict {
		if c.Code == code {
			return c.Label
		}
	}
	return code
}

// exportQuery is the export's query: the list's filters, and how to export.
type exportQuery struct {
	ListQuery
	Unmasked bool   `query:"unmasked" doc:"ID numbers and phones in full: needs resident:export_unmasked and a reason; capped in rows"`
	Reason   string `query:"reason" maxLength:"200" doc:"why the list is exported; required when unmasked, kept in the audit log"`
}

// exportHandler answers GET /residents/export: filters are checked and the
// export audited before the first byte, then the workbook is streamed.
func (s *Service) exportHandler(ctx context.Context, in *exportQuery) (*huma.StreamResponse, error) {
	p := access.From(ctx)
	f, err := s.filter(ctx, p.RegionPath, in.ListQuery)
	if err != nil {
		return nil, err
	}
	job, err := s.prepareExport(ctx, p, f, ExportOptions{Unmasked: in.Unmasked, Reason: in.Reason})
	if err != nil {
		return nil, err
	}
	name := fmt.Sprintf("居民名单-%d.xlsx", job.today)
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		hc.SetHeader("Content-Type", xlsxType)
		hc.SetHeader("Content-Disposition", fmt.Sprintf(`attachment; filename="residents-%d.xlsx"; filename*=UTF-8''%s`,
			job.today, url.PathEscape(name)))
		if _, err := s.writeXLSX(hc.Context(), hc.BodyWriter(), job); err != nil {
			slog.ErrorContext(ctx, "resident export failed mid-stream", "err", err, "request_id", access.RequestFrom(ctx).ID)
		}
	}}, nil
}
