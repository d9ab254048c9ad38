// Package warning is the early warning of epidemics (监测预警, issue 17):
// daily counts per disease and region kept as tallies from the report
// cards and from other sources (fever clinics, pharmacies, schools), the
// detection methods configured per disease and level — a fixed threshold,
// EARS C1, C2 and C3 — and the signals they raise for the county CDC to
// verify, then dismiss or confirm. docs/epidemic-warning.md tells the rules.
package warning

import (
	"context"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
	"healthgrid/internal/epidemic"
	"healthgrid/internal/epidemic/chain"
	"healthgrid/internal/quota"
	"healthgrid/internal/region"
)

// The methods: a fixed threshold, and EARS's three.
const (
	Fixed = "fixed"
	C1    = "C1"
	C2    = "C2"
	C3    = "C3"
)

// Methods are the methods in the order a signal names them.
var Methods = []string{Fixed, C1, C2, C3}

// The region levels a method runs at.
var Levels = []string{"grid", "village", "township", "county", "city"}

// The sources of daily counts: the report cards, and what partners post.
const SourceReport = "report"

// Sources are the count sources; all but report post through the ingest.
var Sources = []string{SourceReport, "fever_clinic", "pharmacy", "school_absence"}

// Syndromes are what a source may count besides a disease: 发热, 流感样病例,
// 呼吸道症状, 腹泻, 出疹, 感冒药销售, 缺课.
var Syndromes = []string{"fever", "ili", "respiratory", "diarrhea", "rash", "cold_medicine", "absence"}

// Errors of the module.
var (
	ErrSignalNotFound = apperr.New(apperr.ErrNotFound, "epidemic.signal_not_found", "预警信号不存在 / signal not found")
	errSignalState    = apperr.New(apperr.ErrConflict, "epidemic.signal_state",
		"预警信号当前状态不允许该操作 / the signal's status does not allow this action")
	errReason = apperr.New(apperr.ErrInvalid, "epidemic.signal_reason", "排除须说明原因 / a dismissal needs a reason")
	errRegion = apperr.New(apperr.ErrInvalid, "epidemic.count_region",
		"地区不存在或不在本辖区 / no such region in your area")
	errDisease = apperr.New(apperr.ErrInvalid, "epidemic.count_disease",
		"病种或症候群不存在 / no such disease or syndrome")
	errDate = apperr.New(apperr.ErrInvalid, "epidemic.count_date",
		"日期须为近90天内且不晚于今天 / the date must be within the last 90 days, not in the future")
	errCityOnly = apperr.New(apperr.ErrForbidden, "epidemic.warning_city_only",
		"预警方法由市级配置 / warning methods are configured at the city level")
)

// The actions the module writes to the audit log.
var _ = audit.Declare("epidemic.counts.post", "epidemic.warning.method", "epidemic.warning.settings",
	"epidemic.signal.raise", "epidemic.signal.evaluate", "epidemic.signal.verify", "epidemic.signal.dismiss",
	"epidemic.signal.confirm")

// PostsPerHour is how many posts of counts an account may make an hour: a
// partner posting each clinic's day as it closes stays far below it.
const PostsPerHour = 600

// Regions resolves region codes (region).
type Regions interface {
	Path(ctx context.Context, code string) (string, error)
	Within(ctx context.Context, scope, code string) (string, error)
	RootPath(ctx context.Context) (string, error)
	Chain(ctx context.Context, code string) ([]region.Region, error)
}

// Diseases is the disease list (epidemic).
type Diseases interface {
	Diseases(ctx context.Context, scope string, current bool) ([]epidemic.Disease, error)
}

// Outbreaks declares an outbreak (聚集性疫情) when the CDC confirms a
// signal (chain) and answers its ID.
type Outbreaks interface {
	Declare(ctx context.Context, by *access.Principal, in chain.OutbreakInput) (string, error)
}

// Deps is what the module needs.
type Deps struct {
	DB        *db.DB
	Audit     *audit.Log
	Regions   Regions
	Diseases  Diseases
	Alerts    epidemic.Alerts
	Events    epidemic.Events // nil: a confirmed signal opens no event
	Outbreaks Outbreaks       // nil: a confirmed signal declares no outbreak
	Posts     quota.Limit     // each account's posts of counts an hour
	Now       func() time.Time
}

// Service is the early warning.
type Service struct {
	db        *db.DB
	audit     *audit.Log
	regions   Regions
	diseases  Diseases
	alerts    epidemic.Alerts
	events    epidemic.Events
	outbreaks Outbreaks
	posts     quota.Limit
	now       func() time.Time
}

// New is the early warning.
func New(d Deps) *Service {
	return &Service{db: d.DB, audit: d.Audit, regions: d.Regions, diseases: d.Diseases, alerts: d.Alerts, events: d.Events,
		outbreaks: d.Outbreaks, posts: d.Posts, now: d.Now}
}

// WithClock is the service reading the time from now (the demo's episode).
func (s *Service) WithClock(now func() time.Time) *Service {
	c := *s
	c.now = now
	return &c
}
