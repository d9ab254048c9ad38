package warning_test

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/app/apptest"
	"healthgrid/internal/epidemic"
	"healthgrid/internal/epidemic/chain"
	"healthgrid/internal/epidemic/warning"
	"healthgrid/internal/testkit"
)

func signals(t *testing.T, c *testkit.Client, query string) []map[string]any {
	t.Helper()
	items, _ := testkit.ListAll(t, c, "/api/v1/epidemic/signals?"+query)
	return items
}

// TestUrgentSignal: a case of a 甲 disease raises a red signal at its
// township at once, in its card's filing; a second case there within the
// window raises none; one after it does.
func TestUrgentSignal(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		var cdc *testkit.Client
		cholera := func(no string) { // a new session: the clock moves past the last one's
			cdc = e.Login(t, "epidemic_officer")
			p, _ := e.NewPatient(t, apptest.HomeGrid)
			card := apptest.CardBody(p, no, e.Clock.Now())
			card["disease"] = "A02"
			file(t, cdc, card)
		}
		cholera("U1")
		got := signals(t, cdc, "disease=A02")
		if len(got) != 1 {
			t.Fatalf("signals after a cholera case: %v", got)
		}
		g := got[0]
		if g["level"] != "red" || g["method"] != "fixed" || g["region_code"] != apptest.HomeTownship || g["status"] != "open" ||
			g["count"] != 1.0 || g["threshold"] != 1.0 || g["card_id"] == "" || g["date"] != dayOf(e.Clock.Now().Add(-time.Hour)) {
			t.Errorf("the signal: %v", g)
		}
		e.Clock.Advance(24 * time.Hour)
		cholera("U2")
		if got := signals(t, cdc, "disease=A02"); len(got) != 1 {
			t.Errorf("a second case within the window: %d signals", len(got))
		}
		e.Clock.Advance(7 * 24 * time.Hour)
		cholera("U3")
		if got := signals(t, cdc, "disease=A02&level=red"); len(got) != 2 {
			t.Errorf("a case after the window: %d signals", len(got))
		}
		recount(t, e)
	})
}

// TestFixedThreshold: a fixed threshold of 3 cases in 7 days at a
// township, evaluated by the scheduled catch-up as the days close on the
// injected clock: orange on the day the 7 days reach 3, suppressed for the
// window after, raised again past it; nothing in another township.
func TestFixedThreshold(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx, sys := context.Background(), e.System(t)
		if _, err := e.App.Warning.SetMethod(ctx, sys, warning.MethodInput{Disease: "diarrhea", Level: "township",
			Method: warning.Fixed, Source: "school_absence", Enabled: true, Params: warning.Params{Threshold: 3}}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.App.Warning.CatchUp(ctx); err != nil { // the first run: nothing to see yet
			t.Fatal(err)
		}
		var raised []string
		for i := range 12 {
			today := dayOf(e.Clock.Now())
			items := []warning.CountItem{{Region: apptest.HomeGrid, Date: today, Disease: "diarrhea", Count: 1}}
			if i == 0 {
				items = append(items, warning.CountItem{Region: apptest.OtherGrid, Date: today, Disease: "diarrhea", Count: 2})
			}
			if _, err := e.App.Warning.PostCounts(ctx, sys, warning.CountsInput{Source: "school_absence", Items: items}); err != nil {
				t.Fatal(err)
			}
			e.Clock.Advance(24 * time.Hour)
			if n, err := e.App.Warning.CatchUp(ctx); err != nil || n != 1 {
				t.Fatalf("day %d: caught up %d days: %v", i, n, err)
			}
			got, _, err := e.App.Warning.Signals(ctx, sys, warning.SignalFilter{Disease: "diarrhea"}, 0, 50)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) > len(raised) {
				raised = append(raised, got[0].Date)
				if g := got[0]; g.Level != warning.Orange || g.Count < 3 || g.Threshold != 3 || g.RegionCode != apptest.HomeTownship {
					t.Errorf("day %d: %+v", i, g)
				}
			}
		}
		start := dayOf(e.Clock.Now().Add(-12 * 24 * time.Hour))
		want := []string{addDays(start, 2), addDays(start, 9)}
		if strings.Join(raised, ",") != strings.Join(want, ",") {
			t.Errorf("raised on %v, want %v", raised, want)
		}
	})
}

