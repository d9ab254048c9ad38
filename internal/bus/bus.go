// Package bus carries messages on named topics between the modules of every
// instance: notifications to the browsers of one user, a module's word that
// an in-memory copy (the grid locate index, the matter catalogue, the work
// calendar) is stale, and, as they land, positions and screening progress.
// Hub, in process, is the embedded default; NATS makes the same two methods
// span every instance behind the load balancer. docs/architecture.md, "A bus
// that spans instances", tells how it is used.
package bus

import (
	"fmt"
	"log/slog"
)

// Bus carries messages on topics. A message is published once it is true —
// after the commit that makes it so (db.AfterCommit) — and reaches every
// subscriber of its topic on every instance the bus reaches, its own
// included. Topics are dot-separated words ("notify.<user id>",
// "cache.grids"), with no spaces, '*' or '>'.
type Bus interface {
	// Publish hands msg to every subscriber of topic without waiting for any
	// of them. The bus may keep msg: the caller must not change it after.
	Publish(topic string, msg []byte)
	// Subscribe receives topic's messages until cancel is called, or until
	// the bus drops a subscriber that fell too far behind or may have missed
	// messages: then the channel closes, and the subscriber reads again what
	// it keeps (an inbox, a cache) before it subscribes anew. cancel must be
	// called either way.
	Subscribe(topic string) (msgs <-chan []byte, cancel func())
}

// subscriberBuffer is how many messages a subscriber may fall behind before
// it is dropped: a browser on a bad line must not hold up the workflow.
const subscriberBuffer = 32

// Open is the bus url names: NATS at url (nats://host:4222, several
// comma-separated for a cluster), or the in-process hub when url is empty.
// close releases it.
func Open(url string, log *slog.Logger) (b Bus, close func(), err error) {
	if url == "" {
		h := NewHub()
		return h, h.DropAll, nil
	}
	n, err := Connect(url, log)
	if err != nil {
		return nil, nil, fmt.Errorf("bus: %w", err)
	}
	return n, n.Close, nil
}
