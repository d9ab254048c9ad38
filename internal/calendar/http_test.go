package calendar_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"healthgrid/internal/app/apptest"
)

// Any staff member reads the calendar and previews deadlines; only who holds
// calendar:write replaces a year, and a bad row is named.
func TestCalendarHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		worker := e.Login(t, "grid_worker")
		st, b := worker.Do(http.MethodGet, "/api/v1/calendar?year=2026", nil)
		if st != http.StatusOK || b.Int("year") != 2026 || b.Int("working_days") != 248 || b.Str("days.0.day") != "2026-01-01" ||
			b.Str("days.0.name") != "元旦" || b.Str("work_hours.1.end") != "17:30" {
			t.Fatalf("2026: %d %.300s", st, b)
		}
		if st, b := worker.Do(http.MethodGet, "/api/v1/calendar", nil); st != http.StatusOK || b.Int("year") != 2026 {
			t.Errorf("this year by default (the clock is in 2026): %d %.200s", st, b)
		}
		if st, _ := e.Client(t).Do(http.MethodGet, "/api/v1/calendar", nil); st != http.StatusUnauthorized {
			t.Errorf("anonymous: %d", st)
		}

		preview := func(from, amount, unit string) (int, string) {
			q := url.Values{"from": {from}, "amount": {amount}, "unit": {unit}}
			st, b := worker.Do(http.MethodGet, "/api/v1/calendar/deadline?"+q.Encode(), nil)
			if st != http.StatusOK {
				return st, apptest.Problems(b)
			}
			return st, b.Str("deadline")
		}
		for _, c := range []struct{ from, amount, unit, want string }{
			{"2026-09-30T10:00:00+08:00", "1", "working_days", "2026-10-08T17:30:00+08:00"},
			{"2026-11-20T08:00:00Z", "2", "working_hours", "2026-11-23T09:00:00+08:00"}, // Friday 16:00 in Shanghai
			{"2026-09-30T10:00:00+08:00", "3", "natural_days", "2026-10-03T10:00:00+08:00"},
		} {
			if st, got := preview(c.from, c.amount, c.unit); st != http.StatusOK || got != c.want {
				t.Errorf("deadline %s + %s %s: %d %s, want %s", c.from, c.amount, c.unit, st, got, c.want)
			}
		}
		if st, msg := preview("2026-09-30T10:00:00+08:00", "1", "fortnights"); st != http.StatusUnprocessableEntity || !strings.Contains(msg, "query.unit") {
			t.Errorf("unknown unit: %d %s", st, msg)
		}
		if st, msg := preview("yesterday", "0", "working_days"); st != http.StatusUnprocessableEntity ||
			!strings.Contains(msg, "query.from") || !strings.Contains(msg, "query.amount") {
			t.Errorf("bad from and amount: %d %s", st, msg)
		}

		year := map[string]any{"days": []map[string]string{
			{"day": "2027-01-01", "kind": "holiday", "name": "元旦"},
			{"day": "2027-01-02", "kind": "holiday", "name": "元旦"},
			{"day": "2027-02-20", "kind": "workday", "name": "春节"},
		}}
		if st, _ := e.Login(t, "region_admin").Do(http.MethodPut, "/api/v1/calendar/2027", year); st != http.StatusForbidden {
			t.Errorf("region_admin lacks calendar:write: %d", st)
		}
		admin := e.Login(t, apptest.Admin)
		if st, b := admin.Do(http.MethodPut, "/api/v1/calendar/2027", year); st != http.StatusOK || len(b.Get("days").([]any)) != 3 ||
			b.Int("working_days") != 261 { // 261 weekdays − Friday Jan 1 + Saturday Feb 20
			t.Errorf("put 2027: %d %.300s", st, b)
		}
		if _, got := preview("2026-12-31T10:00:00+08:00", "1", "working_days"); got != "2027-01-04T17:30:00+08:00" {
			t.Errorf("the preview follows the edit at once: %s", got)
		}
		bad := map[string]any{"days": []map[string]string{
			{"day": "2027-01-01", "kind": "holiday", "name": "元旦"},
			{"day": "2027-03-03", "kind": "workday", "name": ""},
			{"day": "2027-13-01", "kind": "holiday", "name": "无"},
		}}
		st, b = admin.Do(http.MethodPut, "/api/v1/calendar/2027", bad)
		if msg := apptest.Problems(b); st != http.StatusUnprocessableEntity || !strings.Contains(msg, "body.days[1].kind: 2027-03-03 是周三") ||
			!strings.Contains(msg, "body.days[2].day") || strings.Contains(msg, "body.days[0]") {
			t.Errorf("bad rows: %d %s", st, msg)
		}
		if st, b := admin.Do(http.MethodPut, "/api/v1/calendar/2027", map[string]any{"days": []map[string]string{
			{"day": "2027-01-01", "kind": "vacation", "name": "x"}}}); st != http.StatusUnprocessableEntity || !strings.Contains(apptest.Problems(b), "body.days[0].kind") {
			t.Errorf("a kind outside the enum: %d %s", st, b)
		}
		if st, _ := admin.Do(http.MethodPut, "/api/v1/calendar/1999", year); st != http.StatusUnprocessableEntity {
			t.Errorf("year 1999: %d", st)
		}
		if st, b := admin.Do(http.MethodGet, "/api/v1/calendar?year=2027", nil); st != http.StatusOK || len(b.Get("days").([]any)) != 3 {
			t.Errorf("a refused put changed nothing: %d %.300s", st, b)
		}
		var audited int
		e.App.DB.QueryRow(t.Context(), "SELECT COUNT(*) FROM audit_log WHERE action = 'calendar.set_year' AND object_id = '2027'").Scan(&audited)
		if audited != 1 {
			t.Errorf("%d audit records for 2027, want 1", audited)
		}
	})
}
