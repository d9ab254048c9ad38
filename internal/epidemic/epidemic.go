// Package epidemic is epidemic prevention (疫情防控, issue 16): the
// notifiable diseases and their protocols as data, not code (diseases.go,
// protocols.go); the report cards hospitals file (传染病报告卡); the risk
// persons (persons.go) that screening lists push down the region tree to the
// grids, to be verified one by one; the control measures the protocols give,
// their daily check-ins and the isolation sites; and test results. It is
// disease-agnostic: nothing in the code names a disease. docs/epidemic.md
// tells the rules.
package epidemic

import (
	"context"
	"time"

	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/bus"
	"healthgrid/internal/db"
	"healthgrid/internal/imports"
	"healthgrid/internal/notify"
	"healthgrid/internal/pii"
	"healthgrid/internal/quota"
	"healthgrid/internal/region"
)

// Categories are the kinds of risk person, in display order.
var Categories = []Named{
	{"confirmed", "确诊病例"},
	{"asymptomatic", "无症状感染者"},
	{"close_contact", "密切接触者"},
	{"secondary_contact", "密接的密接"},
	{"risk_area", "风险区来返人员"},
	{"inbound", "入境人员"},
	{"fever_clinic", "发热门诊就诊者"},
	{"other", "其他"},
}

// CategoryEnum is Categories' codes for a huma enum tag.
const CategoryEnum = "confirmed,asymptomatic,close_contact,secondary_contact,risk_area,inbound,fever_clinic,other"

// Named is a code and its Chinese name.
type Named struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// nameOf is the name of code in list, "" for none.
func nameOf(list []Named, code string) string {
	for _, n := range list {
		if n.Code == code {
			return n.Name
		}
	}
	return ""
}

// Errors every part of the module shares.
var (
	ErrDiseaseNotFound = apperr.New(apperr.ErrNotFound, "epidemic.disease_not_found", "病种不存在 / disease not found")
	ErrPersonNotFound  = apperr.New(apperr.ErrNotFound, "epidemic.person_not_found", "人员不存在 / person not found")
	errDisease         = apperr.New(apperr.ErrInvalid, "epidemic.disease_unknown",
		"病种不存在或未生效 / no such disease in force here")
	errCategory = apperr.New(apperr.ErrInvalid, "epidemic.category_unknown", "人员类别无效 / unknown risk category")
)

// Residents matches people to the platform's residents by their ID
// numbers' blind indexes, and addresses to its buildings (population), in
// bulk.
type Residents interface {
	MatchIndexes(ctx context.Context, idx []string) (map[string]ResidentMatch, error)
	MatchAddresses(ctx context.Context, addrs []string) (map[string]ResidentMatch, error)
}

// ResidentMatch is a resident an ID number matched: where they live.
type ResidentMatch struct {
	ID, Name, GridCode, RegionPath string
}

// Regions resolves codes and points to regions (region).
type Regions interface {
	Path(ctx context.Context, code string) (string, error)
	LocateCode(lng, lat float64) (string, bool)
	Within(ctx context.Context, scope, code string) (string, error)
	RootPath(ctx context.Context) (string, error)
	Chain(ctx context.Context, code string) ([]region.Region, error)
	Children(ctx context.Context, scope, parent string, withGeometry bool) ([]region.Region, error)
}

// Alerts tells users of something that cannot wait (notify): an urgent one
// is texted too.
type Alerts interface {
	Alert(ctx context.Context, q notify.Query, note notify.Note, urgent bool) (int, error)
}

// Accounts finds the resident a resident account is bound to (citizen),
// "" for none.
type Accounts interface {
	ResidentOf(ctx context.Context, userID string) (string, error)
}

// Deps is what the module needs.
type Deps struct {
	DB        *db.DB
	Audit     *audit.Log
	PII       *pii.Cipher
	Bus       bus.Bus // nil: nothing published
	Residents Residents
	Regions   Regions
	Alerts    Alerts
	Accounts  Accounts
	Events    Events           // nil: an urgent case opens no event
	Counts    CaseCounts       // nil: no daily counts of cases (warning)
	Reveals   quota.Limit      // the reveals of personal numbers, shared with every module's reveals
	Census    Census           // coverage (tests)
	Files     Attachments      // verification photos (files)
	Uploads   imports.Settings // a list file's limits, as the resident import's
	Now       func() time.Time
	Settings  Settings
}

// Service is the epidemic module.
type Service struct {
	db        *db.DB
	audit     *audit.Log
	pii       *pii.Cipher
	bus       bus.Bus
	residents Residents
	regions   Regions
	alerts    Alerts
	accounts  Accounts
	events    Events
	counts    CaseCounts
	reveals   quota.Limit
	census    Census
	files     Attachments
	uploads   imports.Settings
	live      *live
	now       func() time.Time
	settings  Settings
}

// New is the epidemic module.
func New(d Deps) *Service {
	return &Service{db: d.DB, audit: d.Audit, pii: d.PII, bus: d.Bus, residents: d.Residents, regions: d.Regions,
		alerts: d.Alerts, events: d.Events, counts: d.Counts, reveals: d.Reveals, census: d.Census, accounts: d.Accounts, files: d.Files,
		uploads: d.Uploads, live: newLive(d.Bus), now: d.Now, settings: d.Settings}
}

// WithClock is the service reading the time from now: the demo seed plays
// an episode over two weeks past.
func (s *Service) WithClock(now func() time.Time) *Service {
	c := *s
	c.now = now
	return &c
}
