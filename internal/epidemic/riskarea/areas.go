package riskarea

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
)

// RiskArea is a risk area.
type RiskArea struct {
	ID         string          `json:"id"`
	Name       string          `json:"name"`
	Kind       string          `json:"kind" enum:"region,grid,polygon"`
	RegionCode string          `json:"region_code" doc:"the region or grid it names; for a polygon, the lowest region holding it"`
	RegionName string          `json:"region_name"`
	Geometry   json.RawMessage `json:"geometry,omitempty" doc:"a polygon's GeoJSON, WGS-84"`
	Level      string          `json:"level" enum:"high,medium,low"`
	Status     string          `json:"status" enum:"draft,published,downgraded,lifted"`
	RulesetID  string          `json:"ruleset_id"`
	Ruleset    string          `json:"ruleset" doc:"the rule set's name and version it follows"`
	ValidFrom  *time.Time      `json:"valid_from,omitempty"`
	ValidTo    *time.Time      `json:"valid_to,omitempty" doc:"lifted by the daily job at this time, if set"`
	LevelSince *time.Time      `json:"level_since,omitempty"`
	LastCaseAt *time.Time      `json:"last_case_at,omitempty" doc:"the newest case found inside"`
	DaysClear  int             `json:"days_without_case" doc:"whole days (Beijing) since the last case inside, or since publication when none"`
	NextStep   string          `json:"next_step,omitempty" doc:"the level (or lifted) the rules give next"`
	NextDue    string          `json:"next_due,omitempty" doc:"YYYY-MM-DD the rules apply it on if no case appears"`
	Residents  int             `json:"residents" doc:"living residents inside, as of the last change or rules run"`
	NoticeID   string          `json:"notice_id,omitempty" doc:"the latest public notice"`
	Note       string          `json:"note"`
	Actions    []string        `json:"actions" doc:"what the caller may do now"`
	CreatedAt  time.Time       `json:"created_at"`
	UpdatedAt  time.Time       `json:"updated_at"`
	History    []AreaChange    `json:"history,omitempty"`
	path       string
	poly       orb.Polygon
}

// AreaChange is one line of an area's history.
type AreaChange struct {
	Seq        int       `json:"seq"`
	At         time.Time `json:"at"`
	Action     string    `json:"action" enum:"create,publish,downgrade,lift,expire"`
	FromLevel  string    `json:"from_level,omitempty"`
	ToLevel    string    `json:"to_level,omitempty"`
	FromStatus string    `json:"from_status,omitempty"`
	ToStatus   string    `json:"to_status,omitempty"`
	By         string    `json:"by"`
	Note       string    `json:"note,omitempty"`
	NoticeID   string    `json:"notice_id,omitempty"`
}

// AreaInput is a new area, a draft until published.
type AreaInput struct {
	Name       string          `json:"name" minLength:"1" maxLength:"100"`
	Kind       string          `json:"kind" enum:"region,grid,polygon"`
	RegionCode string          `json:"region_code,omitempty" maxLength:"15" doc:"for kind region or grid"`
	Geometry   json.RawMessage `json:"geometry,omitempty" doc:"for kind polygon: a GeoJSON Polygon, WGS-84, one closed ring, not crossing itself, inside the city"`
	Level      string          `json:"level" enum:"high,medium,low"`
	RulesetID  string          `json:"ruleset_id" minLength:"1" maxLength:"40" doc:"a rule set version in force"`
	ValidTo    *time.Time      `json:"valid_to,omitempty"`
	Note       string          `json:"note,omitempty" maxLength:"500"`
}

const areaCols = `a.id, a.name, a.kind, a.region_code, a.region_path, a.geometry, a.level, a.status, a.ruleset_id,
	r.name, r.version, a.valid_from, a.valid_to, a.level_since, a.last_case_at, a.residents, a.notice_id, a.note,
	a.created_at, a.updated_at, (SELECT g.name FROM regions g WHERE g.code = a.region_code)`

const areaFrom = " FROM epi_risk_areas a JOIN epi_risk_rulesets r ON r.id = a.ruleset_id"

