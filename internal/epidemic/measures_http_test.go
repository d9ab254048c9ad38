package epidemic_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/bus"
	"healthgrid/internal/epidemic"
	"healthgrid/internal/testkit"
)

// notes are the titles of the notifications of kind epidemic_measure c has.
func notes(t *testing.T, c *testkit.Client) []string {
	t.Helper()
	st, b := c.Do(http.MethodGet, "/api/v1/notifications?size=100", nil)
	if st != 200 {
		t.Fatalf("notifications: %d %s", st, b)
	}
	var l struct {
		Items []struct{ Kind, Title string }
	}
	if err := b.Decode(&l); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range l.Items {
		if n.Kind == "epidemic_measure" {
			out = append(out, n.Title)
		}
	}
	return out
}

func strs(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

// TestMeasureOverHTTP: a close contact is ordered what the protocol in
// force gives (7 days centralised with tests on days 1, 2, 3, 5, 7, then 3
// at home with a test on day 3); a second order is refused; the lists find
// it by kind and due test; a fever check-in alerts the grid worker and the
// township at once; out of scope is 404; release needs a reason, frees the
// room and ends the episode, all on the history.
func TestMeasureOverHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		officer, worker, other := e.Login(t, "epidemic_officer"), e.Login(t, "grid_worker"), e.Login(t, apptest.OtherAdmin)
		township := e.NewUser(t, apptest.HomeTownship, "epidemic_officer")
		elsewhere := e.NewUser(t, apptest.OtherGrid, "grid_worker")
		person, site := e.NewRiskPerson(t, apptest.HomeGrid, "close_contact"), e.NewSite(t, apptest.Home, 2)
		st, m := officer.Do("POST", "/api/v1/epidemic/measures", map[string]any{"person_id": person, "site_id": site})
		if st != 201 || m.Str("kind") != "centralised_isolation" || m.Str("start_date") != "2026-11-23" ||
			m.Str("end_date") != "2026-12-02" || m.Int("protocol_version") != 1 || m.Str("stay.room") != "1" ||
			m.Str("stay.until") != "2026-11-29" || m.Str("stages.1.measure") != "home_monitoring" {
			t.Fatalf("order: %d %s", st, m)
		}
		want := []string{"2026-11-23", "2026-11-24", "2026-11-25", "2026-11-27", "2026-11-29", "2026-12-02"}
		if got := strs(m.Get("test_days")); !slices.Equal(got, want) {
			t.Errorf("test days %v, want %v", got, want)
		}
		id := m.Str("id")
		if st, b := officer.Do("POST", "/api/v1/epidemic/measures", map[string]any{"person_id": person}); st != 409 ||
			b.Str("code") != "epidemic.measure_open" {
			t.Errorf("a second order: %d %s", st, b)
		}
		for _, q := range []string{"state=active", "kind=centralised_isolation", "due_test=true", "site=" + site,
			"region=" + apptest.HomeGrid} {
			if _, l := officer.Do("GET", "/api/v1/epidemic/measures?"+q, nil); l.Int("total") != 1 || l.Str("items.0.id") != id {
				t.Errorf("list %s: %s", q, l)
			}
		}
		for _, q := range []string{"kind=home_monitoring", "state=ended", "missed=true"} {
			if _, l := officer.Do("GET", "/api/v1/epidemic/measures?"+q, nil); l.Int("total") != 0 {
				t.Errorf("list %s: %s", q, l)
			}
		}
		if st, _ := other.Do("GET", "/api/v1/epidemic/measures/"+id, nil); st != 404 {
			t.Errorf("another county's admin reads it: %d", st)
		}
		if st, _ := other.Do("POST", "/api/v1/epidemic/measures/"+id+"/release", map[string]any{"reason": "x"}); st != 404 {
			t.Errorf("another county's admin releases it: %d", st)
		}
		for _, temp := range []any{33.9, 43.1, "NaN"} {
			if st, b := worker.Do("POST", "/api/v1/epidemic/measures/"+id+"/checkins", map[string]any{"temperature": temp}); st != 422 {
				t.Errorf("temperature %v: %d %s", temp, st, b)
			}
		}
		if st, c := worker.Do("POST", "/api/v1/epidemic/measures/"+id+"/checkins", map[string]any{"temperature": 36.6}); st != 201 ||
			c.Get("fever") != false {
			t.Fatalf("check-in: %d %s", st, c)
		}
		if got := notes(t, worker); len(got) != 0 {
			t.Errorf("no fever, yet %v", got)
		}
		if st, c := worker.Do("POST", "/api/v1/epidemic/measures/"+id+"/checkins", map[string]any{"temperature": 37.3,
			"symptoms": []string{"咳嗽"}, "test_taken": true}); st != 201 || c.Get("fever") != true {
			t.Fatalf("fever check-in: %d %s", st, c)
		}
		for _, c := range []*testkit.Client{worker, e.Login(t, township.Username)} {
			if got := notes(t, c); len(got) != 1 || !strings.Contains(got[0], "发热") {
				t.Errorf("fever alert: %v", got)
			}
		}
		if got := notes(t, e.Login(t, elsewhere.Username)); len(got) != 0 {
			t.Errorf("another grid's worker alerted: %v", got)
		}
		if _, l := worker.Do("GET", "/api/v1/epidemic/measures?state=active", nil); l.Int("items.0.checkins_today") != 2 ||
			l.Get("items.0.fever_today") != true {
			t.Errorf("today's check-ins in the list: %s", l)
		}
		if st, b := officer.Do("POST", "/api/v1/epidemic/measures/"+id+"/release", map[string]any{"reason": ""}); st != 422 {
			t.Errorf("release without a reason: %d %s", st, b)
		}
		if st, b := officer.Do("POST", "/api/v1/epidemic/measures/"+id+"/release", map[string]any{"reason": "核酸阴性解除"}); st != 200 ||
			b.Str("state") != "ended" || b.Str("end_reason") != "released" || b.Get("stay") != nil {
			t.Errorf("release: %d %s", st, b)
		}
		if _, s := officer.Do("GET", "/api/v1/epidemic/sites/"+site, nil); s.Int("occupied") != 0 || s.Int("free") != 2 {
			t.Errorf("the room is not freed: %s", s)
		}
		_, d := officer.Do("GET", "/api/v1/epidemic/measures/"+id, nil)
		var actions []string
		for i := range 5 {
			actions = append(actions, d.Str(fmt.Sprintf("history.%d.action", i)))
		}
		if !slices.Equal(actions, []string{"order", "assign", "release", "", ""}) || d.Str("history.2.reason") != "核酸阴性解除" ||
			len(d.Get("checkins").([]any)) != 2 {
			t.Errorf("history %v: %s", actions, d)
		}
		p, err := e.App.Epidemic.Person(context.Background(), e.City.Path(apptest.CityCode), person)
		if err != nil || !p.Ended || p.State != epidemic.StateAssigned {
			t.Errorf("the episode: %+v %v", p, err)
		}
		if st, b := officer.Do("POST", "/api/v1/epidemic/measures", map[string]any{"person_id": person}); st != 409 ||
			b.Str("code") != "epidemic.episode_ended" {
			t.Errorf("an order for an ended episode: %d %s", st, b)
		}
	})
}

