package seed_test

import (
	"context"
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
			if err := seed.Demo(ctx, a); err != nil {
				t.Errorf("seeding again is a no-op: %v", err)
			}
		})
	}
}
