package app

import (
	"crypto/ed25519"
	"log/slog"

	"healthgrid/internal/audit"
	"healthgrid/internal/config"
)

// wireAnchors builds the anchorer of the audit chain's head and points the
// chain's verification at the anchor log, checked with the key's public half.
func wireAnchors(cfg config.Config, l *audit.Log, log *slog.Logger) (*audit.Anchorer, error) {
	key, err := audit.LoadOrCreateAnchorKey(cfg.DataDir, cfg.AuditAnchorKey)
	if err != nil {
		return nil, err
	}
	sink, err := audit.NewSink(cfg.AuditAnchorSink, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	l.WithAnchors(audit.AnchorLogPath(cfg.AuditAnchorSink, cfg.DataDir), key.Public().(ed25519.PublicKey))
	return audit.NewAnchorer(l, key, sink, cfg.AuditAnchorEvery, log), nil
}
