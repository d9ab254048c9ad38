// Package vaccine is vaccination records (疫苗接种, issue 17): doses taken in
// from csv/xlsx files or JSON, one row per person, vaccine and dose, ID
// numbers sealed with a blind index and matched to residents; coverage by
// region, age group and vaccine read off tallies, over the census.
// docs/epidemic-riskareas.md tells the rules.
package vaccine

import (
	"context"
	"time"

	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/china"
	"healthgrid/internal/db"
	"healthgrid/internal/epidemic"
	"healthgrid/internal/imports"
	"healthgrid/internal/pii"
	"healthgrid/internal/region"
)

// The actions vaccination writes to the audit log.
var _ = audit.Declare("epidemic.vaccination.import")

// Vaccine is a vaccine records may name, with its most doses.
type Vaccine struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	MaxDoses int    `json:"max_doses"`
}

// Vaccines are the vaccines of the national immunisation programme and the
// common others, in display order.
var Vaccines = []Vaccine{
	{"covid19", "新冠病毒疫苗", 4}, {"influenza", "流感疫苗", 2}, {"hepb", "乙肝疫苗", 3}, {"bcg", "卡介苗", 1},
	{"polio", "脊灰疫苗", 4}, {"dtap", "百白破疫苗", 4}, {"mmr", "麻腮风疫苗", 2}, {"je", "乙脑疫苗", 2},
	{"hepa", "甲肝疫苗", 2}, {"mening", "流脑疫苗", 4}, {"varicella", "水痘疫苗", 2}, {"hpv", "HPV疫苗", 3},
	{"pneumo", "肺炎球菌疫苗", 4}, {"rabies", "狂犬病疫苗", 5},
}

// vaccineOf finds a vaccine by its code or Chinese name.
func vaccineOf(s string) (Vaccine, bool) {
	for _, v := range Vaccines {
		if v.Code == s || v.Name == s {
			return v, true
		}
	}
	return Vaccine{}, false
}

// AgeGroup is an age band coverage is shown by: whole years today.
type AgeGroup struct {
	Code     string `json:"code"`
	Min, Max int    `json:"-"` // Max -1: no upper bound
}

// AgeGroups are the bands, youngest first.
var AgeGroups = []AgeGroup{{"0-2", 0, 2}, {"3-6", 3, 6}, {"7-17", 7, 17}, {"18-59", 18, 59}, {"60+", 60, -1}}

// ageGroup is the band of someone born on birth (YYYYMMDD) on today (YYYYMMDD).
func ageGroup(birth, today int) string {
	age := (today - birth) / 10000
	for _, g := range AgeGroups {
		if age >= g.Min && (g.Max < 0 || age <= g.Max) {
			return g.Code
		}
	}
	return AgeGroups[0].Code // born today
}

// Match is a resident an ID number matched.
type Match struct{ ID, RegionPath string }

// Census is the residents as vaccination needs them (population).
type Census interface {
	// Match are the living residents of the blind indexes.
	Match(ctx context.Context, idx []string) (map[string]Match, error)
	// AgeCounts is the living residents of each child region of path (path
	// itself for a grid), per band of AgeGroups, by child path.
	AgeCounts(ctx context.Context, path string, bands []int) (map[string][]int64, error)
}

// Regions resolves a code in the caller's scope and its children (region).
type Regions interface {
	Within(ctx context.Context, scope, code string) (string, error)
	Get(ctx context.Context, scope, code string, withGeometry bool) (region.Region, error)
	Children(ctx context.Context, scope, parent string, withGeometry bool) ([]region.Region, error)
}

// Deps is what the module needs.
type Deps struct {
	DB      *db.DB
	Audit   *audit.Log
	PII     *pii.Cipher
	Census  Census
	Regions Regions
	Uploads imports.Settings // a file's limits, as every import's
	Now     func() time.Time
}

// Service is vaccination records.
type Service struct {
	db      *db.DB
	audit   *audit.Log
	pii     *pii.Cipher
	census  Census
	regions Regions
	uploads imports.Settings
	now     func() time.Time
}

// New is the vaccination service.
func New(d Deps) *Service {
	return &Service{db: d.DB, audit: d.Audit, pii: d.PII, census: d.Census, regions: d.Regions, uploads: d.Uploads, now: d.Now}
}

// ErrRegionNotFound is a region code not in the caller's scope.
var ErrRegionNotFound = epidemic.ErrRegionNotFound

var (
	errFile = apperr.New(apperr.ErrInvalid, "epidemic.vaccination_file",
		"接种记录文件无法读取 / the vaccination file cannot be read")
	errRows = apperr.New(apperr.ErrInvalid, "epidemic.vaccination_rows",
		"没有接种记录 / no records")
	errVaccine = apperr.New(apperr.ErrInvalid, "epidemic.vaccine_unknown", "未知的疫苗 / unknown vaccine").Field("vaccine")
)

// ymd is t's Beijing date as YYYYMMDD.
func ymd(t time.Time) int {
	y, m, d := t.In(china.Zone).Date()
	return y*10000 + int(m)*100 + d
}
