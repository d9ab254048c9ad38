package population

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/xuri/excelize/v2"

	"healthgrid/internal/audit"
	"healthgrid/internal/httpx"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// exportHeaders are the export's columns.
var exportHeaders = []any{"姓名", "身份证号", "手机号", "性别", "出生日期", "年龄", "民族", "网格编码", "网格", "地址",
	"居住类型", "状态", "标签"}

var genderLabel = map[string]string{"male": "男", "female": "女"}

// exportJob is an audited export, ready to be written.
type exportJob struct {
	plan   plan
	reveal bool
	today  int
}

// prepareExport plans the export of the residents in the caller's scope
// matching f and audits it with the filter and the row count — before a
// byte is sent, so that an export that cannot be audited does not happen.
func (s *Service) prepareExport(ctx context.Context, caller *httpx.Principal, f Filter) (exportJob, int, error) {
	today := ymd(s.now())
	p, err := s.planList(ctx, caller.RegionPath, f, today)
	if err != nil {
		return exportJob{}, 0, err
	}
	n, err := s.count(ctx, p)
	if err != nil {
		return exportJob{}, 0, err
	}
	reveal := caller.Can("resident:reveal")
	err = s.audit.Write(ctx, audit.Record{Action: "resident.export", ObjectType: "resident", Detail: map[string]any{
		"filter": map[string]any{"path": f.Path, "grid_path": f.GridPath, "q_given": f.Q != "", "tag": f.Tag, "age_min": f.AgeMin,
			"age_max": f.AgeMax, "residence_type": f.ResidenceType, "status": f.Status},
		"rows": n, "masked": !reveal}})
	return exportJob{plan: p, reveal: reveal, today: today}, n, err
}

// Export writes the residents in the caller's scope matching f to w as an
// xlsx workbook, ID numbers and phones masked unless the caller holds
// resident:reveal, and returns how many rows it wrote. It is audited.
func (s *Service) Export(ctx context.Context, caller *httpx.Principal, f Filter, w io.Writer) (int, error) {
	job, _, err := s.prepareExport(ctx, caller, f)
	if err != nil {
		return 0, err
	}
	return s.writeXLSX(ctx, w, job)
}

// writeXLSX streams the job's rows into a workbook; excelize's stream writer
// keeps memory flat whatever the row count.
func (s *Service) writeXLSX(ctx context.Context, w io.Writer, job exportJob) (int, error) {
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "居民"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
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
	if err := sw.SetRow("A1", exportHeaders); err != nil {
		return 0, err
	}
	reveal := []string(nil)
	if job.reveal {
		reveal = []string{"id_number", "phone"}
	}
	n := 0
	row := make([]any, len(exportHeaders))
	err = s.page(ctx, job.plan, 0, 0, func(r *rec, grid string) error {
		v, err := s.view(r, grid, job.today, reveal)
		if err != nil {
			return err
		}
		labels := make([]string, len(v.Tags))
		for i, t := range v.Tags {
			labels[i] = TagLabel(t)
		}
		row = append(row[:0], v.Name, v.IDNumber, v.Phone, genderLabel[v.Gender], v.BirthDate, v.Age, v.EthnicityName,
			v.GridCode, v.GridName, v.Address, label(ResidenceTypes, v.ResidenceType), label(Statuses, v.Status), strings.Join(labels, "、"))
		n++
		cell, _ := excelize.CoordinatesToCellName(1, n+1)
		return sw.SetRow(cell, row)
	})
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

// exportHandler answers GET /residents/export: filters are checked and the
// export audited before the first byte, then the workbook is streamed.
func (s *Service) exportHandler(ctx context.Context, in *ListQuery) (*huma.StreamResponse, error) {
	p := httpx.PrincipalFrom(ctx)
	f, err := s.filter(ctx, p.RegionPath, *in)
	if err != nil {
		return nil, err
	}
	job, _, err := s.prepareExport(ctx, p, f)
	if err != nil {
		return nil, err
	}
	name := fmt.Sprintf("居民名单-%d.xlsx", job.today)
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		hc.SetHeader("Content-Type", xlsxType)
		hc.SetHeader("Content-Disposition", fmt.Sprintf(`attachment; filename="residents-%d.xlsx"; filename*=UTF-8''%s`,
			job.today, url.PathEscape(name)))
		if _, err := s.writeXLSX(hc.Context(), hc.BodyWriter(), job); err != nil {
			slog.ErrorContext(ctx, "resident export failed mid-stream", "err", err, "request_id", httpx.RequestFrom(ctx).ID)
		}
	}}, nil
}
