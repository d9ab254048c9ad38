package audit_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/audit"
	"healthgrid/internal/db"
	"healthgrid/internal/testkit"
)

// anchored is an audit log whose head is anchored into a file.
type anchored struct {
	d     *db.DB
	log   *audit.Log
	an    *audit.Anchorer
	clock *testkit.Clock
	path  string
	key   ed25519.PrivateKey
	logs  *bytes.Buffer
}

func newAnchored(t *testing.T, d *db.DB) *anchored {
	t.Helper()
	dir := t.TempDir()
	key, err := audit.LoadOrCreateAnchorKey(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	a := &anchored{d: d, clock: testkit.NewClock(time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)),
		path: filepath.Join(dir, audit.AnchorLogFile), key: key, logs: &bytes.Buffer{}}
	a.log = audit.New(audit.Deps{DB: d, Key: []byte("test-key"), Now: a.clock.Now}).WithAnchors(a.path, key.Public().(ed25519.PublicKey))
	sink, err := audit.NewSink("", dir)
	if err != nil {
		t.Fatal(err)
	}
	a.an = audit.NewAnchorer(a.log, key, sink, time.Minute, slog.New(slog.NewTextHandler(a.logs, nil)))
	return a
}

func (a *anchored) write(t *testing.T, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		a.clock.Advance(time.Second)
		if err := a.log.Write(context.Background(), audit.Record{Action: "user.update", ObjectType: "user",
			ObjectID: "x", Detail: map[string]any{"i": i}}); err != nil {
			t.Fatal(err)
		}
	}
}

func (a *anchored) anchor(t *testing.T, reason string) bool {
	t.Helper()
	wrote, err := a.an.Anchor(context.Background(), reason)
	if err != nil {
		t.Fatal(err)
	}
	return wrote
}

func (a *anchored) exec(t *testing.T, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := a.d.Exec(context.Background(), s); err != nil {
			t.Fatal(err)
		}
	}
}

func (a *anchored) verify(t *testing.T) audit.Verification {
	t.Helper()
	v, err := a.log.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// plain verifies the chain as it was checked before anchors: the attacks
// below pass it, which is why anchors are needed.
func (a *anchored) plain(t *testing.T) audit.Verification {
	t.Helper()
	v, err := audit.New(audit.Deps{DB: a.d, Key: []byte("test-key"), Now: a.clock.Now}).Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func wantBroken(t *testing.T, v audit.Verification, seq int64, words ...string) {
	t.Helper()
	if v.OK || v.BrokenSeq != seq {
		t.Fatalf("verify = %+v, want broken at %d", v, seq)
	}
	for _, w := range words {
		if !strings.Contains(v.Reason, w) {
			t.Errorf("reason %q does not say %q", v.Reason, w)
		}
	}
}

// An attacker with the database deletes the newest records and sets the
// head to the last one left: the chain is consistent, the anchor is not.
func TestAnchorFindsTruncatedTail(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		a := newAnchored(t, d)
		a.write(t, 6)
		a.anchor(t, audit.AnchorInterval)
		if v := a.verify(t); !v.OK || v.Anchors != 1 || v.AnchoredSeq != 6 || !v.AnchorTime.Equal(a.clock.Now()) {
			t.Fatalf("before the attack: %+v", v)
		}
		a.exec(t, "DELETE FROM audit_log WHERE seq > 4",
			"UPDATE audit_head SET seq = 4, hash = (SELECT hash FROM audit_log WHERE seq = 4) WHERE id = 1")
		if v := a.plain(t); !v.OK {
			t.Fatalf("the truncation should pass a check without anchors: %+v", v)
		}
		wantBroken(t, a.verify(t), 5, "ends at record 4", "the anchor of 2026-12-07T10:00:06Z", "names record 6", "2 records missing")
		// the anchorer that saw record 6 says so at its next tick; its anchor of
		// the shortened head does not hide the older one's
		a.clock.Advance(time.Minute)
		a.anchor(t, audit.AnchorInterval)
		if !strings.Contains(a.logs.String(), "audit head went back") {
			t.Errorf("the anchorer did not notice the head going back: %q", a.logs.String())
		}
		wantBroken(t, a.verify(t), 5, "names record 6", "2 records missing")
	})
}

// An attacker who also holds the chain's key rewrites a record and rehashes
// every later one: only the hash an anchor names gives it away.
func TestAnchorFindsRewrittenChain(t *testing.T) {
	cases := []struct {
		name        string
		seq, broken int64
		after       string
	}{
		{"below the newest anchor", 4, 6, "rewritten after record 2"},
		{"at the newest anchor", 6, 6, "rewritten after record 2"},
		{"below the first anchor", 1, 2, "rewritten after record 0"},
	}
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				a := newAnchored(t, d)
				a.exec(t, "DELETE FROM audit_log", "UPDATE audit_head SET seq = 0, hash = ''")
				a.write(t, 2)
				a.anchor(t, audit.AnchorInterval)
				a.write(t, 4)
				a.anchor(t, audit.AnchorInterval)
				if err := a.log.Rewrite(context.Background(), c.seq, `{"i":"forged"}`); err != nil {
					t.Fatal(err)
				}
				if v := a.plain(t); !v.OK {
					t.Fatalf("a rewrite with the key should pass a check without anchors: %+v", v)
				}
				wantBroken(t, a.verify(t), c.broken, c.after, "does not match the anchor of")
			})
		}
	})
}

