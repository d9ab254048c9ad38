package population

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
)

// ErrBuildingMove refuses to move a building with people in it to another grid.
var ErrBuildingMove = apperr.New(apperr.ErrConflict, "building.move_occupied", "building: 楼栋仍有住户或居民,不能改到其他网格 / a building with households or residents cannot change grid")

// Building is a residential building (or a rural courtyard) in a grid.
type Building struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	Address    string    `json:"address"`
	Lng        *float64  `json:"lng" doc:"WGS-84"`
	Lat        *float64  `json:"lat"`
	GridCode   string    `json:"grid_code"`
	GridName   string    `json:"grid_name"`
	RegionPath string    `json:"region_path"`
	Households int       `json:"households"`
	Residents  int       `json:"residents"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// BuildingInput is a building to create or its new state. The grid comes
// from grid_code, else from the point.
type BuildingInput struct {
	Name     string   `json:"name" minLength:"1" maxLength:"100"`
	Address  string   `json:"address,omitempty" maxLength:"200"`
	Lng      *float64 `json:"lng,omitempty" minimum:"-180" maximum:"180" doc:"WGS-84"`
	Lat      *float64 `json:"lat,omitempty" minimum:"-90" maximum:"90"`
	GridCode string   `json:"grid_code,omitempty"`
}

// resolve validates a building input and finds its grid in scope.
func (s *Service) resolveBuilding(ctx context.Context, scope string, in *BuildingInput) (grid, path string, err error) {
	in.Name, in.Address, in.GridCode = strings.TrimSpace(in.Name), strings.TrimSpace(in.Address), strings.TrimSpace(in.GridCode)
	var bad []problem
	if in.Name == "" {
		bad = append(bad, problem{"name", "楼栋名称不能为空"})
	}
	if (in.Lng == nil) != (in.Lat == nil) {
		bad = append(bad, problem{"lng", "经度和纬度须同时提供"})
	}
	grid, field := in.GridCode, "grid_code"
	if grid == "" && in.Lng != nil && in.Lat != nil {
		var ok bool
		if grid, ok = s.regions.LocateCode(*in.Lng, *in.Lat); !ok {
			bad = append(bad, problem{"lng", "该坐标不在任何网格内"})
		}
		field = "lng"
	} else if grid == "" {
		bad = append(bad, problem{"grid_code", "请提供网格编码或坐标"})
	}
	if grid != "" {
		g, err := s.grid(ctx, gridCache{}, scope, grid)
		if err != nil {
			return "", "", err
		} else if g.reason != "" {
			bad = append(bad, problem{field, g.reason})
		}
		path = g.path
	}
	if len(bad) > 0 {
		return "", "", invalid(bad)
	}
	return grid, path, nil
}

// CreateBuilding adds a building in the caller's scope.
func (s *Service) CreateBuilding(ctx context.Context, scope string, in BuildingInput) (Building, error) {
	grid, path, err := s.resolveBuilding(ctx, scope, &in)
	if err != nil {
		return Building{}, err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	id := uuid.Must(uuid.NewV7()).String()
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, `INSERT INTO buildings (id, name, address, lng, lat, grid_code, region_path, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?)`, id, in.Name, in.Address, in.Lng, in.Lat, grid, path, now, now); err != nil {
			return fmt.Errorf("building: create: %w", err)
		}
		s.touched(ctx, path)
		if err := s.tallyBuildings(ctx, map[string]int64{path: 1}); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "building.create", ObjectType: "building", ObjectID: id,
			Detail: map[string]any{"name": in.Name, "grid_code": grid}})
	})
	if err != nil {
		return Building{}, err
	}
	return s.GetBuilding(ctx, scope, id)
}

// UpdateBuilding replaces a building's fields; it changes grid only while empty.
func (s *Service) UpdateBuilding(ctx context.Context, scope, id string, in BuildingInput) (Building, error) {
	grid, path, err := s.resolveBuilding(ctx, scope, &in)
	if err != nil {
		return Building{}, err
	}
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		b, err := s.GetBuilding(ctx, scope, id)
		if err != nil {
			return err
		}
		if grid != b.GridCode && b.Households+b.Residents > 0 {
			return ErrBuildingMove
		}
		if _, err := s.db.Exec(ctx, `UPDATE buildings SET name = ?, address = ?, lng = ?, lat = ?, grid_code = ?, region_path = ?,
			updated_at = ? WHERE id = ?`, in.Name, in.Address, in.Lng, in.Lat, grid, path, s.now(), id); err != nil {
			return fmt.Errorf("building: update: %w", err)
		}
		s.touched(ctx, b.RegionPath, path)
		if b.RegionPath != path {
			if err := s.tallyBuildings(ctx, map[string]int64{b.RegionPath: -1, path: 1}); err != nil {
				return err
			}
		}
		return s.audit.Write(ctx, audit.Record{Action: "building.update", ObjectType: "building", ObjectID: id,
			Detail: map[string]any{"name": in.Name, "grid_code": grid}})
	})
	if err != nil {
		return Building{}, err
	}
	return s.GetBuilding(ctx, scope, id)
}

// DeleteBuilding removes a building without households or living residents.
func (s *Service) DeleteBuilding(ctx context.Context, scope, id string) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		b, err := s.GetBuilding(ctx, scope, id)
		if err != nil {
			return err
		}
		if b.Households+b.Residents > 0 {
			return fmt.Errorf("%w (%d 户, %d 人)", ErrBuildingInUse, b.Households, b.Residents)
		}
		if _, err := s.db.Exec(ctx, "UPDATE residents SET building_id = NULL WHERE building_id = ?", id); err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, "DELETE FROM buildings WHERE id = ?", id); err != nil {
			return fmt.Errorf("building: delete: %w", err)
		}
		s.touched(ctx, b.RegionPath)
		if err := s.tallyBuildings(ctx, map[string]int64{b.RegionPath: -1}); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "building.delete", ObjectType: "building", ObjectID: id,
			Detail: map[string]any{"name": b.Name, "grid_code": b.GridCode}})
	})
}

const buildingCols = `b.id, b.name, b.address, b.lng, b.lat, b.grid_code, (SELECT g.name FROM regions g WHERE g.code = b.grid_code),
	b.region_path, (SELECT COUNT(*) FROM households h WHERE h.building_id = b.id),
	(SELECT COUNT(*) FROM residents r WHERE r.building_id = b.id AND r.deleted_at IS NULL), b.created_at, b.updated_at`

func scanBuilding(sc interface{ Scan(...any) error }) (Building, error) {
	var b Building
	err := sc.Scan(&b.ID, &b.Name, &b.Address, &b.Lng, &b.Lat, &b.GridCode, &b.GridName, &b.RegionPath,
		&b.Households, &b.Residents, &b.CreatedAt, &b.UpdatedAt)
	return b, err
}

// GetBuilding returns a building in scope.
func (s *Service) GetBuilding(ctx context.Context, scope, id string) (Building, error) {
	cond, args := access.Scope(scope).Subtree("b.region_path")
	b, err := scanBuilding(s.db.QueryRow(ctx, "SELECT "+buildingCols+" FROM buildings b WHERE b.id = ? AND "+cond,
		append([]any{id}, args...)...))
	if err != nil {
		return Building{}, s.db.ScanErr(err, ErrBuildingNotFound)
	}
	return b, nil
}

// ListBuildings returns a page of the buildings in the subtree path (within
// scope) whose name or address contains q, and how many there are.
func (s *Service) ListBuildings(ctx context.Context, scope, path, q string, offset, limit int) ([]Building, int, error) {
	path, ok := narrow(scope, path)
	if !ok {
		path = scope
	}
	cond, args := access.Scope(path).Subtree("b.region_path")
	if q = strings.TrimSpace(q); q != "" {
		cond += " AND (b.name LIKE ? OR b.address LIKE ?)"
		args = append(args, "%"+q+"%", "%"+q+"%")
	}
	// the area's total is one tally row; a search's is counted
	at, atArgs := buildingTallies.At(access.Scope(path))
	count, countArgs := buildingTallies.Sum("n", at, atArgs...)
	if q != "" {
		count, countArgs = "SELECT COUNT(*) FROM buildings b WHERE "+cond, args
	}
	var total int
	if err := s.db.QueryRow(ctx, count, countArgs...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("building: count: %w", err)
	}
	rows, err := s.db.Query(ctx, "SELECT "+buildingCols+" FROM buildings b WHERE "+cond+
		" ORDER BY b.region_path, b.name, b.id LIMIT ? OFFSET ?", append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("building: list: %w", err)
	}
	defer rows.Close()
	out := []Building{}
	for rows.Next() {
		b, err := scanBuilding(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, b)
	}
	return out, total, rows.Err()
}
