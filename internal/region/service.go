package region

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/bus"
	"healthgrid/internal/db"
	"healthgrid/internal/geo"
	"healthgrid/internal/quota"
)

// The actions region writes to the audit log.
var _ = audit.Declare("region.create", "region.update", "region.seed")

// Service owns the regions table and the grid locate index.
type Service struct {
	db    *db.DB
	audit *audit.Log
	now   func() time.Time
	index atomic.Pointer[geo.Index]
	grids *bus.Cache // the index on every instance: rebuilt when a boundary changes anywhere
	// paths caches code → path: a code's path follows from the code and
	// regions are never deleted, so a committed answer never goes stale.
	paths sync.Map
	// lookups limits the public picker per client address; no Counter: none
	lookups quota.Limit
}

// Deps are what the region service is built on.
type Deps struct {
	DB    *db.DB
	Audit *audit.Log
	Bus   bus.Bus // tells the other instances when a grid's boundary changes; nil: none
	Now   func() time.Time
	// Lookups limits the signed-out region picker (GET /public/regions)
	Lookups quota.Limit
}

// New returns the region service. Call Rebuild once the tree is loaded.
func New(d Deps) *Service {
	s := &Service{db: d.DB, audit: d.Audit, now: d.Now, lookups: d.Lookups}
	s.index.Store(geo.NewIndex(nil))
	s.grids = bus.NewCache(d.Bus, "cache.grids", s.Rebuild)
	return s
}

// RootPath is the path of the tree's root (the city).
func (s *Service) RootPath(ctx context.Context) (string, error) {
	var path string
	err := s.db.QueryRow(ctx, "SELECT path FROM regions WHERE parent_code IS NULL ORDER BY code LIMIT 1").Scan(&path)
	if err != nil {
		return "", fmt.Errorf("no region tree yet (run seed, or start with --demo): %w", err)
	}
	return path, nil
}

// Caches are the in-memory copies the service keeps on every instance, for
// bus.Follow: the locate index.
func (s *Service) Caches() []*bus.Cache { return []*bus.Cache{s.grids} }

// Rebuild reloads every grid boundary into a fresh R-tree and swaps it in;
// readers keep using the old one until then.
func (s *Service) Rebuild(ctx context.Context) error {
	grids, err := s.gridGeometries(ctx)
	if err != nil {
		return err
	}
	items := make([]geo.Item, 0, len(grids))
	for code, g := range grids {
		items = append(items, geo.Item{Key: code, Geom: g})
	}
	s.index.Store(geo.NewIndex(items))
	return nil
}

// Locate is the grid containing the WGS-84 point, with its chain root first,
// when the grid lies in scope (a path; "" for the whole tree): a point outside
// answers ErrNoGrid, as a point in no grid does.
func (s *Service) Locate(ctx context.Context, scope string, lng, lat float64) (Region, []Region, error) {
	code, ok := s.index.Load().Locate(orb.Point{lng, lat})
	if !ok {
		return Region{}, nil, ErrNoGrid
	}
	chain, err := s.Chain(ctx, code)
	if err != nil {
		return Region{}, nil, err
	}
	grid := chain[len(chain)-1]
	if !access.Scope(scope).Covers(grid.Path) {
		return Region{}, nil, ErrNoGrid
	}
	return grid, chain, nil
}

// LocateCode is the code of the grid containing the point, from memory only.
func (s *Service) LocateCode(lng, lat float64) (string, bool) {
	return s.index.Load().Locate(orb.Point{lng, lat})
}

// Input is a region to create or the new state of one to update.
type Input struct {
	Code       string          `json:"code,omitempty" doc:"required on create"`
	Name       string          `json:"name" minLength:"1" maxLength:"100"`
	Level      string          `json:"level,omitempty" doc:"on create; must match the code" enum:"city,county,township,village,grid,"`
	ParentCode string          `json:"parent_code,omitempty" doc:"on create; must match the code"`
	Geometry   json.RawMessage `json:"geometry,omitempty" doc:"GeoJSON Polygon or MultiPolygon, WGS-84"`
}

func parseGeometry(raw json.RawMessage) (orb.Geometry, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	g, err := geojson.UnmarshalGeometry(raw)
	if err != nil {
		return nil, apperr.Field("body.geometry", "不是有效的GeoJSON几何 / not a GeoJSON geometry: "+err.Error())
	}
	switch g.Geometry().(type) {
	case orb.Polygon, orb.MultiPolygon:
	default:
		return nil, apperr.Field("body.geometry", "边界必须是Polygon或MultiPolygon / boundary must be a Polygon or MultiPolygon")
	}
	if err := geo.ValidPolygon(g.Geometry()); err != nil {
		return nil, apperr.Field("body.geometry", "边界无效 / invalid boundary: "+err.Error())
	}
	return g.Geometry(), nil
}

