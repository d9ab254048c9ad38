package epidemic_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/testkit"
)

// TestVerificationOverHTTP walks persons through the state table: a grid
// worker sees and verifies only their grid's share; refusals name the
// reason; a pooled person is assigned first; the numbers are masked until
// revealed; the tallies stay their recount after each kind of write; the
// inbox shows the share.
func TestVerificationOverHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		officer, worker, other := e.Login(t, "epidemic_officer"), e.Login(t, "grid_worker"), e.Login(t, "other_admin")
		id, ps := postList(t, e, officer, apptest.HomeGrid, apptest.PeopleGrid, "")
		mine, theirs, pooled := ps[0], ps[1], ps[2]
		db := e.App.DB

		_, l := worker.Do("GET", "/api/v1/epidemic/persons?screening="+id, nil)
		if l.Int("total") != 1 || l.Str("items.0.id") != mine || l.Str("items.0.grid_code") != apptest.HomeGrid ||
			!strings.Contains(l.Str("items.0.id_number"), "****") || l.Str("items.0.state") != "assigned" {
			t.Fatalf("the worker's share: %s", l)
		}
		if _, l := officer.Do("GET", "/api/v1/epidemic/persons?screening="+id+"&pooled=true", nil); l.Int("total") != 1 ||
			l.Str("items.0.id") != pooled {
			t.Errorf("the pool: %s", l)
		}
		for _, c := range []struct {
			who  string
			path string
		}{{"worker", "/api/v1/epidemic/persons/" + theirs}, {"other", "/api/v1/epidemic/persons/" + mine},
			{"other", "/api/v1/epidemic/screenings/" + id}} {
			client := worker
			if c.who == "other" {
				client = other
			}
			if st, b := client.Do("GET", c.path, nil); st != 404 {
				t.Errorf("%s GET %s: %d %s, want 404", c.who, c.path, st, b)
			}
		}
		if st, b := worker.Do("POST", "/api/v1/epidemic/persons/"+theirs+"/verify", map[string]any{"outcome": "found"}); st != 404 {
			t.Errorf("verify another grid's: %d %s", st, b)
		}

		if st, b := worker.Do("POST", "/api/v1/epidemic/persons/"+mine+"/verify", map[string]any{"outcome": "moved_out"}); st != 422 ||
			!strings.Contains(b.String(), "body.destination") {
			t.Errorf("moved_out without destination: %d %s", st, b)
		}
		st, up := apptest.UploadFile(t, worker, "现场.png", apptest.PNG)
		if st != 201 {
			t.Fatalf("upload: %d %s", st, up)
		}
		_, d := worker.Do("GET", "/api/v1/epidemic/persons/"+mine, nil)
		if d.Get("allowed_actions").([]any)[0] != "visit" || len(d.Get("sources").([]any)) != 1 {
			t.Errorf("detail: %s", d)
		}
		if st, b := worker.Do("POST", "/api/v1/epidemic/persons/"+mine+"/visit", map[string]any{"note": "上门"}); st != 200 ||
			b.Str("state") != "visited" {
			t.Fatalf("visit: %d %s", st, b)
		}
		checkTallies(t, db, id, "a visit")
		lng, lat := apptest.GridPoint(apptest.HomeGrid)
		st, v := worker.Do("POST", "/api/v1/epidemic/persons/"+mine+"/verify", map[string]any{"outcome": "found",
			"note": "在家", "lng": lng, "lat": lat, "attachment_ids": []string{up.Str("id")}})
		if st != 200 || v.Str("state") != "verified" || v.Str("outcome") != "found" || len(v.Get("photos").([]any)) != 1 ||
			len(v.Get("history").([]any)) != 2 {
			t.Fatalf("verify: %d %s", st, v)
		}
		checkTallies(t, db, id, "a verification")
		if st, _ := worker.Do("GET", v.Str("photos.0.url"), nil); st != 200 {
			t.Errorf("the photo: %d", st)
		}
		if st, b := worker.Do("POST", "/api/v1/epidemic/persons/"+mine+"/verify", map[string]any{"outcome": "found"}); st != 409 ||
			!strings.Contains(b.String(), "epidemic.person_wrong_state") {
			t.Errorf("verify twice: %d %s", st, b)
		}
		if st, _ := worker.Do("POST", "/api/v1/epidemic/persons/"+mine+"/decide", map[string]any{"measure": "home_monitoring"}); st != 403 {
			t.Errorf("a grid worker decides: %d, want 403", st)
		}
		if st, b := officer.Do("POST", "/api/v1/epidemic/persons/"+mine+"/decide", map[string]any{"measure": "home_monitoring"}); st != 200 ||
			b.Str("state") != "decided" {
			t.Errorf("decide: %d %s", st, b)
		}
		if st, b := worker.Do("POST", "/api/v1/epidemic/persons/"+mine+"/report", map[string]any{}); st != 200 || b.Str("state") != "reported" {
			t.Errorf("report: %d %s", st, b)
		}
		checkTallies(t, db, id, "decide and report")

		if st, b := officer.Do("POST", "/api/v1/epidemic/persons/"+pooled+"/verify", map[string]any{"outcome": "found"}); st != 409 ||
			!strings.Contains(b.String(), "epidemic.person_pooled") {
			t.Errorf("verify a pooled person: %d %s", st, b)
		}
		if st, b := officer.Do("POST", "/api/v1/epidemic/persons/"+pooled+"/assign", map[string]any{"grid_code": apptest.OtherGrid}); st != 422 {
			t.Errorf("assign to a grid out of scope: %d %s", st, b)
		}
		if st, b := officer.Do("POST", "/api/v1/epidemic/persons/"+pooled+"/assign", map[string]any{"grid_code": apptest.HomeGrid}); st != 200 ||
			b.Get("pooled") != false || b.Str("grid_code") != apptest.HomeGrid {
			t.Fatalf("assign: %d %s", st, b)
		}
		checkTallies(t, db, id, "an assignment")
		if st, b := officer.Do("POST", "/api/v1/epidemic/persons/"+pooled+"/assign", map[string]any{"grid_code": apptest.HomeGrid}); st != 409 {
			t.Errorf("assign twice: %d %s", st, b)
		}

		_, in := worker.Do("GET", "/api/v1/inbox?kind=epidemic_person", nil)
		if in.Int("total") != 1 || in.Str("items.0.id") != pooled || in.Str("items.0.action") != "verify" {
			t.Errorf("the worker's inbox: %s", in)
		}
		_, sc := officer.Do("GET", "/api/v1/epidemic/screenings/"+id, nil)
		if sc.Int("received") != 3 || sc.Int("distributed") != 3 || sc.Int("pool") != 0 || sc.Int("verified") != 1 {
			t.Errorf("the list: %s", sc)
		}
		_, wsc := worker.Do("GET", "/api/v1/epidemic/screenings", nil)
		if wsc.Int("total") != 1 || wsc.Int("items.0.received") != 2 || wsc.Int("items.0.verified") != 1 {
			t.Errorf("the worker's lists: %s", wsc)
		}

		_, full := officer.Do("POST", "/api/v1/epidemic/persons/"+mine+"/reveal", map[string]any{})
		if len(full.Str("id_number")) != 18 || strings.Contains(full.Str("id_number"), "*") {
			t.Errorf("reveal: %s", full)
		}
		var audits int
		db.QueryRow(context.Background(), "SELECT COUNT(*) FROM audit_log WHERE action = 'epidemic.person.reveal'").Scan(&audits)
		if audits != 1 {
			t.Errorf("%d reveal audits", audits)
		}
		if st, _ := officer.Do("GET", "/api/v1/epidemic/screenings/"+id+"/report.xlsx", nil); st != 200 {
			t.Errorf("report: %d", st)
		}
	})
}

