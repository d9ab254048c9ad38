package auth

import (
	"net/http"
	"time"

	"healthgrid/internal/config"
)

// SettingsFrom are the identity service's settings in the configuration,
// hashing passwords with argon.
func SettingsFrom(cfg config.Config, argon ArgonParams) Settings {
	return Settings{Demo: cfg.Demo, TOTPRequired: cfg.TOTPRequired, LockoutThreshold: cfg.LockoutThreshold,
		LockoutDuration: cfg.LockoutDuration, PasswordMaxAge: cfg.PasswordMaxAge, SessionIdle: cfg.SessionIdle,
		SessionAbsolute: cfg.SessionAbsolute, SMSPhoneCap: cfg.SMSPhoneCap, SMSIPCap: cfg.SMSIPCap, Argon: argon,
		IPFailureLimit: cfg.LoginIPFailures, IPFailureWindow: cfg.LoginIPWindow}
}

// SenderFrom is the configuration's SMS gateway: an HTTP one, or else the
// outbox file in the data directory.
func SenderFrom(cfg config.Config, now func() time.Time) SMSSender {
	if cfg.SMSProvider == "http" {
		return &HTTPSender{URL: cfg.SMSURL, Client: &http.Client{Timeout: 10 * time.Second}}
	}
	return NewFileSender(cfg.DataDir, now)
}
