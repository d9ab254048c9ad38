package warning_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/apperr"
	"healthgrid/internal/china"
	"healthgrid/internal/epidemic/warning"
	"healthgrid/internal/quota"
	"healthgrid/internal/testkit"
)

func file(t *testing.T, c *testkit.Client, body map[string]any) string {
	t.Helper()
	st, b := c.Do("POST", "/api/v1/epidemic/reports", body)
	if st != 201 {
		t.Fatalf("file %v: %d %s", body["card_no"], st, b)
	}
	return b.Str("id")
}

// count is the report cards' count of disease at region on day.
func count(t *testing.T, e *apptest.Env, region, disease, source, day string) int64 {
	t.Helper()
	var n int64
	if err := e.App.DB.QueryRow(context.Background(), `SELECT COALESCE(SUM(n), 0) FROM epi_warning_counts WHERE region_path = ?
		AND disease_code = ? AND source = ? AND day = ?`, e.City.Path(region), disease, source, day).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func dayOf(t time.Time) string { return t.In(china.Zone).Format(time.DateOnly) }

// TestCardCounts: the daily counts follow the cards — a case counts on its
// diagnosis day (Beijing) at every level of its placement, a carrier does
// not, a returned card stops counting, its correction counts on its own
// day, a card judged a duplicate stops counting.
func TestCardCounts(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		hosp, _ := e.NewReporter(t, apptest.Home)
		cdc := e.Login(t, "epidemic_officer")
		now := e.Clock.Now()
		d := dayOf(now.Add(-time.Hour))
		at := func(region, day string) int64 { return count(t, e, region, "B06", "report", day) }
		p1, _ := e.NewPatient(t, apptest.HomeGrid)
		first := file(t, hosp, apptest.CardBody(p1, "W1", now))
		if at(apptest.HomeTownship, d) != 1 || at(apptest.HomeGrid, d) != 1 || at(apptest.Home, d) != 1 {
			t.Fatalf("one case: %d %d %d", at(apptest.HomeTownship, d), at(apptest.HomeGrid, d), at(apptest.Home, d))
		}
		p2, _ := e.NewPatient(t, apptest.HomeGrid)
		carrier := apptest.CardBody(p2, "W2", now)
		carrier["classification"] = "carrier"
		delete(carrier, "onset_date")
		file(t, hosp, carrier)
		if at(apptest.HomeTownship, d) != 1 {
			t.Errorf("a carrier counted: %d", at(apptest.HomeTownship, d))
		}
		if st, b := cdc.Do("POST", "/api/v1/epidemic/reports/"+first+"/review", map[string]any{"decision": "return",
			"reason": "诊断日期有误"}); st != 200 {
			t.Fatalf("return: %d %s", st, b)
		}
		if at(apptest.HomeTownship, d) != 0 {
			t.Errorf("a returned card counts: %d", at(apptest.HomeTownship, d))
		}
		fix := apptest.CardBody(p1, "W1", now)
		earlier := now.Add(-50 * time.Hour)
		fix["report_type"], fix["corrects"], fix["diagnosed_at"] = "correction", first, earlier.Format(time.RFC3339)
		fix["onset_date"] = dayOf(earlier.Add(-24 * time.Hour))
		file(t, hosp, fix)
		if at(apptest.HomeTownship, d) != 0 || at(apptest.HomeTownship, dayOf(earlier)) != 1 {
			t.Errorf("the correction: %d on %s, %d on %s", at(apptest.HomeTownship, d), d,
				at(apptest.HomeTownship, dayOf(earlier)), dayOf(earlier))
		}
		p3, _ := e.NewPatient(t, apptest.HomeGrid)
		file(t, hosp, apptest.CardBody(p3, "W3", now))
		dup := file(t, hosp, apptest.CardBody(p3, "W4", now))
		if at(apptest.HomeTownship, d) != 2 {
			t.Fatalf("two cards of one person before 查重: %d", at(apptest.HomeTownship, d))
		}
		if st, b := cdc.Do("POST", "/api/v1/epidemic/reports/"+dup+"/review", map[string]any{"decision": "duplicate"}); st != 200 {
			t.Fatalf("duplicate: %d %s", st, b)
		}
		if at(apptest.HomeTownship, d) != 1 || at(apptest.Home, d) != 1 {
			t.Errorf("after the duplicate: %d", at(apptest.HomeTownship, d))
		}
		recount(t, e)
	})
}

