package inbox_test

import (
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/testkit"
)

// TestInboxCounts counts what waits for the centre (a report to register,
// counted by its source's SQL) and for the grid worker (a home visit,
// counted from the booking source's list), and when each falls due.
func TestInboxCounts(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		worker := e.Login(t, "grid_worker")
		dispatcher := e.NewUser(t, apptest.HomeTownship, "dispatcher").Username
		centre := e.Login(t, dispatcher)
		e.DispatchEvent(t, e.City.Events[apptest.HomeGrid], e.City.Units["street_office:"+apptest.HomeTownship])
		lng, lat := apptest.GridPoint(apptest.HomeGrid)
		for _, title := range []string{"小区垃圾堆放", "路灯损坏"} {
			if st, b := worker.Do("POST", "/api/v1/events", map[string]any{"source": "grid_worker", "matter_code": "HJWS-01",
				"title": title, "lng": lng, "lat": lat}); st != 201 {
				t.Fatalf("report: %d %s", st, b)
			}
		}
		st, b := centre.Do("GET", "/api/v1/inbox/counts", nil)
		if st != 200 || b.Int("total") != 2 || b.Int("overdue") != 0 || b.Str("by.0.kind") != "event" ||
			b.Str("by.0.action") != "register" || b.Int("by.0.count") != 2 || b.Str("by.1.action") != "" {
			t.Fatalf("the centre's counts: %d %s", st, b)
		}
		booking := e.NewBooking(t, "resident", apptest.HomeGrid)
		if st, b := e.Login(t, "health_staff").Do("POST", "/api/v1/bookings/"+booking+"/schedule",
			map[string]any{"member_id": e.NewVisitor(t), "at": e.Clock.Now().Add(2 * time.Hour)}); st != 200 {
			t.Fatalf("schedule: %d %s", st, b)
		}
		if _, b := worker.Do("GET", "/api/v1/inbox/counts", nil); b.Int("total") != 1 || b.Str("by.0.action") != "visit" ||
			b.Int("by.0.soon") != 1 || b.Int("soon") != 1 || b.Int("overdue") != 0 {
			t.Errorf("the worker's counts: %s", b)
		}
		// a month on, everything is overdue and nothing merely due soon
		e.Clock.Advance(30 * 24 * time.Hour)
		for _, c := range []*testkit.Client{e.Login(t, "grid_worker"), e.Login(t, dispatcher)} {
			if _, b := c.Do("GET", "/api/v1/inbox/counts", nil); b.Int("overdue") != b.Int("total") || b.Int("soon") != 0 ||
				b.Int("total") == 0 || b.Int("by.0.overdue") != b.Int("by.0.count") {
				t.Errorf("a month on: %s", b)
			}
		}
		if _, b := e.Login(t, "resident").Do("GET", "/api/v1/inbox/counts", nil); b.Int("total") != 0 {
			t.Errorf("the resident's counts: %s", b)
		}
	})
}
