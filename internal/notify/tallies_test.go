package notify

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"healthgrid/internal/db"
	"healthgrid/internal/testkit"
)

// TestTalliesFollowRows: the bell's count and the inbox's total, read from
// notification_tallies, equal the rows counted after every kind of write.
func TestTalliesFollowRows(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clock := testkit.NewClock(time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC))
		if _, err := d.Exec(ctx, `INSERT INTO regions (code, name, level, parent_code, path, created_at, updated_at)
			VALUES ('140900000000', '忻州市', 'city', NULL, '140900000000/', ?, ?)`, clock.Now(), clock.Now()); err != nil {
			t.Fatal(err)
		}
		users := []string{"u1", "u2", "u3"}
		for _, u := range users {
			if _, err := d.Exec(ctx, `INSERT INTO users (id, username, name, kind, region_code, region_path, status, created_at, updated_at)
				VALUES (?, ?, ?, 'staff', '140900000000', '140900000000/', 'active', ?, ?)`, u, u, u, clock.Now(), clock.Now()); err != nil {
				t.Fatal(err)
			}
		}
		s := New(Deps{DB: d, Log: slog.New(slog.DiscardHandler), Now: clock.Now})
		check := func(when string) {
			t.Helper()
			for _, u := range users {
				var total, unread int
				d.QueryRow(ctx, "SELECT COUNT(*), COALESCE(SUM(CASE WHEN read_at IS NULL THEN 1 ELSE 0 END), 0) FROM notifications WHERE user_id = ?", u).Scan(&total, &unread)
				_, gotTotal, err := s.List(ctx, u, false, 0, 1)
				_, gotUnread, err2 := s.List(ctx, u, true, 0, 1)
				badge, err3 := s.Unread(ctx, u)
				if err != nil || err2 != nil || err3 != nil || gotTotal != total || gotUnread != unread || badge != unread {
					t.Errorf("%s, %s: total %d unread %d badge %d; rows %d and %d (%v %v %v)", when, u, gotTotal, gotUnread, badge, total, unread, err, err2, err3)
				}
			}
		}
		send := func(n int, to ...string) {
			var ds []delivery
			for i := range n {
				for _, u := range to {
					clock.Advance(time.Second)
					ds = append(ds, delivery{n: Notification{ID: fmt.Sprintf("%s-%d-%d", u, clock.Now().Unix(), i), Kind: "report",
						Title: "t", Priority: "normal", CreatedAt: clock.Now()}, to: Contact{ID: u}})
				}
			}
			if err := d.InTx(ctx, func(ctx context.Context) error { return s.insert(ctx, ds) }); err != nil {
				t.Fatal(err)
			}
		}
		check("empty")
		send(70, "u1", "u2") // more than one statement's 64 rows
		check("sent")
		var first string
		d.QueryRow(ctx, "SELECT id FROM notifications WHERE user_id = 'u1' ORDER BY id LIMIT 1").Scan(&first)
		for range 2 { // reading it again changes nothing
			if _, err := s.Read(ctx, "u1", first); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Read(ctx, "u2", first); err == nil {
			t.Error("u2 read u1's notification")
		}
		check("one read")
		if n, err := s.ReadAll(ctx, "u2"); err != nil || n != 70 {
			t.Errorf("read all: %d %v", n, err)
		}
		check("all read")
		send(3, "u2", "u3")
		cut := clock.Now()
		send(2, "u1", "u3")
		if err := s.ReadBefore(ctx, cut.Add(time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		check("read before")
	})
}
