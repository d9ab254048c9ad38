// Package config is the platform's typed configuration: defaults, then
// HEALTHGRID_* environment variables, then command-line flags. It is built
// once in main and handed down; nothing reads it globally.
package config

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is every setting the binary knows.
type Config struct {
	Addr    string // listen address
	DataDir string // SQLite file, keys, uploads, SMS outbox
	DB      string // empty: SQLite in DataDir; or a postgres:// DSN
	Demo    bool   // seed the demo city on first start and enable demo accounts

	DataKey      string // HEALTHGRID_DATA_KEY: field-encryption and blind-index keys (base64/hex of 64 bytes)
	TOTPRequired bool   // staff must enrol and use a second factor (demo accounts excepted)
	TileURL      string // optional base-map tile URL template for the maps
	LogLevel     string

	LockoutThreshold int           // wrong passwords before a lock
	LockoutDuration  time.Duration // how long a lock lasts
	PasswordMaxAge   time.Duration // 0: passwords never expire
	SessionIdle      time.Duration
	SessionAbsolute  time.Duration

	SMSProvider string // "file" (default: <data>/sms-outbox.log) or "http"
	SMSURL      string // the HTTP gateway's URL, for provider "http"
	SMSPhoneCap int    // codes per phone per day
	SMSIPCap    int    // codes per client IP per day

	ImportReportTTL time.Duration // how long an import's error report is kept
	SLASweepEvery   time.Duration // how often the events' SLA sweep runs

	AttachmentImageMB int // largest photo an event may carry
	AttachmentVideoMB int // largest video an event may carry

	// The edge (issue 13 §5): whose forwarding headers to believe, and who may read the metrics.
	TrustedProxies string // addresses and CIDR ranges of the reverse proxies in front; empty: none
	MetricsToken   string // bearer token /metrics asks for on the public listener
	MetricsAddr    string // a separate listen address for /metrics (e.g. 127.0.0.1:9090)

	envErrs []string // unparsable HEALTHGRID_* values, reported by Check
}

// Default is the embedded, zero-set-up configuration.
func Default() Config {
	return Config{
		Addr: ":8080", DataDir: "./data", TOTPRequired: true, LogLevel: "info",
		LockoutThreshold: 5, LockoutDuration: 15 * time.Minute, PasswordMaxAge: 90 * 24 * time.Hour,
		SessionIdle: 30 * time.Minute, SessionAbsolute: 12 * time.Hour,
		SMSProvider: "file", SMSPhoneCap: 10, SMSIPCap: 50,
		ImportReportTTL: 7 * 24 * time.Hour, SLASweepEvery: time.Minute,
		AttachmentImageMB: 10, AttachmentVideoMB: 50,
	}
}

// Flags registers the server settings on fs, each defaulting to its
// HEALTHGRID_* environment variable when that is set. Call Check after parsing.
func (c *Config) Flags(fs *flag.FlagSet) {
	str := func(p *string, name, env, usage string) {
		fs.StringVar(p, name, envOr(env, *p), usage+" (env "+env+")")
	}
	str(&c.Addr, "addr", "HEALTHGRID_ADDR", "listen address")
	str(&c.DataDir, "data", "HEALTHGRID_DATA", "data directory")
	str(&c.DB, "db", "HEALTHGRID_DB", "database: empty for SQLite in the data dir, or a postgres:// DSN")
	fs.BoolVar(&c.Demo, "demo", envBool("HEALTHGRID_DEMO", c.Demo), "seed the demo city and enable demo accounts (env HEALTHGRID_DEMO)")
	c.DataKey = envOr("HEALTHGRID_DATA_KEY", c.DataKey)
	c.TOTPRequired = envBool("HEALTHGRID_TOTP_REQUIRED", c.TOTPRequired)
	c.TileURL = envOr("HEALTHGRID_TILE_URL", c.TileURL)
	c.LogLevel = envOr("HEALTHGRID_LOG_LEVEL", c.LogLevel)
	c.SMSProvider = envOr("HEALTHGRID_SMS_PROVIDER", c.SMSProvider)
	c.SMSURL = envOr("HEALTHGRID_SMS_URL", c.SMSURL)
	c.envInt(&c.LockoutThreshold, "HEALTHGRID_LOCKOUT_THRESHOLD")
	c.envDuration(&c.LockoutDuration, "HEALTHGRID_LOCKOUT_DURATION")
	c.envDuration(&c.PasswordMaxAge, "HEALTHGRID_PASSWORD_MAX_AGE")
	c.envDuration(&c.SessionIdle, "HEALTHGRID_SESSION_IDLE")
	c.envDuration(&c.SessionAbsolute, "HEALTHGRID_SESSION_ABSOLUTE")
	c.envDuration(&c.ImportReportTTL, "HEALTHGRID_IMPORT_REPORT_TTL")
	c.envDuration(&c.SLASweepEvery, "HEALTHGRID_SLA_SWEEP_EVERY")
	c.envInt(&c.AttachmentImageMB, "HEALTHGRID_ATTACHMENT_IMAGE_MB")
	c.envInt(&c.AttachmentVideoMB, "HEALTHGRID_ATTACHMENT_VIDEO_MB")
	c.TrustedProxies = envOr("HEALTHGRID_TRUSTED_PROXIES", c.TrustedProxies)
	c.MetricsToken = envOr("HEALTHGRID_METRICS_TOKEN", c.MetricsToken)
	c.MetricsAddr = envOr("HEALTHGRID_METRICS_ADDR", c.MetricsAddr)
}

