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
	NATSURL string // empty: the in-process bus; or nats://host:4222 so that every instance hears every change
	Demo    bool   // seed the demo city on first start and enable demo accounts

	DataKey      string // HEALTHGRID_DATA_KEY: field-encryption and blind-index keys (base64/hex of 64 bytes)
	TOTPRequired bool   // staff must enrol and use a second factor (demo accounts excepted)
	TileURL      string // optional base-map tile URL template for the maps
	LogLevel     string

	LockoutThreshold int           // wrong secrets (passwords, SMS and TOTP codes) before a lock
	LockoutDuration  time.Duration // how long a lock lasts
	PasswordMaxAge   time.Duration // 0: passwords never expire
	SessionIdle      time.Duration
	SessionAbsolute  time.Duration

	SMSProvider string // "file" (default: <data>/sms-outbox.log) or "http"
	SMSURL      string // the HTTP gateway's URL, for provider "http"
	SMSPhoneCap int    // codes per phone per day
	SMSIPCap    int    // codes per client IP per day

	// Login throttle per client address (issue 13 §3): every login route
	// refuses an address with this many failed logins within the window.
	LoginIPFailures int
	LoginIPWindow   time.Duration

	ImportReportTTL time.Duration // how long an import's error report is kept
	SLASweepEvery   time.Duration // how often the events' SLA sweep runs
	// epidemic measures: how often the check-in sweep runs; how long after an
	// episode ends its personal data is anonymised
	EpidemicSweepEvery time.Duration
	EpidemicRetention  time.Duration
	// CheckinRetention is how long venue check-ins are kept (data
	// minimisation: 14 days, an incubation period and a margin).
	CheckinRetention time.Duration
	// CheckinRowsPerHour bounds the check-in rows one caller (a venue's
	// system, a partner's key) sends in an hour.
	CheckinRowsPerHour int
	// PublicURL is the platform's address as residents' phones reach it
	// (https://…, no trailing slash), which venue posters' QR codes encode;
	// empty: the address the poster was requested at.
	PublicURL string

	AttachmentImageMB int // largest photo an event may carry
	AttachmentVideoMB int // largest video an event may carry
	// a font file with Chinese glyphs for the visit photos' watermarks; empty
	// looks for fonts-noto-cjk and the like on the system (docs/visits.md)
	WatermarkFont string

	// audit anchors (issue 13 §4): the audit chain's head, signed outside the database
	AuditAnchorEvery time.Duration // how often each instance anchors the head: when it moved, or after 60 quiet intervals
	AuditAnchorSink  string        // empty: <data>/audit-anchors.jsonl; a file path, syslog+udp|tcp|unix://…, http(s)://…
	AuditAnchorKey   string        // HEALTHGRID_AUDIT_ANCHOR_KEY: Ed25519 signing key; empty: <data>/audit-anchor.key
	// Personal data leaving the population module (issue 13 §2).
	UnmaskedExportMaxRows int // most residents one unmasked export may hold
	RevealsPerHour        int // reveals of a resident's ID number or phone per user per hour
	RefusalsPerHour       int // registrations refused for scope (ID number registered elsewhere) per user per hour
	// Imports (issue 13): what one uploaded file may make the server read
	// and how often a job is run before it is failed.
	ImportMaxUploadMB   int // largest upload
	ImportMaxUnzippedMB int // what an xlsx's parts may expand to, together
	ImportMaxRatio      int // uncompressed / compressed of one xlsx part
	ImportMaxCellBytes  int // one cell
	ImportMaxRowBytes   int // one row's cells together
	ImportMaxRows       int // lines of one file
	ImportMaxAttempts   int // runs of one import, across restarts
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
		LoginIPFailures: 20, LoginIPWindow: 10 * time.Minute,
		ImportReportTTL: 7 * 24 * time.Hour, SLASweepEvery: time.Minute,
		EpidemicSweepEvery: 10 * time.Minute, EpidemicRetention: 28 * 24 * time.Hour,
		CheckinRetention: 14 * 24 * time.Hour, CheckinRowsPerHour: 36_000_000,
		AttachmentImageMB: 10, AttachmentVideoMB: 50,
		AuditAnchorEvery:      time.Minute,
		UnmaskedExportMaxRows: 10000, RevealsPerHour: 100, RefusalsPerHour: 100,
		ImportMaxUploadMB: 200, ImportMaxUnzippedMB: 2048, ImportMaxRatio: 100, ImportMaxCellBytes: 32 << 10,
		ImportMaxRowBytes: 256 << 10, ImportMaxRows: 5_000_000, ImportMaxAttempts: 5,
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
	str(&c.NATSURL, "nats", "HEALTHGRID_NATS_URL", "bus: empty for in-process, or nats://host:4222 (comma-separated for a cluster) to span instances")
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
	c.envInt(&c.LoginIPFailures, "HEALTHGRID_LOGIN_IP_FAILURES")
	c.envDuration(&c.LoginIPWindow, "HEALTHGRID_LOGIN_IP_WINDOW")
	c.envDuration(&c.ImportReportTTL, "HEALTHGRID_IMPORT_REPORT_TTL")
	c.envDuration(&c.SLASweepEvery, "HEALTHGRID_SLA_SWEEP_EVERY")
	c.envDuration(&c.EpidemicSweepEvery, "HEALTHGRID_EPIDEMIC_SWEEP_EVERY")
	c.envDuration(&c.EpidemicRetention, "HEALTHGRID_EPIDEMIC_RETENTION")
	c.envDuration(&c.CheckinRetention, "HEALTHGRID_CHECKIN_RETENTION")
	c.envInt(&c.CheckinRowsPerHour, "HEALTHGRID_CHECKIN_ROWS_PER_HOUR")
	c.PublicURL = strings.TrimRight(envOr("HEALTHGRID_PUBLIC_URL", c.PublicURL), "/")
	c.envInt(&c.AttachmentImageMB, "HEALTHGRID_ATTACHMENT_IMAGE_MB")
	c.envInt(&c.AttachmentVideoMB, "HEALTHGRID_ATTACHMENT_VIDEO_MB")
	c.WatermarkFont = envOr("HEALTHGRID_WATERMARK_FONT", c.WatermarkFont)
	c.envDuration(&c.AuditAnchorEvery, "HEALTHGRID_AUDIT_ANCHOR_EVERY")
	c.AuditAnchorSink = envOr("HEALTHGRID_AUDIT_ANCHOR_SINK", c.AuditAnchorSink)
	c.AuditAnchorKey = envOr("HEALTHGRID_AUDIT_ANCHOR_KEY", c.AuditAnchorKey)
	c.envInt(&c.UnmaskedExportMaxRows, "HEALTHGRID_UNMASKED_EXPORT_MAX_ROWS")
	c.envInt(&c.RevealsPerHour, "HEALTHGRID_REVEALS_PER_HOUR")
	c.envInt(&c.RefusalsPerHour, "HEALTHGRID_REGISTRATION_REFUSALS_PER_HOUR")
	c.envInt(&c.ImportMaxUploadMB, "HEALTHGRID_IMPORT_MAX_UPLOAD_MB")
	c.envInt(&c.ImportMaxUnzippedMB, "HEALTHGRID_IMPORT_MAX_UNZIPPED_MB")
	c.envInt(&c.ImportMaxRatio, "HEALTHGRID_IMPORT_MAX_RATIO")
	c.envInt(&c.ImportMaxCellBytes, "HEALTHGRID_IMPORT_MAX_CELL_BYTES")
	c.envInt(&c.ImportMaxRowBytes, "HEALTHGRID_IMPORT_MAX_ROW_BYTES")
	c.envInt(&c.ImportMaxRows, "HEALTHGRID_IMPORT_MAX_ROWS")
	c.envInt(&c.ImportMaxAttempts, "HEALTHGRID_IMPORT_MAX_ATTEMPTS")
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
	case c.NATSURL != "" && !natsURLs(c.NATSURL):
		return fmt.Errorf("config: --nats (HEALTHGRID_NATS_URL) must be empty or nats://host:port, comma-separated for a cluster")
	case c.SMSProvider != "file" && c.SMSProvider != "http":
		return fmt.Errorf("config: HEALTHGRID_SMS_PROVIDER must be file or http, not %q", c.SMSProvider)
	case c.SMSProvider == "http" && c.SMSURL == "":
		return fmt.Errorf("config: HEALTHGRID_SMS_URL is required for the http SMS provider")
	case c.LockoutThreshold < 1:
		return fmt.Errorf("config: HEALTHGRID_LOCKOUT_THRESHOLD must be at least 1")
	case c.LoginIPFailures < 1:
		return fmt.Errorf("config: HEALTHGRID_LOGIN_IP_FAILURES must be at least 1")
	case c.LoginIPWindow <= 0:
		return fmt.Errorf("config: HEALTHGRID_LOGIN_IP_WINDOW must be a positive duration such as 10m")
	case c.SessionIdle <= 0 || c.SessionAbsolute < c.SessionIdle:
		return fmt.Errorf("config: session timeouts must be positive and absolute ≥ idle")
	case c.ImportReportTTL <= 0:
		return fmt.Errorf("config: HEALTHGRID_IMPORT_REPORT_TTL must be a positive duration such as 168h")
	case c.SLASweepEvery < time.Second:
		return fmt.Errorf("config: HEALTHGRID_SLA_SWEEP_EVERY must be a duration of at least 1s, such as 1m")
	case c.EpidemicSweepEvery < time.Second || c.EpidemicRetention < time.Hour:
		return fmt.Errorf("config: HEALTHGRID_EPIDEMIC_SWEEP_EVERY must be at least 1s and HEALTHGRID_EPIDEMIC_RETENTION at least 1h, such as 672h")
	case c.CheckinRetention < time.Hour:
		return fmt.Errorf("config: HEALTHGRID_CHECKIN_RETENTION must be at least 1h, such as 336h")
	case c.AttachmentImageMB < 1 || c.AttachmentVideoMB < 1:
		return fmt.Errorf("config: HEALTHGRID_ATTACHMENT_IMAGE_MB and _VIDEO_MB must be at least 1")
	case c.AuditAnchorEvery < time.Second:
		return fmt.Errorf("config: HEALTHGRID_AUDIT_ANCHOR_EVERY must be a duration of at least 1s, such as 1m")
	case c.UnmaskedExportMaxRows < 1 || c.RevealsPerHour < 1 || c.RefusalsPerHour < 1:
		return fmt.Errorf("config: HEALTHGRID_UNMASKED_EXPORT_MAX_ROWS, _REVEALS_PER_HOUR and _REGISTRATION_REFUSALS_PER_HOUR must be at least 1")
	case c.importBelowOne() != "":
		return fmt.Errorf("config: %s must be at least 1", c.importBelowOne())
	case c.ImportMaxRowBytes < c.ImportMaxCellBytes:
		return fmt.Errorf("config: HEALTHGRID_IMPORT_MAX_ROW_BYTES must be at least HEALTHGRID_IMPORT_MAX_CELL_BYTES")
	case c.MetricsToken != "" && len(c.MetricsToken) < 16:
		return fmt.Errorf("config: HEALTHGRID_METRICS_TOKEN must be at least 16 characters")
	}
	return nil
}

