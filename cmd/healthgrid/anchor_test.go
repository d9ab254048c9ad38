package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/app"
	"healthgrid/internal/audit"
	"healthgrid/internal/config"
	"healthgrid/internal/db"
	"healthgrid/internal/testkit"
)

// The action these tests write: the server declares no action of its own here.
var _ = audit.Declare("test.write")

// readAnchors is the anchor log of a data directory.
func readAnchors(t *testing.T, dir string) []audit.Anchor {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, audit.AnchorLogFile))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var out []audit.Anchor
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var a audit.Anchor
		if line != "" && json.Unmarshal([]byte(line), &a) == nil {
			out = append(out, a)
		}
	}
	return out
}

// cliArgs are the flags that point a command at the server's database.
func cliArgs(cfg config.Config, args ...string) []string {
	args = append(args, "--data", cfg.DataDir)
	if cfg.DB != "" {
		args = append(args, "--db", cfg.DB)
	}
	return args
}

// A server anchors the head when it starts and, after its last audited
// write, when it shuts down; `audit verify` then checks the chain against them.
func TestServeAnchorsAtShutdown(t *testing.T) {
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			cfg := config.Default()
			cfg.DataDir, cfg.Addr = t.TempDir(), "127.0.0.1:0"
			if dialect == db.Postgres {
				cfg.DB = testkit.PostgresSchemaDSN(t)
			}
			a, err := app.New(context.Background(), cfg, app.Options{Log: slog.New(slog.DiscardHandler)})
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			ctx, stop := context.WithCancel(context.Background())
			served := make(chan error, 1)
			go func() { served <- a.Serve(ctx, nil, nil) }()
			for deadline := time.Now().Add(time.Minute); len(readAnchors(t, cfg.DataDir)) == 0; time.Sleep(20 * time.Millisecond) {
				if time.Now().After(deadline) {
					stop()
					t.Fatalf("no anchor at start: %v", <-served)
				}
			}
			if err := a.Audit.Write(context.Background(), audit.Record{Action: "test.write"}); err != nil {
				t.Fatal(err)
			}
			stop()
			if err := <-served; err != nil {
				t.Fatal(err)
			}
			anchors := readAnchors(t, cfg.DataDir)
			last := anchors[len(anchors)-1]
			if last.Reason != audit.AnchorShutdown || last.Seq != 1 || len(anchors) != 2 {
				t.Fatalf("anchors %+v: want the start's, then the shutdown's naming record 1", anchors)
			}
			var out bytes.Buffer
			if err := run(context.Background(), cliArgs(cfg, "audit", "verify"), &out); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), "1 records checked against 2 anchors") {
				t.Errorf("verify says %q", out.String())
			}
		})
	}
}

// `audit verify` exits with an error naming the gap when the newest records
// were deleted and the head rewritten after an anchor, and when the anchors
// are checked with a public key that did not sign them; without an anchor
// log it checks the chain as before and says so.
func TestVerifyCommandAgainstAnchors(t *testing.T) {
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			cfg := config.Default()
			cfg.DataDir = t.TempDir()
			if dialect == db.Postgres {
				cfg.DB = testkit.PostgresSchemaDSN(t)
			}
			ctx := context.Background()
			a, err := app.New(ctx, cfg, app.Options{Log: slog.New(slog.DiscardHandler)})
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			for range 5 {
				if err := a.Audit.Write(ctx, audit.Record{Action: "test.write"}); err != nil {
					t.Fatal(err)
				}
			}
			verify := func(args ...string) (string, error) {
				var out bytes.Buffer
				err := run(ctx, cliArgs(cfg, append([]string{"audit", "verify"}, args...)...), &out)
				return out.String(), err
			}
			if out, err := verify(); err != nil || !strings.Contains(out, "5 records checked; "+audit.NoAnchorYet) {
				t.Fatalf("no anchor log: %q %v", out, err)
			}
			if _, err := a.Anchors.Anchor(ctx, audit.AnchorInterval); err != nil {
				t.Fatal(err)
			}
			var pub bytes.Buffer
			if err := run(ctx, cliArgs(cfg, "audit", "public-key"), &pub); err != nil {
				t.Fatal(err)
			}
			if out, err := verify("--anchor-public-key", strings.TrimSpace(pub.String())); err != nil || !strings.Contains(out, "against 1 anchors") {
				t.Fatalf("with the printed public key: %q %v", out, err)
			}
			_, err = verify("--anchor-public-key", "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
			if err == nil || !strings.Contains(err.Error(), "is signed by key") {
				t.Fatalf("another public key: %v", err)
			}
			for _, s := range []string{"DELETE FROM audit_log WHERE seq > 3",
				"UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit_log WHERE seq = 3) WHERE id = 1"} {
				if _, err := a.DB.Exec(ctx, s); err != nil {
					t.Fatal(err)
				}
			}
			_, err = verify()
			if err == nil || !strings.Contains(err.Error(), "broken at record 4") || !strings.Contains(err.Error(), "2 records missing") {
				t.Fatalf("truncated tail: %v", err)
			}
		})
	}
}
