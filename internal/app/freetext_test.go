package app_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/pii"
)

// The numbers typed into free text over HTTP: an ID number with a valid
// check digit, and a mobile.
var (
	httpID    = "14090219771108253" + string(pii.IDCheckDigit("14090219771108253"))
	httpPhone = "15834261907"
)

// storedInClear lists the stored values of tables that hold a typed number
// in the clear.
func storedInClear(t *testing.T, e *apptest.Env, tables ...string) []string {
	t.Helper()
	var out []string
	for _, table := range tables {
		rows, err := e.App.DB.Query(context.Background(), "SELECT * FROM "+table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				s := strings.NewReplacer(" ", "", "-", "").Replace(fmt.Sprint(v))
				if strings.Contains(s, httpID) || strings.Contains(s, httpID[6:14]) || strings.Contains(s, httpPhone) {
					out = append(out, table+"."+cols[i]+": "+fmt.Sprint(v))
				}
			}
		}
		rows.Close()
	}
	return out
}

// TestFreeTextOverHTTP: numbers typed into a report and a comment come back
// masked from every route and are stored neither in the case's rows nor in
// the notifications it sends; the reveal shows them to a role that may, and
// only in scope.
func TestFreeTextOverHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		grid, centre := e.Login(t, "grid_worker"), e.Login(t, "dispatcher")
		desc := "独居老人身份证 " + httpID[:6] + " " + httpID[6:14] + " " + httpID[14:] + "，家属电话 +86 " + httpPhone
		status, ev := grid.Do("POST", "/api/v1/events", map[string]any{"source": "grid_worker", "matter_code": "CRB-01",
			"title": "老人发热 联系" + httpPhone, "description": desc, "grid_code": apptest.HomeGrid})
		if status != 201 {
			t.Fatalf("report: %d %s", status, ev)
		}
		id := ev.Str("id")
		maskedID, maskedPhone := pii.MaskID(httpID), pii.MaskPhone(httpPhone)
		wantDesc := "独居老人身份证 " + maskedID + "，家属电话 " + maskedPhone
		if ev.Str("title") != "老人发热 联系"+maskedPhone || ev.Str("description") != wantDesc || ev.Get("masked") != true {
			t.Errorf("report answers: %s", ev)
		}
		status, b := centre.Do("POST", "/api/v1/events/"+id+"/actions", map[string]any{"action": "reject",
			"comment": "已电话核实 " + httpPhone})
		if status != 200 || b.Str("timeline.1.comment") != "已电话核实 "+maskedPhone {
			t.Errorf("reject: %d %s", status, b)
		}
		status, list := e.Login(t, "leader").Do("GET", "/api/v1/events?region="+apptest.HomeGrid, nil)
		if status != 200 || list.Str("items.0.id") != id || list.Str("items.0.description") != wantDesc {
			t.Errorf("list: %d %s", status, list)
		}
		status, notes := grid.Do("GET", "/api/v1/notifications", nil)
		if status != 200 || !strings.Contains(notes.String(), "已电话核实 "+maskedPhone) {
			t.Errorf("the reporter hears of the rejection, its comment masked: %d %s", status, notes)
		}
		if leaks := storedInClear(t, e, "events", "event_tasks", "event_timeline", "notifications", "audit_log"); len(leaks) > 0 {
			t.Errorf("stored in the clear:\n%s", strings.Join(leaks, "\n"))
		}

		status, full := centre.Do("POST", "/api/v1/events/"+id+"/reveal", nil)
		if status != 200 || full.Str("description") != desc ||
			full.Str("title") != "老人发热 联系"+httpPhone || full.Str("timeline.1.comment") != "已电话核实 "+httpPhone {
			t.Errorf("reveal: %d %s", status, full)
		}
		if status, b := e.Login(t, "leader").Do("POST", "/api/v1/events/"+id+"/reveal", nil); status != http.StatusForbidden {
			t.Errorf("a leader reveals: %d %s", status, b)
		}
		if status, b := e.Login(t, apptest.OtherAdmin).Do("POST", "/api/v1/events/"+id+"/reveal", nil); status != http.StatusNotFound {
			t.Errorf("another county's admin reveals: %d %s", status, b)
		}
		status, audit := e.Login(t, apptest.Admin).Do("GET", "/api/v1/audit?action=event.reveal", nil)
		if status != 200 || !strings.Contains(audit.String(), `"outcome":"success"`) || !strings.Contains(audit.String(), `"outcome":"failure"`) {
			t.Errorf("the reveals in the audit log: %d %s", status, audit)
		}

		status, a := apptest.UploadFile(t, grid, "身份证"+httpID+".png", apptest.PNG)
		if status != 201 || a.Str("name") != "身份证"+maskedID+".png" {
			t.Errorf("a file name with an ID number: %d %s", status, a)
		}
	})
}

// TestFreeTextBackfillAtStart: rows written before free text was scanned,
// with numbers in the clear, are sealed or masked when the app next starts.
func TestFreeTextBackfillAtStart(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		id := e.City.Events[apptest.HomeGrid]
		status, a := apptest.UploadFile(t, e.Login(t, "grid_worker"), "现场.png", apptest.PNG)
		if status != 201 {
			t.Fatalf("upload: %d %s", status, a)
		}
		d := e.App.DB
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{"UPDATE events SET description = ? WHERE id = ?", []any{"回电 " + httpPhone, id}},
			{"UPDATE event_timeline SET comment = ? WHERE event_id = ?", []any{"身份证 " + httpID, id}},
			{"UPDATE notifications SET body = ?", []any{"回电 " + httpPhone}},
			{"UPDATE attachments SET name = ?", []any{httpID + ".png"}},
			{"INSERT INTO backfills (name) VALUES ('event_text'), ('notification_text'), ('attachment_names')", nil},
		} {
			if _, err := d.Exec(ctx, q.sql, q.args...); err != nil {
				t.Fatal(err)
			}
		}
		e.Peer(t).App.Close() // a start, on the same database
		if leaks := storedInClear(t, e, "events", "event_timeline", "notifications", "attachments"); len(leaks) > 0 {
			t.Errorf("stored in the clear after a start:\n%s", strings.Join(leaks, "\n"))
		}
		var left int
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM backfills").Scan(&left); err != nil || left != 0 {
			t.Errorf("backfills left: %d, %v", left, err)
		}
		status, full := e.Login(t, "dispatcher").Do("POST", "/api/v1/events/"+id+"/reveal", nil)
		if status != 200 || full.Str("description") != "回电 "+httpPhone || full.Str("timeline.0.comment") != "身份证 "+httpID {
			t.Errorf("reveal after the backfill: %d %s", status, full)
		}
	})
}
