package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/bus/bustest"
	"healthgrid/internal/config"
	"healthgrid/internal/db"
	"healthgrid/internal/notify"
	"healthgrid/internal/region"
)

// TestTwoInstances: two instances of the app on one PostgreSQL and one NATS
// server, as behind a load balancer. A case dispatched on A reaches the
// handler's WebSocket on B, and a grid boundary edited on A is what B
// locates — B's locate index is rebuilt over the bus. (Self-contained: the
// module scenario tests whose helpers it could share move beside their
// modules.)
func TestTwoInstances(t *testing.T) {
	nats := bustest.Start(t)
	a := apptest.NewWith(t, db.Postgres, func(c *config.Config) { c.NATSURL = nats.ClientURL() })
	b := a.Peer(t)
	srv := httptest.NewServer(b.App.Handler)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	handler := b.Login(t, "dept_handler") // the Home commission's clerk, logged in on B
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/api/v1/ws",
		&websocket.DialOptions{HTTPHeader: http.Header{"Authorization": {"Bearer " + handler.Token}}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.CloseNow()
	var m notify.Message
	if err := wsjson.Read(ctx, conn, &m); err != nil || m.Type != notify.TypeUnread {
		t.Fatalf("first message on B: %+v %v", m, err)
	}
	id := a.NewEvent(t, apptest.HomeGrid)
	a.DispatchEvent(t, id, a.City.Units["health_commission:"+apptest.Home])
	for m.Notification == nil || m.Notification.EventID != id || m.Notification.Kind != "dispatch" {
		m = notify.Message{}
		if err := wsjson.Read(ctx, conn, &m); err != nil {
			t.Fatalf("the dispatch on A never reached B's WebSocket: %v", err)
		}
	}

	// the home village (112.70–112.72 × 38.40–38.41 its grids) gets room around them
	if _, err := a.App.Regions.Update(ctx, a.System(t).RegionPath, apptest.HomeVillage, region.Input{Name: "东大街社区",
		Geometry: []byte(`{"type":"Polygon","coordinates":[[[112.69,38.39],[112.73,38.39],[112.73,38.42],[112.69,38.42],[112.69,38.39]]]}`)}); err != nil {
		t.Fatal(err)
	}
	onB := b.Login(t, "region_admin")
	locate := func() string {
		_, body := onB.Do("GET", "/api/v1/grids/locate?lng=112.697&lat=38.405", nil) // west of the grid, in its village
		return body.Str("grid.code")
	}
	if got := locate(); got != "" {
		t.Fatalf("B locates %q before the edit", got)
	}
	grown := json.RawMessage(`{"type":"Polygon","coordinates":[[[112.695,38.40],[112.71,38.40],[112.71,38.41],[112.695,38.41],[112.695,38.40]]]}`)
	if status, body := a.Login(t, "region_admin").Do("PUT", "/api/v1/grids/"+apptest.HomeGrid+"/boundary",
		map[string]any{"geometry": grown}); status != 200 {
		t.Fatalf("the grid grows west on A: %d %s", status, body)
	}
	for got := ""; got != apptest.HomeGrid; got = locate() {
		if ctx.Err() != nil {
			t.Fatalf("B still locates %q after the edit on A", got)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
