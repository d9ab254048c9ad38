package event_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"healthgrid/internal/app/apptest"
)

// TestEventOverHTTP walks a case through the API as the people who would
// handle it, and reads its indicators back.
func TestEventOverHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		grid, centre := e.Login(t, "grid_worker"), e.Login(t, "dispatcher")
		lng, lat := apptest.GridPoint(apptest.HomeGrid)
		status, ev := grid.Do("POST", "/api/v1/events", map[string]any{"source": "grid_worker", "matter_code": "CRB-01",
			"title": "幼儿园多名儿童发热", "lng": lng, "lat": lat})
		if status != 201 || !strings.HasPrefix(ev.Str("number"), "SJ") || ev.Str("grid_code") != apptest.HomeGrid ||
			ev.Str("status") != "reported" || ev.Str("priority") != "urgent" || ev.Str("centre_code") != apptest.HomeTownship {
			t.Fatalf("report: %d %s", status, ev)
		}
		if fmt.Sprint(ev.Get("tasks")) != "[]" {
			t.Errorf("a new event's tasks: %v, want an empty list", ev.Get("tasks"))
		}
		id := ev.Str("id")
		status, units := centre.Do("GET", "/api/v1/events/"+id+"/units", nil)
		cdc := e.City.Units["cdc:"+apptest.Home]
		if status != 200 || units.Str("0.id") != cdc || units.Str("0.suggested") != "lead" {
			t.Fatalf("candidates: %d %s", status, units)
		}
		if status, b := centre.Do("POST", "/api/v1/events/"+id+"/actions", map[string]any{"action": "register"}); status != 200 ||
			b.Str("status") != "registered" || !strings.Contains(fmt.Sprint(b.Get("allowed_actions")), "dispatch") {
			t.Fatalf("register: %d %s", status, b)
		}
		if status, b := centre.Do("POST", "/api/v1/events/"+id+"/actions", map[string]any{"action": "register"}); status != 409 ||
			!strings.Contains(b.Str("detail"), "不能立案") {
			t.Errorf("register twice: %d %s", status, b)
		}
		if status, b := centre.Do("POST", "/api/v1/events/"+id+"/actions", map[string]any{"action": "dispatch"}); status != 422 ||
			b.Str("errors.0.location") != "body.lead_unit_id" {
			t.Errorf("dispatch without a lead: %d %s", status, b)
		}
		status, b := centre.Do("POST", "/api/v1/events/"+id+"/actions", map[string]any{"action": "dispatch", "lead_unit_id": cdc})
		if status != 200 || b.Str("tasks.0.unit_id") != cdc || b.Str("tasks.0.role") != "lead" || b.Str("tasks.0.deadline") == "" {
			t.Fatalf("dispatch: %d %s", status, b)
		}
		task := b.Str("tasks.0.id")
		if status, b := e.Login(t, "dept_handler").Do("POST", "/api/v1/events/"+id+"/actions",
			map[string]any{"action": "accept", "task_id": task}); status != 403 {
			t.Errorf("another unit signs for the CDC's task: %d %s", status, b)
		}
		if status, b := centre.Do("GET", "/api/v1/events?status=dispatched&region="+apptest.HomeGrid, nil); status != 200 ||
			b.Int("total") != 1 || b.Str("items.0.id") != id {
			t.Errorf("list: %d %s", status, b)
		}
		if status, b := e.Login(t, "leader").Do("GET", "/api/v1/events/stats?by=matter", nil); status != 200 ||
			b.Int("total.reports") < 2 || b.Get("total.register_rate") == nil {
			t.Errorf("stats: %d %s", status, b)
		}
		status, raw := centre.Do("GET", "/api/v1/events/stats/export?by=region", nil)
		if status != 200 {
			t.Fatalf("export: %d %s", status, raw)
		}
		x, err := excelize.OpenReader(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows("事件指标")
		if len(rows) < 4 || rows[1][1] != "上报数" || rows[len(rows)-1][0] != "合计" {
			t.Errorf("workbook rows: %v", rows)
		}
	})
}
