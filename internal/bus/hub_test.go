package bus

import "testing"

// TestHub: a message reaches every subscriber of its topic and no one else;
// a subscriber that falls a buffer behind is dropped — its channel closes
// once drained — while the others go on, and the publisher never waits.
func TestHub(t *testing.T) {
	h := NewHub()
	a1, cancelA1 := h.Subscribe("a")
	a2, cancelA2 := h.Subscribe("a")
	b, cancelB := h.Subscribe("b")
	defer cancelB()
	h.Publish("a", []byte("1"))
	for i, ch := range []<-chan []byte{a1, a2} {
		if m := <-ch; string(m) != "1" {
			t.Errorf("subscriber %d of a got %q", i, m)
		}
	}
	select {
	case m := <-b:
		t.Errorf("b got a's message %q", m)
	default:
	}

	for range subscriberBuffer + 1 { // a1 keeps up, a2 reads nothing
		h.Publish("a", []byte("n"))
		<-a1
	}
	n := 0
	for range a2 {
		n++
	}
	if n != subscriberBuffer {
		t.Errorf("the slow subscriber got %d messages before it was dropped, want its buffer's %d", n, subscriberBuffer)
	}
	h.Publish("a", []byte("99"))
	if m := <-a1; string(m) != "99" {
		t.Errorf("after the drop the other subscriber got %q", m)
	}
	cancelA2() // already dropped: a no-op
	cancelA1()
	if _, open := <-a1; open {
		t.Error("a cancelled subscription stays open")
	}
	if len(h.subs) != 1 {
		t.Errorf("subscribers left: %v", h.subs)
	}
	h.DropAll()
	if _, open := <-b; open || len(h.subs) != 0 {
		t.Errorf("DropAll left b open, or subscribers: %v", h.subs)
	}
}
