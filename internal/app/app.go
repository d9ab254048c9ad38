// Package app is the one place that wires the platform together: config,
// database, modules, routes, jobs, and the command-line commands.
package app

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"healthgrid/internal/access"
	"healthgrid/internal/apikey"
	"healthgrid/internal/audit"
	"healthgrid/internal/auth"
	"healthgrid/internal/booking"
	"healthgrid/internal/bus"
	"healthgrid/internal/calendar"
	"healthgrid/internal/citizen"
	"healthgrid/internal/config"
	"healthgrid/internal/db"
	"healthgrid/internal/epidemic"
	"healthgrid/internal/epidemic/chain"
	"healthgrid/internal/epidemic/riskarea"
	"healthgrid/internal/epidemic/trace"
	"healthgrid/internal/epidemic/vaccine"
	"healthgrid/internal/epidemic/venue"
	"healthgrid/internal/epidemic/warning"
	"healthgrid/internal/event"
	"healthgrid/internal/files"
	"healthgrid/internal/grid"
	"healthgrid/internal/httpx"
	"healthgrid/internal/idempotency"
	"healthgrid/internal/imports"
	"healthgrid/internal/inbox"
	"healthgrid/internal/jobs"
	"healthgrid/internal/matter"
	"healthgrid/internal/meta"
	"healthgrid/internal/notice"
	"healthgrid/internal/notify"
	"healthgrid/internal/open311"
	"healthgrid/internal/org"
	"healthgrid/internal/pii"
	"healthgrid/internal/population"
	"healthgrid/internal/quota"
	"healthgrid/internal/region"
	"healthgrid/internal/visit"
)

// Version is set at build time with -ldflags "-X healthgrid/internal/app.Version=…".
var Version = "dev"

