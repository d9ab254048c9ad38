package riskarea_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
)

// square is a closed GeoJSON ring around (lng, lat), d wide.
func square(lng, lat, d float64) map[string]any {
	return map[string]any{"type": "Polygon", "coordinates": [][][]float64{{{lng, lat}, {lng + d, lat}, {lng + d, lat + d},
		{lng, lat + d}, {lng, lat}}}}
}

func polygon(ring ...[]float64) map[string]any {
	return map[string]any{"type": "Polygon", "coordinates": [][][]float64{ring}}
}

// TestBadPolygonsNamed: every bad drawing is a 422 on body.geometry saying
// what is wrong with it.
func TestBadPolygonsNamed(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := e.Login(t, "epidemic_officer")
		rules := e.NewRuleset(t, apptest.Home)
		many := [][]float64{}
		for i := range 600 {
			a := float64(i) / 600 * 6.28
			many = append(many, []float64{112.705 + 0.004*cos(a), 38.405 + 0.004*sin(a)})
		}
		many = append(many, many[0])
		for name, c2 := range map[string]struct {
			geom any
			want string
		}{
			"not closed":   {polygon([]float64{112.701, 38.401}, []float64{112.705, 38.401}, []float64{112.705, 38.405}, []float64{112.701, 38.405}), "闭合"},
			"bow tie":      {polygon([]float64{112.701, 38.401}, []float64{112.705, 38.405}, []float64{112.705, 38.401}, []float64{112.701, 38.405}, []float64{112.701, 38.401}), "自相交"},
			"too many":     {polygon(many...), "超过 500"},
			"outside city": {square(100, 30, 0.01), "不在本市"},
			"out of scope": {square(112.951, 38.481, 0.005), "管辖范围"},
			"a point":      {map[string]any{"type": "Point", "coordinates": []float64{112.70, 38.40}}, "Polygon"},
			"missing":      {nil, "请绘制"},
			"with a hole": {map[string]any{"type": "Polygon", "coordinates": [][][]float64{
				{{112.701, 38.401}, {112.709, 38.401}, {112.709, 38.409}, {112.701, 38.409}, {112.701, 38.401}},
				{{112.703, 38.403}, {112.704, 38.403}, {112.704, 38.404}, {112.703, 38.403}}}}, "不含洞"},
			"100 KB": {polygon(append(slices.Repeat([][]float64{{112.7012345678, 38.4012345678}}, 4000), []float64{112.7012345678, 38.4012345678})...), "KB"},
		} {
			body := map[string]any{"name": "测试区", "kind": "polygon", "level": "high", "ruleset_id": rules, "geometry": c2.geom}
			st, b := c.Do("POST", "/api/v1/epidemic/risk-areas", body)
			if st != 422 || (c2.want != "" && !strings.Contains(b.String(), c2.want)) {
				t.Errorf("%s: %d %s", name, st, b)
			}
		}
		for name, body := range map[string]map[string]any{
			"grid kind names a township": {"name": "x", "kind": "grid", "region_code": apptest.HomeTownship, "level": "high", "ruleset_id": rules},
			"other county":               {"name": "x", "kind": "grid", "region_code": apptest.OtherGrid, "level": "high", "ruleset_id": rules},
			"guessed rule set":           {"name": "x", "kind": "grid", "region_code": apptest.HomeGrid, "level": "high", "ruleset_id": "nope"},
			"level":                      {"name": "x", "kind": "grid", "region_code": apptest.HomeGrid, "level": "extreme", "ruleset_id": rules},
		} {
			if st, b := c.Do("POST", "/api/v1/epidemic/risk-areas", body); st != 422 {
				t.Errorf("%s: %d %s", name, st, b)
			}
		}
	})
}