// TestResidentChecksIn: the resident bound to the person sees their measure
// in the app and checks in; another resident can neither see nor check in.
func TestResidentChecksIn(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		person, username := e.NewBoundRiskPerson(t, apptest.HomeGrid, "secondary_contact")
		_, stranger := e.NewBoundRiskPerson(t, apptest.HomeGrid, "risk_area")
		m, err := e.App.Epidemic.Order(context.Background(), e.System(t), epidemic.OrderInput{PersonID: person})
		if err != nil {
			t.Fatal(err)
		}
		me, them := e.Login(t, username), e.Login(t, stranger)
		if _, l := me.Do("GET", "/api/v1/public/measures", nil); l.Str("items.0.id") != m.ID || l.Str("items.0.kind") != "home_isolation" {
			t.Errorf("own measures: %s", l)
		}
		if _, l := them.Do("GET", "/api/v1/public/measures", nil); l.Get("items.0") != nil {
			t.Errorf("a stranger's measures: %s", l)
		}
		if st, b := them.Do("POST", "/api/v1/public/measures/"+m.ID+"/checkins", map[string]any{"temperature": 36.5}); st != 404 {
			t.Errorf("a stranger checks in: %d %s", st, b)
		}
		if st, b := me.Do("POST", "/api/v1/public/measures/"+m.ID+"/checkins", map[string]any{"temperature": 36.5}); st != 201 ||
			b.Get("by_self") != true {
			t.Errorf("own check-in: %d %s", st, b)
		}
	})
}

