package population_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/population"
)

// workbook is an exported file: the rows above the table, the table
// (header first) and the document properties.
type workbook struct {
	head, table [][]string
	props       *excelize.DocProperties
}

func openWorkbook(t *testing.T, b []byte) workbook {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	cells, err := x.GetRows("居民")
	if err != nil {
		t.Fatal(err)
	}
	props, err := x.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(cells, func(r []string) bool { return len(r) > 1 && r[0] == "姓名" && r[1] == "身份证号" })
	if i < 0 {
		t.Fatalf("no table header in %q", cells)
	}
	return workbook{head: cells[:i], table: cells[i:], props: props}
}

// headValue is the value of the header line labelled key.
func (w workbook) headValue(key string) string {
	for _, r := range w.head {
		if len(r) > 1 && r[0] == key {
			return r[1]
		}
	}
	return ""
}

// The default export is masked, whoever asks; the workbook says who
// exported it, when, over which region and filter, above the table and in
// its properties.
func TestExportMaskedByDefault(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		rows := benchRows(0, 3)
		rows[0].Phone = "13912345678"
		if res, err := e.importBatch(ctx, e.town, population.Insert, rows); err != nil || res.Imported != 3 {
			t.Fatal(res, err)
		}
		revealer := *e.town // may reveal one by one, which does not unmask an export any more
		revealer.Perms = map[string]bool{"resident:reveal": true}
		var buf bytes.Buffer
		f := population.Filter{Q: rows[0].IDNumber, Tag: "hypertension", AgeMin: 60, AgeMax: -1}
		n, err := e.s.Export(ctxAs(&revealer), &revealer, f, population.ExportOptions{}, &buf)
		if err != nil || n != 1 {
			t.Fatalf("export: %d %v", n, err)
		}
		w := openWorkbook(t, buf.Bytes())
		cells := w.table
		if len(cells) != 2 || cells[1][1] != rows[0].IDNumber[:6]+"********"+rows[0].IDNumber[14:] ||
			cells[1][2] != "139****5678" || cells[1][3] != "女" || cells[1][6] != "汉族" || cells[1][12] != "65岁及以上老年人、高血压患者、低保对象" {
			t.Errorf("masked export: %q", cells)
		}
		// 10:00 in Beijing is 02:00 UTC, the test clock
		want := map[string]string{"导出人": "street测试（street）", "导出时间": "2026-11-23 10:00:00（北京时间 Asia/Shanghai）",
			"导出范围": "秀容街道（140902001000）", "导出事由": "—", "行数": "1"}
		for k, v := range want {
			if got := w.headValue(k); got != v {
				t.Errorf("header %s: %q, want %q", k, got, v)
			}
		}
		filter := w.headValue("筛选条件")
		if !strings.Contains(filter, "重点人群：高血压患者") || !strings.Contains(filter, "60岁及以上") ||
			!strings.Contains(filter, rows[0].IDNumber[:6]+"********") || strings.Contains(filter, rows[0].IDNumber) {
			t.Errorf("filter line: %q", filter)
		}
		if !strings.Contains(w.head[0][0], "已脱敏") {
			t.Errorf("title: %q", w.head[0])
		}
		p := w.props
		if p.Creator != "street测试（street）" || p.Created != "2026-11-23T10:00:00+08:00" || !strings.Contains(p.Subject, "秀容街道") ||
			!strings.Contains(p.Subject, "高血压患者") || !strings.Contains(p.Description, "导出时间：2026-11-23 10:00:00") ||
			!strings.Contains(p.Category, "已脱敏") {
			t.Errorf("document properties: %+v", p)
		}
		got := audited(t, e, "resident.export")
		if len(got) != 1 || !strings.Contains(got[0], `"masked":true`) || !strings.Contains(got[0], `"rows":1`) ||
			strings.Contains(got[0], "resident_ids") {
			t.Errorf("export audit: %v", got)
		}
	})
}

// An unmasked export needs its permission and a reason, holds at most the
// configured rows, and its audit record lists the residents in it.
func TestExportUnmasked(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		rows := benchRows(0, 4)
		rows[0].Phone = "13912345678"
		if res, err := e.importBatch(ctx, e.town, population.Insert, rows); err != nil || res.Imported != 4 {
			t.Fatal(res, err)
		}
		s := e.with(population.Settings{UnmaskedExportMaxRows: 3})
		plain := *e.town
		plain.Perms = map[string]bool{"resident:reveal": true, "resident:read": true}
		exporter := *e.town
		exporter.Perms = map[string]bool{"resident:export_unmasked": true}
		export := func(p *access.Principal, f population.Filter, opt population.ExportOptions) (workbook, error) {
			var buf bytes.Buffer
			if _, err := s.Export(ctxAs(p), p, f, opt, &buf); err != nil {
				return workbook{}, err
			}
			return openWorkbook(t, buf.Bytes()), nil
		}
		all := population.Filter{AgeMin: -1, AgeMax: -1}
		if _, err := export(&plain, all, population.ExportOptions{Unmasked: true, Reason: "核查"}); !errors.Is(err, population.ErrUnmaskedExport) ||
			!errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("without the permission: %v", err)
		}
		var inv apperr.Invalid
		if _, err := export(&exporter, all, population.ExportOptions{Unmasked: true, Reason: "  "}); !errors.As(err, &inv) ||
			inv[0].Field != "query.reason" {
			t.Errorf("without a reason: %v", err)
		}
		_, err := export(&exporter, all, population.ExportOptions{Unmasked: true, Reason: "核查"})
		if !errors.Is(err, apperr.ErrInvalid) || errors.As(err, &inv) || !strings.Contains(err.Error(), "最多3行") || !strings.Contains(err.Error(), "匹配4行") {
			t.Errorf("over the cap: %v", err)
		}
		f := population.Filter{GridPath: e.pathOf(t, grid1), AgeMin: -1, AgeMax: -1}
		w, err := export(&exporter, f, population.ExportOptions{Unmasked: true, Reason: "家庭医生签约核对"})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range rows {
			if r.GridCode == grid1 {
				ids = append(ids, r.IDNumber)
			}
		}
		var got []string
		for _, r := range w.table[1:] {
			got = append(got, r[1])
		}
		slices.Sort(ids)
		slices.Sort(got)
		if !slices.Equal(got, ids) || len(ids) != 2 {
			t.Errorf("unmasked rows %q, want %q", got, ids)
		}
		if w.headValue("导出事由") != "家庭医生签约核对" || !strings.Contains(w.head[0][0], "未脱敏") ||
			!strings.Contains(w.headValue("筛选条件"), "东大街社区第一网格（140902001002001）") || !strings.Contains(w.props.Description, "家庭医生签约核对") {
			t.Errorf("header: %q %+v", w.head, w.props)
		}
		audits := audited(t, e, "resident.export")
		if len(audits) != 1 {
			t.Fatalf("only the export that happened is audited: %v", audits)
		}
		items, _, _ := e.s.List(ctxAs(e.town), street, f, 0, 10)
		for _, it := range items {
			if !strings.Contains(audits[0], it.ID) {
				t.Errorf("audit %s does not list %s", audits[0], it.ID)
			}
		}
		if !strings.Contains(audits[0], `"masked":false`) || !strings.Contains(audits[0], `"reason":"家庭医生签约核对"`) || !strings.Contains(audits[0], `"rows":2`) {
			t.Errorf("audit: %s", audits[0])
		}
	})
}

// pathOf is a region's materialized path.
func (e *env) pathOf(t *testing.T, code string) string {
	t.Helper()
	p, err := e.regions.Path(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
