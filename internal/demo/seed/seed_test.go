package seed_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/app"
	"healthgrid/internal/auth"
	"healthgrid/internal/config"
	"healthgrid/internal/db"
	"healthgrid/internal/demo/seed"
	"healthgrid/internal/epidemic/chain"
	"healthgrid/internal/testkit"
)

// The demo city seeds whole on both engines — `serve --demo` on PostgreSQL
// as well as on the embedded default — and its county admin finds its
// residents and grids.
func TestSeedDemo(t *testing.T) {
	for _, d := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			cfg := config.Default()
			cfg.DataDir, cfg.Demo = t.TempDir(), true
			if d == db.Postgres {
				cfg.DB = testkit.PostgresSchemaDSN(t)
			}
			ctx := context.Background()
			a, err := app.New(ctx, cfg, app.Options{Argon: auth.TestArgon, Log: slog.New(slog.DiscardHandler)})
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			if err := seed.Demo(ctx, a); err != nil {
				t.Fatalf("seed the demo city: %v", err)
			}
			c := testkit.NewClient(t, a.Handler).Login("xinfu", seed.Password)
			if st, b := c.Do("GET", "/api/v1/residents?region=140902000000&size=1", nil); st != 200 || b.Int("total") < 1000 {
				t.Errorf("忻府区's residents: %d %s", st, b)
			}
			if st, b := c.Do("GET", "/api/v1/grids?region=140902000000", nil); st != 200 || b.Int("total") < 100 {
				t.Errorf("忻府区's grids: %d total %d", st, b.Int("total"))
			}
			checkDemoGrid(t, a)
			checkEpidemic(t, a)
			checkVenues(t, a)
			checkOutbreak(t, a)
			if err := seed.Demo(ctx, a); err != nil {
				t.Errorf("seeding again is a no-op: %v", err)
			}
		})
	}
}

// checkEpidemic holds the demo's epidemic episode to what it plays: the
// hospital's nine cards, two still waiting for the CDC; nine close contacts
// at the county's isolation site, fifteen people under measures; the
// results of the cases and of every other day under a measure.
func checkEpidemic(t *testing.T, a *app.App) {
	t.Helper()
	cdc := testkit.NewClient(t, a.Handler).Login("cdc", seed.Password)
	if _, b := cdc.Do("GET", "/api/v1/epidemic/reports?size=1", nil); b.Int("total") != 21 {
		t.Errorf("the episode's cards: %s", b)
	}
	if _, b := cdc.Do("GET", "/api/v1/epidemic/reports?status=filed&size=1", nil); b.Int("total") != 7 {
		t.Errorf("cards waiting for review: %s", b)
	}
	if _, b := testkit.NewClient(t, a.Handler).Login("hospital", seed.Password).Do("GET", "/api/v1/epidemic/reports?size=1", nil); b.Int("total") != 21 {
		t.Errorf("the hospital's own cards: %s", b)
	}
	if _, b := cdc.Do("GET", "/api/v1/epidemic/measures?state=active&size=1", nil); b.Int("total") != 16 {
		t.Errorf("people under measures: %s", b)
	}
	if _, b := cdc.Do("GET", "/api/v1/epidemic/sites", nil); b.Str("items.0.name") != "忻府区集中隔离点（金山宾馆）" ||
		b.Int("items.0.occupied") != 9 || b.Int("items.0.capacity") != 30 {
		t.Errorf("the isolation site: %s", b)
	}
	if _, b := cdc.Do("GET", "/api/v1/epidemic/tests?size=1", nil); b.Int("total") != 36 {
		t.Errorf("the episode's test results: %s", b)
	}
	if _, b := cdc.Do("GET", "/api/v1/epidemic/tests?result=positive&size=1", nil); b.Int("total") != 4 {
		t.Errorf("the positive results: %s", b)
	}
	_, l := cdc.Do("GET", "/api/v1/epidemic/screenings", nil)
	if l.Str("items.0.name") != "东大街聚集性疫情密接排查（第3批）" || l.Int("items.0.received") != 15 ||
		l.Int("items.0.pool") != 4 || l.Int("items.0.verified") != 4 {
		t.Errorf("the screening list, half of the demo grid's share verified: %s", l)
	}
	grid := testkit.NewClient(t, a.Handler).Login("grid", seed.Password)
	if _, b := grid.Do("GET", "/api/v1/inbox?kind=epidemic_person", nil); b.Int("total") != 4 {
		t.Errorf("the grid worker's share still to verify in the inbox: %s", b)
	}
	if _, b := testkit.NewClient(t, a.Handler).Login("resident", seed.Password).Do("GET", "/api/v1/public/measures", nil); b.Str("items.0.kind") != "home_monitoring" {
		t.Errorf("the demo resident's own measure: %s", b)
	}
	checkTrace(t, a, cdc)
	checkWarning(t, cdc)
	checkRiskAreas(t, a)
}

