// Package app is the one place that wires the platform together: config,
// database, modules, routes, jobs, and the command-line commands.
package app

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"healthgrid/internal/apikey"
	"healthgrid/internal/audit"
	"healthgrid/internal/auth"
	"healthgrid/internal/bus"
	"healthgrid/internal/calendar"
	"healthgrid/internal/config"
	"healthgrid/internal/db"
	"healthgrid/internal/event"
	"healthgrid/internal/files"
	"healthgrid/internal/grid"
	"healthgrid/internal/httpx"
	"healthgrid/internal/imports"
	"healthgrid/internal/jobs"
	"healthgrid/internal/matter"
	"healthgrid/internal/notify"
	"healthgrid/internal/open311"
	"healthgrid/internal/org"
	"healthgrid/internal/pii"
	"healthgrid/internal/population"
	"healthgrid/internal/quota"
	"healthgrid/internal/region"
)

// Version is set at build time with -ldflags "-X healthgrid/internal/app.Version=…".
var Version = "dev"

// App is the wired platform.
type App struct {
	Config   config.Config
	DB       *db.DB
	Log      *slog.Logger
	Audit    *audit.Log
	Anchors  *audit.Anchorer
	Regions  *region.Service
	Units    *org.Service
	People   *population.Service
	Grids    *grid.Service
	Imports  *imports.Service
	Calendar *calendar.Service
	Matters  *matter.Service
	Events   *event.Service
	Files    *files.Service
	Notify   *notify.Service
	Auth     *auth.Service
	APIKeys  *apikey.Service
	Open311  *open311.API
	Jobs     *jobs.Queue
	Router   *httpx.Router
	Handler  http.Handler
	metrics  http.Handler // /metrics, wherever the config serves it
	release  func()       // stops following the bus, and closes it
}

// Options tune New for tests and benchmarks.
type Options struct {
	Now   func() time.Time
	Argon auth.ArgonParams // zero: auth.DefaultArgon
	SMS   auth.SMSSender   // nil: from config
	Log   *slog.Logger
}