// Create adds a region under a parent in the caller's scope, validating the
// code against its level and parent.
func (s *Service) Create(ctx context.Context, scope string, in Input) (Region, error) {
	level, parent, err := LevelOf(in.Code)
	if err != nil {
		return Region{}, apperr.Field("body.code", err.Error())
	}
	var bad apperr.Invalid
	if in.Level != "" && in.Level != level {
		bad = append(bad, apperr.FieldError{Field: "body.level", Message: fmt.Sprintf("编码 %s 的层级应为 %s / the code is a %s code", in.Code, level, level)})
	}
	if in.ParentCode != "" && in.ParentCode != parent {
		bad = append(bad, apperr.FieldError{Field: "body.parent_code", Message: fmt.Sprintf("编码 %s 的上级应为 %s / the code's parent is %s", in.Code, parent, parent)})
	}
	if strings.TrimSpace(in.Name) == "" {
		bad = append(bad, apperr.Required.On("body.name", "名称不能为空 / name is required"))
	}
	g, gerr := parseGeometry(in.Geometry)
	if inv, ok := gerr.(apperr.Invalid); ok {
		bad = append(bad, inv...)
	}
	if len(bad) > 0 {
		return Region{}, bad
	}
	now := s.now()
	r := Region{Code: in.Code, Name: strings.TrimSpace(in.Name), Level: level, ParentCode: parent, Geometry: in.Geometry,
		CreatedAt: now, UpdatedAt: now, Path: in.Code + "/"}
	if parent == "" {
		if access.Scope(scope).Level() >= access.City {
			return Region{}, errRootOnly
		}
	} else {
		p, err := s.Get(ctx, scope, parent, false)
		if err != nil {
			return Region{}, apperr.Field("body.code", "上级区划 "+parent+" 不存在或不在您的管辖范围 / parent not found in your scope")
		}
		r.Path = string(access.Scope(p.Path).Child(in.Code))
	}
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.insert(ctx, r, g); err != nil {
			if errors.Is(err, db.ErrUnique) {
				return ErrExists
			}
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "region.create", ObjectType: "region", ObjectID: r.Code,
			Detail: map[string]any{"name": r.Name, "level": r.Level, "geometry": g != nil}})
	})
	if err != nil {
		return Region{}, err
	}
	if level == Grid && g != nil {
		return r, s.grids.ChangedIn(ctx, s.db)
	}
	return r, nil
}

// Update renames a region and/or replaces its boundary.
func (s *Service) Update(ctx context.Context, scope, code string, in Input) (Region, error) {
	if strings.TrimSpace(in.Name) == "" {
		return Region{}, apperr.Invalid{apperr.Required.On("body.name", "名称不能为空 / name is required")}
	}
	g, err := parseGeometry(in.Geometry)
	if err != nil {
		return Region{}, err
	}
	var r Region
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		if r, err = s.Get(ctx, scope, code, false); err != nil {
			return err
		}
		r.Name, r.UpdatedAt = strings.TrimSpace(in.Name), s.now()
		q, args := "UPDATE regions SET name = ?, updated_at = ?", []any{r.Name, r.UpdatedAt}
		if g != nil {
			b := g.Bound()
			q += ", geometry = ?, min_lng = ?, min_lat = ?, max_lng = ?, max_lat = ?"
			args = append(args, string(in.Geometry), b.Min[0], b.Min[1], b.Max[0], b.Max[1])
			r.Geometry = in.Geometry
		}
		if _, err := s.db.Exec(ctx, q+" WHERE code = ?", append(args, code)...); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "region.update", ObjectType: "region", ObjectID: code,
			Detail: map[string]any{"name": r.Name, "geometry": g != nil}})
	})
	if err != nil {
		return Region{}, err
	}
	if r.Level == Grid && g != nil {
		return r, s.grids.ChangedIn(ctx, s.db)
	}
	return r, nil
}

// Seed inserts a whole tree at once (parents before children) in one
// transaction, as the demo city and bulk loads need; it skips nothing and
// stops at the first bad row, naming it.
func (s *Service) Seed(ctx context.Context, nodes []Input) error {
	now := s.now()
	paths := map[string]string{}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		for i, in := range nodes {
			level, parent, err := LevelOf(in.Code)
			if err != nil {
				return fmt.Errorf("region: seed row %d (%s): %w", i+1, in.Code, err)
			}
			g, err := parseGeometry(in.Geometry)
			if err != nil {
				return fmt.Errorf("region: seed row %d (%s): %w", i+1, in.Code, err)
			}
			path := in.Code + "/"
			if parent != "" {
				pp, ok := paths[parent]
				if !ok {
					if pp, err = s.Path(ctx, parent); err != nil {
						return fmt.Errorf("region: seed row %d (%s): parent %s: %w", i+1, in.Code, parent, err)
					}
				}
				path = string(access.Scope(pp).Child(in.Code))
			}
			paths[in.Code] = path
			r := Region{Code: in.Code, Name: in.Name, Level: level, ParentCode: parent, Path: path,
				Geometry: in.Geometry, CreatedAt: now, UpdatedAt: now}
			if err := s.insert(ctx, r, g); err != nil {
				return fmt.Errorf("region: seed row %d (%s): %w", i+1, in.Code, err)
			}
		}
		return s.audit.Write(ctx, audit.Record{Action: "region.seed", ObjectType: "region",
			Detail: map[string]any{"count": len(nodes)}})
	})
	if err != nil {
		return err
	}
	return s.grids.ChangedIn(ctx, s.db)
}