func addDays(d string, n int) string {
	t, _ := time.Parse(time.DateOnly, d)
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}

// ili posts the demo's township series (R's reference "demo": a week of
// zeros and ones, then 5) as a fever clinic's influenza-like counts ending
// yesterday, with C1, C2 and C3 configured at township level.
func ili(t *testing.T, e *apptest.Env) {
	t.Helper()
	ctx, sys := context.Background(), e.System(t)
	for _, m := range []string{warning.C1, warning.C2, warning.C3} {
		z := 3.0
		if m == warning.C3 {
			z = 2
		}
		if _, err := e.App.Warning.SetMethod(ctx, sys, warning.MethodInput{Disease: "ili", Level: "township", Method: m,
			Source: "fever_clinic", Enabled: true, Params: warning.Params{Threshold: z, MinSigma: 0.5}}); err != nil {
			t.Fatal(err)
		}
	}
	series := []int64{0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 5}
	var items []warning.CountItem
	for i, n := range series {
		items = append(items, warning.CountItem{Region: apptest.HomeTownship, Date: dayOf(e.Clock.Now().AddDate(0, 0, i-len(series))),
			Disease: "ili", Count: n})
	}
	if _, err := e.App.Warning.PostCounts(ctx, sys, warning.CountsInput{Source: "fever_clinic", Items: items}); err != nil {
		t.Fatal(err)
	}
}

// TestEARSSignal: the demo's series raises a yellow signal on its last day
// — C1 and C2 agree, C3 does not — with R's upper bound, and its detail
// carries the series with the baseline and the bound.
func TestEARSSignal(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ili(t, e)
		cdc := e.Login(t, "epidemic_officer")
		st, b := cdc.Do("POST", "/api/v1/epidemic/signals/evaluate", map[string]any{})
		if st != 200 || b.Int("flagged") != 1 || len(b.Get("raised").([]any)) != 1 {
			t.Fatalf("evaluate: %d %s", st, b)
		}
		got := signals(t, cdc, "disease=ili&method=C2")
		if len(got) != 1 {
			t.Fatalf("signals: %v", got)
		}
		g := got[0]
		if g["level"] != "yellow" || g["method"] != "C1" || g["count"] != 5.0 || math.Abs(g["threshold"].(float64)-1.7857142857142843) > 1e-9 ||
			strings.Join(toStrings(g["methods"]), ",") != "C1,C2" || g["actions"].([]any)[0] != "verify" {
			t.Errorf("the signal: %v", g)
		}
		if got := signals(t, cdc, "disease=ili&method=C3"); len(got) != 0 {
			t.Errorf("C3 flagged: %v", got)
		}
		if st, b := cdc.Do("POST", "/api/v1/epidemic/signals/evaluate", map[string]any{}); st != 200 || b.Int("flagged") != 1 ||
			len(b.Get("raised").([]any)) != 0 {
			t.Errorf("evaluate again: %d %s", st, b)
		}
		st, b = cdc.Do("GET", "/api/v1/epidemic/signals/"+g["id"].(string), nil)
		series, _ := b.Get("series").([]any)
		if st != 200 || len(series) != 29 {
			t.Fatalf("detail: %d %d points %.300s", st, len(series), b)
		}
		last := series[27].(map[string]any)
		if last["count"] != 5.0 || math.Abs(last["upper"].(float64)-1.7857142857142843) > 1e-9 || last["date"] != g["date"] {
			t.Errorf("the signal's day: %v", last)
		}
		for _, q := range []string{"date=2020-01-01", "date=tomorrow"} {
			if st, b := cdc.Do("POST", "/api/v1/epidemic/signals/evaluate", map[string]any{"date": strings.TrimPrefix(q, "date=")}); st != 422 ||
				!strings.Contains(b.String(), "body.date") {
				t.Errorf("%s: %d %s", q, st, b)
			}
		}
	})
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