// A forged, altered or damaged anchor line fails the verification, naming
// the line, whatever the chain says.
func TestAnchorLogForged(t *testing.T) {
	_, other, _ := ed25519.GenerateKey(rand.Reader)
	edit := func(f func(line string) string) func(*testing.T, *anchored) {
		return func(t *testing.T, a *anchored) {
			b, err := os.ReadFile(a.path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(a.path, []byte(f(string(b))), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	cases := []struct {
		name   string
		forge  func(*testing.T, *anchored)
		reason string
	}{
		{"seq raised", edit(func(l string) string { return strings.Replace(l, `"seq":6`, `"seq":60`, 1) }),
			"line 1 of the anchor log (the anchor of 2026-12-07T10:00:06Z, record 60) has a bad signature"},
		{"hash changed", edit(func(l string) string { return strings.Replace(l, `"hash":"`, `"hash":"0`, 1) }),
			"line 1 of the anchor log (the anchor of 2026-12-07T10:00:06Z, record 6) has a bad signature"},
		{"time moved", edit(func(l string) string { return strings.Replace(l, "10:00:06", "09:00:06", 1) }),
			"line 1 of the anchor log (the anchor of 2026-12-07T09:00:06Z, record 6) has a bad signature"},
		{"signed by another key", func(t *testing.T, a *anchored) {
			sink, err := audit.NewSink(a.path, "")
			if err != nil {
				t.Fatal(err)
			}
			a.clock.Advance(time.Minute)
			forger := audit.NewAnchorer(a.log, other, sink, time.Minute, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if _, err := forger.Anchor(context.Background(), audit.AnchorInterval); err != nil {
				t.Fatal(err)
			}
		}, "line 2 of the anchor log (the anchor of 2026-12-07T10:01:06Z, record 6) is signed by key " +
			audit.KeyID(other.Public().(ed25519.PublicKey)) + ", not by the anchor key"},
		{"not an anchor", edit(func(l string) string { return l + `{"seq":7,` + "\n" }),
			"line 2 of the anchor log is not an anchor"},
	}
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				a := newAnchored(t, d)
				a.exec(t, "DELETE FROM audit_log", "UPDATE audit_head SET seq = 0, hash = ''")
				a.write(t, 6)
				a.anchor(t, audit.AnchorInterval)
				c.forge(t, a)
				v := a.verify(t)
				if v.OK || !strings.Contains(v.Reason, c.reason) {
					t.Fatalf("verify = %+v, want it to say %q", v, c.reason)
				}
			})
		}
	})
}

// Without an anchor log the chain is checked as before, and the answer says
// that no anchor backs it.
func TestAnchorNone(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		a := newAnchored(t, d)
		a.write(t, 3)
		v := a.verify(t)
		if !v.OK || v.Checked != 3 || v.Anchors != 0 || v.AnchoredSeq != 0 || v.AnchorNote != audit.NoAnchorYet {
			t.Fatalf("no anchor log: %+v", v)
		}
		v, err := a.log.WithAnchors("", nil).Verify(context.Background())
		if err != nil || !v.OK || v.AnchorNote != audit.NoAnchorLogHere {
			t.Fatalf("anchors kept elsewhere: %+v %v", v, err)
		}
	})
}

// An idle head is not anchored again until the heartbeat; a moved head is at
// the next tick; shutdown always anchors; every anchor checks out.
func TestAnchorOnlyWhenMoved(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		a := newAnchored(t, d)
		a.write(t, 2)
		steps := []struct {
			name    string
			do      func()
			reason  string
			written bool
		}{
			{"first", func() {}, audit.AnchorInterval, true},
			{"idle", func() { a.clock.Advance(time.Minute) }, audit.AnchorInterval, false},
			{"idle 59 minutes", func() { a.clock.Advance(58 * time.Minute) }, audit.AnchorInterval, false},
			{"moved", func() { a.write(t, 1) }, audit.AnchorInterval, true},
			{"idle again", func() { a.clock.Advance(59 * time.Minute) }, audit.AnchorInterval, false},
			{"heartbeat", func() { a.clock.Advance(time.Minute) }, audit.AnchorInterval, true},
			{"shutdown", func() {}, audit.AnchorShutdown, true},
		}
		lines := 0
		for _, s := range steps {
			s.do()
			if got := a.anchor(t, s.reason); got != s.written {
				t.Fatalf("%s: anchored %v, want %v", s.name, got, s.written)
			}
			if s.written {
				lines++
			}
		}
		b, err := os.ReadFile(a.path)
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(b), "\n"); n != lines {
			t.Errorf("anchor log has %d lines, want %d", n, lines)
		}
		if v := a.verify(t); !v.OK || v.Anchors != lines || v.AnchoredSeq != 3 {
			t.Errorf("verify = %+v", v)
		}
	})
}
