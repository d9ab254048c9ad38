package audit

import (
	"crypto/ed25519"
	"log/slog"
	"time"
)

// Anchoring builds the anchorer of l's head — key from keyText or the data
// dir, anchors to sinkSpec every interval — and points l's verification at
// the anchor log, checked with the key's public half.
func Anchoring(l *Log, dataDir, keyText, sinkSpec string, every time.Duration, log *slog.Logger) (*Anchorer, error) {
	key, err := LoadOrCreateAnchorKey(dataDir, keyText)
	if err != nil {
		return nil, err
	}
	sink, err := NewSink(sinkSpec, dataDir)
	if err != nil {
		return nil, err
	}
	l.WithAnchors(AnchorLogPath(sinkSpec, dataDir), key.Public().(ed25519.PublicKey))
	return NewAnchorer(l, key, sink, every, log), nil
}
