package db_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"healthgrid/internal/db"
	"healthgrid/internal/testkit"
)

// TestBackfill: the work goes batch by batch from where the last start
// stopped — a failed batch leaves nothing of itself — and its row goes when
// it is done; without a row there is nothing to do.
func TestBackfill(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.Exec(ctx, "INSERT INTO backfills (name) VALUES ('test')"); err != nil {
			t.Fatal(err)
		}
		ids := []string{"a", "b", "c", "d", "e"}
		var done []string
		boom := errors.New("boom")
		// two to a batch; the second batch fails once, after its work
		failed := false
		step := func(ctx context.Context, after string) (string, error) {
			var batch []string
			for _, id := range ids {
				if id > after && len(batch) < 2 {
					batch = append(batch, id)
				}
			}
			if len(batch) == 0 {
				return "", nil
			}
			if _, err := d.Exec(ctx, "INSERT INTO backfills (name) VALUES (?)", "mark "+strings.Join(batch, "")); err != nil {
				return "", err
			}
			if batch[0] == "c" && !failed {
				failed = true
				return "", boom
			}
			done = append(done, batch...)
			return batch[len(batch)-1], nil
		}
		if err := d.Backfill(ctx, "test", step); !errors.Is(err, boom) {
			t.Fatalf("first start: %v, want boom", err)
		}
		var after string
		if err := d.QueryRow(ctx, "SELECT after_id FROM backfills WHERE name = 'test'").Scan(&after); err != nil || after != "b" {
			t.Fatalf("after the failed batch: after_id %q, %v; want b", after, err)
		}
		if err := d.Backfill(ctx, "test", step); err != nil {
			t.Fatal(err)
		}
		if strings.Join(done, "") != "abcde" {
			t.Errorf("done %v, want each once", done)
		}
		var names []string
		rows, err := d.Query(ctx, "SELECT name FROM backfills ORDER BY name")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var n string
			rows.Scan(&n)
			names = append(names, n)
		}
		rows.Close()
		if strings.Join(names, ",") != "mark ab,mark cd,mark e" {
			t.Errorf("rows left: %v; want the batches' marks (the failed one's gone) and no 'test'", names)
		}
		if err := d.Backfill(ctx, "test", func(context.Context, string) (string, error) {
			t.Error("step called with nothing to do")
			return "", nil
		}); err != nil {
			t.Fatal(err)
		}
	})
}

// TestRewrite: the rows whose text fn changes are written back, batch by
// batch, and counted.
func TestRewrite(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, q := range []string{"CREATE TABLE rewrite_test (id TEXT PRIMARY KEY, a TEXT NOT NULL, b TEXT NOT NULL)",
			"INSERT INTO rewrite_test VALUES ('1', 'x secret', 'y'), ('2', 'x', 'y'), ('3', 'x', 'secret y'), ('4', 'secret', 'secret')",
			"INSERT INTO backfills (name) VALUES ('rewrite')"} {
			if _, err := d.Exec(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		n, batches := 0, 0
		hide := func(s string) string { return strings.ReplaceAll(s, "secret", "******") }
		step := d.Rewrite("rewrite_test", []string{"a", "b"}, 2, hide, &n)
		err := d.Backfill(ctx, "rewrite", func(ctx context.Context, after string) (string, error) {
			batches++
			return step(ctx, after)
		})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		rows, err := d.Query(ctx, "SELECT id, a, b FROM rewrite_test ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id, a, b string
			rows.Scan(&id, &a, &b)
			got = append(got, id+":"+a+"|"+b)
		}
		rows.Close()
		if want := "1:x ******|y 2:x|y 3:x|****** y 4:******|******"; strings.Join(got, " ") != want || n != 3 || batches != 3 {
			t.Errorf("rows %v, %d rewritten in %d batches; want %s, 3 in 3", got, n, batches, want)
		}
	})
}
