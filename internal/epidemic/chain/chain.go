// Package chain is the transmission graph of an epidemic (issue 17): the
// exposures between risk persons (who may have infected whom, where and
// when), the chains that are its connected components, kept as exposures
// arrive, and the outbreaks (聚集性疫情) the CDC declares over them.
// docs/epidemic-chains.md tells the rules.
package chain

import (
	"context"
	"time"

	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
)

// graphLock is the PostgreSQL advisory lock the graph's writers take in
// turn (db.LockTx). A merge relabels a whole chain and a push adds many
// exposures in one transaction: row locks taken as the chains are met
// cannot be taken in one order, and two pushes deadlocked on them. An add
// is a few milliseconds, so a city's writers queue briefly; readers never
// wait.
const graphLock = 7419017

// Exposure is one edge of the graph: Source may have infected Target.
// Both are risk persons (epidemic.Person IDs).
type Exposure struct {
	Source    string `json:"source" maxLength:"40" doc:"the risk person who may have infected target"`
	Target    string `json:"target" maxLength:"40" doc:"the risk person exposed"`
	Kind      string `json:"kind" enum:"venue,household,work,transport,care,other" doc:"how they met"`
	Date      string `json:"date" pattern:"^\\d{4}-\\d{2}-\\d{2}$" doc:"the day of the exposure (Beijing)"`
	Certainty string `json:"certainty" enum:"confirmed,probable,possible" doc:"how sure the tracer is"`
	Venue     string `json:"venue,omitempty" maxLength:"40" doc:"kind venue: the venue's code"`
	Ref       string `json:"ref,omitempty" maxLength:"40" doc:"what found it: a trace's ID, a report card's"`
}

// OutbreakInput declares an outbreak (聚集性疫情) over chains or a venue; a
// confirmed warning signal declares one too.
type OutbreakInput struct {
	Name     string   `json:"name" minLength:"1" maxLength:"100"`
	Disease  string   `json:"disease" maxLength:"20"`
	Region   string   `json:"region" maxLength:"20" doc:"the region code it is in"`
	Level    string   `json:"level,omitempty" enum:"I,II,III,IV," doc:"its grade (national public-health-emergency grading): I 特别重大, II 重大, III 较大, IV 一般; empty: IV"`
	Chains   []string `json:"chains,omitempty" maxItems:"50"`
	Venue    string   `json:"venue,omitempty" maxLength:"40"`
	SignalID string   `json:"signal_id,omitempty" maxLength:"40" doc:"the warning signal it was confirmed from"`
	Note     string   `json:"note,omitempty" maxLength:"2000"`
}

// The actions the package writes to the audit log.
var _ = audit.Declare("epidemic.exposure.add", "epidemic.exposure.remove", "epidemic.chain.export",
	"epidemic.outbreak.declare", "epidemic.outbreak.update")

// Errors of the package.
var (
	ErrChainNotFound    = apperr.New(apperr.ErrNotFound, "epidemic.chain_not_found", "传播链不存在 / chain not found")
	ErrExposureNotFound = apperr.New(apperr.ErrNotFound, "epidemic.exposure_not_found", "暴露关系不存在 / exposure not found")
	ErrOutbreakNotFound = apperr.New(apperr.ErrNotFound, "epidemic.outbreak_not_found", "聚集性疫情不存在 / outbreak not found")
	errSelf             = apperr.New(apperr.ErrInvalid, "epidemic.exposure_self", "传播来源与对象不能是同一人 / source and target are the same person")
	errPerson           = apperr.New(apperr.ErrInvalid, "epidemic.exposure_person", "风险人员不存在或不在辖区 / no such risk person in the caller's scope")
	errMixed            = apperr.New(apperr.ErrInvalid, "epidemic.exposure_disease", "两人不属于同一病种 / the two persons are of different diseases")
	errDay              = apperr.New(apperr.ErrInvalid, "epidemic.exposure_date", "日期无效或在未来 / not a date, or a date to come")
	errVenue            = apperr.New(apperr.ErrInvalid, "epidemic.exposure_venue", "场所不存在 / no such venue")
	errBatch            = apperr.New(apperr.ErrInvalid, "epidemic.exposure_batch", "一次最多500条 / at most 500 exposures at once")
)

// Settings are the package's tuning.
type Settings struct {
	// GraphLimit is the size past which a chain's page shows groups (by
	// generation or grid) instead of persons.
	GraphLimit int
}

// Regions resolves region codes to paths within a scope (region).
type Regions interface {
	Path(ctx context.Context, code string) (string, error)
	Within(ctx context.Context, scope, code string) (string, error)
}

// Deps is what the package needs.
type Deps struct {
	DB       *db.DB
	Audit    *audit.Log
	Regions  Regions
	Now      func() time.Time
	Settings Settings
}

// Service is the transmission graph and the outbreaks.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	regions  Regions
	now      func() time.Time
	settings Settings
}

// New is the service.
func New(d Deps) *Service {
	if d.Settings.GraphLimit <= 0 {
		d.Settings.GraphLimit = 1000
	}
	return &Service{db: d.DB, audit: d.Audit, regions: d.Regions, now: d.Now, settings: d.Settings}
}

// WithClock is the service reading the time from now (the demo's episode).
func (s *Service) WithClock(now func() time.Time) *Service {
	c := *s
	c.now = now
	return &c
}

// regionsTally counts a chain's members at every level of their paths.
var regionsTally = &db.Tally{Table: "epi_chain_regions", Keys: []string{"region_path", "chain_id"}, Counts: []string{"n"},
	Path: "region_path"}
