package bus

import (
	"fmt"
	"log/slog"
	"testing"
	"time"

	"healthgrid/internal/bus/bustest"
)

func connect(t *testing.T, srv *bustest.Server) *NATS {
	t.Helper()
	n, err := Connect(srv.ClientURL(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(n.Close)
	return n
}

func next(t *testing.T, msgs <-chan []byte) string {
	t.Helper()
	select {
	case m, ok := <-msgs:
		if !ok {
			t.Fatal("the subscription was dropped")
		}
		return string(m)
	case <-time.After(10 * time.Second):
		t.Fatal("no message within 10 s")
	}
	return ""
}

// TestNATS: two instances on one NATS server. A message published on one
// reaches the subscribers of its topic on both, each once, and no one else;
// a subscriber that falls behind is dropped as on the hub; the last cancel
// of a topic leaves its subject.
func TestNATS(t *testing.T) {
	srv := bustest.Start(t)
	a, b := connect(t, srv), connect(t, srv)
	onA, cancelA := a.Subscribe("notify.u1")
	onB, cancelB := b.Subscribe("notify.u1")
	other, cancelOther := b.Subscribe("notify.u2")
	defer cancelOther()
	a.Publish("notify.u1", []byte("x"))
	a.Publish("notify.u1", []byte("y"))
	for _, m := range []string{"x", "y"} {
		if got := next(t, onA); got != m {
			t.Errorf("the publisher's own subscriber got %q, want %q once", got, m)
		}
		if got := next(t, onB); got != m {
			t.Errorf("the other instance's subscriber got %q, want %q", got, m)
		}
	}
	b.Publish("notify.u2", []byte("z"))
	if got := next(t, other); got != "z" {
		t.Errorf("u2 got %q", got)
	}
	select {
	case m := <-onB:
		t.Errorf("u1 got u2's message %q", m)
	case <-time.After(100 * time.Millisecond):
	}

	for i := range subscriberBuffer + 1 { // onA reads along, onB reads nothing
		a.Publish("notify.u1", fmt.Appendf(nil, "%d", i))
		next(t, onA)
	}
	for start := time.Now(); subscribers(b.hub, "notify.u1") > 0; time.Sleep(10 * time.Millisecond) {
		if time.Since(start) > 10*time.Second {
			t.Fatal("the slow subscriber was never dropped")
		}
	}
	n := 0
	for range onB {
		n++
	}
	if n != subscriberBuffer {
		t.Errorf("the slow subscriber got %d messages before it was dropped, want %d", n, subscriberBuffer)
	}
	cancelA()
	cancelB()
	for name, n := range map[string]*NATS{"a": a, "b": b} {
		n.mu.Lock()
		if _, ok := n.topics["notify.u1"]; ok {
			t.Errorf("%s still subscribes to notify.u1", name)
		}
		n.mu.Unlock()
	}
}

// TestNATSReconnect: when the link to NATS comes back, every subscriber is
// dropped — what was published meanwhile is lost — and a new subscription
// hears the other instance again. While the link is down, the local
// subscribers still hear this instance's own messages.
func TestNATSReconnect(t *testing.T) {
	srv := bustest.Start(t)
	a, b := connect(t, srv), connect(t, srv)
	onB, cancel := b.Subscribe("cache.grids")
	defer cancel()
	srv.Shutdown()
	b.Publish("cache.grids", []byte("local"))
	if got := next(t, onB); got != "local" {
		t.Errorf("while down, the local subscriber got %q", got)
	}
	bustest.StartOn(t, srv.Port)
	select {
	case _, ok := <-onB:
		if ok {
			t.Fatal("a message, not a drop, after the reconnection")
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the subscriber was not dropped when the link came back")
	}
	again, cancelAgain := b.Subscribe("cache.grids")
	defer cancelAgain()
	for !a.conn.IsConnected() {
		time.Sleep(10 * time.Millisecond)
	}
	a.Publish("cache.grids", []byte("after"))
	if got := next(t, again); got != "after" {
		t.Errorf("after the reconnection b got %q", got)
	}
}

// subscribers is how many subscribers of topic the hub has.
func subscribers(h *Hub, topic string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs[topic])
}
