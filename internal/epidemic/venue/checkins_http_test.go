package venue_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/config"
	"healthgrid/internal/db"
)

func row(id, venue string, in time.Time) map[string]any {
	return map[string]any{"id_number": id, "venue_code": venue, "time_in": in.Format(time.RFC3339)}
}

// TestIngestOverHTTP: a batch keeps its valid rows and names each bad one
// with its field; a resend is all duplicates (and fills a missing time
// out); a resident sent by ID number and by resident id is one visitor;
// a batch over the rows is refused whole.
func TestIngestOverHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		cdc := e.Login(t, "epidemic_officer")
		v, away := e.NewVenue(t, apptest.HomeGrid), e.NewVenue(t, apptest.OtherGrid)
		id, resident, _ := e.NewBoundResident(t, apptest.HomeGrid)
		now := e.Clock.Now()
		in := now.Add(-3 * time.Hour)
		out := row(apptest.IDNumber(90001), v.Code, in)
		out["time_out"] = in.Add(time.Hour).Format(time.RFC3339)
		batch := []map[string]any{
			row(id, v.Code, in),
			{"resident_id": resident, "venue_code": v.Code, "time_in": in.Add(time.Hour).Format(time.RFC3339)},
			row(apptest.IDNumber(90001), v.Code, in),
			row("140902199901011234", v.Code, in),                      // 3: check digit
			{"venue_code": v.Code, "time_in": in.Format(time.RFC3339)}, // 4: nobody
			row(id, "NOPE-1", in),                                    // 5: no venue
			row(id, away.Code, in),                                   // 6: out of scope
			row(id, v.Code, now.Add(time.Hour)),                      // 7: future
			row(id, v.Code, now.Add(-15*24*time.Hour)),               // 8: past the days kept
			{"id_number": id, "venue_code": v.Code, "time_in": "昨天"}, // 9: not a time
			{"resident_id": "no-such", "venue_code": v.Code, "time_in": in.Format(time.RFC3339)}, // 10
		}
		st, b := cdc.Do("POST", "/api/v1/epidemic/checkins", batch)
		if st != 200 || b.Int("created") != 3 || b.Int("duplicate") != 0 {
			t.Fatalf("ingest: %d %s", st, b)
		}
		want := []struct {
			row   int
			field string
		}{{3, "id_number"}, {4, "id_number"}, {5, "venue_code"}, {6, "venue_code"}, {7, "time_in"}, {8, "time_in"},
			{9, "time_in"}, {10, "resident_id"}}
		for i, w := range want {
			if b.Int(fmt.Sprintf("rejected.%d.row", i)) != w.row || b.Str(fmt.Sprintf("rejected.%d.field", i)) != w.field {
				t.Errorf("rejected %d: want %v: %s", i, w, b)
			}
		}
		st, again := cdc.Do("POST", "/api/v1/epidemic/checkins", []map[string]any{batch[0], batch[1], out})
		if st != 200 || again.Int("created") != 0 || again.Int("duplicate") != 3 {
			t.Errorf("the resend: %d %s", st, again)
		}
		ctx := context.Background()
		var visitors, checkins, closed int
		e.App.DB.QueryRow(ctx, "SELECT COUNT(DISTINCT visitor_id), COUNT(*), COUNT(time_out) FROM epi_venue_checkins").
			Scan(&visitors, &checkins, &closed)
		if visitors != 2 || checkins != 3 || closed != 1 {
			t.Errorf("one visitor by number and by resident: %d visitors %d check-ins %d with time out", visitors, checkins, closed)
		}
		var enc string
		e.App.DB.QueryRow(ctx, "SELECT id_enc FROM epi_visitors WHERE resident_id = ?", resident).Scan(&enc)
		if enc == "" || strings.Contains(enc, id) {
			t.Errorf("the ID number sealed: %q", enc)
		}
		many := make([]map[string]any, 10001)
		for i := range many {
			many[i] = batch[0]
		}
		if st, b := cdc.Do("POST", "/api/v1/epidemic/checkins", many); st != 413 && st != 422 {
			t.Errorf("too many rows: %d %.200s", st, b)
		}
		if st, _ := e.Login(t, "grid_worker").Do("POST", "/api/v1/epidemic/checkins", batch[:1]); st != 403 {
			t.Errorf("a grid worker: %d", st)
		}
	})
}

// TestIngestRate: rows over the caller's hourly limit are refused with a
// 429 naming the wait.
func TestIngestRate(t *testing.T) {
	e := apptest.NewWith(t, db.SQLite, func(c *config.Config) { c.CheckinRowsPerHour = 3 })
	v := e.NewVenue(t, apptest.HomeGrid)
	cdc := e.Login(t, "epidemic_officer")
	in := e.Clock.Now().Add(-time.Hour)
	batch := []map[string]any{row(apptest.IDNumber(91001), v.Code, in), row(apptest.IDNumber(91002), v.Code, in)}
	if st, b := cdc.Do("POST", "/api/v1/epidemic/checkins", batch); st != 200 || b.Int("created") != 2 {
		t.Fatalf("under: %d %s", st, b)
	}
	if st, b := cdc.Do("POST", "/api/v1/epidemic/checkins", batch); st != 429 || b.Str("code") != "quota.checkin" {
		t.Errorf("over: %d %s", st, b)
	}
}

// TestRetention: check-ins older than the days kept are deleted by the
// cleanup job, and their visitors with none left; the rest stay.
func TestRetention(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		v := e.NewVenue(t, apptest.HomeGrid)
		now := e.Clock.Now()
		old, kept := apptest.IDNumber(92001), apptest.IDNumber(92002)
		if r, err := e.App.Venues.Ingest(ctx, e.System(t), []venueRow{rowOf(old, v.Code, now.Add(-2*time.Hour)),
			rowOf(kept, v.Code, now.Add(-2*time.Hour)), rowOf(kept, v.Code, now.Add(-time.Hour))}); err != nil || r.Created != 3 {
			t.Fatalf("ingest: %+v %v", r, err)
		}
		if n, err := e.App.Venues.CleanupExpired(ctx); n != 0 || err != nil {
			t.Errorf("before: %d %v", n, err)
		}
		e.Clock.Advance(14*24*time.Hour - 90*time.Minute) // the 2 h old ones are past 14 days, the 1 h old one not
		if n, err := e.App.Venues.CleanupExpired(ctx); n != 2 || err != nil {
			t.Errorf("after: %d %v", n, err)
		}
		var visitors, checkins int
		e.App.DB.QueryRow(ctx, "SELECT (SELECT COUNT(*) FROM epi_visitors), (SELECT COUNT(*) FROM epi_venue_checkins)").
			Scan(&visitors, &checkins)
		if visitors != 1 || checkins != 1 {
			t.Errorf("left: %d visitors, %d check-ins", visitors, checkins)
		}
	})
}
