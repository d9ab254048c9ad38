package population

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
)

// Household is one dwelling (a room of a building) and its head.
type Household struct {
	ID              string    `json:"id"`
	BuildingID      string    `json:"building_id"`
	BuildingName    string    `json:"building_name"`
	BuildingAddress string    `json:"building_address"`
	Room            string    `json:"room"`
	HeadResidentID  string    `json:"head_resident_id"`
	HeadName        string    `json:"head_name"`
	GridCode        string    `json:"grid_code"`
	RegionPath      string    `json:"region_path"`
	Members         int       `json:"members"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// HouseholdInput is a household to create or its new state. Naming a head
// moves that resident into the household.
type HouseholdInput struct {
	BuildingID     string `json:"building_id,omitempty" doc:"required on create; fixed afterwards"`
	Room           string `json:"room" minLength:"1" maxLength:"50" doc:"room or house number, e.g. 2单元301"`
	HeadResidentID string `json:"head_resident_id,omitempty"`
}

// CreateHousehold adds a household to a building in the caller's scope.
func (s *Service) CreateHousehold(ctx context.Context, caller *access.Principal, in HouseholdInput) (Household, error) {
	in.Room = strings.TrimSpace(in.Room)
	if in.Room == "" {
		return Household{}, apperr.Invalid{apperr.Required.On("body.room", "房号不能为空")}
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	id := uuid.Must(uuid.NewV7()).String()
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		b, err := s.GetBuilding(ctx, caller.RegionPath, in.BuildingID)
		if errors.Is(err, apperr.ErrNotFound) {
			return apperr.Field("body.building_id", "楼栋不存在或不在您的管辖范围")
		} else if err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, `INSERT INTO households (id, building_id, room, grid_code, region_path, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?)`, id, b.ID, in.Room, b.GridCode, b.RegionPath, now, now); err != nil {
			if errors.Is(err, db.ErrUnique) {
				return ErrRoomTaken
			}
			return fmt.Errorf("household: create: %w", err)
		}
		s.touched(ctx, b.RegionPath)
		if err := s.setHead(ctx, caller, id, in.HeadResidentID, now); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "household.create", ObjectType: "household", ObjectID: id,
			Detail: map[string]any{"building_id": b.ID, "room": in.Room, "head_resident_id": in.HeadResidentID}})
	})
	if err != nil {
		return Household{}, err
	}
	return s.GetHousehold(ctx, caller.RegionPath, id)
}

// UpdateHousehold changes a household's room or head; its building is fixed.
func (s *Service) UpdateHousehold(ctx context.Context, caller *access.Principal, id string, in HouseholdInput) (Household, error) {
	in.Room = strings.TrimSpace(in.Room)
	if in.Room == "" {
		return Household{}, apperr.Invalid{apperr.Required.On("body.room", "房号不能为空")}
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		h, err := s.GetHousehold(ctx, caller.RegionPath, id)
		if err != nil {
			return err
		}
		if in.BuildingID != "" && in.BuildingID != h.BuildingID {
			return apperr.Field("body.building_id", "住户不能更换楼栋,请新建住户")
		}
		if _, err := s.db.Exec(ctx, "UPDATE households SET room = ?, updated_at = ? WHERE id = ?", in.Room, now, id); err != nil {
			if errors.Is(err, db.ErrUnique) {
				return ErrRoomTaken
			}
			return fmt.Errorf("household: update: %w", err)
		}
		if in.HeadResidentID != h.HeadResidentID {
			if err := s.setHead(ctx, caller, id, in.HeadResidentID, now); err != nil {
				return err
			}
		}
		return s.audit.Write(ctx, audit.Record{Action: "household.update", ObjectType: "household", ObjectID: id,
			Detail: map[string]any{"room": in.Room, "head_resident_id": in.HeadResidentID}})
	})
	if err != nil {
		return Household{}, err
	}
	return s.GetHousehold(ctx, caller.RegionPath, id)
}

// setHead makes a resident in scope the household's head and moves them into it.
func (s *Service) setHead(ctx context.Context, caller *access.Principal, householdID, residentID string, now time.Time) error {
	if residentID == "" {
		_, err := s.db.Exec(ctx, "UPDATE households SET head_resident_id = NULL WHERE id = ?", householdID)
		return err
	}
	old, err := s.getRec(ctx, caller.RegionPath, residentID, false)
	if errors.Is(err, apperr.ErrNotFound) {
		return apperr.Field("body.head_resident_id", "户主不存在或不在您的管辖范围")
	} else if err != nil {
		return err
	}
	h, err := s.GetHousehold(ctx, caller.RegionPath, householdID)
	if err != nil {
		return err
	}
	if _, err := s.db.Exec(ctx, "UPDATE households SET head_resident_id = ? WHERE id = ?", residentID, householdID); err != nil {
		return err
	}
	cur := *old
	cur.HouseholdID, cur.BuildingID, cur.GridCode, cur.Path, cur.UpdatedAt = h.ID, h.BuildingID, h.GridCode, h.RegionPath, now
	evs := changes(old, &cur)
	if len(evs) == 0 {
		return nil
	}
	if err := s.updateRec(ctx, &cur); err != nil {
		return err
	}
	if err := s.reindex(ctx, []*rec{old}, []*rec{&cur}); err != nil {
		return err
	}
	return s.writeHistory(ctx, actorOf(caller), now, evs)
}

// DeleteHousehold removes a household without living residents.
func (s *Service) DeleteHousehold(ctx context.Context, scope, id string) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		h, err := s.GetHousehold(ctx, scope, id)
		if err != nil {
			return err
		}
		if h.Members > 0 {
			return fmt.Errorf("%w (%d 人)", ErrHouseholdInUse, h.Members)
		}
		if _, err := s.db.Exec(ctx, "UPDATE residents SET household_id = NULL WHERE household_id = ?", id); err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, "DELETE FROM households WHERE id = ?", id); err != nil {
			return fmt.Errorf("household: delete: %w", err)
		}
		s.touched(ctx, h.RegionPath)
		return s.audit.Write(ctx, audit.Record{Action: "household.delete", ObjectType: "household", ObjectID: id,
			Detail: map[string]any{"building_id": h.BuildingID, "room": h.Room}})
	})
}

const householdCols = `h.id, h.building_id, b.name, b.address, h.room, COALESCE(h.head_resident_id, ''),
	COALESCE((SELECT r.name FROM residents r WHERE r.id = h.head_resident_id), ''), h.grid_code, h.region_path,
	(SELECT COUNT(*) FROM residents r WHERE r.household_id = h.id AND r.deleted_at IS NULL), h.created_at, h.updated_at
	FROM households h JOIN buildings b ON b.id = h.building_id`

func scanHousehold(sc interface{ Scan(...any) error }) (Household, error) {
	var h Household
	err := sc.Scan(&h.ID, &h.BuildingID, &h.BuildingName, &h.BuildingAddress, &h.Room, &h.HeadResidentID, &h.HeadName,
		&h.GridCode, &h.RegionPath, &h.Members, &h.CreatedAt, &h.UpdatedAt)
	return h, err
}

// GetHousehold returns a household in scope.
func (s *Service) GetHousehold(ctx context.Context, scope, id string) (Household, error) {
	cond, args := access.Scope(scope).Subtree("h.region_path")
	h, err := scanHousehold(s.db.QueryRow(ctx, "SELECT "+householdCols+" WHERE h.id = ? AND "+cond, append([]any{id}, args...)...))
	if err != nil {
		return Household{}, s.db.ScanErr(err, ErrHouseholdNotFound)
	}
	return h, nil
}

// ListHouseholds returns a page of households in the subtree path (within
// scope), of one building when buildingID is set, and how many there are.
func (s *Service) ListHouseholds(ctx context.Context, scope, path, buildingID string, offset, limit int) ([]Household, int, error) {
	path, ok := narrow(scope, path)
	if !ok {
		path = scope
	}
	cond, args := access.Scope(path).Subtree("h.region_path")
	if buildingID != "" {
		cond += " AND h.building_id = ?"
		args = append(args, buildingID)
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM households h WHERE "+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("household: count: %w", err)
	}
	rows, err := s.db.Query(ctx, "SELECT "+householdCols+" WHERE "+cond+" ORDER BY h.region_path, b.name, h.room, h.id LIMIT ? OFFSET ?",
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("household: list: %w", err)
	}
	defer rows.Close()
	out := []Household{}
	for rows.Next() {
		h, err := scanHousehold(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, h)
	}
	return out, total, rows.Err()
}