// New opens the database, applies migrations and wires every module.
func New(ctx context.Context, cfg config.Config, opt Options) (*App, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Argon == (auth.ArgonParams{}) {
		opt.Argon = auth.DefaultArgon
	}
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	d, err := db.Open(ctx, cfg.DB, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	b, closeBus, err := bus.Open(cfg.NATSURL, opt.Log)
	if err != nil {
		d.Close()
		return nil, err
	}
	a, err := wire(ctx, d, b, cfg, opt)
	if err != nil {
		closeBus()
		d.Close()
		return nil, err
	}
	follow := bus.Follow(opt.Log, slices.Concat(a.Regions.Caches(), a.Matters.Caches(), a.Calendar.Caches())...)
	a.release = func() { follow(); closeBus() }
	return a, nil
}

func wire(ctx context.Context, d *db.DB, b bus.Bus, cfg config.Config, opt Options) (*App, error) {
	if _, err := d.Migrate(ctx); err != nil {
		return nil, err
	}
	keys, err := pii.LoadOrCreateKeys(cfg.DataDir, cfg.DataKey)
	if err != nil {
		return nil, err
	}
	cipher, err := pii.New(keys)
	if err != nil {
		return nil, err
	}
	sms := opt.SMS
	if sms == nil {
		if cfg.SMSProvider == "http" {
			sms = &auth.HTTPSender{URL: cfg.SMSURL, Client: &http.Client{Timeout: 10 * time.Second}}
		} else {
			sms = auth.NewFileSender(cfg.DataDir, opt.Now)
		}
	}
	auditLog := audit.New(d, derive(keys.Index[:], "healthgrid audit chain v1"), opt.Now)
	regions := region.New(d, auditLog, b, opt.Now)
	if err := regions.Rebuild(ctx); err != nil {
		return nil, err
	}
	identity, err := auth.New(d, auditLog, cipher, regions, sms, auth.Settings{
		Demo: cfg.Demo, TOTPRequired: cfg.TOTPRequired, LockoutThreshold: cfg.LockoutThreshold,
		LockoutDuration: cfg.LockoutDuration, PasswordMaxAge: cfg.PasswordMaxAge, SessionIdle: cfg.SessionIdle,
		SessionAbsolute: cfg.SessionAbsolute, SMSPhoneCap: cfg.SMSPhoneCap, SMSIPCap: cfg.SMSIPCap, Argon: opt.Argon,
		IPFailureLimit: cfg.LoginIPFailures, IPFailureWindow: cfg.LoginIPWindow,
	}, opt.Now)
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, DB: d, Log: opt.Log, Audit: auditLog, Regions: regions,
		Units: org.New(d, auditLog, regions, opt.Now), Auth: identity, Jobs: jobs.New(), Router: httpx.NewRouter(Version)}
	a.People = population.New(d, auditLog, cipher, regions, population.Settings{UnmaskedExportMaxRows: cfg.UnmaskedExportMaxRows,
		RevealsPerHour: cfg.RevealsPerHour, RefusalsPerHour: cfg.RefusalsPerHour}, opt.Now)
	a.Grids = grid.New(d, auditLog, cipher, regions, a.Units, a.People, opt.Now)
	a.Imports, err = imports.New(d, auditLog, a.People, a.Jobs, imports.Settings{DataDir: cfg.DataDir,
		ReportTTL: cfg.ImportReportTTL, MaxBytes: int64(cfg.ImportMaxUploadMB) << 20, MaxAttempts: cfg.ImportMaxAttempts,
		Limits: imports.Limits{MaxUnzipped: int64(cfg.ImportMaxUnzippedMB) << 20, MaxRatio: int64(cfg.ImportMaxRatio),
			MaxCell: cfg.ImportMaxCellBytes, MaxRow: cfg.ImportMaxRowBytes, MaxRows: cfg.ImportMaxRows}}, opt.Now, opt.Log)
	if err != nil {
		return nil, err
	}
	a.Calendar = calendar.New(d, auditLog, b, opt.Now)
	a.Matters = matter.New(d, auditLog, b, opt.Now)
	if a.Files, err = newFiles(d, cfg, a, opt.Now); err != nil {
		return nil, err
	}
	reveals := quota.Limit{Counter: quota.New(d, opt.Now), Kind: quota.Reveal, Per: cfg.RevealsPerHour,
		Message: quota.TooManyReveals}
	a.Events = event.New(d, auditLog, reveals, cipher, catalogue{a.Matters}, a.Calendar, regions, a.Units, opt.Now).WithAttachments(a.Files)
	a.wireNotify(b, sms, opt.Now)
	a.APIKeys = apikey.New(d, auditLog, regions, opt.Now)
	a.Open311 = open311.New(d, cipher, a.APIKeys, a.Events, services{a.Matters}, regions, opt.Now)
	if a.Anchors, err = wireAnchors(cfg, auditLog, opt.Log); err != nil {
		return nil, err
	}
	a.Jobs.Cleanup(opt.Log, identity, a.Imports, a.Files, a.APIKeys)
	a.Events.ScheduleSweep(a.Jobs, cfg.SLASweepEvery, opt.Log)
	if err := a.sealLegacyText(ctx); err != nil {
		return nil, err
	}
	a.routes()
	reg := prometheus.NewRegistry()
	reg.MustRegister(prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	edge, err := edgeOf(cfg, opt.Log, httpx.NewMetrics(reg))
	if err != nil {
		return nil, err
	}
	a.Handler, a.metrics = a.handler(identity, edge), metricsHandler(reg, cfg.MetricsToken)
	a.ops()
	return a, nil
}

// derive makes a purpose-specific key from a master key.
func derive(key []byte, purpose string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(purpose))
	return m.Sum(nil)
}

// Close releases the bus and the database.
func (a *App) Close() error {
	a.release()
	return a.DB.Close()
}

// System is the principal for work the platform does itself (seeding, CLI).
func (a *App) System(ctx context.Context) (*httpx.Principal, error) {
	root, err := a.rootPath(ctx)
	if err != nil {
		return nil, err
	}
	perms := map[string]bool{}
	for _, r := range auth.Roles {
		for _, p := range r.Permissions {
			perms[p] = true
		}
	}
	return &httpx.Principal{UserID: "system", Username: "system", Roles: []string{"sysadmin"}, Perms: perms, RegionPath: root}, nil
}

func (a *App) rootPath(ctx context.Context) (string, error) {
	var path string
	err := a.DB.QueryRow(ctx, "SELECT path FROM regions WHERE parent_code IS NULL ORDER BY code LIMIT 1").Scan(&path)
	if err != nil {
		return "", fmt.Errorf("no region tree yet (run seed, or start with --demo): %w", err)
	}
	return path, nil
}
