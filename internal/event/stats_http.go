package event

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/xuri/excelize/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/china"
	"healthgrid/internal/httpx"
)

type statsInput struct {
	Region string `query:"region" doc:"region or grid code (default: the caller's area); rows are its children"`
	By     string `query:"by" enum:"region,unit,matter," doc:"group rows by region (default), unit or matter"`
	From   string `query:"from" pattern:"^(\\d{4}-\\d{2}-\\d{2})?$" doc:"first day reported, China time (default: the 1st of this month)"`
	To     string `query:"to" pattern:"^(\\d{4}-\\d{2}-\\d{2})?$" doc:"last day reported (default: today)"`
}

// statsOf answers a stats request: the period's indicators in the caller's area.
func (s *Service) statsOf(ctx context.Context, in *statsInput) (Stats, error) {
	p := access.From(ctx)
	path := p.RegionPath
	if in.Region != "" {
		var err error
		if path, err = s.regions.Within(ctx, p.RegionPath, in.Region); err != nil {
			return Stats{}, err
		}
	}
	today := s.now().In(china.Zone)
	from := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, china.Zone)
	to := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, china.Zone)
	for _, d := range []struct {
		field, v string
		t        *time.Time
	}{{"from", in.From, &from}, {"to", in.To, &to}} {
		if d.v == "" {
			continue
		}
		t, err := time.ParseInLocation("2006-01-02", d.v, china.Zone)
		if err != nil {
			return Stats{}, errDate.Field("query." + d.field)
		}
		*d.t = t
	}
	if to.Before(from) {
		return Stats{}, errDateOrder.Field("query.to")
	}
	by := in.By
	if by == "" {
		by = "region"
	}
	st, err := s.Stats(ctx, p, path, by, from, to.AddDate(0, 0, 1))
	st.From, st.To = from.Format("2006-01-02"), to.Format("2006-01-02")
	return st, err
}

func (s *Service) statsRoutes(r *httpx.Router, tags []string) {
	httpx.Register(r, huma.Operation{OperationID: "event-stats", Method: http.MethodGet, Path: "/events/stats",
		Summary: "Workflow indicators of a period: 立案率, 按期处置率, 结案率, 返工率, 回退率, 超期率, 报到率, stage times, satisfaction",
		Tags:    tags}, "event:read",
		func(ctx context.Context, in *statsInput) (*httpx.Body[Stats], error) {
			st, err := s.statsOf(ctx, in)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(st)
		})
	httpx.Register(r, huma.Operation{OperationID: "event-stats-export", Method: http.MethodGet, Path: "/events/stats/export",
		Summary: "The same indicators as an xlsx workbook", Tags: tags}, "event:read",
		func(ctx context.Context, in *statsInput) (*huma.StreamResponse, error) {
			st, err := s.statsOf(ctx, in)
			if err != nil {
				return nil, err
			}
			return &huma.StreamResponse{Body: func(hc huma.Context) {
				name := fmt.Sprintf("事件指标-%s至%s.xlsx", st.From, st.To)
				hc.SetHeader("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
				hc.SetHeader("Content-Disposition", fmt.Sprintf(`attachment; filename="event-stats-%s-%s.xlsx"; filename*=UTF-8''%s`,
					st.From, st.To, url.PathEscape(name)))
				if err := writeStats(hc.BodyWriter(), st); err != nil {
					slog.ErrorContext(ctx, "event stats export failed", "err", err, "request_id", access.RequestFrom(ctx).ID)
				}
			}}, nil
		})
}

var byLabel = map[string]string{"region": "区域", "unit": "单位", "matter": "事项"}

// statsHeaders are the workbook's columns after the group's name.
var statsHeaders = []any{"上报数", "案件数", "立案数", "应结案数", "结案数", "按期结案数", "超期数", "立案率", "按期处置率", "结案率",
	"按期结案率", "返工率", "回退率", "超期率", "报到率", "满意度", "样本较少"}

// writeStats writes the indicators as one sheet: a row per group, then the total.
func writeStats(w interface{ Write([]byte) (int, error) }, st Stats) error {
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "事件指标"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	rows := [][]any{{fmt.Sprintf("统计期 %s 至 %s(按上报日期)", st.From, st.To)}, append([]any{byLabel[st.By]}, statsHeaders...)}
	line := func(name string, in Indicators) []any {
		pct := func(r *float64) any {
			if r == nil {
				return "—"
			}
			return fmt.Sprintf("%.1f%%", *r*100)
		}
		sat := any("—")
		if in.Satisfaction != nil {
			sat = fmt.Sprintf("%.2f", *in.Satisfaction)
		}
		small := ""
		if in.SmallSample {
			small = "是"
		}
		return []any{name, in.Reports, in.Cases, in.Registered, in.Due, in.Closed, in.ClosedOnTime, in.Overdue,
			pct(in.RegisterRate), pct(in.HandleOnTimeRate), pct(in.CloseRate), pct(in.CloseOnTimeRate), pct(in.ReworkRate),
			pct(in.ReturnRate), pct(in.OverdueRate), pct(in.ReportInRate), sat, small}
	}
	for _, r := range st.Rows {
		rows = append(rows, line(r.Name, r.Indicators))
	}
	rows = append(rows, line("合计", st.Total))
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow(sheet, cell, &r); err != nil {
			return err
		}
	}
	if err := x.SetColWidth(sheet, "A", "A", 24); err != nil {
		return err
	}
	_, err := x.WriteTo(w)
	return err
}
