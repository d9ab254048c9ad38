package audit_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
	"healthgrid/internal/testkit"
)

func seed(t *testing.T, d *db.DB, n int) *audit.Log {
	t.Helper()
	now := time.Date(2026, 11, 23, 1, 2, 3, 456789123, time.UTC)
	l := audit.New(audit.Deps{DB: d, Key: []byte("test-key"), Now: func() time.Time { now = now.Add(time.Second); return now }})
	ctx := access.WithRequest(context.Background(), access.Request{IP: "10.1.2.3"})
	for i := 0; i < n; i++ {
		p := &access.Principal{UserID: "u1", Username: "xinfu", Roles: []string{"region_admin"}, RegionPath: "140900000000/140902000000/"}
		if i%2 == 1 {
			p = &access.Principal{UserID: "u2", Username: "dingxiang", RegionPath: "140900000000/140921000000/"}
		}
		if err := l.Write(access.With(ctx, p), audit.Record{Action: "user.update", ObjectType: "user",
			ObjectID: "x", Detail: map[string]any{"i": i, "name": "张三"}}); err != nil {
			t.Fatal(err)
		}
	}
	return l
}

func TestChain(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		tamper string
		broken int64
	}{
		{"intact", "", 0},
		{"edited detail", `UPDATE audit_log SET detail = '{"i":2,"name":"李四"}' WHERE seq = 3`, 3},
		{"edited outcome", `UPDATE audit_log SET outcome = 'failure' WHERE seq = 5`, 5},
		{"deleted middle", `DELETE FROM audit_log WHERE seq = 4`, 5},
		{"deleted tail", `DELETE FROM audit_log WHERE seq = 6`, 6},
		{"reordered", `UPDATE audit_log SET seq = -2 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = -2`, 2},
		{"rehashed without key", `UPDATE audit_log SET hash = 'deadbeef' WHERE seq = 1`, 1},
		{"head moved back", `UPDATE audit_head SET seq = 4, hash = (SELECT hash FROM audit_log WHERE seq = 4) WHERE id = 1`, 6},
	}
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				d.Exec(ctx, "DELETE FROM audit_log")
				d.Exec(ctx, "UPDATE audit_head SET seq = 0, hash = ''")
				l := seed(t, d, 6)
				for _, stmt := range strings.Split(c.tamper, ";") {
					if strings.TrimSpace(stmt) == "" {
						continue
					}
					if _, err := d.Exec(ctx, stmt); err != nil {
						t.Fatal(err)
					}
				}
				v, err := l.Verify(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if v.OK != (c.broken == 0) || v.BrokenSeq != c.broken {
					t.Fatalf("verify = %+v, want broken at %d", v, c.broken)
				}
				if c.broken == 0 && v.Checked != 6 {
					t.Fatalf("checked %d, want 6", v.Checked)
				}
			})
		}
	})
}

func TestListScope(t *testing.T) {
	ctx := context.Background()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		l := seed(t, d, 6)
		l.Write(ctx, audit.Record{Action: "auth.login", Actor: "nobody", Outcome: audit.Failure})
		cases := []struct {
			scope string
			f     audit.Filter
			want  int
		}{
			{"140900000000/", audit.Filter{}, 7},
			{"140900000000/140902000000/", audit.Filter{}, 3},
			{"140900000000/140921000000/", audit.Filter{}, 3},
			{"140900000000/140902000000/140902001000/", audit.Filter{}, 0},
			{"140900000000/", audit.Filter{Outcome: audit.Failure}, 1},
			{"140900000000/", audit.Filter{Action: "auth."}, 1},
			{"140900000000/", audit.Filter{Actor: "xinfu"}, 3},
		}
		for _, c := range cases {
			items, total, err := l.List(ctx, c.scope, c.f, 0, 2)
			if err != nil {
				t.Fatal(err)
			}
			if total != c.want || len(items) != min(2, c.want) {
				t.Errorf("scope %s filter %+v: total %d items %d, want %d", c.scope, c.f, total, len(items), c.want)
			}
			if len(items) == 2 && items[0].Seq < items[1].Seq {
				t.Errorf("not newest first")
			}
		}
		items, _, _ := l.List(ctx, "140900000000/", audit.Filter{Actor: "xinfu"}, 0, 1)
		if items[0].IP != "10.1.2.3" || items[0].Role != "region_admin" || items[0].Detail["name"] != "张三" {
			t.Errorf("entry = %+v", items[0])
		}
	})
}

// An action no linked module declared is refused and leaves the chain as it
// was, so a module that writes a new action without declaring it fails the
// tests that write it.
func TestUndeclaredAction(t *testing.T) {
	ctx := context.Background()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		l := seed(t, d, 1)
		for _, a := range []string{"user.no_such_thing", ""} {
			if err := l.Write(ctx, audit.Record{Action: a}); err == nil || !strings.Contains(err.Error(), "not declared") {
				t.Errorf("write %q: err = %v, want not declared", a, err)
			}
		}
		if _, total, _ := l.List(ctx, "140900000000/", audit.Filter{}, 0, 10); total != 1 {
			t.Errorf("%d records, want the 1 declared", total)
		}
		if v, err := l.Verify(ctx); err != nil || !v.OK {
			t.Errorf("verify = %+v, %v", v, err)
		}
	})
}

func TestDeclare(t *testing.T) {
	if !slices.Contains(audit.Actions(), "user.update") {
		t.Errorf("actions %v lack user.update", audit.Actions())
	}
	for _, c := range []struct{ action, why string }{
		{"user.update", "declared twice"}, {"User.Update", "dotted lower-case"}, {"login", "dotted lower-case"},
	} {
		func() {
			defer func() {
				if s, _ := recover().(string); !strings.Contains(s, c.why) {
					t.Errorf("Declare(%q) panicked with %q, want %q", c.action, s, c.why)
				}
			}()
			audit.Declare(c.action)
		}()
	}
}
