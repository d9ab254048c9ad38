package inbox_test

import (
	"net/url"
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/testkit"
)

// TestInboxSearch narrows the inbox by kind and by words, as the phone's
// tabs and search box do: a centre's reports to register by a case number's
// beginning, a title's words or the matter's name; a grid worker's home
// visits by the booker or the service; a kind no source has is empty.
func TestInboxSearch(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		worker := e.Login(t, "grid_worker")
		centre := e.Login(t, e.NewUser(t, apptest.HomeTownship, "dispatcher").Username)
		e.DispatchEvent(t, e.City.Events[apptest.HomeGrid], e.City.Units["street_office:"+apptest.HomeTownship])
		lng, lat := apptest.GridPoint(apptest.HomeGrid)
		numbers := map[string]string{}
		for _, title := range []string{"小区垃圾堆放", "路灯损坏"} {
			st, b := worker.Do("POST", "/api/v1/events", map[string]any{"source": "grid_worker", "matter_code": "HJWS-01",
				"title": title, "lng": lng, "lat": lat})
			if st != 201 {
				t.Fatalf("report: %d %s", st, b)
			}
			numbers[title] = b.Str("number")
		}
		inbox := func(c *testkit.Client, kind, q string) testkit.Body {
			t.Helper()
			st, b := c.Do("GET", "/api/v1/inbox?"+url.Values{"kind": {kind}, "q": {q}}.Encode(), nil)
			if st != 200 {
				t.Fatalf("inbox kind=%q q=%q: %d %s", kind, q, st, b)
			}
			return b
		}
		for _, c := range []struct {
			kind, q string
			want    []string // titles
		}{
			{"", "", []string{"小区垃圾堆放", "路灯损坏"}},
			{"event", "", []string{"小区垃圾堆放", "路灯损坏"}},
			{"event_task", "", nil},
			{"booking", "", nil},
			{"", "路灯", []string{"路灯损坏"}},
			{"", numbers["路灯损坏"], []string{"路灯损坏"}},
			{"", numbers["路灯损坏"][:8], []string{"小区垃圾堆放", "路灯损坏"}},
			{"", "乱堆", []string{"小区垃圾堆放", "路灯损坏"}}, // the matter: 生活垃圾乱堆乱放
			{"", "无此事", nil},
		} {
			b := inbox(centre, c.kind, c.q)
			var page struct {
				Items []struct{ Title string } `json:"items"`
			}
			if err := b.Decode(&page); err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, it := range page.Items {
				got[it.Title] = true
			}
			if b.Int("total") != len(c.want) || len(got) != len(c.want) {
				t.Errorf("the centre's, kind=%q q=%q: want %v, got %s", c.kind, c.q, c.want, b)
			}
			for _, w := range c.want {
				if !got[w] {
					t.Errorf("the centre's, kind=%q q=%q: no %s in %s", c.kind, c.q, w, b)
				}
			}
		}
		booking := e.NewBooking(t, "resident", apptest.HomeGrid)
		if st, b := e.Login(t, "health_staff").Do("POST", "/api/v1/bookings/"+booking+"/schedule",
			map[string]any{"member_id": e.NewVisitor(t), "at": e.Clock.Now().Add(2 * time.Hour)}); st != 200 {
			t.Fatalf("schedule: %d %s", st, b)
		}
		for _, q := range []string{"", "上门", "resident测试"} {
			if b := inbox(worker, "booking", q); b.Int("total") != 1 || b.Str("items.0.id") != booking {
				t.Errorf("the worker's home visits, q=%q: %s", q, b)
			}
		}
		if b := inbox(worker, "booking", "康复"); b.Int("total") != 0 {
			t.Errorf("another service: %s", b)
		}
		if b := inbox(worker, "event", ""); b.Int("total") != inbox(worker, "", "").Int("total")-1 {
			t.Errorf("the worker's cases are all but the visit: %s", b)
		}
		if st, b := worker.Do("GET", "/api/v1/inbox?kind=Bad-Kind", nil); st != 422 {
			t.Errorf("a bad kind: %d %s", st, b)
		}
	})
}
