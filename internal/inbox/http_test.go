package inbox_test

import (
	"context"
	"testing"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/app/apptest"
	"healthgrid/internal/event"
	"healthgrid/internal/inbox"
)

// TestInbox follows a case and a home visit through the inboxes of the
// people they wait for: the centre registers, the department signs and
// handles, the grid worker verifies and visits.
func TestInbox(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		worker := e.Login(t, "grid_worker")
		centre := e.Login(t, e.NewUser(t, apptest.HomeTownship, "dispatcher").Username)
		// the fixture's own case of the grid waits to be registered: dispatched, it waits for its department
		e.DispatchEvent(t, e.City.Events[apptest.HomeGrid], e.City.Units["street_office:"+apptest.HomeTownship])
		lng, lat := apptest.GridPoint(apptest.HomeGrid)
		_, ev := worker.Do("POST", "/api/v1/events", map[string]any{"source": "grid_worker", "matter_code": "HJWS-01",
			"title": "小区垃圾堆放", "lng": lng, "lat": lat})
		id := ev.Str("id")
		st, b := centre.Do("GET", "/api/v1/inbox", nil)
		if st != 200 || b.Int("total") != 1 || b.Str("items.0.kind") != "event" || b.Str("items.0.action") != "register" ||
			b.Str("items.0.id") != id || b.Str("items.0.number") != ev.Str("number") || b.Str("items.0.title") != "小区垃圾堆放" ||
			b.Get("items.0.lng") != lng || b.Str("items.0.deadline") == "" {
			t.Fatalf("the centre's inbox: %d %s", st, b)
		}
		// the CDC's task: to sign for, then to handle
		cdc := e.City.Units["cdc:"+apptest.Home]
		task := e.DispatchEvent(t, id, cdc)
		handler := &access.Principal{UserID: "cdc-handler", UnitID: cdc, RegionPath: e.City.Path(apptest.Home),
			Perms: map[string]bool{"event:read": true, "event:handle": true}}
		items, n, err := e.App.Inbox.List(ctx, handler, inbox.Filter{}, 0, 20)
		if err != nil || n != 1 || items[0].Kind != "event_task" || items[0].TaskID != task || items[0].Action != "accept" {
			t.Fatalf("the CDC's inbox: %+v %d %v", items, n, err)
		}
		if _, b := centre.Do("GET", "/api/v1/inbox", nil); b.Int("total") != 0 {
			t.Errorf("registered: the centre's inbox %s", b)
		}
		for _, a := range []event.ActionInput{{Action: event.ActAccept, TaskID: task},
			{Action: event.ActHandle, TaskID: task, Comment: "已清运"}} {
			if _, err := e.App.Events.Act(ctx, handler, id, a); err != nil {
				t.Fatal(err)
			}
		}
		if items, n, _ := e.App.Inbox.List(ctx, handler, inbox.Filter{}, 0, 20); n != 0 || len(items) != 0 {
			t.Errorf("handled: the CDC's inbox %+v", items)
		}
		// the worker: the case to verify and a home visit, the earlier first
		booking := e.NewBooking(t, "resident", apptest.HomeGrid)
		visitAt := e.Clock.Now().Add(2 * time.Hour)
		if st, b := e.Login(t, "health_staff").Do("POST", "/api/v1/bookings/"+booking+"/schedule",
			map[string]any{"member_id": e.NewVisitor(t), "at": visitAt}); st != 200 {
			t.Fatalf("schedule: %d %s", st, b)
		}
		st, b = worker.Do("GET", "/api/v1/inbox", nil)
		if st != 200 || b.Int("total") != 2 {
			t.Fatalf("the worker's inbox: %d %s", st, b)
		}
		kinds := map[string]string{b.Str("items.0.kind"): b.Str("items.0.action"), b.Str("items.1.kind"): b.Str("items.1.action")}
		if kinds["event"] != "verify" || kinds["booking"] != "visit" || b.Get("items.0.overdue") != false {
			t.Errorf("the worker's inbox: %s", b)
		}
		first, _ := time.Parse(time.RFC3339, b.Str("items.0.deadline"))
		second, _ := time.Parse(time.RFC3339, b.Str("items.1.deadline"))
		if first.After(second) {
			t.Errorf("the earlier deadline first: %s", b)
		}
		// a month on both are overdue, the earlier still first; a page of one holds one
		e.Clock.Advance(30 * 24 * time.Hour)
		worker = e.Login(t, "grid_worker")
		st, b = worker.Do("GET", "/api/v1/inbox?size=1&page=2", nil)
		if st != 200 || b.Int("total") != 2 || b.Get("items.0.overdue") != true || b.Str("items.1.id") != "" {
			t.Errorf("page 2 of 1: %d %s", st, b)
		}
		// a resident waits for nothing
		if _, b := e.Login(t, "resident").Do("GET", "/api/v1/inbox", nil); b.Int("total") != 0 {
			t.Errorf("the resident's inbox: %s", b)
		}
	})
}