// checkTrace holds the school and market cluster to what it plays: the
// index pupil traced with 2 hops and pushed down — her household, class,
// teacher and the shoppers she met as close contacts, the shoppers her
// father served as secondary ones (the venues' background check-ins may
// add some) — the classmate and the father confirmed after.
func checkTrace(t *testing.T, a *app.App, cdc *testkit.Client) {
	t.Helper()
	_, l := cdc.Do("GET", "/api/v1/epidemic/traces", nil)
	if l.Int("total") != 1 || l.Str("items.0.case_name") != "王梓涵" || l.Int("items.0.hops") != 2 ||
		l.Int("items.0.close") < 18 || l.Int("items.0.secondary") < 14 || l.Str("items.0.push.close_screening") == "" ||
		l.Str("items.0.push.secondary_screening") == "" || l.Str("items.0.basis") != "onset" {
		t.Fatalf("the cluster's trace: %s", l)
	}
	for _, list := range []struct {
		key  string
		min  int
		name string
	}{{"close_screening", 18, "（密接）"}, {"secondary_screening", 14, "（次密接）"}} {
		_, s := cdc.Do("GET", "/api/v1/epidemic/screenings/"+l.Str("items.0.push."+list.key), nil)
		if s.Int("received") < list.min || !strings.HasSuffix(s.Str("name"), list.name) {
			t.Errorf("the pushed list %s: %s", list.key, s)
		}
	}
	var confirmed int
	if err := a.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM epi_persons p JOIN epi_person_sources x
		ON x.person_id = p.id AND x.kind = 'screening' AND x.ref = ? WHERE p.category = 'confirmed'`,
		l.Str("items.0.push.close_screening")).Scan(&confirmed); err != nil || confirmed != 2 {
		t.Errorf("the classmate and the father confirmed after the push: %d %v", confirmed, err)
	}
}

// checkVenues: the demo's ten venues with the two the episode names, two
// weeks of check-ins at the school (school days) and the market (daily),
// and the demo resident's own records.
func checkVenues(t *testing.T, a *app.App) {
	t.Helper()
	cdc := testkit.NewClient(t, a.Handler).Login("cdc", seed.Password)
	if _, b := cdc.Do("GET", "/api/v1/epidemic/venues?size=1", nil); b.Int("total") != 10 {
		t.Errorf("the venues: %s", b)
	}
	for code, want := range map[string]struct {
		name, kind string
		stay       int
		days       [2]int
	}{"XF-SCH-001": {"忻州市第一实验小学", "school", 480, [2]int{9, 10}}, "XF-MKT-001": {"新建路农贸市场", "market", 60, [2]int{13, 14}}} {
		_, v := cdc.Do("GET", "/api/v1/epidemic/venues/"+code, nil)
		if v.Str("name") != want.name || v.Str("kind") != want.kind || v.Int("default_stay_minutes") != want.stay ||
			!strings.HasPrefix(v.Str("grid_code"), "140902") {
			t.Errorf("%s: %s", code, v)
		}
		_, c := cdc.Do("GET", "/api/v1/epidemic/venues/"+code+"/checkins", nil)
		days, _ := c.Get("days").([]any)
		sum := 0
		for i := range days {
			sum += c.Int(fmt.Sprintf("days.%d.count", i))
		}
		if len(days) < want.days[0] || len(days) > want.days[1] || sum < 300 {
			t.Errorf("%s's check-ins: %d days, %d in all: %s", code, len(days), sum, c)
		}
	}
	_, mine := testkit.NewClient(t, a.Handler).Login("resident", seed.Password).Do("GET", "/api/v1/public/venue-checkins", nil)
	if mine.Str("items.0.venue_code") != "XF-MKT-001" || mine.Str("items.1.venue_code") != "XF-RST-001" {
		t.Errorf("the demo resident's records: %s", mine)
	}
}

// checkOutbreak holds the demo's outbreak to the CDC's word: declared, grade
// IV, over the largest active chain of 忻府区 — the school and market
// cluster the trace seed builds. A chain of three of the episode's persons
// stands in for it where that cluster is not seeded; with it, the seed
// already declared the outbreak and running it again adds nothing.
func checkOutbreak(t *testing.T, a *app.App) {
	t.Helper()
	ctx := context.Background()
	rows, err := a.DB.Query(ctx, `SELECT id FROM epi_persons WHERE region_path >= '140900000000/140902000000/'
		AND region_path < '140900000000/140902000000/~' AND disease_code = 'B27' AND merged_into IS NULL ORDER BY id LIMIT 3`)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	day := time.Now().AddDate(0, 0, -2).Format(time.DateOnly)
	if err := a.Chains.AddExposures(ctx, nil, []chain.Exposure{
		{Source: ids[0], Target: ids[1], Kind: "household", Date: day, Certainty: "confirmed"},
		{Source: ids[0], Target: ids[2], Kind: "work", Date: day, Certainty: "probable"}}); err != nil {
		t.Fatal(err)
	}
	if err := seed.SeedOutbreak(ctx, a); err != nil {
		t.Fatal(err)
	}
	cdc := testkit.NewClient(t, a.Handler).Login("cdc", seed.Password)
	_, chains := cdc.Do("GET", "/api/v1/epidemic/chains?region=140902000000&active=true&size=200", nil)
	largest, size := "", 0
	for _, c := range chains.Get("items").([]any) {
		if c := c.(map[string]any); int(c["size"].(float64)) > size {
			largest, size = c["id"].(string), int(c["size"].(float64))
		}
	}
	_, l := cdc.Do("GET", "/api/v1/epidemic/outbreaks", nil)
	if l.Int("total") != 1 || l.Str("items.0.name") != "忻府区学校及农贸市场聚集性疫情" || l.Str("items.0.level") != "IV" ||
		l.Str("items.0.status") != "declared" || l.Str("items.0.chains.0.id") != largest {
		t.Errorf("the demo's outbreak over chain %s: %s", largest, l)
	}
	if st, g := cdc.Do("GET", "/api/v1/epidemic/chains/"+largest, nil); st != 200 || len(g.Get("nodes").([]any)) != size {
		t.Errorf("the outbreak's chain: %d %s", st, g)
	}
}

// checkWarning: the mumps cluster's yellow signal waits in the CDC's queue,
// C1 and C2 agreeing on yesterday's five cases in 长征街街道, beside the
// county's own for the school and market cluster's cases, and the CDC can
// verify it.
func checkWarning(t *testing.T, cdc *testkit.Client) {
	t.Helper()
	_, b := cdc.Do("GET", "/api/v1/epidemic/signals?status=active&disease=C02", nil)
	if b.Int("total") != 1 || b.Str("items.0.level") != "yellow" || b.Str("items.0.disease") != "C02" ||
		b.Str("items.0.region_code") != "140902002000" || b.Str("items.0.method") != "C1" || b.Int("items.0.count") != 5 ||
		b.Str("items.0.methods.1") != "C2" || b.Str("items.0.actions.0") != "verify" {
		t.Fatalf("the demo's signal: %s", b)
	}
	if _, all := cdc.Do("GET", "/api/v1/epidemic/signals?status=active", nil); all.Int("total") != 2 {
		t.Errorf("the queue: the mumps signal and the cluster's: %s", all)
	}
	if st, v := cdc.Do("POST", "/api/v1/epidemic/signals/"+b.Str("items.0.id")+"/actions", map[string]any{"action": "verify"}); st != 200 ||
		v.Str("status") != "verifying" {
		t.Errorf("the CDC verifies it: %d %s", st, v)
	}
}

// checkRiskAreas: the school's high-risk area published five days ago
// under rule set version 1 (version 0 kept, superseded), with its notice
// and residents inside; the vaccination ledgers counted in 秀容街道.
func checkRiskAreas(t *testing.T, a *app.App) {
	t.Helper()
	cdc := testkit.NewClient(t, a.Handler).Login("cdc", seed.Password)
	_, l := cdc.Do("GET", "/api/v1/epidemic/risk-areas?in_force=true", nil)
	if l.Int("total") != 1 || l.Str("items.0.name") != "忻州市第一实验小学及周边" || l.Str("items.0.level") != "high" ||
		l.Str("items.0.kind") != "polygon" || l.Int("items.0.days_without_case") != 5 || l.Int("items.0.residents") == 0 ||
		l.Str("items.0.notice_id") == "" || l.Str("items.0.ruleset") != "忻府区风险区域调整规则 v1" {
		t.Errorf("the school's risk area: %s", l)
	}
	// the daily job sees the school cluster's cases, confirmed inside the
	// area since it was published, and restarts its count
	if st, b := cdc.Do("POST", "/api/v1/epidemic/risk-areas/apply-rules", map[string]any{}); st != 200 {
		t.Errorf("apply the rules: %d %s", st, b)
	}
	if _, l := cdc.Do("GET", "/api/v1/epidemic/risk-areas?in_force=true", nil); l.Int("items.0.days_without_case") >= 5 ||
		l.Str("items.0.level") != "high" {
		t.Errorf("the school's area after the cluster: %s", l)
	}
	if _, r := cdc.Do("GET", "/api/v1/epidemic/risk-rulesets", nil); r.Int("items.0.version") != 1 ||
		r.Int("items.1.version") != 0 || r.Str("items.1.superseded_at") == "" {
		t.Errorf("the rule set's versions: %s", r)
	}
	if _, m := cdc.Do("GET", "/api/v1/epidemic/risk-map", nil); m.Str("features.0.properties.level") != "high" {
		t.Errorf("the map: %s", m)
	}
	var records int
	if err := a.DB.QueryRow(context.Background(), "SELECT COUNT(*) FROM epi_vaccinations WHERE region_path <> ''").
		Scan(&records); err != nil || records < 2000 || records > 6000 {
		t.Errorf("the ledgers: %d %v", records, err)
	}
	_, c := cdc.Do("GET", "/api/v1/epidemic/vaccinations/coverage?region=140902001000&vaccine=covid19", nil)
	for i := range 6 {
		if c.Str(fmt.Sprintf("cells.%d.age_group", i)) == "18-59" && c.Int(fmt.Sprintf("cells.%d.people", i)) == 0 {
			t.Errorf("秀容街道's COVID-19 coverage: %s", c)
		}
	}
}