// recount holds the report cards' counts to a count of the cards from
// scratch: each filed or reviewed case (not a carrier), at every level of
// its placement, on its diagnosis day in Beijing.
func recount(t *testing.T, e *apptest.Env) {
	t.Helper()
	ctx := context.Background()
	want := map[string]int64{}
	rows, err := e.App.DB.Query(ctx, `SELECT region_path, disease_code, diagnosed_at FROM epi_reports
		WHERE status IN ('filed', 'reviewed') AND classification <> 'carrier'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var path, disease string
		var diag time.Time
		if err := rows.Scan(&path, &disease, &diag); err != nil {
			t.Fatal(err)
		}
		for i := range len(path) {
			if path[i] == '/' {
				want[path[:i+1]+" "+disease+" "+dayOf(diag)]++
			}
		}
	}
	rows.Close()
	got := map[string]int64{}
	rows, err = e.App.DB.Query(ctx, "SELECT region_path, disease_code, day, n FROM epi_warning_counts WHERE source = 'report' AND n <> 0")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var path, disease, day string
		var n int64
		if err := rows.Scan(&path, &disease, &day, &n); err != nil {
			t.Fatal(err)
		}
		got[path+" "+disease+" "+day] = n
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the counts:\n%v\nrecounted:\n%v", got, want)
	}
}

// TestPostCounts: a source's counts are checked item by item — each bad
// one named, nothing written — and a key posted again replaces its count.
func TestPostCounts(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := e.Login(t, "epidemic_officer")
		today := dayOf(e.Clock.Now())
		post := func(items ...map[string]any) (int, testkit.Body) {
			return c.Do("POST", "/api/v1/epidemic/counts", map[string]any{"source": "fever_clinic", "items": items})
		}
		item := func(region, date, disease string, n int) map[string]any {
			return map[string]any{"region": region, "date": date, "disease": disease, "count": n}
		}
		st, b := post(item(apptest.HomeTownship, today, "fever", 4), item("140902999000", today, "fever", 1),
			item(apptest.OtherTownship, today, "fever", 1), item(apptest.HomeGrid, dayOf(e.Clock.Now().Add(48*time.Hour)), "fever", 1),
			item(apptest.HomeGrid, today, "Z99", 1), item(apptest.HomeTownship, today, "fever", 5),
			item(apptest.HomeGrid, "2026-02-30", "ili", 1))
		want := []string{"items[1].region", "items[2].region", "items[3].date", "items[4].disease", "items[5].region", "items[6].date"}
		if st != 422 {
			t.Fatalf("bad items: %d %s", st, b)
		}
		for _, w := range want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("%s not named: %s", w, b)
			}
		}
		if strings.Contains(b.String(), "items[0]") {
			t.Errorf("a good item named: %s", b)
		}
		if count(t, e, apptest.HomeTownship, "fever", "fever_clinic", today) != 0 {
			t.Fatal("a refused post wrote")
		}
		for _, bad := range []map[string]any{item(apptest.HomeGrid, today, "fever", -1), item(apptest.HomeGrid, today,
			strings.Repeat("x", 1<<20), 1), item("", today, "fever", 1)} {
			// a megabyte is refused whole by the body limit (413)
			if st, b := post(bad); st != 422 && st != 413 {
				t.Errorf("%v: %d %.200s", bad["count"], st, b)
			}
		}
		many := make([]map[string]any, 1001)
		for i := range many {
			many[i] = item(apptest.HomeGrid, today, fmt.Sprint("fever", i), 1)
		}
		if st, b := post(many...); st != 422 || !strings.Contains(b.String(), "body.items") {
			t.Errorf("1001 items: %d %.300s", st, b)
		}
		for i, n := range []int{4, 4, 2} {
			st, b := post(item(apptest.HomeGrid, today, "fever", n), item(apptest.HomeTownship, today, "fever", 1))
			if st != 200 || b.Int("posted") != 2 {
				t.Fatalf("post %d: %d %s", i, st, b)
			}
			if i == 1 && b.Int("changed") != 0 {
				t.Errorf("the same post again changed %d", b.Int("changed"))
			}
		}
		// the grid's 2 (its latest) and the township's own 1
		if n := count(t, e, apptest.HomeTownship, "fever", "fever_clinic", today); n != 3 {
			t.Errorf("the township's count: %d, want 3", n)
		}
		if n := count(t, e, apptest.HomeGrid, "fever", "fever_clinic", today); n != 2 {
			t.Errorf("the grid's count: %d, want 2", n)
		}
		hosp, _ := e.NewReporter(t, apptest.Home)
		if st, b := hosp.Do("POST", "/api/v1/epidemic/counts", map[string]any{"source": "pharmacy",
			"items": []any{item(apptest.HomeGrid, today, "cold_medicine", 30)}}); st != 200 {
			t.Errorf("a hospital's account posts: %d %s", st, b)
		}
	})
}

// TestWarningMethods: the city's admin configures a method and the
// settings, audited; a county's CDC is refused (403); a bad threshold is
// named.
func TestWarningMethods(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin, cdc := e.Login(t, apptest.Admin), e.Login(t, "epidemic_officer")
		m := map[string]any{"disease": "C02", "level": "grid", "method": "fixed", "source": "report", "enabled": true,
			"threshold": 3, "min_sigma": 0}
		if st, b := cdc.Do("PUT", "/api/v1/epidemic/warning/methods", m); st != 403 {
			t.Errorf("a county configures: %d %s", st, b)
		}
		for field, v := range map[string]any{"threshold": 2.5, "disease": "NOPE", "min_sigma": -1} {
			bad := map[string]any{}
			for k, x := range m {
				bad[k] = x
			}
			bad[field] = v
			if st, b := admin.Do("PUT", "/api/v1/epidemic/warning/methods", bad); st != 422 || !strings.Contains(b.String(), "body."+field) {
				t.Errorf("%s %v: %d %s", field, v, st, b)
			}
		}
		if st, b := admin.Do("PUT", "/api/v1/epidemic/warning/methods", m); st != 200 || b.Get("default") != false {
			t.Fatalf("configure: %d %s", st, b)
		}
		off := map[string]any{"disease": "C02", "level": "county", "method": "C3", "source": "report", "enabled": false,
			"threshold": 2, "min_sigma": 0.5}
		if st, b := admin.Do("PUT", "/api/v1/epidemic/warning/methods", off); st != 200 {
			t.Fatalf("disable: %d %s", st, b)
		}
		st, b := cdc.Do("GET", "/api/v1/epidemic/warning/methods?disease=C02", nil)
		var cfg struct {
			Items []struct {
				Level, Method string
				Enabled       bool
				Default       bool
				Threshold     float64
			}
			Settings struct {
				SuppressDays int `json:"suppress_days"`
			}
		}
		if err := b.Decode(&cfg); st != 200 || err != nil {
			t.Fatalf("methods: %d %s", st, b)
		}
		got := map[string]string{}
		for _, it := range cfg.Items {
			got[it.Level+"/"+it.Method] = fmt.Sprint(it.Enabled, it.Default, it.Threshold)
		}
		want := map[string]string{"township/C1": "true true 3", "township/C2": "true true 3", "township/C3": "true true 2",
			"county/C1": "true true 3", "county/C2": "true true 3", "county/C3": "false false 2", "grid/fixed": "true false 3"}
		if fmt.Sprint(got) != fmt.Sprint(want) || cfg.Settings.SuppressDays != 7 {
			t.Errorf("methods of C02: %v, settings %+v", got, cfg.Settings)
		}
		if st, b := admin.Do("PUT", "/api/v1/epidemic/warning/settings", map[string]any{"suppress_days": 0, "confirm_event": true}); st != 422 {
			t.Errorf("suppress 0 days: %d %s", st, b)
		}
		if st, b := admin.Do("PUT", "/api/v1/epidemic/warning/settings", map[string]any{"suppress_days": 3, "confirm_event": false}); st != 200 {
			t.Errorf("settings: %d %s", st, b)
		}
		if _, b := cdc.Do("GET", "/api/v1/epidemic/warning/methods?disease=A02", nil); b.Get("settings.suppress_days") != 3.0 ||
			b.Str("items.0.method") != "fixed" || b.Get("items.0.threshold") != 1.0 {
			t.Errorf("A02 and the settings: %s", b)
		}
	})
}

// TestPostsPerHour: an account's posts of counts are limited per hour, a
// refused post writes nothing, and the next hour posts again.
func TestPostsPerHour(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		a := e.App
		w := warning.New(warning.Deps{DB: a.DB, Audit: a.Audit, Regions: a.Regions, Diseases: a.Epidemic, Alerts: a.Notify,
			Now: e.Clock.Now, Posts: quota.Limit{Counter: quota.New(a.DB, e.Clock.Now), Kind: quota.Counts, Per: 2,
				Message: quota.TooManyTries}})
		ctx, sys := context.Background(), e.System(t)
		post := func(n int64) error {
			_, err := w.PostCounts(ctx, sys, warning.CountsInput{Source: "pharmacy", Items: []warning.CountItem{
				{Region: apptest.HomeGrid, Date: dayOf(e.Clock.Now()), Disease: "cold_medicine", Count: n}}})
			return err
		}
		for i := range 2 {
			if err := post(int64(10 + i)); err != nil {
				t.Fatal(err)
			}
		}
		if err := post(99); !errors.Is(err, apperr.ErrTooMany) {
			t.Fatalf("the third post in an hour: %v", err)
		}
		if n := count(t, e, apptest.HomeGrid, "cold_medicine", "pharmacy", dayOf(e.Clock.Now())); n != 11 {
			t.Errorf("after the refusal: %d, want 11", n)
		}
		e.Clock.Advance(61 * time.Minute)
		if err := post(12); err != nil {
			t.Errorf("the next hour: %v", err)
		}
	})
}