// TestRiskAreaLifecycle: a drawn area flags the residents inside it, not
// the one next door; publishing issues a public notice; the rules step it
// down on the injected clock, a new case inside restarts the count, and
// every change is in its history and the audit log. Another county never
// sees it.
func TestRiskAreaLifecycle(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		c := e.Login(t, "epidemic_officer")
		inside, insideID := e.NewResidentAt(t, apptest.HomeGrid, 112.703, 38.403)
		outside, _ := e.NewResidentAt(t, apptest.HomeGrid, 112.708, 38.408)
		st, a := c.Do("POST", "/api/v1/epidemic/risk-areas", map[string]any{"name": "实验小学周边", "kind": "polygon",
			"level": "high", "ruleset_id": e.NewRuleset(t, apptest.Home), "geometry": square(112.701, 38.401, 0.004)})
		if st != 201 || a.Str("status") != "draft" || a.Str("region_code") != apptest.HomeGrid {
			t.Fatalf("create: %d %s", st, a)
		}
		id := a.Str("id")
		path := "/api/v1/epidemic/risk-areas/" + id
		st, a = c.Do("POST", path+"/actions", map[string]any{"action": "publish"})
		if st != 200 || a.Str("status") != "published" || a.Int("residents") != 1 || a.Str("notice_id") == "" {
			t.Fatalf("publish: %d %s", st, a)
		}
		n, err := e.App.Notices.Get(ctx, e.System(t), a.Str("notice_id"))
		if err != nil || n.Status != "published" || !strings.Contains(n.Title, "实验小学周边") || !strings.Contains(n.Title, "高风险区") {
			t.Errorf("the notice: %+v %v", n, err)
		}
		if st, _ := c.Do("POST", path+"/actions", map[string]any{"action": "publish"}); st != 409 {
			t.Errorf("published twice: %d", st)
		}
		_, list := c.Do("GET", path+"/residents", nil)
		if list.Int("total") != 1 || list.Str("items.0.id") != inside || strings.Contains(list.String(), insideID) {
			t.Errorf("residents inside, masked: %s", list)
		}
		for who, want := range map[string]int{inside: 1, outside: 0} {
			if _, f := c.Do("GET", "/api/v1/epidemic/risk-flags/"+who, nil); len(f.Get("items").([]any)) != want {
				t.Errorf("flags of %s: %s", who, f)
			}
		}
		if _, m := c.Do("GET", "/api/v1/epidemic/risk-map", nil); !strings.Contains(m.String(), id) ||
			m.Str("features.0.geometry.type") != "Polygon" {
			t.Errorf("map: %s", m)
		}
		other := e.Login(t, apptest.OtherAdmin)
		if st, _ := other.Do("GET", path, nil); st != 404 {
			t.Errorf("out of scope: %d", st)
		}
		if _, m := other.Do("GET", "/api/v1/epidemic/risk-map", nil); strings.Contains(m.String(), id) {
			t.Errorf("another county's map shows it: %s", m)
		}
		// six days on: nothing due; a case inside on day 6 restarts the count
		e.Clock.Advance(6 * 24 * time.Hour)
		c = e.Login(t, "epidemic_officer") // sessions do not last a week
		e.NewCase(t, inside, apptest.HomeGrid)
		if _, r := c.Do("POST", "/api/v1/epidemic/risk-areas/apply-rules", nil); r.Int("changed") != 0 {
			t.Errorf("day 6: %s", r)
		}
		_, a = c.Do("GET", path, nil)
		if a.Str("level") != "high" || a.Int("days_without_case") != 0 || a.Str("last_case_at") == "" {
			t.Errorf("after the case: %s", a)
		}
		// seven days after the case: medium; three more: low; after a pause of
		// a week both of the next steps (low, lifted) at once
		e.Clock.Advance(7*24*time.Hour + time.Hour)
		c = e.Login(t, "epidemic_officer")
		if _, r := c.Do("POST", "/api/v1/epidemic/risk-areas/apply-rules", nil); r.Int("changed") != 1 {
			t.Errorf("day 13: %s", r)
		}
		_, a = c.Do("GET", path, nil)
		if a.Str("level") != "medium" || a.Str("status") != "downgraded" || a.Str("next_step") != "low" {
			t.Errorf("downgraded: %s", a)
		}
		e.Clock.Advance(7 * 24 * time.Hour)
		c = e.Login(t, "epidemic_officer")
		sys := e.System(t)
		if r, err := e.App.RiskAreas.ApplyRules(ctx, sys); err != nil || r.Changed != 2 {
			t.Errorf("the job after a pause: %+v %v", r, err)
		}
		_, a = c.Do("GET", path, nil)
		h := a.Get("history").([]any)
		if a.Str("status") != "lifted" || len(h) != 5 {
			t.Fatalf("lifted: %s", a)
		}
		for i, want := range []string{"create", "publish", "downgrade", "downgrade", "lift"} {
			if got := a.Str(fmt.Sprintf("history.%d.action", i)); got != want || (i > 0 && a.Str(fmt.Sprintf("history.%d.notice_id", i)) == "") {
				t.Errorf("history %d: %s", i, a)
			}
		}
		var audits int
		if err := e.App.DB.QueryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE object_id = ? AND action LIKE 'epidemic.riskarea.%'",
			id).Scan(&audits); err != nil || audits != 5 {
			t.Errorf("audited: %d %v", audits, err)
		}
		if _, m := c.Do("GET", "/api/v1/epidemic/risk-map", nil); strings.Contains(m.String(), id) {
			t.Errorf("a lifted area on the map: %s", m)
		}
	})
}

