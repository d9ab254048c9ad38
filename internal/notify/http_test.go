package notify_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/notify"
)

// TestNotificationInbox: each user reads and marks only their own
// notifications; another user's answers 404.
func TestNotificationInbox(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := newNotifyCity(t, e)
		var ids []string
		for range 3 {
			ids = append(ids, c.report("grid_worker"))
		}
		town1, town2 := c.as("town1"), c.as("town2")
		status, b := town1.Do("GET", "/api/v1/notifications", nil)
		if status != 200 || b.Int("total") != 3 || b.Int("page") != 1 || b.Str("items.0.event_id") != ids[2] ||
			b.Str("items.0.link") != "/events/"+ids[2] || b.Str("items.0.kind") != "report" || b.Str("items.0.priority") != "normal" ||
			!strings.HasPrefix(b.Str("items.0.body"), "SJ") || b.Get("items.0.read_at") != nil {
			t.Fatalf("inbox: %d %s", status, b)
		}
		first := b.Str("items.0.id")
		if status, b := town1.Do("GET", "/api/v1/notifications/"+first, nil); status != 200 || b.Str("id") != first {
			t.Errorf("get: %d %s", status, b)
		}
		if status, b := town2.Do("GET", "/api/v1/notifications/"+first, nil); status != 404 {
			t.Errorf("town2 gets town1's: %d %s", status, b)
		}
		if status, b := town1.Do("POST", "/api/v1/notifications/"+first+"/read", nil); status != 200 || b.Str("read_at") == "" {
			t.Fatalf("read: %d %s", status, b)
		}
		status, b = town1.Do("GET", "/api/v1/notifications?unread=true&size=1&page=2", nil)
		if status != 200 || b.Int("total") != 2 || b.Int("size") != 1 || b.Str("items.0.event_id") != ids[0] {
			t.Errorf("unread, second page of one: %d %s", status, b)
		}
		if status, b := town1.Do("GET", "/api/v1/notifications/unread-count", nil); status != 200 || b.Int("unread") != 2 {
			t.Errorf("unread count: %d %s", status, b)
		}

		_, mine := town2.Do("GET", "/api/v1/notifications", nil)
		_, b = town1.Do("GET", "/api/v1/notifications?unread=true", nil)
		theirs := b.Str("items.0.id")
		if status, b := town2.Do("POST", "/api/v1/notifications/"+theirs+"/read", nil); status != 404 {
			t.Errorf("town2 marks town1's notification: %d %s", status, b)
		}
		if strings.Contains(mine.String(), theirs) || mine.Int("total") != 3 {
			t.Errorf("town2's inbox shows town1's: %s", mine)
		}
		if _, b := town1.Do("GET", "/api/v1/notifications/unread-count", nil); b.Int("unread") != 2 {
			t.Errorf("after town2's try town1 has %d unread", b.Int("unread"))
		}
		if status, b := town1.Do("POST", "/api/v1/notifications/read-all", nil); status != 200 || b.Int("marked") != 2 {
			t.Errorf("read all: %d %s", status, b)
		}
		if _, b := town1.Do("GET", "/api/v1/notifications/unread-count", nil); b.Int("unread") != 0 {
			t.Errorf("after read all: %s", b)
		}
		if _, b := town2.Do("GET", "/api/v1/notifications/unread-count", nil); b.Int("unread") != 3 {
			t.Errorf("town1's read all touched town2's: %s", b)
		}
		if status, _ := e.Client(t).Do("GET", "/api/v1/notifications", nil); status != 401 {
			t.Errorf("anonymous inbox: %d", status)
		}
	})
}

