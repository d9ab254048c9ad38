package chain_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/testkit"
)

// audits counts the audit records of action.
func audits(t *testing.T, e *apptest.Env, action string) int {
	t.Helper()
	var n int
	if err := e.App.DB.QueryRow(context.Background(), "SELECT COUNT(*) FROM audit_log WHERE action = ?", action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestChainsOverHTTP: exposures joining a person of each county make one
// chain both counties list; each sees the other's person as a category and
// a county only; bad input is named; removal splits the chain, audited.
func TestChainsOverHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		officer, other := e.Login(t, "epidemic_officer"), e.Login(t, apptest.OtherAdmin)
		a, b := e.NewRiskPerson(t, apptest.HomeGrid, "confirmed"), e.NewRiskPerson(t, apptest.HomeGrid, "close_contact")
		c := e.NewRiskPerson(t, apptest.OtherGrid, "close_contact")
		items := []map[string]any{
			{"source": a, "target": b, "kind": "household", "date": "2026-11-20", "certainty": "confirmed"},
			{"source": a, "target": c, "kind": "work", "date": "2026-11-21", "certainty": "possible", "ref": "trace-1"},
		}
		st, added := officer.Do("POST", "/api/v1/epidemic/exposures", map[string]any{"items": items})
		if st != 200 || len(added.Get("chains").([]any)) != 1 {
			t.Fatalf("add: %d %s", st, added)
		}
		id := added.Str("chains.0")
		if st, again := officer.Do("POST", "/api/v1/epidemic/exposures", map[string]any{"items": items[:1]}); st != 200 ||
			again.Str("chains.0") != id {
			t.Errorf("a retry: %d %s", st, again)
		}
		for _, c := range []struct {
			name  string
			item  map[string]any
			field string
		}{
			{"self", map[string]any{"source": a, "target": a, "kind": "other", "date": "2026-11-20", "certainty": "possible"}, "body.items[0].target"},
			{"future", map[string]any{"source": a, "target": b, "kind": "other", "date": "2026-12-30", "certainty": "possible"}, "body.items[0].date"},
			{"no day", map[string]any{"source": a, "target": b, "kind": "other", "date": "2026-02-30", "certainty": "possible"}, "body.items[0].date"},
			{"guessed person", map[string]any{"source": a, "target": "nobody", "kind": "other", "date": "2026-11-20", "certainty": "possible"}, "body.items[0].target"},
			{"venue unnamed", map[string]any{"source": a, "target": b, "kind": "venue", "date": "2026-11-20", "certainty": "possible"}, "body.items[0].venue"},
			{"venue guessed", map[string]any{"source": a, "target": b, "kind": "venue", "venue": "V404", "date": "2026-11-20", "certainty": "possible"}, "body.items[0].venue"},
			{"kind", map[string]any{"source": a, "target": b, "kind": "telepathy", "date": "2026-11-20", "certainty": "possible"}, "body.items[0].kind"},
		} {
			st, p := officer.Do("POST", "/api/v1/epidemic/exposures", map[string]any{"items": []any{c.item}})
			if st != 422 || !strings.Contains(p.String(), c.field) {
				t.Errorf("%s: %d %s", c.name, st, p)
			}
		}
		// both of 定襄县's: out of the officer's scope
		d := e.NewRiskPerson(t, apptest.OtherGrid, "close_contact")
		if st, p := officer.Do("POST", "/api/v1/epidemic/exposures", map[string]any{"items": []any{map[string]any{"source": c,
			"target": d, "kind": "other", "date": "2026-11-20", "certainty": "possible"}}}); st != 422 ||
			!strings.Contains(p.String(), "body.items[0].source") {
			t.Errorf("out of scope: %d %s", st, p)
		}
		for _, who := range []*testkit.Client{officer, other} {
			if _, l := who.Do("GET", "/api/v1/epidemic/chains?active=true", nil); l.Int("total") != 1 || l.Str("items.0.id") != id ||
				l.Int("items.0.size") != 3 || l.Str("items.0.first_date") != "2026-11-20" || l.Str("items.0.latest_date") != "2026-11-21" {
				t.Errorf("list: %s", l)
			}
		}
		if _, l := officer.Do("GET", "/api/v1/epidemic/chains?active=false", nil); l.Int("total") != 0 {
			t.Errorf("inactive: %s", l)
		}
		_, l := officer.Do("GET", "/api/v1/epidemic/chains?region="+apptest.HomeGrid, nil)
		if l.Int("items.0.in_scope") != 2 || l.Int("items.0.grid_count") != 2 || l.Str("items.0.grids.0") != apptest.HomeGrid {
			t.Errorf("by grid: %s", l)
		}
		if st, _ := officer.Do("GET", "/api/v1/epidemic/chains?region=140921100001", nil); st != 404 {
			t.Errorf("a region beside the scope: %d", st)
		}
		_, g := officer.Do("GET", "/api/v1/epidemic/chains/"+id, nil)
		masked := 0
		for _, n := range g.Get("nodes").([]any) {
			n := n.(map[string]any)
			if n["in_scope"] == false {
				masked++
				if n["name"] != nil || n["person_id"] != nil || n["grid"] != nil || n["key"] != "x1" || n["region"] != apptest.Other ||
					n["category"] != "close_contact" {
					t.Errorf("a masked node: %v", n)
				}
			}
		}
		if masked != 1 || len(g.Get("edges").([]any)) != 2 || g.Str("grouped") != "none" || strings.Contains(g.String(), c) {
			t.Errorf("graph: %s", g)
		}
		if _, g := other.Do("GET", "/api/v1/epidemic/chains/"+id, nil); strings.Contains(g.String(), a) || strings.Contains(g.String(), b) {
			t.Errorf("the other county sees the home persons: %s", g)
		}
		if _, g := officer.Do("GET", "/api/v1/epidemic/chains/"+id+"?certainty=probable", nil); len(g.Get("edges").([]any)) != 1 {
			t.Errorf("probable and up: %s", g)
		}
		if _, g := officer.Do("GET", "/api/v1/epidemic/chains/"+id+"?group=generation", nil); g.Int("groups.0.size") != 1 ||
			g.Int("groups.1.size") != 2 || g.Int("group_edges.0.count") != 2 {
			t.Errorf("by generation: %s", g)
		}
		st, csv := officer.Do("GET", "/api/v1/epidemic/chains/"+id+"/export.csv", nil)
		if st != 200 || !strings.Contains(csv.String(), "（辖区外）x1") || audits(t, e, "epidemic.chain.export") != 1 {
			t.Errorf("export: %d %s", st, csv)
		}
		_, ex := officer.Do("GET", "/api/v1/epidemic/exposures?person="+a, nil)
		if ex.Str("items.0.other.person_id") != "" || ex.Str("items.0.direction") != "out" || ex.Str("items.1.other.person_id") != b {
			t.Errorf("a's exposures: %s", ex)
		}
		if st, _ := officer.Do("GET", "/api/v1/epidemic/exposures?person="+c, nil); st != 404 {
			t.Errorf("c's exposures to 忻府区: %d", st)
		}
		_, ex = other.Do("GET", "/api/v1/epidemic/exposures?person="+c, nil)
		if ex.Str("items.0.other.person_id") != "" || ex.Str("items.0.other.category") != "confirmed" {
			t.Errorf("c's exposures to 定襄县: %s", ex)
		}
		work := ex.Str("items.0.id")
		if st, p := officer.Do("DELETE", "/api/v1/epidemic/exposures/"+work, nil); st != 422 || !strings.Contains(p.String(), "query.reason") {
			t.Errorf("no reason: %d %s", st, p)
		}
		if st, p := officer.Do("DELETE", "/api/v1/epidemic/exposures/"+work+"?reason=%E5%BD%95%E9%94%99", nil); st != 204 {
			t.Fatalf("remove: %d %s", st, p)
		}
		if _, l := other.Do("GET", "/api/v1/epidemic/chains", nil); l.Int("total") != 0 {
			t.Errorf("定襄县 after the split: %s", l)
		}
		if _, l := officer.Do("GET", "/api/v1/epidemic/chains", nil); l.Int("total") != 1 || l.Int("items.0.size") != 2 {
			t.Errorf("忻府区 after the split: %s", l)
		}
		if audits(t, e, "epidemic.exposure.remove") != 1 || audits(t, e, "epidemic.exposure.add") < 2 {
			t.Error("exposures unaudited")
		}
	})
}

