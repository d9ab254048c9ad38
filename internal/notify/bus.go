package notify

import "sync"

// Bus carries messages to the users they are for. Hub, in process, is the
// default; with several instances a NATS subject per user would implement
// the same two methods, so that a browser connected to one instance hears
// of what happened on another.
type Bus interface {
	// Publish hands m to every subscriber of userID without waiting for
	// any of them.
	Publish(userID string, m Message)
	// Subscribe receives userID's messages until cancel is called, or until
	// the bus drops a subscriber too slow to keep up: then the channel closes.
	Subscribe(userID string) (msgs <-chan Message, cancel func())
}

// subscriberBuffer is how many messages a subscriber may fall behind before
// it is dropped: a browser on a bad line must not hold up the workflow.
const subscriberBuffer = 32

// Hub is the in-process bus: per-user subscribers, each with a buffered
// channel; a publish never blocks — a subscriber whose buffer is full is
// dropped (its channel closed) and must reconnect and read its inbox again.
type Hub struct {
	mu   sync.Mutex
	subs map[string]map[chan Message]bool
}

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{subs: map[string]map[chan Message]bool{}} }

// Publish hands m to userID's subscribers, dropping the ones that are full.
func (h *Hub) Publish(userID string, m Message) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs[userID] {
		select {
		case ch <- m:
		default:
			h.drop(userID, ch)
		}
	}
}

// Subscribe adds a subscriber of userID.
func (h *Hub) Subscribe(userID string) (<-chan Message, func()) {
	ch := make(chan Message, subscriberBuffer)
	h.mu.Lock()
	if h.subs[userID] == nil {
		h.subs[userID] = map[chan Message]bool{}
	}
	h.subs[userID][ch] = true
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		h.drop(userID, ch)
	}
}

// drop removes a subscriber, once; h.mu is held.
func (h *Hub) drop(userID string, ch chan Message) {
	if !h.subs[userID][ch] {
		return
	}
	delete(h.subs[userID], ch)
	if len(h.subs[userID]) == 0 {
		delete(h.subs, userID)
	}
	close(ch)
}
