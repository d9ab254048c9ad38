// Package riskarea is the risk areas of epidemic prevention (风险区域, issue
// 17): versioned rule sets that say how an area's level falls when no new
// case appears in it, and the areas themselves — a region, a grid or a drawn
// polygon — published, downgraded and lifted with a public notice each time,
// on every map, with the residents inside counted and listed.
// docs/epidemic-riskareas.md tells the rules.
package riskarea

import (
	"context"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/china"
	"healthgrid/internal/db"
	"healthgrid/internal/notice"
	"healthgrid/internal/region"
)

// The actions risk areas write to the audit log.
var _ = audit.Declare("epidemic.ruleset.supersede", "epidemic.riskarea.create", "epidemic.riskarea.publish",
	"epidemic.riskarea.downgrade", "epidemic.riskarea.lift", "epidemic.riskarea.expire")

// Levels are an area's risk levels, the highest first.
var Levels = []string{"high", "medium", "low"}

// LevelNames are the levels as the public notices name them.
var LevelNames = map[string]string{"high": "高风险区", "medium": "中风险区", "low": "低风险区", "lifted": "解除"}

// rank is a level's height: 3 high … 1 low, 0 lifted.
func rank(level string) int {
	switch level {
	case "high":
		return 3
	case "medium":
		return 2
	case "low":
		return 1
	}
	return 0
}

// Regions is what areas need of the region tree (region).
type Regions interface {
	Within(ctx context.Context, scope, code string) (string, error)
	Get(ctx context.Context, scope, code string, withGeometry bool) (region.Region, error)
	LocateCode(lng, lat float64) (string, bool)
	Path(ctx context.Context, code string) (string, error)
}

// Notices publishes the public notice of a decision (notice.Issue).
type Notices interface {
	Issue(ctx context.Context, p *access.Principal, in notice.Input) (string, error)
}

// People are the residents as areas see them (population).
type People interface {
	// Located are the living residents of the subtree at path whose home
	// has a point inside the bound; their ID numbers masked when asked,
	// else empty.
	Located(ctx context.Context, path string, b Bound, masked bool) ([]AreaResident, error)
	// Living counts the living residents of each subtree.
	Living(ctx context.Context, paths []string) (map[string]int64, error)
	// Page is a page of the living residents of the subtree at path, masked.
	Page(ctx context.Context, path string, offset, limit int) ([]AreaResident, int, error)
	// Home is where a resident in the caller's scope lives: their grid's
	// path and, when their building has one, its point.
	Home(ctx context.Context, scope, id string) (path string, pt *[2]float64, err error)
}

// Bound is a box of WGS-84 coordinates.
type Bound struct{ MinLng, MinLat, MaxLng, MaxLat float64 }

// AreaResident is a resident inside an area, masked.
type AreaResident struct {
	ID       string  `json:"id"`
	Name     string  `json:"name"`
	IDNumber string  `json:"id_number" doc:"masked"`
	GridCode string  `json:"grid_code"`
	Address  string  `json:"address"`
	Lng      float64 `json:"lng,omitempty"`
	Lat      float64 `json:"lat,omitempty"`
}

// Settings bound the areas.
type Settings struct {
	MaxVertices int // a drawn polygon's corners; 0: 500
}

// Deps is what the module needs.
type Deps struct {
	DB       *db.DB
	Audit    *audit.Log
	Regions  Regions
	Notices  Notices
	People   People
	System   func(ctx context.Context) (*access.Principal, error) // the platform, for the daily job's changes
	Now      func() time.Time
	Settings Settings
}

// Service is the risk areas.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	regions  Regions
	notices  Notices
	people   People
	system   func(ctx context.Context) (*access.Principal, error)
	now      func() time.Time
	settings Settings
}

// New is the risk areas' service.
func New(d Deps) *Service {
	if d.Settings.MaxVertices <= 0 {
		d.Settings.MaxVertices = 500
	}
	return &Service{db: d.DB, audit: d.Audit, regions: d.Regions, notices: d.Notices, people: d.People, system: d.System,
		now: d.Now, settings: d.Settings}
}

// Errors.
var (
	ErrAreaNotFound    = apperr.New(apperr.ErrNotFound, "epidemic.riskarea_not_found", "风险区域不存在 / risk area not found")
	ErrRulesetNotFound = apperr.New(apperr.ErrNotFound, "epidemic.ruleset_not_found", "规则版本不存在 / rule set not found")
	errGeometry        = apperr.New(apperr.ErrInvalid, "epidemic.riskarea_geometry", "")
	errRules           = apperr.New(apperr.ErrInvalid, "epidemic.ruleset_rules", "")
	errRuleset         = apperr.New(apperr.ErrInvalid, "epidemic.riskarea_ruleset",
		"规则版本不存在或已被替代 / no such rule set version in force")
	errLevel = apperr.New(apperr.ErrInvalid, "epidemic.riskarea_level",
		"新等级须低于当前等级 / the new level must be below the current one")
	errValidTo = apperr.New(apperr.ErrInvalid, "epidemic.riskarea_valid_to",
		"有效期须晚于现在 / valid_to must be in the future")
	errRegion = apperr.New(apperr.ErrInvalid, "epidemic.riskarea_region",
		"区划不存在或不在您的管辖范围 / region not found in your scope")
)

// dayOf is t's date in Beijing at midnight.
func dayOf(t time.Time) time.Time {
	y, m, d := t.In(china.Zone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, china.Zone)
}

// daysBetween is the whole Beijing days from a's date to b's.
func daysBetween(a, b time.Time) int {
	return int(dayOf(b).Sub(dayOf(a)).Hours()+12) / 24
}

// WithClock is the service reading the time from now: the demo seed draws
// and publishes its area in the past.
func (s *Service) WithClock(now func() time.Time) *Service {
	c := *s
	c.now = now
	return &c
}