// TestOutbreaksOverHTTP: an outbreak declared over a chain moves declared →
// controlled → closed, its chains and level changing, each step on its
// timeline with who; bad input is named; out of scope is 404.
func TestOutbreaksOverHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		officer, other := e.Login(t, "epidemic_officer"), e.Login(t, apptest.OtherAdmin)
		c1, _ := e.NewChain(t, apptest.HomeGrid)
		c2, _ := e.NewChain(t, apptest.HomeGrid)
		far, _ := e.NewChain(t, apptest.OtherGrid)
		for _, c := range []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"nothing over", map[string]any{"name": "x", "disease": "B27", "region": apptest.Home}, "body.chains"},
			{"far chain", map[string]any{"name": "x", "disease": "B27", "region": apptest.Home, "chains": []string{far}}, "body.chains[0]"},
			{"other disease", map[string]any{"name": "x", "disease": "C01", "region": apptest.Home, "chains": []string{c1}}, "body.chains[0]"},
			{"far region", map[string]any{"name": "x", "disease": "B27", "region": apptest.Other, "chains": []string{c1}}, "body.region"},
			{"blank name", map[string]any{"name": "  ", "disease": "B27", "region": apptest.Home, "chains": []string{c1}}, "body.name"},
			{"guessed venue", map[string]any{"name": "x", "disease": "B27", "region": apptest.Home, "venue": "V404"}, "body.venue"},
		} {
			if st, p := officer.Do("POST", "/api/v1/epidemic/outbreaks", c.body); st != 422 || !strings.Contains(p.String(), c.field) {
				t.Errorf("%s: %d %s", c.name, st, p)
			}
		}
		st, o := officer.Do("POST", "/api/v1/epidemic/outbreaks", map[string]any{"name": "某小学聚集性疫情", "disease": "B27",
			"region": apptest.Home, "chains": []string{c1}})
		if st != 201 || o.Str("level") != "IV" || o.Str("status") != "declared" || o.Int("size") != 2 || o.Str("timeline.0.kind") != "declared" {
			t.Fatalf("declare: %d %s", st, o)
		}
		id := o.Str("id")
		for _, step := range []struct {
			body map[string]any
			want int
		}{
			{map[string]any{"action": "add_chains", "chains": []string{c2}}, 200},
			{map[string]any{"action": "set_level", "level": "III"}, 200},
			{map[string]any{"action": "set_level", "level": "V"}, 422},
			{map[string]any{"action": "control", "note": "已管控"}, 200},
			{map[string]any{"action": "control"}, 409},
			{map[string]any{"action": "close"}, 200},
			{map[string]any{"action": "set_level", "level": "II"}, 409},
		} {
			if st, b := officer.Do("POST", "/api/v1/epidemic/outbreaks/"+id+"/actions", step.body); st != step.want {
				t.Errorf("%v: %d %s", step.body, st, b)
			}
		}
		_, o = officer.Do("GET", "/api/v1/epidemic/outbreaks/"+id, nil)
		var kinds []string
		for _, s := range o.Get("timeline").([]any) {
			kinds = append(kinds, s.(map[string]any)["kind"].(string))
		}
		if strings.Join(kinds, ",") != "declared,chains_added,level_changed,controlled,closed" || o.Str("level") != "III" ||
			o.Int("size") != 4 || o.Str("closed_at") == "" || o.Str("timeline.1.actor") == "" || len(o.Get("allowed_actions").([]any)) != 0 {
			t.Errorf("the closed outbreak: %s", o)
		}
		if st, _ := other.Do("GET", "/api/v1/epidemic/outbreaks/"+id, nil); st != http.StatusNotFound {
			t.Errorf("other county: %d", st)
		}
		if _, l := officer.Do("GET", "/api/v1/epidemic/outbreaks?status=closed", nil); l.Int("total") != 1 {
			t.Errorf("list: %s", l)
		}
		if audits(t, e, "epidemic.outbreak.declare") != 1 || audits(t, e, "epidemic.outbreak.update") != 4 {
			t.Error("outbreaks unaudited")
		}
	})
}
