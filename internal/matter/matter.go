// Package matter is the departmental matter list (事项清单): a tree of
// categories and the matters in it. A matter tells the event workflow how to
// route a reported problem — which unit type leads it at which region level
// and which co-handle — how long each stage may take, whether the grid may
// handle it itself (自处置), and the criteria for registering and closing it
// (立案/结案标准). The catalogue is the city's reference data, the same for
// every region, so it has no data scope: anyone signed in reads it, holders
// of matter:write edit it.
package matter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/bus"
	"healthgrid/internal/calendar"
	"healthgrid/internal/db"
)

// The actions matter writes to the audit log.
var _ = audit.Declare(
	"matter.create", "matter.update", "matter_category.create", "matter_category.update",
	"matter_category.delete",
)

// Levels are the region levels a matter routes at, top down.
var Levels = []string{"county", "township", "village", "grid"}

// Stages are the timed stages of an event, in order.
var Stages = []string{"dispatch", "handle", "verify"}

// Priorities are the priorities an event may have.
var Priorities = []string{"urgent", "normal"}

// Sentinel errors.
var (
	ErrNotFound         = apperr.New(apperr.ErrNotFound, "matter.not_found", "matter")
	ErrCategoryNotFound = apperr.New(apperr.ErrNotFound, "matter.category_not_found", "matter category")
	ErrCodeTaken        = apperr.New(apperr.ErrConflict, "matter.code_taken", "编码已被使用 / code already in use")
	ErrCategoryInUse    = apperr.New(apperr.ErrConflict, "matter.category_in_use", "分类下还有子分类或事项，不能删除 / matter category: still has subcategories or matters")
)

// Route is who handles a matter at one region level: the unit type that
// leads and the unit types that co-handle.
type Route struct {
	Lead string   `json:"lead" enum:"health_commission,cdc,hospital,community_health_center,township_health_center,village_clinic,street_office,community_committee,police_station,party_branch,volunteer_org,other" doc:"the unit type that leads (org unit types)"`
	Co   []string `json:"co" required:"false" enum:"health_commission,cdc,hospital,community_health_center,township_health_center,village_clinic,street_office,community_committee,police_station,party_branch,volunteer_org,other" doc:"the unit types that co-handle"`
}

// Limits are the time limits of an event's stages under a matter.
type Limits struct {
	Dispatch calendar.Limit `json:"dispatch" doc:"from registration to dispatch"`
	Handle   calendar.Limit `json:"handle" doc:"from dispatch to the handler's feedback"`
	Verify   calendar.Limit `json:"verify" doc:"from feedback to verification"`
}

// Stage is the limit of the named stage (one of Stages).
func (l Limits) Stage(stage string) (calendar.Limit, bool) {
	switch stage {
	case "dispatch":
		return l.Dispatch, true
	case "handle":
		return l.Handle, true
	case "verify":
		return l.Verify, true
	}
	return calendar.Limit{}, false
}

// Input is a matter's editable fields: the new state of one, or with a code
// (CreateInput) a new one.
type Input struct {
	CategoryCode     string           `json:"category_code" minLength:"1" maxLength:"20"`
	Name             string           `json:"name" minLength:"1" maxLength:"100"`
	Description      string           `json:"description" required:"false" maxLength:"1000" text:"multiline"`
	Routing          map[string]Route `json:"routing" doc:"per region level (county, township, village, grid): who leads and who co-handles"`
	Limits           Limits           `json:"limits"`
	SelfHandle       bool             `json:"self_handle" required:"false" doc:"the grid may handle it itself (自处置)"`
	DefaultPriority  string           `json:"default_priority" required:"false" enum:"urgent,normal" default:"normal"`
	RegisterCriteria string           `json:"register_criteria" required:"false" maxLength:"2000" text:"multiline" doc:"立案标准: when a report becomes a case"`
	CloseCriteria    string           `json:"close_criteria" required:"false" maxLength:"2000" text:"multiline" doc:"结案标准: when a case may be closed"`
	Enabled          bool             `json:"enabled" doc:"disabled matters are kept for the events that refer to them but offered for no new one"`
}

// CreateInput is a new matter.
type CreateInput struct {
	Code string `json:"code" minLength:"4" maxLength:"20" doc:"e.g. HJWS-01: upper-case letters or digits, a dash, two or three digits"`
	Input
}