// TestMissedCheckins: on the injected clock, a day with fewer check-ins than
// its stage asks alerts the grid worker once, the next morning; a day with
// enough does not; the measure ends by itself after its last day.
func TestMissedCheckins(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx, svc := context.Background(), e.App.Epidemic
		// sessions idle out as the clock moves: a fresh login each time
		worker := func() *testkit.Client { return e.Login(t, "grid_worker") }
		id := e.NewMeasure(t, apptest.HomeGrid) // two check-ins a day while centralised
		checkin := func(n int) {
			for range n {
				if st, b := worker().Do("POST", "/api/v1/epidemic/measures/"+id+"/checkins", map[string]any{"temperature": 36.4}); st != 201 {
					t.Fatalf("check-in: %d %s", st, b)
				}
			}
		}
		sweep := func() int {
			r, err := svc.Sweep(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return r.Missed
		}
		checkin(2)
		if n := sweep(); n != 0 {
			t.Errorf("the day is not over, yet %d missed", n)
		}
		e.Clock.Advance(24 * time.Hour) // 11-24
		if n := sweep(); n != 0 {
			t.Errorf("day 1 had its two check-ins, yet %d missed", n)
		}
		checkin(1)
		e.Clock.Advance(24 * time.Hour) // 11-25
		if n := sweep(); n != 1 {
			t.Errorf("day 2 had one of two: %d missed", n)
		}
		if n := sweep(); n != 0 {
			t.Errorf("the same day alerted again: %d", n)
		}
		if got := notes(t, worker()); len(got) != 1 || !strings.Contains(got[0], "漏打卡") {
			t.Errorf("missed alert: %v", got)
		}
		if _, d := worker().Do("GET", "/api/v1/epidemic/measures/"+id, nil); !slices.Equal(strs(d.Get("missed")), []string{"2026-11-24"}) {
			t.Errorf("missed days: %s", d)
		}
		if _, l := worker().Do("GET", "/api/v1/epidemic/measures?missed=true", nil); l.Int("total") != 1 {
			t.Errorf("missed filter: %s", l)
		}
		e.Clock.Advance(7 * 24 * time.Hour) // 12-02, the last day: home monitoring
		if _, d := worker().Do("GET", "/api/v1/epidemic/measures/"+id, nil); d.Str("kind") != "home_monitoring" || d.Str("state") != "active" {
			t.Errorf("on the last day: %s", d)
		}
		e.Clock.Advance(24 * time.Hour)
		r, err := svc.Sweep(ctx)
		if err != nil || r.Completed != 1 || r.Missed != 8 {
			t.Errorf("after the last day: %+v %v", r, err)
		}
		if _, d := worker().Do("GET", "/api/v1/epidemic/measures/"+id, nil); d.Str("state") != "ended" || d.Str("end_reason") != "completed" {
			t.Errorf("completed: %s", d)
		}
	})
}

// TestMeasureBus: an order publishes epidemic.measure.started and a release
// epidemic.measure.ended, after the commit, with the person and the dates;
// a refused order publishes nothing.
func TestMeasureBus(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx, sys, hub := context.Background(), e.System(t), bus.NewHub()
		svc := e.App.Epidemic.WithBus(hub)
		started, stop := hub.Subscribe("epidemic.measure.started")
		defer stop()
		ended, stop2 := hub.Subscribe("epidemic.measure.ended")
		defer stop2()
		person := e.NewRiskPerson(t, apptest.HomeGrid, "risk_area")
		m, err := svc.Order(ctx, sys, epidemic.OrderInput{PersonID: person})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Order(ctx, sys, epidemic.OrderInput{PersonID: person}); err == nil {
			t.Fatal("a second order")
		}
		if _, err := svc.Release(ctx, sys, m.ID, epidemic.ReasonInput{Reason: "误报"}); err != nil {
			t.Fatal(err)
		}
		for topic, ch := range map[string]<-chan []byte{"started": started, "ended": ended} {
			select {
			case msg := <-ch:
				var got map[string]string
				if err := json.Unmarshal(msg, &got); err != nil || got["measure_id"] != m.ID || got["person_id"] != person ||
					got["kind"] != "home_monitoring" || got["start_date"] != "2026-11-23" || got["end_date"] != "2026-11-29" {
					t.Errorf("%s: %s %v", topic, msg, err)
				}
			case <-time.After(time.Second):
				t.Errorf("%s: nothing published", topic)
			}
		}
		select {
		case msg := <-started:
			t.Errorf("published again: %s", msg)
		default:
		}
	})
}
