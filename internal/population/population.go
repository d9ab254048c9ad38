// Package population is the population database (全员人口): buildings,
// households and residents with their key-population tags and history.
// National ID numbers and phones are sealed at rest and found through blind
// indexes; every list is limited to the caller's region subtree in the store.
package population

import (
	"context"
	"strconv"
	"time"

	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/china"
	"healthgrid/internal/db"
	"healthgrid/internal/pii"
	"healthgrid/internal/quota"
)

// The actions population writes to the audit log.
var _ = audit.Declare(
	"resident.create", "resident.restore", "resident.update", "resident.delete", "resident.reveal",
	"resident.import", "resident.export", "resident.generate", "resident.transfer_request",
	"resident.transfer_approve", "resident.transfer_refuse", "household.create", "household.update",
	"household.delete", "building.create", "building.update", "building.delete",
)

// Sentinel errors.
var (
	ErrNotFound          = apperr.New(apperr.ErrNotFound, "resident.not_found", "resident")
	ErrBuildingNotFound  = apperr.New(apperr.ErrNotFound, "building.not_found", "building")
	ErrHouseholdNotFound = apperr.New(apperr.ErrNotFound, "household.not_found", "household")
	ErrExists            = apperr.New(apperr.ErrConflict, "resident.exists", "resident: 该身份证号已登记 / a resident with this ID number exists")
	ErrBuildingInUse     = apperr.New(apperr.ErrConflict, "building.in_use", "building: 楼栋下仍有住户或居民 / the building still has households or residents")
	ErrHouseholdInUse    = apperr.New(apperr.ErrConflict, "household.in_use", "household: 住户下仍有居民 / the household still has residents")
	errImportCaller      = apperr.New(apperr.ErrForbidden, "resident.import_caller", "")
	ErrRoomTaken         = apperr.New(apperr.ErrConflict, "household.room_taken", "household: 该楼栋已有此房号 / the building already has this room")
	// ErrRegisterElsewhere is every refusal of a registration for scope — the
	// ID number is registered outside the caller's region, or the grid lies
	// outside it — in the same words, so that it does not tell which.
	ErrRegisterElsewhere = apperr.New(apperr.ErrConflict, "resident.register_elsewhere", "resident: "+reasonElsewhere+" / cannot be registered here; file a transfer")
)

// reasonElsewhere is the words of ErrRegisterElsewhere, and an import row's reason.
const reasonElsewhere = "该身份证号不能在本辖区登记，如属人员迁入请提交迁入申请"

// Regions is what population needs of the region tree.
type Regions interface {
	Path(ctx context.Context, code string) (string, error)
	Within(ctx context.Context, scope, code string) (string, error)
	LocateCode(lng, lat float64) (string, bool)
}

// Service owns the buildings, households, residents, resident_tags,
// resident_history and resident_transfers tables; its reveals and refusals
// count toward the caller's quotas (internal/quota).
type Service struct {
	db      *db.DB
	audit   *audit.Log
	pii     *pii.Cipher
	regions Regions
	set     Settings
	quota   *quota.Counter
	now     func() time.Time
	figures *figureCache // each grid's figures, once counted (figures.go)
}

// Deps are what the population service is built on.
type Deps struct {
	DB       *db.DB
	Audit    *audit.Log
	PII      *pii.Cipher
	Regions  Regions
	Settings Settings
	Now      func() time.Time
}

// New returns the population service.
func New(d Deps) *Service {
	s := &Service{db: d.DB, audit: d.Audit, pii: d.PII, regions: d.Regions, set: d.Settings.withDefaults(),
		quota: quota.New(d.DB, d.Now), now: d.Now, figures: newFigureCache()}
	s.warm()
	return s
}

// Resident is one person as the API shows them: ID number and phone masked
// unless revealed, tags stored and derived.
type Resident struct {
	ID            string    `json:"id"`
	Name          string    `json:"name"`
	IDNumber      string    `json:"id_number" doc:"masked (140902********1234) unless revealed"`
	Phone         string    `json:"phone" doc:"masked (138****5678) unless revealed"`
	Gender        string    `json:"gender" enum:"male,female"`
	BirthDate     string    `json:"birth_date" doc:"YYYY-MM-DD, from the ID number"`
	Age           int       `json:"age" doc:"whole years today (Beijing time)"`
	Ethnicity     string    `json:"ethnicity" doc:"GB/T 3304 code"`
	EthnicityName string    `json:"ethnicity_name"`
	GridCode      string    `json:"grid_code"`
	GridName      string    `json:"grid_name"`
	RegionPath    string    `json:"region_path"`
	Address       string    `json:"address"`
	BuildingID    string    `json:"building_id"`
	HouseholdID   string    `json:"household_id"`
	ResidenceType string    `json:"residence_type" enum:"registered,resident,floating"`
	Status        string    `json:"status" enum:"active,moved_out,deceased"`
	Tags          []string  `json:"tags" doc:"key-population tag codes, the age-based ones derived from the birth date"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// ymd is t's civil date in Beijing as yyyymmdd.
func ymd(t time.Time) int {
	y, m, d := t.In(china.Zone).Date()
	return y*10000 + int(m)*100 + d
}

// dateYMD is the yyyymmdd of a date already in its civil form (UTC midnight).
func dateYMD(t time.Time) int {
	y, m, d := t.Date()
	return y*10000 + int(m)*100 + d
}

// ageOn is the age in whole years on day today of someone born on birth,
// both yyyymmdd: the integer difference does the month/day carry itself.
func ageOn(birth, today int) int { return (today - birth) / 10000 }

// bornBy is the latest birth date (yyyymmdd) of someone at least age years old on today.
func bornBy(age, today int) int { return today - age*10000 }

// formatYMD renders yyyymmdd as YYYY-MM-DD.
func formatYMD(v int) string {
	s := strconv.Itoa(v)
	if len(s) != 8 {
		return s
	}
	return s[:4] + "-" + s[4:6] + "-" + s[6:]
}

// nullable turns "" into NULL.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