func (s *Service) scanArea(row interface{ Scan(...any) error }) (RiskArea, error) {
	var a RiskArea
	var geom string
	var rsName string
	var rsVersion int
	var regionName *string
	if err := row.Scan(&a.ID, &a.Name, &a.Kind, &a.RegionCode, &a.path, &geom, &a.Level, &a.Status, &a.RulesetID,
		&rsName, &rsVersion, &a.ValidFrom, &a.ValidTo, &a.LevelSince, &a.LastCaseAt, &a.Residents, &a.NoticeID, &a.Note,
		&a.CreatedAt, &a.UpdatedAt, &regionName); err != nil {
		return RiskArea{}, err
	}
	if regionName != nil {
		a.RegionName = *regionName
	}
	a.Ruleset = fmt.Sprintf("%s v%d", rsName, rsVersion)
	if geom != "" {
		a.Geometry = json.RawMessage(geom)
		g, err := geojson.UnmarshalGeometry([]byte(geom))
		if err != nil {
			return RiskArea{}, fmt.Errorf("riskarea: %s: geometry: %w", a.ID, err)
		}
		a.poly, _ = g.Geometry().(orb.Polygon)
	}
	return a, nil
}

// inForce reports whether the area stands now.
func (a RiskArea) inForce() bool { return a.Status == "published" || a.Status == "downgraded" }

// place is the area's place.
func (a RiskArea) place() place { return place{code: a.RegionCode, path: a.path, poly: a.poly} }