// postList posts a JSON list naming a person with an ID and phone number in
// each of grids ("": the officer's pool), and answers its id and its
// persons' ids in order.
func postList(t *testing.T, e *apptest.Env, officer *testkit.Client, grids ...string) (string, []string) {
	t.Helper()
	var persons []map[string]any
	for i, g := range grids {
		n := e.Unique()
		persons = append(persons, map[string]any{"name": fmt.Sprintf("核查%d", i), "id_number": apptest.ImportID(800000 + n),
			"phone": apptest.Phone(n), "grid_code": g})
	}
	st, b := officer.Do("POST", "/api/v1/epidemic/screenings", map[string]any{"name": "密接排查", "deadline": e.Clock.Now().Add(24 * time.Hour),
		"disease": "B27", "category": "close_contact", "persons": persons})
	if st != 201 {
		t.Fatalf("list: %d %s", st, b)
	}
	out := make([]string, len(grids))
	for i := range grids {
		_, l := officer.Do("GET", fmt.Sprintf("/api/v1/epidemic/persons?screening=%s&q=核查%d", b.Str("id"), i), nil)
		out[i] = l.Str("items.0.id")
	}
	return b.Str("id"), out
}

// TestOverdueEscalation: past the deadline, round the clock, the sweep marks
// each unverified person overdue once, moves the counts and alerts the
// township's epidemic staff once; a verification then takes it off overdue.
func TestOverdueEscalation(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		township := e.NewUser(t, apptest.HomeTownship, "epidemic_officer")
		id, ps := e.NewScreening(t, apptest.HomeGrid, apptest.HomeGrid)
		ctx := context.Background()
		if n, err := e.App.Epidemic.SweepOverdue(ctx); err != nil || n != 0 {
			t.Fatalf("before the deadline: %d %v", n, err)
		}
		e.Clock.Advance(25 * time.Hour) // a Sunday night counts like any other
		if n, err := e.App.Epidemic.SweepOverdue(ctx); err != nil || n != 2 {
			t.Fatalf("past the deadline: %d %v", n, err)
		}
		if n, _ := e.App.Epidemic.SweepOverdue(ctx); n != 0 {
			t.Errorf("swept again: %d marked", n)
		}
		checkTallies(t, e.App.DB, id, "the sweep")
		c := e.Login(t, township.Username)
		_, notes := c.Do("GET", "/api/v1/notifications", nil)
		if notes.Int("total") != 1 || !strings.Contains(notes.Str("items.0.title"), "2 人") {
			t.Errorf("the township's alerts: %s", notes)
		}
		_, sc := c.Do("GET", "/api/v1/epidemic/screenings/"+id, nil)
		if sc.Int("overdue") != 2 {
			t.Errorf("overdue: %s", sc)
		}
		worker := e.Login(t, "grid_worker")
		if st, b := worker.Do("POST", "/api/v1/epidemic/persons/"+ps[0]+"/verify", map[string]any{"outcome": "not_found"}); st != 200 {
			t.Fatalf("verify: %d %s", st, b)
		}
		checkTallies(t, e.App.DB, id, "a late verification")
		if _, sc := c.Do("GET", "/api/v1/epidemic/screenings/"+id, nil); sc.Int("overdue") != 1 || sc.Int("verified") != 1 {
			t.Errorf("after a late verification: %s", sc)
		}
	})
}