// TestNotificationPush: two users with the push channel open; a dispatch
// to the CDC reaches the CDC's clerk alone, with the unread count, and a
// later dispatch to the other's unit reaches the other — so the first never
// did. A logout closes that session's channel; a shutdown every channel.
func TestNotificationPush(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := newNotifyCity(t, e)
		srv := httptest.NewServer(e.App.Handler)
		defer srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		dial := func(username string) *websocket.Conn {
			t.Helper()
			conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/api/v1/ws",
				&websocket.DialOptions{HTTPHeader: http.Header{"Authorization": {"Bearer " + c.as(username).Token}}})
			if err != nil {
				t.Fatalf("dial as %s: %v", username, err)
			}
			t.Cleanup(func() { conn.CloseNow() })
			if m := read(t, ctx, conn); m.Type != notify.TypeUnread || m.Unread != 0 {
				t.Fatalf("%s's first message: %+v", username, m)
			}
			return conn
		}
		cdc, other := dial("cdc1"), dial("dept_handler")

		id, _ := c.dispatched()
		m := read(t, ctx, cdc)
		if m.Type != notify.TypeNotification || m.Notification == nil || m.Notification.EventID != id ||
			m.Notification.Kind != "dispatch" || m.Unread != 1 {
			t.Fatalf("the CDC got %+v", m)
		}
		mine := c.report("grid_worker")
		c.act("town1", mine, map[string]any{"action": "register"})
		c.act("town1", mine, map[string]any{"action": "dispatch", "lead_unit_id": e.City.Units["health_commission:"+apptest.Home]})
		if m := read(t, ctx, other); m.Notification == nil || m.Notification.EventID != mine {
			t.Fatalf("the commission's clerk first got %+v, want the dispatch to his unit", m)
		}

		// a read in another tab moves the badge
		c.as("cdc1").Do("POST", "/api/v1/notifications/read-all", nil)
		if m := read(t, ctx, cdc); m.Type != notify.TypeUnread || m.Unread != 0 {
			t.Errorf("after read-all the CDC got %+v", m)
		}
		if status, _ := c.as("cdc1").Do("POST", "/api/v1/auth/logout", nil); status != 200 {
			t.Fatalf("logout: %d", status)
		}
		if code := closed(ctx, cdc); code != notify.StatusSessionEnded {
			t.Errorf("logout closed the channel with %d, want %d", code, notify.StatusSessionEnded)
		}
		e.App.Notify.Shutdown(ctx)
		if code := closed(ctx, other); code != websocket.StatusGoingAway {
			t.Errorf("shutdown closed the channel with %d, want going away", code)
		}
	})
}

// TestNotificationPushAccess: without a session the upgrade is refused;
// the console's session cookie opens it from the console's own origin
// only, never from another site.
func TestNotificationPushAccess(t *testing.T) {
	e := apptest.New(t, "sqlite")
	srv := httptest.NewServer(e.App.Handler)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/api/v1/ws"
	if _, res, err := websocket.Dial(ctx, url, nil); err == nil || res == nil || res.StatusCode != 401 {
		t.Errorf("anonymous: %v %v", res, err)
	}
	cookie := "hg_session=" + e.Login(t, "dispatcher").Cookies["hg_session"]
	for origin, ok := range map[string]bool{srv.URL: true, "https://evil.example": false} {
		conn, res, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPHeader: http.Header{"Cookie": {cookie}, "Origin": {origin}}})
		switch {
		case ok && err != nil:
			t.Errorf("cookie from %s: %v", origin, err)
		case !ok && (err == nil || res == nil || res.StatusCode != 403):
			t.Errorf("cookie from %s: %v %v, want 403", origin, res, err)
		}
		if conn != nil {
			conn.CloseNow()
		}
	}
}

func read(t *testing.T, ctx context.Context, conn *websocket.Conn) notify.Message {
	t.Helper()
	var m notify.Message
	if err := wsjson.Read(ctx, conn, &m); err != nil {
		t.Fatalf("read: %v", err)
	}
	return m
}

// closed reads until the server closes the channel, and returns its code.
func closed(ctx context.Context, conn *websocket.Conn) websocket.StatusCode {
	for {
		_, _, err := conn.Read(ctx)
		if err != nil {
			var ce websocket.CloseError
			if errors.As(err, &ce) {
				return ce.Code
			}
			return -1
		}
	}
}