// Create writes a draft area in the caller's scope.
func (s *Service) Create(ctx context.Context, p *access.Principal, in AreaInput) (RiskArea, error) {
	var pl place
	var err error
	if in.Kind == "polygon" {
		var poly orb.Polygon
		if poly, err = parsePolygon(in.Geometry, s.settings.MaxVertices); err == nil {
			pl, err = s.placePolygon(ctx, p.RegionPath, poly)
		}
	} else {
		pl, err = s.placeRegion(ctx, p.RegionPath, in.Kind, in.RegionCode)
	}
	if err != nil {
		return RiskArea{}, err
	}
	if rs, err := s.Ruleset(ctx, p.RegionPath, in.RulesetID); err != nil || rs.SupersededAt != nil {
		return RiskArea{}, apperr.Invalid{errRuleset.At("body.ruleset_id")}
	}
	now := s.now().UTC()
	if in.ValidTo != nil && !in.ValidTo.After(now) {
		return RiskArea{}, apperr.Invalid{errValidTo.At("body.valid_to")}
	}
	id := uuid.Must(uuid.NewV7()).String()
	var b Bound
	if pl.poly != nil {
		b = pl.bound()
	}
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, `INSERT INTO epi_risk_areas (id, name, kind, region_code, region_path, geometry, min_lng,
			min_lat, max_lng, max_lat, level, status, ruleset_id, valid_to, note, created_by, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, id, in.Name, in.Kind, pl.code, pl.path, pl.raw, b.MinLng, b.MinLat,
			b.MaxLng, b.MaxLat, in.Level, "draft", in.RulesetID, in.ValidTo, in.Note, p.UserID, now, now); err != nil {
			return fmt.Errorf("riskarea: create: %w", err)
		}
		if err := s.addChange(ctx, id, AreaChange{At: now, Action: "create", ToLevel: in.Level, ToStatus: "draft", By: p.Name,
			Note: in.Note}); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.riskarea.create", ObjectType: "risk_area", ObjectID: id,
			Detail: map[string]any{"name": in.Name, "kind": in.Kind, "region": pl.code, "level": in.Level}})
	})
	if err != nil {
		return RiskArea{}, err
	}
	return s.Get(ctx, p, id)
}

// addChange appends a line to an area's history.
func (s *Service) addChange(ctx context.Context, id string, c AreaChange) error {
	_, err := s.db.Exec(ctx, `INSERT INTO epi_risk_area_history (area_id, seq, at, action, from_level, to_level, from_status,
		to_status, by_name, note, notice_id) SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ?
		FROM epi_risk_area_history WHERE area_id = ?`, id, c.At, c.Action, c.FromLevel, c.ToLevel, c.FromStatus, c.ToStatus,
		c.By, c.Note, c.NoticeID, id)
	if err != nil {
		return fmt.Errorf("riskarea: history: %w", err)
	}
	return nil
}

// load is an area whatever the scope.
func (s *Service) load(ctx context.Context, id string) (RiskArea, error) {
	a, err := s.scanArea(s.db.QueryRow(ctx, "SELECT "+areaCols+areaFrom+" WHERE a.id = ?", id))
	return a, s.db.ScanErr(err, ErrAreaNotFound)
}

// Get is an area in the caller's scope, with its history and day count.
func (s *Service) Get(ctx context.Context, p *access.Principal, id string) (RiskArea, error) {
	a, err := s.load(ctx, id)
	if err != nil {
		return RiskArea{}, err
	}
	if !p.Covers(a.path) {
		return RiskArea{}, ErrAreaNotFound
	}
	if a.History, err = s.history(ctx, id); err != nil {
		return RiskArea{}, err
	}
	return s.dress(ctx, p, a)
}

// dress adds what is worked out: the day count, the rules' next step, the
// caller's actions.
func (s *Service) dress(ctx context.Context, p *access.Principal, a RiskArea) (RiskArea, error) {
	now := s.now()
	if a.inForce() {
		a.DaysClear = daysBetween(a.clearSince(), now)
		rs, err := s.rulesetByID(ctx, a.RulesetID)
		if err != nil {
			return RiskArea{}, err
		}
		if d, ok := rs.rule(a.Level); ok {
			a.NextStep, a.NextDue = d.To, dayOf(a.stepBase()).AddDate(0, 0, d.Days).Format(time.DateOnly)
		}
	}
	a.Actions = []string{}
	if p.Can("epidemic:write") {
		for _, st := range flow {
			if st.from[a.Status] && (st.action != "downgrade" || a.Level != "low") {
				a.Actions = append(a.Actions, st.action)
			}
		}
	}
	return a, nil
}

// clearSince is when the area was last known to have a case: its last case,
// or its publication when none.
func (a RiskArea) clearSince() time.Time {
	if a.LastCaseAt != nil && (a.ValidFrom == nil || a.LastCaseAt.After(*a.ValidFrom)) {
		return *a.LastCaseAt
	}
	if a.ValidFrom != nil {
		return *a.ValidFrom
	}
	return a.CreatedAt
}

// stepBase is what the next downgrade counts from: the later of its last
// case and the moment it reached its level.
func (a RiskArea) stepBase() time.Time {
	b := a.clearSince()
	if a.LevelSince != nil && a.LevelSince.After(b) {
		return *a.LevelSince
	}
	return b
}

func (s *Service) history(ctx context.Context, id string) ([]AreaChange, error) {
	rows, err := s.db.Query(ctx, `SELECT seq, at, action, from_level, to_level, from_status, to_status, by_name, note,
		notice_id FROM epi_risk_area_history WHERE area_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, fmt.Errorf("riskarea: history: %w", err)
	}
	defer rows.Close()
	out := []AreaChange{}
	for rows.Next() {
		var c AreaChange
		if err := rows.Scan(&c.Seq, &c.At, &c.Action, &c.FromLevel, &c.ToLevel, &c.FromStatus, &c.ToStatus, &c.By, &c.Note,
			&c.NoticeID); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Filter narrows the list.
type Filter struct {
	Status string
	Level  string
	Force  bool // only the areas in force
}

// List is a page of the areas in the caller's scope, the newest first.
func (s *Service) List(ctx context.Context, p *access.Principal, f Filter, offset, limit int) ([]RiskArea, int, error) {
	cond, args := access.Scope(p.RegionPath).Subtree("a.region_path")
	if f.Status != "" {
		cond, args = cond+" AND a.status = ?", append(args, f.Status)
	}
	if f.Level != "" {
		cond, args = cond+" AND a.level = ?", append(args, f.Level)
	}
	if f.Force {
		cond += " AND a.status IN ('published', 'downgraded')"
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM epi_risk_areas a WHERE "+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("riskarea: count: %w", err)
	}
	rows, err := s.db.Query(ctx, "SELECT "+areaCols+areaFrom+" WHERE "+cond+" ORDER BY a.created_at DESC, a.id DESC LIMIT ? OFFSET ?",
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("riskarea: list: %w", err)
	}
	var out []RiskArea
	for rows.Next() {
		a, err := s.scanArea(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	items := make([]RiskArea, 0, len(out))
	for _, a := range out {
		a.Geometry = nil // the map endpoint draws them
		d, err := s.dress(ctx, p, a)
		if err != nil {
			return nil, 0, err
		}
		items = append(items, d)
	}
	return items, total, nil
}