// TestMergeLookAlike: a person without an ID number who looks like one on
// an earlier list (same name and phone) is offered for merge, not merged;
// the merge moves the record's lists to the other person, each list
// counting them once.
func TestMergeLookAlike(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		officer := e.Login(t, "epidemic_officer")
		post := func(name string) (string, string) {
			st, b := officer.Do("POST", "/api/v1/epidemic/screenings", map[string]any{"name": name,
				"deadline": e.Clock.Now().Add(24 * time.Hour), "disease": "B27", "category": "risk_area",
				"persons": []map[string]any{{"name": "马某", "phone": "13912340000", "grid_code": apptest.HomeGrid}}})
			if st != 201 {
				t.Fatalf("list: %d %s", st, b)
			}
			_, l := officer.Do("GET", "/api/v1/epidemic/persons?screening="+b.Str("id"), nil)
			return b.Str("id"), l.Str("items.0.id")
		}
		first, a := post("第一批")
		second, b := post("第二批")
		_, pb := officer.Do("GET", "/api/v1/epidemic/persons/"+b, nil)
		if a == b || pb.Str("merge_of") != a {
			t.Fatalf("look-alike: %s and %s", a, pb)
		}
		if st, r := officer.Do("POST", "/api/v1/epidemic/persons/"+b+"/merge", map[string]any{"into": b}); st != 422 {
			t.Errorf("merge into itself: %d %s", st, r)
		}
		st, m := officer.Do("POST", "/api/v1/epidemic/persons/"+b+"/merge", map[string]any{"into": a})
		if st != 200 || m.Str("id") != a || len(m.Get("sources").([]any)) != 2 {
			t.Fatalf("merge: %d %s", st, m)
		}
		for _, id := range []string{first, second} {
			checkTallies(t, e.App.DB, id, "a merge")
			if _, sc := officer.Do("GET", "/api/v1/epidemic/screenings/"+id, nil); sc.Int("received") != 1 {
				t.Errorf("list %s after the merge: %s", id, sc)
			}
		}
		if _, l := officer.Do("GET", "/api/v1/epidemic/persons?q=马某", nil); l.Int("total") != 1 {
			t.Errorf("the merged record is still listed: %s", l)
		}
		if st, r := officer.Do("POST", "/api/v1/epidemic/persons/"+b+"/verify", map[string]any{"outcome": "found"}); st != 409 {
			t.Errorf("verify a merged record: %d %s", st, r)
		}
	})
}