// Check rejects settings that cannot work, naming the setting.
func (c *Config) Check() error {
	switch {
	case len(c.envErrs) > 0:
		return fmt.Errorf("config: %s", strings.Join(c.envErrs, "; "))
	case c.DataDir == "":
		return fmt.Errorf("config: data directory must not be empty")
	case c.DB != "" && !strings.HasPrefix(c.DB, "postgres://") && !strings.HasPrefix(c.DB, "postgresql://") && !strings.HasPrefix(c.DB, "sqlite:"):
		return fmt.Errorf("config: --db must be empty, sqlite:FILE or a postgres:// DSN")
	case c.SMSProvider != "file" && c.SMSProvider != "http":
		return fmt.Errorf("config: HEALTHGRID_SMS_PROVIDER must be file or http, not %q", c.SMSProvider)
	case c.SMSProvider == "http" && c.SMSURL == "":
		return fmt.Errorf("config: HEALTHGRID_SMS_URL is required for the http SMS provider")
	case c.LockoutThreshold < 1:
		return fmt.Errorf("config: HEALTHGRID_LOCKOUT_THRESHOLD must be at least 1")
	case c.SessionIdle <= 0 || c.SessionAbsolute < c.SessionIdle:
		return fmt.Errorf("config: session timeouts must be positive and absolute ≥ idle")
	case c.ImportReportTTL <= 0:
		return fmt.Errorf("config: HEALTHGRID_IMPORT_REPORT_TTL must be a positive duration such as 168h")
	case c.SLASweepEvery < time.Second:
		return fmt.Errorf("config: HEALTHGRID_SLA_SWEEP_EVERY must be a duration of at least 1s, such as 1m")
	case c.AttachmentImageMB < 1 || c.AttachmentVideoMB < 1:
		return fmt.Errorf("config: HEALTHGRID_ATTACHMENT_IMAGE_MB and _VIDEO_MB must be at least 1")
	case c.MetricsToken != "" && len(c.MetricsToken) < 16:
		return fmt.Errorf("config: HEALTHGRID_METRICS_TOKEN must be at least 16 characters")
	}
	return nil
}

func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func envBool(name string, def bool) bool {
	if b, err := strconv.ParseBool(os.Getenv(name)); err == nil {
		return b
	}
	return def
}

func (c *Config) envInt(p *int, name string) {
	if v, ok := os.LookupEnv(name); ok {
		n, err := strconv.Atoi(v)
		if err != nil {
			c.envErrs = append(c.envErrs, name+" must be a whole number, not "+strconv.Quote(v))
			return
		}
		*p = n
	}
}

func (c *Config) envDuration(p *time.Duration, name string) {
	if v, ok := os.LookupEnv(name); ok {
		d, err := time.ParseDuration(v)
		if err != nil {
			c.envErrs = append(c.envErrs, name+" must be a duration like 15m or 720h, not "+strconv.Quote(v))
			return
		}
		*p = d
	}
}
