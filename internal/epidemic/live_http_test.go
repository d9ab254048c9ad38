package epidemic_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
)

// TestProgressLive: the live route sends the caller's counts at once and
// again when a verification moves them, a burst of moves coalesced into at
// most one message a second; without an event stream accepted it answers
// once and ends.
func TestProgressLive(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		officer, worker := e.Login(t, "epidemic_officer"), e.Login(t, "grid_worker")
		id, ps := postList(t, e, officer, apptest.HomeGrid, apptest.HomeGrid, apptest.HomeGrid, apptest.HomeGrid)
		if st, b := officer.Do("GET", "/api/v1/epidemic/screenings/"+id+"/live", nil); st != 200 ||
			!strings.HasPrefix(b.String(), "event: progress\ndata: {") {
			t.Fatalf("once: %d %s", st, b)
		}
		srv := httptest.NewServer(e.App.Handler)
		defer srv.Close()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/v1/epidemic/screenings/"+id+"/live", nil)
		req.Header.Set("Accept", "text/event-stream")
		req.Header.Set("Authorization", "Bearer "+officer.Token)
		res, err := srv.Client().Do(req)
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("stream: %v %v", err, res)
		}
		defer res.Body.Close()
		events := make(chan map[string]int, 16)
		go func() {
			sc := bufio.NewScanner(res.Body)
			for sc.Scan() {
				if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
					var c map[string]int
					json.Unmarshal([]byte(data), &c)
					events <- c
				}
			}
			close(events)
		}()
		next := func(within time.Duration) (map[string]int, bool) {
			select {
			case c, ok := <-events:
				return c, ok
			case <-time.After(within):
				return nil, false
			}
		}
		if c, ok := next(5 * time.Second); !ok || c["received"] != 4 || c["verified"] != 0 {
			t.Fatalf("first event: %v %v", c, ok)
		}
		for _, p := range ps[:3] {
			if st, b := worker.Do("POST", "/api/v1/epidemic/persons/"+p+"/verify", map[string]any{"outcome": "found"}); st != 200 {
				t.Fatalf("verify: %d %s", st, b)
			}
		}
		got := 0
		var last map[string]int
		for deadline := time.Now().Add(2500 * time.Millisecond); time.Now().Before(deadline); {
			if c, ok := next(time.Until(deadline)); ok {
				got, last = got+1, c
			}
		}
		if got < 1 || got > 2 || last["verified"] != 3 {
			t.Errorf("after three verifications: %d events, the last %v; want 1 or 2 ending at 3 verified", got, last)
		}
	})
}
