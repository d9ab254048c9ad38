package trace_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/app/apptest"
	"healthgrid/internal/epidemic/chain"
	"healthgrid/internal/epidemic/trace"
)

// scene is a case with contacts around it: a venue where A overlapped the
// case and B came 20 minutes after it left, C two hours later (no
// contact); a second venue where D met A after A's exposure (secondary)
// and E met A the day before it (not: A's window starts at its exposure).
type scene struct {
	person, resident string
	a, b, c, d, e    string // the ID numbers
}

func newScene(t *testing.T, e *apptest.Env) scene {
	t.Helper()
	var s scene
	s.person, s.resident, _ = e.TraceCase(t, apptest.Home, apptest.HomeGrid, 3)
	v1, v2 := e.TraceVenue(t, apptest.HomeGrid, 60), e.TraceVenue(t, apptest.HomeGrid, 45)
	me := e.TraceVisitor(t, "病例", "", s.resident)
	visitor := func(name string, n int) (int64, string) {
		id := apptest.IDNumber(70000 + e.Unique() + n)
		return e.TraceVisitor(t, name, id, ""), id
	}
	va, ida := visitor("密接甲", 1)
	vb, idb := visitor("密接乙", 2)
	vc, idc := visitor("路人丙", 3)
	vd, idd := visitor("次密接丁", 4)
	ve, ide := visitor("路人戊", 5)
	s.a, s.b, s.c, s.d, s.e = ida, idb, idc, idd, ide
	day := e.Clock.Now().Add(-48 * time.Hour).Truncate(time.Hour)
	e.TraceCheckin(t, v1, me, day, 60)
	e.TraceCheckin(t, v1, va, day.Add(30*time.Minute), 0) // the venue's default: an hour
	e.TraceCheckin(t, v1, vb, day.Add(80*time.Minute), 10)
	e.TraceCheckin(t, v1, vc, day.Add(3*time.Hour), 10)
	e.TraceCheckin(t, v2, va, day.Add(5*time.Hour), 30)
	e.TraceCheckin(t, v2, vd, day.Add(5*time.Hour+10*time.Minute), 30)
	e.TraceCheckin(t, v2, va, day.Add(-24*time.Hour), 30)
	e.TraceCheckin(t, v2, ve, day.Add(-24*time.Hour), 30)
	return s
}

// TestTraceOverHTTP: a trace as the CDC finds the close and secondary
// contacts with their exposures, numbers masked, the window from the
// card's onset; bad input names its field; a case out of scope is 404;
// each trace is recorded and audited without its contacts.
func TestTraceOverHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		s := newScene(t, e)
		cdc := e.Login(t, "epidemic_officer")
		st, b := cdc.Do("POST", "/api/v1/epidemic/trace", map[string]any{"person_id": s.person, "hops": 2})
		if st != 200 || b.Int("close") != 2 || b.Int("secondary") != 1 || b.Str("window.basis") != "onset" ||
			b.Int("window.incubation_days") != 14 || b.Int("window.window_minutes") != 30 || b.Get("truncated") != false {
			t.Fatalf("trace: %d %s", st, b)
		}
		names := []string{b.Str("contacts.0.name"), b.Str("contacts.1.name"), b.Str("contacts.2.name")}
		if strings.Join(names, ",") != "密接甲,密接乙,次密接丁" || b.Int("contacts.2.hop") != 2 ||
			b.Str("contacts.2.exposures.0.via_name") != "密接甲" {
			t.Errorf("contacts: %v %s", names, b)
		}
		if b.Int("contacts.0.exposures.0.overlap_minutes") != 30 || b.Int("contacts.1.exposures.0.overlap_minutes") != 0 ||
			!strings.HasPrefix(b.Str("contacts.0.exposures.0.venue_code"), "T-") {
			t.Errorf("exposures: %s", b)
		}
		if id := b.Str("contacts.0.id_number"); !strings.Contains(id, "*") || strings.Contains(b.String(), s.a) {
			t.Errorf("the ID numbers are not masked: %s", b)
		}
		trace := b.Str("id")
		if st, one := cdc.Do("POST", "/api/v1/epidemic/trace", map[string]any{"person_id": s.person}); st != 200 ||
			one.Int("close") != 2 || one.Int("secondary") != 0 {
			t.Errorf("one hop: %d %s", st, one)
		}

		for _, bad := range []struct {
			body  map[string]any
			field string
		}{
			{map[string]any{}, "body.person_id"},
			{map[string]any{"person_id": s.person, "resident_id": s.resident}, "body.person_id"},
			{map[string]any{"person_id": s.person, "window_minutes": 241}, "body.window_minutes"},
			{map[string]any{"person_id": s.person, "hops": 3}, "body.hops"},
			{map[string]any{"person_id": s.person, "from": e.Clock.Now().Add(-time.Hour), "to": e.Clock.Now().Add(-2 * time.Hour)}, "body.to"},
			{map[string]any{"person_id": s.person, "from": e.Clock.Now().AddDate(0, 0, -90)}, "body.from"},
			{map[string]any{"person_id": s.person, "to": e.Clock.Now().Add(time.Hour)}, "body.to"},
			{map[string]any{"person_id": strings.Repeat("x", 100_000)}, "body.person_id"},
		} {
			if st, p := cdc.Do("POST", "/api/v1/epidemic/trace", bad.body); st != 422 || !strings.Contains(p.String(), bad.field) {
				t.Errorf("%v: %d %s", bad.field, st, p)
			}
		}
		// a resident with no risk episode: from is required, then the window is the request's
		_, plain := e.NewPatient(t, apptest.HomeGrid)
		if st, p := cdc.Do("POST", "/api/v1/epidemic/trace", map[string]any{"resident_id": plain}); st != 422 ||
			!strings.Contains(p.String(), "body.from") {
			t.Errorf("a resident without episode: %d %s", st, p)
		}
		if st, p := cdc.Do("POST", "/api/v1/epidemic/trace", map[string]any{"resident_id": s.resident}); st != 200 ||
			p.Str("case.person_id") != s.person || p.Int("close") != 2 {
			t.Errorf("by resident: %d %s", st, p)
		}

		// out of scope: the other county's officer, and a case of the other county
		other := e.Login(t, e.NewUser(t, apptest.Other, "epidemic_officer").Username)
		if st, _ := other.Do("POST", "/api/v1/epidemic/trace", map[string]any{"person_id": s.person}); st != 404 {
			t.Errorf("out of scope: %d", st)
		}
		if st, _ := other.Do("GET", "/api/v1/epidemic/traces/"+trace, nil); st != 404 {
			t.Errorf("a trace out of scope: %d", st)
		}
		if st, l := other.Do("GET", "/api/v1/epidemic/traces", nil); st != 200 || l.Int("total") != 0 {
			t.Errorf("traces out of scope: %d %s", st, l)
		}
		if st, l := cdc.Do("GET", "/api/v1/epidemic/traces?person="+s.person, nil); st != 200 || l.Int("total") != 3 ||
			l.Str("items.2.id") != trace || l.Str("items.2.case_name") != "病例" || l.Int("items.2.secondary") != 1 {
			t.Errorf("traces: %d %s", st, l)
		}

		var n int
		var detail string
		if err := e.App.DB.QueryRow(context.Background(), `SELECT COUNT(*), MAX(detail) FROM audit_log
			WHERE action = 'epidemic.trace.run'`).Scan(&n, &detail); err != nil || n != 3 {
			t.Errorf("audited: %d %v", n, err)
		}
		if strings.Contains(detail, "密接") || !strings.Contains(detail, "window_minutes") {
			t.Errorf("the audit names the parameters, not the contacts: %s", detail)
		}
	})
}