// TestRulesetVersions: a new version supersedes the one in force and both
// are kept; an area is drawn only under a version in force and keeps the
// one it was published under.
func TestRulesetVersions(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := e.Login(t, "epidemic_officer")
		v := func(days int) (int, string) {
			st, b := c.Do("POST", "/api/v1/epidemic/risk-rulesets", map[string]any{"code": "county", "name": "调整规则",
				"downgrades": []map[string]any{{"from": "high", "to": "low", "days": days}}})
			if st != 201 {
				t.Fatalf("supersede: %d %s", st, b)
			}
			return b.Int("version"), b.Str("id")
		}
		v0, first := v(14)
		st, a := c.Do("POST", "/api/v1/epidemic/risk-areas", map[string]any{"name": "网格区", "kind": "grid",
			"region_code": apptest.HomeGrid, "level": "high", "ruleset_id": first})
		if st != 201 {
			t.Fatalf("area: %d %s", st, a)
		}
		v1, second := v(7)
		if v0 != 0 || v1 != 1 {
			t.Errorf("versions %d %d", v0, v1)
		}
		_, l := c.Do("GET", "/api/v1/epidemic/risk-rulesets?current=true", nil)
		if strings.Contains(l.String(), first) || !strings.Contains(l.String(), second) {
			t.Errorf("in force: %s", l)
		}
		if _, old := c.Do("GET", "/api/v1/epidemic/risk-rulesets/"+first, nil); old.Str("superseded_at") == "" {
			t.Errorf("the old version: %s", old)
		}
		if st, _ := c.Do("POST", "/api/v1/epidemic/risk-areas", map[string]any{"name": "x", "kind": "grid",
			"region_code": apptest.HomeGrid, "level": "high", "ruleset_id": first}); st != 422 {
			t.Errorf("a superseded version: %d", st)
		}
		if _, got := c.Do("GET", "/api/v1/epidemic/risk-areas/"+a.Str("id"), nil); got.Str("ruleset_id") != first {
			t.Errorf("the area's version: %s", got)
		}
		if st, b := c.Do("POST", "/api/v1/epidemic/risk-rulesets", map[string]any{"code": "county", "name": "x",
			"downgrades": []map[string]any{{"from": "low", "to": "medium", "days": 3}}}); st != 422 ||
			!strings.Contains(b.String(), "downgrades[0].to") {
			t.Errorf("an upgrade rule: %d %s", st, b)
		}
	})
}
