package notify_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/event"
	"healthgrid/internal/notify"
)

// TestResidentHearsOfReport: a resident reports a problem from the app and
// follows it with the push channel open. The staff's steps, with comments
// the resident must not see, tell them nothing until the case is closed;
// then exactly one message in their own words, with the case number, an
// invitation to rate and the app's link, in the inbox and pushed. Another
// resident hears nothing.
func TestResidentHearsOfReport(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		me, _ := e.SignUp(t, apptest.HomeVillage)
		neighbour, _ := e.SignUp(t, apptest.HomeVillage)
		srv := httptest.NewServer(e.App.Handler)
		defer srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/api/v1/ws",
			&websocket.DialOptions{HTTPHeader: http.Header{"Authorization": {"Bearer " + me.Token}}})
		if err != nil {
			t.Fatal(err)
		}
		defer conn.CloseNow()
		if m := read(t, ctx, conn); m.Type != notify.TypeUnread || m.Unread != 0 {
			t.Fatalf("first message: %+v", m)
		}

		lng, lat := apptest.GridPoint(apptest.HomeGrid)
		st, b := me.Do("POST", "/api/v1/public/reports", map[string]any{"matter_code": "HJWS-01", "title": "楼道堆放杂物",
			"lng": lng, "lat": lat})
		if st != 201 {
			t.Fatalf("report: %d %s", st, b)
		}
		id, number := b.Str("id"), b.Str("number")
		task := e.DispatchEvent(t, id, e.City.Units["health_commission:"+apptest.Home])
		handler := e.Login(t, "dept_handler")
		for _, a := range []map[string]string{{"action": "accept", "task_id": task},
			{"action": "handle", "task_id": task, "comment": "内部备注:已联系物业"}} {
			if st, b := handler.Do("POST", "/api/v1/events/"+id+"/actions", a); st != 200 {
				t.Fatalf("%v: %d %s", a, st, b)
			}
		}
		if _, b := me.Do("GET", "/api/v1/notifications", nil); b.Int("total") != 0 {
			t.Errorf("before closing the resident heard: %s", b)
		}
		if st, b := e.Login(t, "grid_worker").Do("POST", "/api/v1/events/"+id+"/actions",
			map[string]string{"action": "verify", "comment": "内部备注:现场已清理"}); st != 200 {
			t.Fatalf("verify: %d %s", st, b)
		}
		_, b = me.Do("GET", "/api/v1/notifications", nil)
		if b.Int("total") != 1 || b.Str("items.0.kind") != "report_closed" || !strings.Contains(b.Str("items.0.title"), "请评价") ||
			!strings.Contains(b.Str("items.0.body"), number) || b.Str("items.0.link") != "/app/reports/"+id ||
			b.Str("items.0.event_id") != id || strings.Contains(b.String(), "内部备注") || strings.Contains(b.String(), "网格") {
			t.Errorf("the resident's inbox: %s", b)
		}
		m := read(t, ctx, conn)
		if m.Type != notify.TypeNotification || m.Notification == nil || m.Notification.Kind != "report_closed" || m.Unread != 1 {
			t.Errorf("the push: %+v", m)
		}
		if _, b := neighbour.Do("GET", "/api/v1/notifications", nil); b.Int("total") != 0 {
			t.Errorf("another resident heard: %s", b)
		}
		// rejected: in their words, without the staff's reason
		other := e.NewReport(t, "resident", apptest.HomeGrid)
		if _, err := e.App.Events.Act(ctx, e.System(t), other, event.ActionInput{Action: event.ActReject,
			Comment: "内部备注:重复反映"}); err != nil {
			t.Fatal(err)
		}
		_, b = e.Login(t, "resident").Do("GET", "/api/v1/notifications", nil)
		if b.Int("total") != 1 || b.Str("items.0.kind") != "report_rejected" || strings.Contains(b.String(), "内部备注") ||
			b.Str("items.0.link") != "/app/reports/"+other {
			t.Errorf("the rejected report's reporter: %s", b)
		}
	})
}
