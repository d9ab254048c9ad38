package notify

import (
	"context"
	"encoding/json"
	"healthgrid/internal/access"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"
)

// StatusSessionEnded closes a push channel whose session has ended (logout,
// expiry, the user disabled): the client must not reconnect with it.
const StatusSessionEnded websocket.StatusCode = 4401

const (
	// pingEvery keeps proxies from closing a quiet channel, finds dead peers,
	// and is when the session is looked at again.
	pingEvery    = 25 * time.Second
	writeTimeout = 10 * time.Second
)

// serveWS is GET /ws, for a caller the middleware has authenticated (the
// session cookie, or a bearer token). The channel only speaks: whatever the
// client sends is read and dropped. Origins other than the server's own are
// refused, so another site cannot open it with the user's cookie.
func (s *Service) serveWS(hctx huma.Context) {
	r, w := humago.Unwrap(hctx)
	p := access.From(r.Context())
	msgs, cancel := s.bus.Subscribe(topic(p.UserID)) // before the count: nothing falls in between
	defer cancel()
	conn, err := websocket.Accept(w, r, nil)
	if err != nil {
		return // Accept has answered: 426 without an upgrade, 403 from another origin
	}
	defer conn.CloseNow()
	// the request's context must not be used once the connection is hijacked
	ctx := conn.CloseRead(context.Background())
	if code, reason := s.stream(ctx, conn, p, msgs); code != 0 {
		conn.Close(code, reason)
	}
}

// stream sends the unread count, then each message for the user, until the
// channel has to close: with the code and reason to close it with, or 0
// when the peer has gone.
func (s *Service) stream(ctx context.Context, conn *websocket.Conn, p *access.Principal, msgs <-chan []byte) (websocket.StatusCode, string) {
	n, err := s.Unread(ctx, p.UserID)
	if err != nil {
		s.log.Error("notify: ws unread", "user", p.UserID, "err", err)
		return websocket.StatusInternalError, "unread count"
	}
	if send(ctx, conn, Message{Type: TypeUnread, Unread: n}) != nil {
		return 0, ""
	}
	tick := time.NewTicker(pingEvery)
	defer tick.Stop()
	for {
		select {
		case raw, ok := <-msgs:
			var m Message
			switch {
			case !ok:
				return websocket.StatusTryAgainLater, "too far behind: reconnect and read the inbox"
			case json.Unmarshal(raw, &m) != nil:
				s.log.Error("notify: a push that is not a message", "user", p.UserID)
				continue
			case m.Type == typeSessionEnd && m.Session == p.SessionHash:
				return StatusSessionEnded, "session ended"
			case m.Type == typeSessionEnd:
				continue // another session of the same user
			}
			if send(ctx, conn, m) != nil {
				return 0, ""
			}
		case <-tick.C:
			if p.SessionHash != "" {
				if live, err := s.sessions.SessionLive(ctx, p.SessionHash); err == nil && !live {
					return StatusSessionEnded, "session ended"
				}
			}
			pctx, cancel := context.WithTimeout(ctx, writeTimeout)
			err := conn.Ping(pctx)
			cancel()
			if err != nil {
				return 0, ""
			}
		case <-s.closing:
			return websocket.StatusGoingAway, "server shutting down"
		case <-ctx.Done():
			return 0, ""
		}
	}
}

func send(ctx context.Context, conn *websocket.Conn, m Message) error {
	ctx, cancel := context.WithTimeout(ctx, writeTimeout)
	defer cancel()
	return wsjson.Write(ctx, conn, m)
}
