package audit

import (
	"context"
	"crypto/ed25519"
	"log/slog"
	"sync"
	"time"
)

// heartbeat is how many intervals an unmoved head waits before it is
// anchored again, so that a quiet server's log shows the anchoring is alive
// without growing by a line a minute.
const heartbeat = 60

// Anchorer signs the chain's head and sends it to a sink: on a timer in each
// instance, and once more at shutdown. The timer is in the process, not a
// queued job, because the queue lives in the database the anchors check;
// several instances anchoring the same head is harmless.
type Anchorer struct {
	log   *Log
	key   ed25519.PrivateKey
	sink  Sink
	every time.Duration
	slog  *slog.Logger

	mu   sync.Mutex
	last Anchor // the newest this process wrote
}

// NewAnchorer anchors l's head with key into sink every interval.
func NewAnchorer(l *Log, key ed25519.PrivateKey, sink Sink, every time.Duration, logger *slog.Logger) *Anchorer {
	return &Anchorer{log: l, key: key, sink: sink, every: every, slog: logger}
}

// PublicKey is the public half of the signing key, for verifiers to hold.
func (a *Anchorer) PublicKey() ed25519.PublicKey { return a.key.Public().(ed25519.PublicKey) }

// Anchor signs the head and sends it to the sink — for AnchorInterval only
// when the head moved since this process's last anchor or that one is
// heartbeat intervals old, for AnchorShutdown always. It reports whether it
// wrote one.
func (a *Anchorer) Anchor(ctx context.Context, reason string) (bool, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	seq, hash, err := a.log.head(ctx)
	if err != nil {
		return false, err
	}
	now := a.log.now().UTC()
	if a.last.Sig != "" && (seq < a.last.Seq || seq == a.last.Seq && hash != a.last.Hash) {
		a.slog.Error("audit head went back: records were deleted or rewritten in the database",
			"anchored_seq", a.last.Seq, "head_seq", seq)
	}
	moved := a.last.Sig == "" || seq != a.last.Seq || hash != a.last.Hash
	if reason == AnchorInterval && !moved && now.Sub(a.last.Time) < heartbeat*a.every {
		return false, nil
	}
	an := signAnchor(a.key, Anchor{Seq: seq, Hash: hash, Time: now, Reason: reason})
	if err := a.sink.Append(ctx, an); err != nil {
		return false, err
	}
	a.last = an
	return true, nil
}

// Run anchors at once and then every interval until ctx ends; a failed
// anchor is logged and tried again at the next tick.
func (a *Anchorer) Run(ctx context.Context) {
	t := time.NewTicker(a.every)
	defer t.Stop()
	for {
		if _, err := a.Anchor(ctx, AnchorInterval); err != nil && ctx.Err() == nil {
			a.slog.Error("audit anchor failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
