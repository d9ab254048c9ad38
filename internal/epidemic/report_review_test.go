package epidemic_test

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/testkit"
)

func review(t *testing.T, c *testkit.Client, id, decision, reason string) (int, testkit.Body) {
	t.Helper()
	return c.Do("POST", "/api/v1/epidemic/reports/"+id+"/review", map[string]any{"decision": decision, "reason": reason})
}

// TestReportReview: the CDC returns a card with a reason, the unit corrects
// it, the CDC approves the correction; a second card of the person and
// disease is flagged and judged a duplicate, another kept.
func TestReportReview(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		hosp, _ := e.NewReporter(t, apptest.Home)
		other, _ := e.NewReporter(t, apptest.Home)
		cdc := e.Login(t, "epidemic_officer")
		idNumber, _ := e.NewPatient(t, apptest.HomeGrid)
		first := file(t, hosp, apptest.CardBody(idNumber, "R1", e.Clock.Now()))
		id := first.Str("id")
		if st, b := review(t, hosp, id, "approve", ""); st != 403 {
			t.Errorf("the hospital reviews: %d %s, want 403", st, b)
		}
		if st, b := review(t, cdc, id, "return", " "); st != 422 || !strings.Contains(b.String(), "body.reason") {
			t.Errorf("a return without reason: %d %s", st, b)
		}
		if st, b := review(t, cdc, id, "duplicate", ""); st != 422 || !strings.Contains(b.String(), "body.decision") {
			t.Errorf("an unflagged card judged a duplicate: %d %s", st, b)
		}
		st, b := review(t, cdc, id, "return", "发病日期有误")
		if st != 200 || b.Str("status") != "returned" || b.Str("return_reason") != "发病日期有误" || b.Get("review_on_time") != true {
			t.Fatalf("return: %d %s", st, b)
		}
		if st, b := review(t, cdc, id, "approve", ""); st != 409 {
			t.Errorf("approve a returned card: %d %s, want 409", st, b)
		}
		if st, b := hosp.Do("GET", "/api/v1/epidemic/reports/"+id, nil); st != 200 || b.Get("actions.0") != "correct" {
			t.Errorf("the unit may correct it: %d %s", st, b)
		}
		fix := apptest.CardBody(idNumber, "R1", e.Clock.Now())
		fix["report_type"], fix["corrects"], fix["onset_date"] = "correction", id, "2026-11-21"
		if st, b := other.Do("POST", "/api/v1/epidemic/reports", fix); st != 422 || !strings.Contains(b.String(), "body.corrects") {
			t.Errorf("another unit corrects it: %d %s", st, b)
		}
		corr := file(t, hosp, fix)
		if corr.Str("corrects") != id || corr.Str("duplicate_of") != "" || corr.Str("status") != "filed" {
			t.Errorf("the correction: %s", corr)
		}
		if _, b := hosp.Do("GET", "/api/v1/epidemic/reports/"+id, nil); b.Str("status") != "corrected" || b.Str("corrected_by") != corr.Str("id") {
			t.Errorf("the corrected card: %s", b)
		}
		if st, b := review(t, cdc, corr.Str("id"), "approve", ""); st != 200 || b.Str("status") != "reviewed" {
			t.Errorf("approve the correction: %d %s", st, b)
		}
		// 查重: two more cards of the person from another unit
		dup := file(t, other, apptest.CardBody(idNumber, "R2", e.Clock.Now()))
		keep := file(t, other, apptest.CardBody(idNumber, "R3", e.Clock.Now()))
		if dup.Str("duplicate_of") != corr.Str("id") || keep.Str("duplicate_of") != corr.Str("id") {
			t.Fatalf("flagged against the open card: %s %s", dup, keep)
		}
		if _, l := cdc.Do("GET", "/api/v1/epidemic/reports?duplicate=true", nil); l.Int("total") != 2 {
			t.Errorf("the flagged cards: %s", l)
		}
		if st, b := review(t, cdc, dup.Str("id"), "duplicate", ""); st != 200 || b.Str("status") != "duplicate" || b.Str("dup_resolution") != "duplicate" {
			t.Errorf("judged a duplicate: %d %s", st, b)
		}
		if st, b := review(t, cdc, keep.Str("id"), "approve", ""); st != 200 || b.Str("dup_resolution") != "kept" {
			t.Errorf("kept: %d %s", st, b)
		}
		if _, l := cdc.Do("GET", "/api/v1/epidemic/reports?duplicate=true", nil); l.Int("total") != 0 {
			t.Errorf("no flag left open: %s", l)
		}
	})
}