// TestSignalHandling: the county CDC verifies a signal half an hour after
// it was raised, then dismisses one (a reason required) and confirms
// another; the steps out of order are refused, a signal of another county
// is not found, and the response times are the median and p90 of 30 and 90
// minutes.
func TestSignalHandling(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		cdc, leader := e.Login(t, "epidemic_officer"), e.Login(t, "leader")
		act := func(c *testkit.Client, id string, body map[string]any) (int, testkit.Body) {
			return c.Do("POST", "/api/v1/epidemic/signals/"+id+"/actions", body)
		}
		a, b2 := e.NewSignal(t, apptest.HomeVillage), e.NewSignal(t, apptest.HomeVillage)
		if st, b := act(cdc, a, map[string]any{"action": "confirm"}); st != 409 {
			t.Errorf("confirm before verify: %d %s", st, b)
		}
		if st, b := act(leader, a, map[string]any{"action": "verify"}); st != 403 {
			t.Errorf("a leader verifies: %d %s", st, b)
		}
		e.Clock.Advance(30 * time.Minute)
		cdc = e.Login(t, "epidemic_officer")
		st, b := act(cdc, a, map[string]any{"action": "verify", "note": "已电话联系社区卫生服务中心"})
		if st != 200 || b.Str("status") != "verifying" || b.Get("response_minutes") != 30.0 ||
			strings.Join(toStrings(b.Get("actions")), ",") != "dismiss,confirm" {
			t.Fatalf("verify: %d %s", st, b)
		}
		if st, b := act(cdc, a, map[string]any{"action": "dismiss", "reason": "  "}); st != 422 || !strings.Contains(b.String(), "body.reason") {
			t.Errorf("dismiss without a reason: %d %s", st, b)
		}
		if st, b := act(cdc, a, map[string]any{"action": "dismiss", "reason": "为同一学校重复上报"}); st != 200 ||
			b.Str("status") != "dismissed" || b.Str("reason") != "为同一学校重复上报" || len(b.Get("actions").([]any)) != 0 {
			t.Errorf("dismiss: %d %s", st, b)
		}
		e.Clock.Advance(time.Hour)
		cdc = e.Login(t, "epidemic_officer")
		if st, b := act(cdc, b2, map[string]any{"action": "verify"}); st != 200 || b.Get("response_minutes") != 90.0 {
			t.Errorf("verify the second: %d %s", st, b)
		}
		if st, b := act(cdc, b2, map[string]any{"action": "confirm"}); st != 200 || b.Str("status") != "confirmed" {
			t.Errorf("confirm: %d %s", st, b)
		}
		other := e.NewSignal(t, apptest.OtherVillage)
		if st, _ := cdc.Do("GET", "/api/v1/epidemic/signals/"+other, nil); st != 404 {
			t.Errorf("another county's signal: %d", st)
		}
		if st, _ := act(cdc, other, map[string]any{"action": "verify"}); st != 404 {
			t.Errorf("verify another county's signal: %d", st)
		}
		st, b = cdc.Do("GET", "/api/v1/epidemic/signals/response", nil)
		if st != 200 || b.Str("items.0.region_code") != apptest.Home || b.Int("items.0.answered") != 2 ||
			b.Get("items.0.median_minutes") != 60.0 || b.Get("items.0.p90_minutes") != 90.0 || b.Get("items.1") != nil {
			t.Errorf("response times: %d %s", st, b)
		}
		if _, b := e.Login(t, apptest.Admin).Do("GET", "/api/v1/epidemic/signals/response", nil); b.Int("items.1.open") != 1 {
			t.Errorf("the city's response times: %s", b)
		}
	})
}

