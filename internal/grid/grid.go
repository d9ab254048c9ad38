// Package grid is basic grid management (基础网格管理): the grids of the
// region tree with their boundaries, figures and profiles; the "three teams
// and one person" (三队伍一人员) who work in them; and the party branches
// linked to communities and grids. The grids themselves are regions of level
// grid, owned by internal/region; this package owns the teams and links.
package grid

import (
	"context"
	"encoding/json"
	"time"

	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
	"healthgrid/internal/org"
	"healthgrid/internal/pii"
	"healthgrid/internal/population"
	"healthgrid/internal/region"
)

// The actions grid writes to the audit log.
var _ = audit.Declare(
	"grid.seed", "grid.party_branches", "grid.import_boundaries", "grid.export_boundaries",
	"team_member.create", "team_member.update", "team_member.grids", "team_member.delete",
)

// Member types, in the order a grid's profile lists them: grid workers
// first, then the family-doctor (community health service) team,
// volunteers, and police on duty.
var Types = []string{"grid_worker", "health_service", "volunteer", "police"}

// Duties are a member's duty statuses.
var Duties = []string{"on_duty", "off_duty", "leave"}

// Sentinel errors.
var (
	ErrNotFound       = apperr.New(apperr.ErrNotFound, "grid.not_found", "grid")
	ErrMemberNotFound = apperr.New(apperr.ErrNotFound, "team_member.not_found", "team member")
	ErrPhoneTaken     = apperr.New(apperr.ErrConflict, "team_member.phone_taken", "同类队员中已有此手机号 / team member: a member of this type already has this phone")
	ErrAboveScope     = apperr.New(apperr.ErrForbidden, "team_member.above_scope", "该队员归属上级区域，只能由上级修改 / team member: belongs to a region above your scope")
)

// Counter gives grids their population figures in one call; population
// implements it.
type Counter interface {
	GridCounts(ctx context.Context, codes []string) (map[string]population.Counts, error)
}

// Regions is what grid needs of the region tree.
type Regions interface {
	Get(ctx context.Context, scope, code string, withGeometry bool) (region.Region, error)
	Chain(ctx context.Context, code string) ([]region.Region, error)
	Within(ctx context.Context, scope, code string) (string, error)
	Update(ctx context.Context, scope, code string, in region.Input) (region.Region, error)
	SetBoundaries(ctx context.Context, scope string, bs []region.Boundary) error
	Rebuild(ctx context.Context) error
}

// Units is what grid needs of the organisations.
type Units interface {
	Get(ctx context.Context, scope, id string) (org.Unit, error)
}

// Service owns the team members and the party-branch links.
type Service struct {
	db      *db.DB
	audit   *audit.Log
	pii     *pii.Cipher
	regions Regions
	units   Units
	counts  Counter
	now     func() time.Time
}

// Deps are what the grid service is built on.
type Deps struct {
	DB      *db.DB
	Audit   *audit.Log
	PII     *pii.Cipher
	Regions Regions
	Units   Units
	Counts  Counter
	Now     func() time.Time
}

// New returns the grid service.
func New(d Deps) *Service {
	return &Service{db: d.DB, audit: d.Audit, pii: d.PII, regions: d.Regions, units: d.Units, counts: d.Counts, now: d.Now}
}

// Grid is one grid as the map and lists show it.
type Grid struct {
	Code         string            `json:"code" doc:"15-digit grid code"`
	Name         string            `json:"name"`
	VillageCode  string            `json:"village_code"`
	VillageName  string            `json:"village_name"`
	Path         string            `json:"path"`
	AreaM2       float64           `json:"area_m2" doc:"area of the boundary in square metres; 0 without one"`
	Counts       population.Counts `json:"counts"`
	MembersCount int               `json:"members_count" doc:"team members serving the grid"`
	Geometry     json.RawMessage   `json:"geometry,omitempty" doc:"GeoJSON Polygon or MultiPolygon, WGS-84"`
}

// Profile is a grid with its region chain, teams and party branches.
type Profile struct {
	Grid
	Chain         []region.Region `json:"chain" doc:"from the root region down to the grid"`
	Teams         []Team          `json:"teams" doc:"one entry per member type, grid workers first"`
	PartyBranches []PartyBranch   `json:"party_branches"`
}

// Team is the members of one type serving a grid.
type Team struct {
	Type    string   `json:"type" enum:"grid_worker,health_service,volunteer,police"`
	Members []Member `json:"members"`
}

// PartyBranch is a party branch linked to a grid or to its community.
type PartyBranch struct {
	ID         string `json:"id" doc:"the unit's id"`
	Name       string `json:"name"`
	RegionCode string `json:"region_code" doc:"the grid or community it is linked to"`
	RegionName string `json:"region_name"`
	LinkedTo   string `json:"linked_to" enum:"grid,village" doc:"linked to the grid itself or to its community"`
}

// Member is one person of the three teams and one person.
type Member struct {
	ID         string    `json:"id"`
	Type       string    `json:"type" enum:"grid_worker,health_service,volunteer,police"`
	Name       string    `json:"name"`
	Phone      string    `json:"phone" doc:"masked: 138****5678"`
	UnitID     string    `json:"unit_id,omitempty"`
	UnitName   string    `json:"unit_name,omitempty"`
	UserID     string    `json:"user_id,omitempty" doc:"the platform account of the member, if any"`
	UserName   string    `json:"user_name,omitempty"`
	Username   string    `json:"username,omitempty"`
	Duty       string    `json:"duty" enum:"on_duty,off_duty,leave"`
	RegionCode string    `json:"region_code" doc:"home region"`
	RegionName string    `json:"region_name"`
	RegionPath string    `json:"region_path"`
	Grids      []GridRef `json:"grids" doc:"the grids served, those in the caller's scope"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// GridRef names a grid.
type GridRef struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// MemberInput is a member to create or the new state of one.
type MemberInput struct {
	Type       string   `json:"type" enum:"grid_worker,health_service,volunteer,police"`
	Name       string   `json:"name" minLength:"1" maxLength:"50"`
	Phone      string   `json:"phone,omitempty" doc:"mainland mobile number; required on create, on update empty keeps it"`
	UnitID     string   `json:"unit_id,omitempty"`
	UserID     string   `json:"user_id,omitempty" doc:"a staff account in the caller's scope"`
	Duty       string   `json:"duty,omitempty" enum:"on_duty,off_duty,leave," doc:"on_duty when empty"`
	RegionCode string   `json:"region_code,omitempty" doc:"home region; when empty, the lowest region holding all of grid_codes"`
	GridCodes  []string `json:"grid_codes,omitempty" doc:"grids served, inside the home region; on update, absent keeps them and [] clears them"`
}