// TestReportScope: a hospital sees its own unit's cards only; the CDC its
// county's; another county's CDC none of them.
func TestReportScope(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		hosp, _ := e.NewReporter(t, apptest.Home)
		other, _ := e.NewReporter(t, apptest.Home)
		idNumber, _ := e.NewPatient(t, apptest.HomeGrid)
		id := file(t, hosp, apptest.CardBody(idNumber, "S1", e.Clock.Now())).Str("id")
		if _, l := hosp.Do("GET", "/api/v1/epidemic/reports", nil); l.Int("total") != 1 || l.Str("items.0.id") != id {
			t.Errorf("the hospital's own: %s", l)
		}
		if _, l := other.Do("GET", "/api/v1/epidemic/reports", nil); l.Int("total") != 0 {
			t.Errorf("another hospital's list: %s", l)
		}
		if st, _ := other.Do("GET", "/api/v1/epidemic/reports/"+id, nil); st != 404 {
			t.Errorf("another hospital's card: %d, want 404", st)
		}
		if _, l := e.Login(t, "epidemic_officer").Do("GET", "/api/v1/epidemic/reports?status=filed&q=S", nil); l.Int("total") != 1 {
			t.Errorf("the CDC's review list: %s", l)
		}
		far := e.Login(t, apptest.OtherAdmin)
		for _, c := range []struct{ method, path string }{{"GET", ""}, {"POST", "/review"}, {"POST", "/reveal"}} {
			if st, b := far.Do(c.method, "/api/v1/epidemic/reports/"+id+c.path, map[string]any{"decision": "approve"}); st != 404 {
				t.Errorf("%s %s from another county: %d %s, want 404", c.method, c.path, st, b)
			}
		}
		if _, l := far.Do("GET", "/api/v1/epidemic/reports", nil); l.Int("total") != 0 {
			t.Errorf("another county's list: %s", l)
		}
	})
}

// TestReportUrgent: a suspected cholera case alerts the county CDC and the
// grid's township at once, by SMS too, and opens an event in the grid.
func TestReportUrgent(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		cdc := e.NewUser(t, apptest.Home, "epidemic_officer")
		town := e.NewUser(t, apptest.HomeTownship, "health_staff")
		otherTown := e.NewUser(t, apptest.OtherTownship, "health_staff")
		hosp, _ := e.NewReporter(t, apptest.Home)
		idNumber, _ := e.NewPatient(t, apptest.HomeGrid)
		body := apptest.CardBody(idNumber, "U1", e.Clock.Now())
		body["disease"], body["classification"] = "A02", "suspected"
		c := file(t, hosp, body)
		if c.Get("urgent") != true || c.Int("report_hours") != 2 || c.Str("event_id") == "" ||
			c.Str("review_due") != e.Clock.Now().Add(2*time.Hour).UTC().Format(time.RFC3339) {
			t.Fatalf("an urgent card: %s", c)
		}
		e.App.Notify.Shutdown(context.Background()) // the SMS go out in the background: wait for them
		for _, u := range []apptest.User{cdc, town} {
			if texts := e.SMS.Texts(u.Phone); !strings.Contains(strings.Join(texts, "\n"), "紧急疫情报告：霍乱") {
				t.Errorf("%s texted: %v", u.Username, texts)
			}
			if _, l := e.Login(t, u.Username).Do("GET", "/api/v1/notifications", nil); !strings.Contains(l.String(), "紧急疫情报告：霍乱") {
				t.Errorf("%s's inbox: %s", u.Username, l)
			}
		}
		if texts := e.SMS.Texts(otherTown.Phone); len(texts) != 0 {
			t.Errorf("another township texted: %v", texts)
		}
		ev := apptest.EventOf(t, e.App, c.Str("event_id"))
		if ev.MatterCode != "CRB-02" || ev.GridCode != apptest.HomeGrid || ev.Priority != "urgent" || strings.Contains(ev.Description, idNumber) {
			t.Errorf("the event: %+v", ev)
		}
		// a measles case alerts no one
		n := len(e.SMS.Texts(cdc.Phone))
		file(t, hosp, apptest.CardBody(apptest.IDNumber(91), "U2", e.Clock.Now()))
		if len(e.SMS.Texts(cdc.Phone)) != n {
			t.Errorf("a 24-hour disease texted the CDC")
		}
	})
}