// Matter is one entry of the catalogue.
type Matter struct {
	Code         string `json:"code"`
	CategoryName string `json:"category_name"`
	Input
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Category is a node of the category tree.
type Category struct {
	Code       string    `json:"code"`
	ParentCode string    `json:"parent_code" doc:"empty for a top-level category"`
	Name       string    `json:"name"`
	Sort       int       `json:"sort"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// CategoryInput is a category's editable fields.
type CategoryInput struct {
	ParentCode string `json:"parent_code" required:"false" maxLength:"20" doc:"empty for a top-level category"`
	Name       string `json:"name" minLength:"1" maxLength:"50"`
	Sort       int    `json:"sort" required:"false" minimum:"0" maximum:"9999" doc:"order among its siblings"`
}

// CreateCategoryInput is a new category.
type CreateCategoryInput struct {
	Code string `json:"code" minLength:"2" maxLength:"20" doc:"upper-case letters or digits, starting with a letter, e.g. HJWS"`
	CategoryInput
}

// Node is a category with its subcategories and its own matters.
type Node struct {
	Category
	Children []Node   `json:"children"`
	Matters  []Matter `json:"matters"`
}

// Service owns the matter catalogue.
type Service struct {
	db    *db.DB
	audit *audit.Log
	now   func() time.Time
	cache cache
	peers *bus.Cache // drops the cache on every instance after an edit
}

// Deps are what the matter service is built on.
type Deps struct {
	DB    *db.DB
	Audit *audit.Log
	Bus   bus.Bus // tells the other instances of an edit; nil: none
	Now   func() time.Time
}

// New returns the matter service.
func New(d Deps) *Service {
	s := &Service{db: d.DB, audit: d.Audit, now: d.Now}
	s.peers = bus.NewCache(d.Bus, "cache.matters", func(context.Context) error { s.cache.invalidate(); return nil })
	return s
}

// Caches are the in-memory copies the service keeps on every instance, for
// bus.Follow: the catalogue.
func (s *Service) Caches() []*bus.Cache { return []*bus.Cache{s.peers} }

// RouteFor is the route of m for an event at the given region level: the
// route at that level if m has one, else the one at the nearest level above
// it (a grid's event goes to the village's route, then the township's, then
// the county's). Levels below the one asked are never used — a county-level
// event is not pushed down to a township — so a false answer means nobody
// is named at or above the level, and the dispatcher chooses.
func (s *Service) RouteFor(m Matter, level string) (Route, bool) {
	i := slices.Index(Levels, level)
	for ; i >= 0; i-- {
		if r, ok := m.Routing[Levels[i]]; ok && r.Lead != "" {
			return r, true
		}
	}
	return Route{}, false
}

// Create adds a matter to the catalogue.
func (s *Service) Create(ctx context.Context, in CreateInput) (Matter, error) {
	in.Code = strings.TrimSpace(in.Code)
	normalise(&in.Input)
	bad := append(checkCode(in.Code), check(in.Input)...)
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.checkCategoryOf(ctx, in.CategoryCode, &bad); err != nil {
			return err
		}
		if len(bad) > 0 {
			return bad
		}
		if err := s.insertMatter(ctx, in.Code, in.Input, s.now()); err != nil {
			if errors.Is(err, db.ErrUnique) {
				return fmt.Errorf("事项编码 %s 已存在 / matter %s: %w", in.Code, in.Code, ErrCodeTaken)
			}
			return fmt.Errorf("matter: create: %w", err)
		}
		return s.audit.Write(ctx, audit.Record{Action: "matter.create", ObjectType: "matter", ObjectID: in.Code,
			Detail: map[string]any{"name": in.Name, "category_code": in.CategoryCode, "enabled": in.Enabled}})
	})
	if err != nil {
		return Matter{}, err
	}
	s.peers.ChangedIn(ctx, s.db) // dropping the cache cannot fail
	return s.load(ctx, in.Code)
}

// Update replaces a matter's fields; its code stays. Disabling a matter
// (Enabled false) is how it leaves the catalogue: events keep referring to it.
func (s *Service) Update(ctx context.Context, code string, in Input) (Matter, error) {
	normalise(&in)
	bad := check(in)
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		before, err := s.load(ctx, code)
		if err != nil {
			return err
		}
		if err := s.checkCategoryOf(ctx, in.CategoryCode, &bad); err != nil {
			return err
		}
		if len(bad) > 0 {
			return bad
		}
		if err := s.updateMatter(ctx, code, in, s.now()); err != nil {
			return fmt.Errorf("matter: update: %w", err)
		}
		return s.audit.Write(ctx, audit.Record{Action: "matter.update", ObjectType: "matter", ObjectID: code,
			Detail: map[string]any{"name": in.Name, "changed": changed(before.Input, in)}})
	})
	if err != nil {
		return Matter{}, err
	}
	s.peers.ChangedIn(ctx, s.db) // dropping the cache cannot fail
	return s.load(ctx, code)
}

// checkCategoryOf adds to bad a matter's category that does not exist.
func (s *Service) checkCategoryOf(ctx context.Context, code string, bad *apperr.Invalid) error {
	_, err := s.category(ctx, code)
	if errors.Is(err, ErrCategoryNotFound) {
		*bad = append(*bad, apperr.NoSuch.On("body.category_code", "事项分类不存在 / no matter category "+code))
		return nil
	}
	return err
}

// changed names the fields (by their JSON names) that differ between two
// states of a matter, for the audit record.
func changed(before, after Input) []string {
	var a, b map[string]any
	ja, _ := json.Marshal(before)
	jb, _ := json.Marshal(after)
	json.Unmarshal(ja, &a)
	json.Unmarshal(jb, &b)
	out := []string{}
	for k := range b {
		if !reflect.DeepEqual(a[k], b[k]) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}