// App is the wired platform.
type App struct {
	Config    config.Config
	DB        *db.DB
	PII       *pii.Cipher // seals personal numbers: the demo seed's and tests' rows written as SQL
	Log       *slog.Logger
	Audit     *audit.Log
	Anchors   *audit.Anchorer
	Regions   *region.Service
	Units     *org.Service
	People    *population.Service
	Grids     *grid.Service
	Imports   *imports.Service
	Calendar  *calendar.Service
	Matters   *matter.Service
	Events    *event.Service
	Files     *files.Service
	Notify    *notify.Service
	Auth      *auth.Service
	APIKeys   *apikey.Service
	Open311   *open311.API
	Notices   *notice.Service
	Bookings  *booking.Service
	Inbox     *inbox.Service
	Visits    *visit.Service
	Citizens  *citizen.Service
	Epidemic  *epidemic.Service
	Venues    *venue.Service
	Trace     *trace.Service
	Chains    *chain.Service
	Warning   *warning.Service
	RiskAreas *riskarea.Service
	Vaccines  *vaccine.Service
	Retries   *idempotency.Store
	Meta      *meta.Service
	Jobs      *jobs.Queue
	Router    *httpx.Router
	Handler   http.Handler
	metrics   http.Handler // /metrics, wherever the config serves it
	release   func()       // stops following the bus, and closes it
	caches    []*bus.Cache // the modules' in-memory copies, followed over the bus
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
	follow := bus.Follow(opt.Log, a.caches...)
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
		sms = auth.SenderFrom(cfg, opt.Now)
	}
	now, auditLog := opt.Now, audit.New(audit.Deps{DB: d, Key: keys.Derive("healthgrid audit chain v1"), Now: opt.Now})
	a := &App{Config: cfg, DB: d, PII: cipher, Log: opt.Log, Audit: auditLog, Jobs: jobs.New(), Router: httpx.NewRouter(Version)}
	a.Regions = region.New(region.Deps{DB: d, Audit: auditLog, Bus: b, Now: now, Lookups: quota.Limit{
		Counter: quota.New(d, now), Kind: quota.Lookup, Per: region.LookupsPerHour, Message: quota.TooManyTries}})
	if err := a.Regions.Rebuild(ctx); err != nil {
		return nil, err
	}
	// a logout closes that session's push channels, through the bus
	if a.Auth, err = auth.New(auth.Deps{DB: d, Audit: auditLog, PII: cipher, Regions: a.Regions, SMS: sms,
		Settings: auth.SettingsFrom(cfg, opt.Argon), LoggedOut: notify.EndSessions(b), Now: now}); err != nil {
		return nil, err
	}
	a.Units = org.New(org.Deps{DB: d, Audit: auditLog, Regions: a.Regions, Now: now})
	a.People = population.New(population.Deps{DB: d, Audit: auditLog, PII: cipher, Regions: a.Regions, Now: now,
		Settings: population.SettingsFrom(cfg)})
	a.Grids = grid.New(grid.Deps{DB: d, Audit: auditLog, PII: cipher, Regions: a.Regions, Units: a.Units, Counts: a.People, Now: now})
	if a.Imports, err = imports.New(imports.Deps{DB: d, Audit: auditLog, Sink: a.People, Queue: a.Jobs,
		Settings: imports.SettingsFrom(cfg), Now: now, Log: opt.Log}); err != nil {
		return nil, err
	}
	a.Calendar = calendar.New(calendar.Deps{DB: d, Audit: auditLog, Bus: b, Now: now})
	a.Matters = matter.New(matter.Deps{DB: d, Audit: auditLog, Bus: b, Now: now})
	// every committed change of the workflow goes to the inboxes of the users
	// concerned, is pushed on the bus to their consoles and, when urgent, texted
	a.Notify = notify.New(notify.Deps{DB: d, Directory: directory{a.Auth}, SMS: sms, Bus: b, Sessions: a.Auth,
		Log: opt.Log, Now: now})
	disk, err := files.DiskFrom(cfg)
	if err != nil {
		return nil, err
	}
	rule := &eventRule{} // the one late binding: see eventRule
	a.Files = files.New(files.Deps{DB: d, Store: disk, Limits: files.LimitsFrom(cfg), Events: rule,
		WatermarkFont: cfg.WatermarkFont, Now: now})
	if font, cjk := a.Files.FontName(); !cjk {
		opt.Log.Warn("no CJK font: visit photos' watermarks show Chinese as boxes; install fonts-noto-cjk or set "+
			"HEALTHGRID_WATERMARK_FONT", "font", font)
	}
	a.Events = event.New(event.Deps{DB: d, Audit: auditLog, PII: cipher, Matters: catalogue{a.Matters}, Calendar: a.Calendar,
		Regions: a.Regions, Units: a.Units, Attachments: a.Files, Observer: a.Notify, SweepEvery: cfg.SLASweepEvery,
		Log: opt.Log, Now: now, Reveals: quota.Limit{Counter: quota.New(d, now), Kind: quota.Reveal,
			Per: cfg.RevealsPerHour, Message: quota.TooManyReveals}})
	rule.events = a.Events
	a.APIKeys = apikey.New(apikey.Deps{DB: d, Audit: auditLog, Regions: a.Regions, Now: now})
	a.Open311 = open311.New(open311.Deps{DB: d, PII: cipher, Keys: a.APIKeys, Events: a.Events,
		Catalogue: services{a.Matters}, Regions: a.Regions, Now: now})
	a.Meta = meta.New(Version, cfg)
	a.Notices = notice.New(notice.Deps{DB: d, Audit: auditLog, Regions: a.Regions, Now: now})
	a.Citizens = citizen.New(citizen.Deps{DB: d, Audit: auditLog, PII: cipher, People: a.People, Accounts: a.Auth,
		Events: a.Events, Regions: a.Regions, Now: now})
	a.Bookings = booking.New(booking.Deps{DB: d, Audit: auditLog, PII: cipher, Members: a.Grids, Accounts: accounts{a.Auth},
		Workdays: a.Calendar, Regions: a.Regions, Units: a.Units, Messages: a.Notify, Bookers: bookers{a.Citizens}, Now: now})
	a.Visits = visit.New(visit.Deps{DB: d, Audit: auditLog, PII: cipher, Residents: a.People, Regions: a.Regions,
		Bookings: a.Bookings, Photos: a.Files, Now: now})
	a.Chains = chain.New(chain.Deps{DB: d, Audit: auditLog, Regions: a.Regions, Now: now})
	// the early warning counts the cards as they are written; it reads the
	// disease list back, once both are built
	a.Warning = warning.New(warning.Deps{DB: d, Audit: auditLog, Regions: a.Regions, Diseases: diseasesOf{a},
		Outbreaks: outbreaksOf{a.Chains},
		Alerts:    a.Notify, Events: caseEvents{a.Events, a.Matters, a.Regions}, Now: now, Posts: quota.Limit{
			Counter: quota.New(d, now), Kind: quota.Counts, Per: warning.PostsPerHour, Message: quota.TooManyTries}})
	a.Epidemic = epidemic.New(epidemic.Deps{DB: d, Audit: auditLog, PII: cipher, Bus: b, Residents: residents{a.People},
		Regions: a.Regions, Alerts: a.Notify, Events: caseEvents{a.Events, a.Matters, a.Regions}, Census: census{a.People},
		Counts: a.Warning, Files: a.Files, Uploads: imports.SettingsFrom(cfg), Now: now, Reveals: quota.Limit{Counter: quota.New(d, now),
			Kind: quota.Reveal, Per: cfg.RevealsPerHour, Message: quota.TooManyReveals}, Accounts: residentOf{a.Citizens},
		Settings: epidemic.SettingsFrom(cfg)})
	a.Venues = venue.New(venue.Deps{DB: d, Audit: auditLog, PII: cipher, Regions: a.Regions, Residents: residents{a.People},
		Accounts: residentOf{a.Citizens}, Fonts: a.Files, Rows: quota.New(d, now), Now: now, Settings: venue.SettingsFrom(cfg)})
	a.Trace = trace.New(trace.Deps{DB: d, Audit: auditLog, PII: cipher, Lists: a.Epidemic, Chains: a.Chains, Now: now})
	a.RiskAreas = riskarea.New(riskarea.Deps{DB: d, Audit: auditLog, Regions: a.Regions, Notices: a.Notices,
		People: areaPeople{a.People}, System: a.System, Now: now})
	a.Vaccines = vaccine.New(vaccine.Deps{DB: d, Audit: auditLog, PII: cipher, Census: vaccinees{a.People}, Regions: a.Regions,
		Uploads: imports.SettingsFrom(cfg), Now: now})
	a.Inbox = inbox.New(now, inbox.Sources(a.modules()...)...)
	// a phone's retried write gets the first answer back (Idempotency-Key)
	a.Retries = idempotency.New(idempotency.Deps{DB: d, Sealer: cipher, Now: now, MaxBody: files.LimitsFrom(cfg).Body()})
	if a.Anchors, err = audit.Anchoring(auditLog, cfg.DataDir, cfg.AuditAnchorKey, cfg.AuditAnchorSink, cfg.AuditAnchorEvery,
		opt.Log); err != nil {
		return nil, err
	}
	if err := a.sealLegacyText(ctx); err != nil {
		return nil, err
	}
	a.caches = a.plug(a.modules()...)
	reg := prometheus.NewRegistry()
	reg.MustRegister(prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	edge, err := edgeOf(cfg, opt.Log, httpx.NewMetrics(reg))
	if err != nil {
		return nil, err
	}
	a.Handler, a.metrics = a.handler(edge), httpx.MetricsHandler(reg, cfg.MetricsToken)
	a.ops()
	return a, nil
}

// Close releases the bus and the database.
func (a *App) Close() error {
	a.release()
	return a.DB.Close()
}

// System is the principal for work the platform does itself (seeding, CLI),
// over the whole tree.
func (a *App) System(ctx context.Context) (*access.Principal, error) {
	root, err := a.Regions.RootPath(ctx)
	if err != nil {
		return nil, err
	}
	return auth.System(root), nil
}