// TestReportTimeliness: per unit, against hand-computed figures. Filed at
// T: A measles diagnosed T−1h (on time), B measles T−30h (late), C cholera
// T−3h (late: 2 h), D hepatitis B T−2h (on time): 4 cards, 2 on time. The
// CDC approves A at T+1h (within 24 h), C at T+3h (late: 2 h), returns B at
// T+25h (late): 3 reviewed, 1 on time.
func TestReportTimeliness(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		hosp, unit := e.NewReporter(t, apptest.Home)
		cdc := e.Login(t, "epidemic_officer")
		t0 := e.Clock.Now()
		card := func(no, disease string, ago time.Duration, edit func(map[string]any)) string {
			b := apptest.CardBody(apptest.IDNumber(200+len(no)*7+int(no[0])), no, t0)
			b["disease"], b["diagnosed_at"] = disease, t0.Add(-ago).Format(time.RFC3339)
			if edit != nil {
				edit(b)
			}
			return file(t, hosp, b).Str("id")
		}
		a := card("A", "B06", time.Hour, nil)
		b := card("BB", "B06", 30*time.Hour, func(m map[string]any) { m["onset_date"] = "2026-11-19" })
		c := card("CCC", "A02", 3*time.Hour, nil)
		card("DDDD", "B03", 2*time.Hour, func(m map[string]any) { m["subtype"], m["course"] = "b", "chronic" })
		for _, step := range []struct {
			at       time.Duration
			id, verb string
		}{{time.Hour, a, "approve"}, {3 * time.Hour, c, "approve"}, {25 * time.Hour, b, "return"}} {
			e.Clock.Set(t0.Add(step.at))
			cdc = e.Login(t, "epidemic_officer")
			if st, out := review(t, cdc, step.id, step.verb, "请核实"); st != 200 {
				t.Fatalf("%s: %d %s", step.verb, st, out)
			}
		}
		st, l := cdc.Do("GET", "/api/v1/epidemic/reports/timeliness?region="+apptest.Home+"&from=2026-11-23&to=2026-11-23", nil)
		if st != 200 {
			t.Fatalf("timeliness: %d %s", st, l)
		}
		var got struct {
			Items []struct {
				UnitID       string `json:"unit_id"`
				Unit         string
				Cards        int64
				OnTime       int64 `json:"on_time"`
				Reviewed     int64
				ReviewOnTime int64 `json:"review_on_time"`
				Rate         float64
				ReviewRate   float64 `json:"review_rate"`
			} `json:"items"`
		}
		if err := l.Decode(&got); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, u := range got.Items {
			if u.UnitID != unit {
				continue
			}
			found = true
			if u.Cards != 4 || u.OnTime != 2 || u.Rate != 0.5 || u.Reviewed != 3 || u.ReviewOnTime != 1 ||
				math.Abs(u.ReviewRate-1.0/3) > 1e-9 || u.Unit != "忻州市人民医院" {
				t.Errorf("the unit's timeliness: %+v", u)
			}
		}
		if !found {
			t.Errorf("no row for the unit: %s", l)
		}
		if _, l := cdc.Do("GET", "/api/v1/epidemic/reports/timeliness?from=2026-11-24", nil); strings.Contains(l.String(), unit) {
			t.Errorf("a day later: %s", l)
		}
		if st, _ := cdc.Do("GET", "/api/v1/epidemic/reports/timeliness?region="+apptest.Other, nil); st != 404 && st != 422 {
			t.Errorf("another county's timeliness: %d", st)
		}
	})
}
