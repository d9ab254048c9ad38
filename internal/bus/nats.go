package bus

import (
	"log/slog"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
)

// subjectPrefix puts healthgrid's subjects apart from whatever else the
// NATS cluster carries.
const subjectPrefix = "healthgrid."

// NATS is the bus across instances. Each instance holds one NATS
// subscription per topic it has subscribers for, and fans its messages out
// to them through a Hub of its own, with the hub's buffers and drops. A
// publish goes to the local hub at once and to NATS, which does not echo it
// back (NoEcho): the local subscribers hear of it even while the link is
// down. When the link comes back, every local subscriber is dropped, since
// what others published meanwhile is lost; each reads again and resubscribes.
type NATS struct {
	conn *nats.Conn
	hub  *Hub
	log  *slog.Logger

	mu     sync.Mutex
	topics map[string]*topicSub
}

// topicSub is one topic's NATS subscription and how many local
// subscribers use it.
type topicSub struct {
	sub   *nats.Subscription
	users int
}

// Connect joins the NATS server or cluster at url. The first connection
// must succeed, so that a wrong URL stops the start; later losses are
// reconnected for ever, and logged.
func Connect(url string, log *slog.Logger) (*NATS, error) {
	n := &NATS{hub: NewHub(), log: log, topics: map[string]*topicSub{}}
	conn, err := nats.Connect(url, nats.Name("healthgrid"), nats.NoEcho(), nats.MaxReconnects(-1),
		nats.ReconnectWait(time.Second),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Warn("bus: nats disconnected", "err", err)
			}
		}),
		nats.ReconnectHandler(func(c *nats.Conn) {
			log.Info("bus: nats reconnected; subscribers read again", "server", c.ConnectedUrlRedacted())
			// the client has resent its subscriptions; a round trip makes sure
			// the server holds them before the subscribers read again and
			// count on hearing what anyone publishes from then on
			if err := c.FlushTimeout(time.Second); err != nil {
				log.Warn("bus: flush after reconnect", "err", err)
			}
			n.hub.DropAll()
		}),
		nats.ErrorHandler(func(_ *nats.Conn, s *nats.Subscription, err error) {
			subject := ""
			if s != nil {
				subject = s.Subject
			}
			log.Error("bus: nats", "subject", subject, "err", err)
		}))
	if err != nil {
		return nil, err
	}
	n.conn = conn
	return n, nil
}

// Publish hands msg to this instance's subscribers of topic and to NATS for
// the others. A message NATS cannot take (the connection closed, its buffer
// for a lost link full) is logged and lost; the subscribers that missed it
// are dropped when the link returns.
func (n *NATS) Publish(topic string, msg []byte) {
	n.hub.Publish(topic, msg)
	if err := n.conn.Publish(subjectPrefix+topic, msg); err != nil {
		n.log.Error("bus: publish", "topic", topic, "err", err)
	}
}

// Subscribe adds a local subscriber of topic, subscribing to its NATS
// subject for the first one; once it returns, what any instance publishes
// reaches it. A subject NATS refuses gives a channel that is closed at once,
// as a drop does.
func (n *NATS) Subscribe(topic string) (<-chan []byte, func()) {
	n.mu.Lock()
	defer n.mu.Unlock()
	t := n.topics[topic]
	if t == nil {
		sub, err := n.conn.Subscribe(subjectPrefix+topic, func(m *nats.Msg) { n.hub.Publish(topic, m.Data) })
		if err != nil {
			n.log.Error("bus: subscribe", "topic", topic, "err", err)
			ch := make(chan []byte)
			close(ch)
			return ch, func() {}
		}
		t = &topicSub{sub: sub}
		n.topics[topic] = t
		// a round trip, so that the server knows of the subscription before
		// the caller reads what it keeps (an unread count): nothing published
		// after that falls between; while the link is down it is lost anyway
		if n.conn.IsConnected() {
			if err := n.conn.FlushTimeout(time.Second); err != nil {
				n.log.Warn("bus: subscribe", "topic", topic, "err", err)
			}
		}
	}
	t.users++
	msgs, cancel := n.hub.Subscribe(topic)
	var once sync.Once
	return msgs, func() {
		once.Do(func() {
			cancel()
			n.release(topic)
		})
	}
}

// release unsubscribes from topic's subject when its last local subscriber
// has gone.
func (n *NATS) release(topic string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	t := n.topics[topic]
	if t.users--; t.users > 0 {
		return
	}
	delete(n.topics, topic)
	if err := t.sub.Unsubscribe(); err != nil && n.conn.IsConnected() {
		n.log.Warn("bus: unsubscribe", "topic", topic, "err", err)
	}
}

// Close sends what is still buffered (for a few seconds at most), closes the
// connection and drops every local subscriber.
func (n *NATS) Close() {
	if n.conn.IsConnected() {
		if err := n.conn.FlushTimeout(3 * time.Second); err != nil {
			n.log.Warn("bus: flush at close", "err", err)
		}
	}
	n.conn.Close()
	n.hub.DropAll()
}
