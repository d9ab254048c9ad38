package bus

import "sync"

// Hub is the in-process bus: per-topic subscribers, each with a buffered
// channel; a publish never blocks — a subscriber whose buffer is full is
// dropped (its channel closed) and must read again and resubscribe.
type Hub struct {
	mu   sync.Mutex
	subs map[string]map[chan []byte]bool
}

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{subs: map[string]map[chan []byte]bool{}} }

// Publish hands msg to topic's subscribers, dropping the ones that are full.
func (h *Hub) Publish(topic string, msg []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs[topic] {
		select {
		case ch <- msg:
		default:
			h.drop(topic, ch)
		}
	}
}

// Subscribe adds a subscriber of topic.
func (h *Hub) Subscribe(topic string) (<-chan []byte, func()) {
	ch := make(chan []byte, subscriberBuffer)
	h.mu.Lock()
	if h.subs[topic] == nil {
		h.subs[topic] = map[chan []byte]bool{}
	}
	h.subs[topic][ch] = true
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		h.drop(topic, ch)
	}
}

// DropAll drops every subscriber: what reached them may have a gap (the
// NATS link was down), so each reads again what it keeps.
func (h *Hub) DropAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for topic, chs := range h.subs {
		for ch := range chs {
			h.drop(topic, ch)
		}
	}
}

// drop removes a subscriber, once; h.mu is held.
func (h *Hub) drop(topic string, ch chan []byte) {
	if !h.subs[topic][ch] {
		return
	}
	delete(h.subs[topic], ch)
	if len(h.subs[topic]) == 0 {
		delete(h.subs, topic)
	}
	close(ch)
}
