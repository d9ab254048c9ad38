package db_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"healthgrid/internal/access"
	"healthgrid/internal/db"
	"healthgrid/internal/testkit"
)

// testTally is a tally with a string, a path and an integer key and two counts.
var testTally = &db.Tally{Table: "test_tallies", Keys: []string{"kind", "region_path", "day"},
	Counts: []string{"n", "m"}, Path: "region_path"}

func createTestTally(t *testing.T, d *db.DB) {
	t.Helper()
	if _, err := d.Exec(context.Background(), `CREATE TABLE test_tallies (kind TEXT NOT NULL, region_path TEXT NOT NULL,
		day INTEGER NOT NULL, n BIGINT NOT NULL, m BIGINT NOT NULL, PRIMARY KEY (kind, region_path, day))`); err != nil {
		t.Fatal(err)
	}
}

// randomPath is a path of one to four levels under the root "1/".
func randomPath(r *rand.Rand) string {
	p := "1/"
	for range r.IntN(4) {
		p += string(rune('a'+r.IntN(3))) + "/"
	}
	return p
}

type oracleKey struct {
	kind, path string
	day        int
}

// TestTallyMatchesRecount: random deltas at random paths, applied in
// transactions of up to thousands of rows (several statements each), leave
// every row of the tally, and every subtree's sum read off it, equal to a
// recount of the deltas themselves.
func TestTallyMatchesRecount(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx, r := context.Background(), rand.New(rand.NewPCG(3, 14))
		createTestTally(t, d)
		raw := map[oracleKey][2]int64{} // every delta, at the path it was added at
		kinds := []string{"", "fever", "cough"}
		for round := range 6 {
			err := d.InTx(ctx, func(ctx context.Context) error {
				deltas := testTally.Deltas()
				for range r.IntN(3000) {
					k := oracleKey{kinds[r.IntN(len(kinds))], randomPath(r), r.IntN(3)}
					n, m := int64(r.IntN(5)-2), int64(r.IntN(3)-1)
					deltas.Add([]any{k.kind, k.path, k.day}, n, m)
					v := raw[k]
					raw[k] = [2]int64{v[0] + n, v[1] + m}
				}
				return deltas.Apply(ctx, d)
			})
			if err != nil {
				t.Fatal(err)
			}
			// every row against the deltas under it
			want := map[oracleKey][2]int64{}
			for k, v := range raw {
				for _, p := range access.Scope(k.path).Lineage() {
					w := want[oracleKey{k.kind, p, k.day}]
					want[oracleKey{k.kind, p, k.day}] = [2]int64{w[0] + v[0], w[1] + v[1]}
				}
			}
			rows, err := d.Query(ctx, "SELECT kind, region_path, day, n, m FROM test_tallies")
			if err != nil {
				t.Fatal(err)
			}
			got := map[oracleKey][2]int64{}
			for rows.Next() {
				var k oracleKey
				var n, m int64
				if err := rows.Scan(&k.kind, &k.path, &k.day, &n, &m); err != nil {
					t.Fatal(err)
				}
				if n != 0 || m != 0 {
					got[k] = [2]int64{n, m}
				}
			}
			rows.Close()
			for k, v := range want {
				if v != got[k] {
					t.Errorf("round %d: %+v is %v, a recount %v", round, k, got[k], v)
				}
			}
			for k, v := range got {
				if v != want[k] {
					t.Errorf("round %d: %+v is %v, a recount %v", round, k, v, want[k])
				}
			}
			// subtree sums, over every day and over one
			for range 40 {
				scope, kind := randomPath(r), kinds[r.IntN(len(kinds))]
				var recount int64
				for k, v := range raw {
					if k.kind == kind && access.Scope(scope).Covers(k.path) {
						recount += v[0]
					}
				}
				at, args := testTally.At(access.Scope(scope))
				var sum int64
				q, args := testTally.Sum("n", at+" AND kind = ?", append(args, kind)...)
				if err := d.QueryRow(ctx, q, args...).Scan(&sum); err != nil || sum != recount {
					t.Errorf("round %d: %q %q sums to %d (%v), a recount %d", round, scope, kind, sum, err, recount)
				}
			}
		}
	})
}

// TestTallyOneLockOrder: writers adding to the same rows, each gathering
// them in its own order, neither deadlock nor lose a delta: the rows are
// written in one order whatever the order they were added in. (The tally
// has no Path here: a path's root row, taken first by every writer, would
// queue them all before any other row.)
func TestTallyOneLockOrder(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		createTestTally(t, d)
		flat := &db.Tally{Table: testTally.Table, Keys: testTally.Keys, Counts: testTally.Counts}
		paths := make([]string, 300)
		for i := range paths {
			paths[i] = fmt.Sprintf("1/%03d/", i)
		}
		const writers, txs = 4, 15
		var wg sync.WaitGroup
		errs := make(chan error, writers*txs)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := rand.New(rand.NewPCG(uint64(w), 7))
				for range txs {
					order := r.Perm(len(paths))
					errs <- d.InTx(ctx, func(ctx context.Context) error {
						deltas := flat.Deltas()
						for _, i := range order {
							deltas.Add([]any{"", paths[i], 0}, 1, 0)
						}
						return deltas.Apply(ctx, d)
					})
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		var n, rows int64
		if err := d.QueryRow(ctx, "SELECT COALESCE(SUM(n), 0), COUNT(*) FROM test_tallies").Scan(&n, &rows); err != nil {
			t.Fatal(err)
		}
		if n != writers*txs*int64(len(paths)) || rows != int64(len(paths)) {
			t.Errorf("%d deltas in %d rows, want %d in %d", n, rows, writers*txs*len(paths), len(paths))
		}
	})
}