// natsURLs reports whether s lists NATS server URLs, comma-separated.
func natsURLs(s string) bool {
	for u := range strings.SplitSeq(s, ",") {
		u = strings.TrimSpace(u)
		if !strings.HasPrefix(u, "nats://") && !strings.HasPrefix(u, "tls://") || strings.Contains(u, " ") {
			return false
		}
	}
	return true
}

// importBelowOne names the first import limit set below 1, or is "".
func (c *Config) importBelowOne() string {
	for _, s := range []struct {
		v    int
		name string
	}{{c.ImportMaxUploadMB, "HEALTHGRID_IMPORT_MAX_UPLOAD_MB"}, {c.ImportMaxUnzippedMB, "HEALTHGRID_IMPORT_MAX_UNZIPPED_MB"},
		{c.ImportMaxRatio, "HEALTHGRID_IMPORT_MAX_RATIO"}, {c.ImportMaxCellBytes, "HEALTHGRID_IMPORT_MAX_CELL_BYTES"},
		{c.ImportMaxRowBytes, "HEALTHGRID_IMPORT_MAX_ROW_BYTES"}, {c.ImportMaxRows, "HEALTHGRID_IMPORT_MAX_ROWS"},
		{c.ImportMaxAttempts, "HEALTHGRID_IMPORT_MAX_ATTEMPTS"}} {
		if s.v < 1 {
			return s.name
		}
	}
	return ""
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
