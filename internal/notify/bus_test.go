package notify

import "testing"

// TestHub: a message reaches every subscriber of its user and no one else;
// a subscriber that falls a buffer behind is dropped — its channel closes
// once drained — while the others go on, and the publisher never waits.
func TestHub(t *testing.T) {
	h := NewHub()
	a1, cancelA1 := h.Subscribe("a")
	a2, cancelA2 := h.Subscribe("a")
	b, cancelB := h.Subscribe("b")
	defer cancelB()
	h.Publish("a", Message{Type: TypeUnread, Unread: 1})
	for i, ch := range []<-chan Message{a1, a2} {
		if m := <-ch; m.Unread != 1 {
			t.Errorf("subscriber %d of a got %+v", i, m)
		}
	}
	select {
	case m := <-b:
		t.Errorf("b got a's message %+v", m)
	default:
	}

	for i := range subscriberBuffer + 1 { // a1 keeps up, a2 reads nothing
		h.Publish("a", Message{Type: TypeUnread, Unread: i})
		<-a1
	}
	n := 0
	for range a2 {
		n++
	}
	if n != subscriberBuffer {
		t.Errorf("the slow subscriber got %d messages before it was dropped, want its buffer's %d", n, subscriberBuffer)
	}
	h.Publish("a", Message{Type: TypeUnread, Unread: 99})
	if m := <-a1; m.Unread != 99 {
		t.Errorf("after the drop the other subscriber got %+v", m)
	}
	cancelA2() // already dropped: a no-op
	cancelA1()
	if _, open := <-a1; open {
		t.Error("a cancelled subscription stays open")
	}
	if len(h.subs) != 1 {
		t.Errorf("subscribers left: %v", h.subs)
	}
}