type fakeOutbreaks struct{ got []chain.OutbreakInput }

func (f *fakeOutbreaks) Declare(_ context.Context, _ *access.Principal, in chain.OutbreakInput) (string, error) {
	f.got = append(f.got, in)
	return "OB-1", nil
}

type fakeEvents struct{ got []epidemic.CaseEvent }

func (f *fakeEvents) OpenCase(_ context.Context, c epidemic.CaseEvent) (string, error) {
	f.got = append(f.got, c)
	return "EV-1", nil
}

// TestConfirm: a confirmation of a disease's signal declares the outbreak
// through Outbreaks (named by region and disease, naming the signal, graded
// later by the CDC) and opens an event in the grid with the cases; a
// syndrome's opens the event alone; without them (nil) it records neither.
func TestConfirm(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ob, ev := &fakeOutbreaks{}, &fakeEvents{}
		a := e.App
		w := warning.New(warning.Deps{DB: a.DB, Audit: a.Audit, Regions: a.Regions, Diseases: a.Epidemic, Alerts: a.Notify,
			Events: ev, Outbreaks: ob, Now: e.Clock.Now})
		ctx, sys := context.Background(), e.System(t)
		id := e.NewSignalOf(t, apptest.HomeVillage, "C02")
		for _, step := range []string{warning.ActVerify, warning.ActConfirm} {
			if _, err := w.Act(ctx, sys, id, warning.ActionInput{Action: step, Note: "学校聚集"}); err != nil {
				t.Fatal(step, err)
			}
		}
		g, err := w.SignalDetail(ctx, sys, id)
		if err != nil || g.OutbreakID != "OB-1" || g.EventID != "EV-1" {
			t.Fatalf("the confirmed signal: %+v %v", g.Signal, err)
		}
		if len(ob.got) != 1 || ob.got[0].SignalID != id || ob.got[0].Region != g.RegionCode || ob.got[0].Disease != "C02" ||
			ob.got[0].Level != "" || !strings.HasSuffix(ob.got[0].Name, "聚集性疫情") {
			t.Errorf("the outbreak: %+v", ob.got)
		}
		fever := e.NewSignal(t, apptest.HomeVillage)
		for _, step := range []string{warning.ActVerify, warning.ActConfirm} {
			if _, err := w.Act(ctx, sys, fever, warning.ActionInput{Action: step}); err != nil {
				t.Fatal(step, err)
			}
		}
		if f, _ := w.SignalDetail(ctx, sys, fever); f.OutbreakID != "" || f.EventID != "EV-1" || len(ob.got) != 1 || len(ev.got) != 2 {
			t.Errorf("a syndrome's signal: %+v, outbreaks %d", f.Signal, len(ob.got))
		}
		ev.got = ev.got[:1]
		if len(ev.got) != 1 || ev.got[0].GridCode != g.RegionCode {
			t.Errorf("the event: %+v", ev.got)
		}
		bare := warning.New(warning.Deps{DB: a.DB, Audit: a.Audit, Regions: a.Regions, Diseases: a.Epidemic, Alerts: a.Notify,
			Now: e.Clock.Now})
		plain := e.NewSignalOf(t, apptest.HomeVillage, "C02")
		for _, step := range []string{warning.ActVerify, warning.ActConfirm} {
			if _, err := bare.Act(ctx, sys, plain, warning.ActionInput{Action: step}); err != nil {
				t.Fatal(step, err)
			}
		}
		if g, _ := bare.SignalDetail(ctx, sys, plain); g.OutbreakID != "" || g.EventID != "" || g.Status != "confirmed" {
			t.Errorf("without outbreaks: %+v", g.Signal)
		}
	})
}
