package epidemic

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/bus"
)

// liveEvery is the least time between two messages of one list: a list of
// 100,000 verified at 50 a second moves its console once a second, not 50.
const liveEvery = time.Second

// liveTopic is the bus topic a list's progress moves on.
func liveTopic(id string) string { return "epidemic.screening." + id }

// live publishes that a list's progress moved, at most once per liveEvery
// per list: the first move at once, the rest of the second coalesced into one
// message at its end. It runs on the wall clock: it paces messages, it does
// not decide anything.
type live struct {
	bus     bus.Bus
	mu      sync.Mutex
	last    map[string]time.Time
	pending map[string]bool
}

func newLive(b bus.Bus) *live {
	return &live{bus: b, last: map[string]time.Time{}, pending: map[string]bool{}}
}

func (l *live) poke(id string) {
	if l == nil || l.bus == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pending[id] {
		return
	}
	wait := liveEvery - time.Since(l.last[id])
	if wait <= 0 {
		l.send(id)
		return
	}
	l.pending[id] = true
	time.AfterFunc(wait, func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		delete(l.pending, id)
		l.send(id)
	})
}

// send publishes; l.mu is held.
func (l *live) send(id string) {
	l.last[id] = time.Now()
	msg, _ := json.Marshal(map[string]string{"screening_id": id})
	l.bus.Publish(liveTopic(id), msg)
	for k, t := range l.last { // forget lists that went quiet
		if time.Since(t) > time.Minute && !l.pending[k] {
			delete(l.last, k)
		}
	}
}

// published tells the list's watchers once the transaction ctx carries
// commits.
func (s *Service) published(ctx context.Context, ids ...string) {
	s.db.AfterCommit(ctx, func(context.Context) {
		for _, id := range ids {
			s.live.poke(id)
		}
	})
}

// keepAlive is how often a quiet stream sends a comment, so that proxies
// keep it open.
const keepAlive = 25 * time.Second

// streamProgress is GET /epidemic/screenings/{id}/live: Server-Sent Events,
// each a "progress" event with the list's counts in the caller's scope —
// one at once, then one whenever they move (at most one a second).
func (s *Service) streamProgress(ctx context.Context, in *idInput) (*huma.StreamResponse, error) {
	scope := access.From(ctx).RegionPath
	if _, err := s.Screening(ctx, scope, in.ID); err != nil {
		return nil, err
	}
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		var msgs <-chan []byte
		if s.bus != nil {
			var cancel func()
			msgs, cancel = s.bus.Subscribe(liveTopic(in.ID))
			defer cancel()
		}
		hc.SetHeader("Content-Type", "text/event-stream")
		hc.SetHeader("Cache-Control", "no-store")
		hc.SetHeader("X-Accel-Buffering", "no")
		hc.SetStatus(http.StatusOK)
		w := hc.BodyWriter()
		// the writer is wrapped by the middleware (statusWriter): a
		// ResponseController reaches the flusher through their Unwrap
		flush := func() {
			if rw, ok := w.(http.ResponseWriter); ok {
				_ = http.NewResponseController(rw).Flush()
			}
		}
		rctx := hc.Context()
		send := func() bool {
			sc, err := s.Screening(rctx, scope, in.ID)
			if err != nil {
				return false
			}
			b, _ := json.Marshal(sc.Counts)
			_, err = fmt.Fprintf(w, "event: progress\ndata: %s\n\n", b)
			flush()
			return err == nil
		}
		if !send() {
			return
		}
		tick := time.NewTicker(keepAlive)
		defer tick.Stop()
		for {
			select {
			case <-rctx.Done():
				return
			case <-msgs:
				if !send() {
					return
				}
			case <-tick.C:
				if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
					return
				}
				flush()
			}
		}
	}}, nil
}
