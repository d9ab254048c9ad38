package seed_test

import (
	"context"
	"fmt"
	"log/slog"
	"testing"

	"healthgrid/internal/app"
	"healthgrid/internal/auth"
	"healthgrid/internal/config"
	"healthgrid/internal/db"
	"healthgrid/internal/demo/seed"
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
	if _, b := cdc.Do("GET", "/api/v1/epidemic/reports?size=1", nil); b.Int("total") != 9 {
		t.Errorf("the episode's cards: %s", b)
	}
	if _, b := cdc.Do("GET", "/api/v1/epidemic/reports?status=filed&size=1", nil); b.Int("total") != 2 {
		t.Errorf("cards waiting for review: %s", b)
	}
	if _, b := testkit.NewClient(t, a.Handler).Login("hospital", seed.Password).Do("GET", "/api/v1/epidemic/reports?size=1", nil); b.Int("total") != 9 {
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
	checkRiskAreas(t, a)
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