// fakeChains keeps the exposures a push records.
type fakeChains struct{ got []chain.Exposure }

func (f *fakeChains) AddExposures(_ context.Context, _ *access.Principal, ex []chain.Exposure) error {
	f.got = append(f.got, ex...)
	return nil
}

// TestPushOnce: a push makes the close and secondary contacts risk persons
// on two lists and records case → contact and contact → secondary; a
// second push (a double click) does nothing again; a key the trace did not
// find is refused by name.
func TestPushOnce(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		s := newScene(t, e)
		chains := &fakeChains{}
		svc := trace.New(trace.Deps{DB: e.App.DB, Audit: e.App.Audit, PII: e.App.PII, Lists: e.App.Epidemic, Chains: chains,
			Now: e.Clock.Now})
		ctx := context.Background()
		cdc := e.Principal(t, "epidemic_officer")
		res, err := svc.Run(ctx, cdc, trace.Input{PersonID: s.person, Hops: 2})
		if err != nil || len(res.Contacts) != 3 {
			t.Fatalf("trace: %+v %v", res, err)
		}
		in := trace.PushInput{Name: "流调下发", Deadline: e.Clock.Now().Add(24 * time.Hour)}
		if _, err := svc.Push(ctx, cdc, res.ID, trace.PushInput{Contacts: []string{"r:nobody"}, Name: in.Name,
			Deadline: in.Deadline}); err == nil || !strings.Contains(err.Error(), "body.contacts[0]") {
			t.Errorf("an unknown key: %v", err)
		}
		first, err := svc.Push(ctx, cdc, res.ID, in)
		if err != nil || first.CloseScreening == "" || first.SecondaryScreening == "" || first.Contacts != 3 ||
			first.Exposures != 3 || first.Repeated {
			t.Fatalf("push: %+v %v", first, err)
		}
		again, err := svc.Push(ctx, cdc, res.ID, in)
		if err != nil || !again.Repeated || again.CloseScreening != first.CloseScreening || len(chains.got) != 3 {
			t.Errorf("the second push: %+v %v (%d exposures)", again, err, len(chains.got))
		}
		cats := map[string]int{}
		rows, err := e.App.DB.Query(ctx, `SELECT category FROM epi_persons WHERE id IN (SELECT person_id FROM epi_person_sources
			WHERE kind = 'screening' AND ref IN (?, ?))`, first.CloseScreening, first.SecondaryScreening)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var c string
			rows.Scan(&c)
			cats[c]++
		}
		rows.Close()
		if cats["close_contact"] != 2 || cats["secondary_contact"] != 1 {
			t.Errorf("risk persons: %v", cats)
		}
		var fromCase, fromA int
		for _, x := range chains.got {
			if x.Source == s.person {
				fromCase++
			} else {
				fromA++
			}
			if x.Ref != res.ID || x.Kind != "venue" || x.Venue == "" {
				t.Errorf("exposure: %+v", x)
			}
		}
		if fromCase != 2 || fromA != 1 {
			t.Errorf("edges: %+v", chains.got)
		}
		// traced again, the contacts are known risk persons now
		if res, err := svc.Run(ctx, cdc, trace.Input{PersonID: s.person}); err != nil || res.Known != 2 ||
			res.Contacts[0].RiskCategory != "close_contact" {
			t.Errorf("known: %+v %v", res, err)
		}
	})
}
