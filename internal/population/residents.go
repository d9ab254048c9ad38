package population

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
	"healthgrid/internal/pii"
)

// Input is a resident to create, or the new state of one. The grid comes
// from the household, else the building, else grid_code, else the point
// (lng/lat). On update an empty id_number or phone, or one still masked,
// keeps the stored value, and no placement keeps the current one.
type Input struct {
	Name          string   `json:"name" maxLength:"50"`
	IDNumber      string   `json:"id_number,omitempty" doc:"18 characters (GB 11643); required on create"`
	Phone         *string  `json:"phone,omitempty" doc:"mobile number; on update absent keeps, empty clears"`
	Gender        string   `json:"gender,omitempty" enum:"male,female," doc:"optional; must agree with the ID number"`
	BirthDate     string   `json:"birth_date,omitempty" doc:"optional YYYY-MM-DD; must agree with the ID number"`
	Ethnicity     string   `json:"ethnicity,omitempty" doc:"GB/T 3304 code or name"`
	GridCode      string   `json:"grid_code,omitempty"`
	BuildingID    string   `json:"building_id,omitempty"`
	HouseholdID   string   `json:"household_id,omitempty"`
	Lng           *float64 `json:"lng,omitempty" minimum:"-180" maximum:"180" doc:"WGS-84; locates the grid"`
	Lat           *float64 `json:"lat,omitempty" minimum:"-90" maximum:"90"`
	Address       string   `json:"address,omitempty" maxLength:"200"`
	ResidenceType string   `json:"residence_type,omitempty" doc:"registered/resident/floating or 户籍/常住/流动; default registered"`
	Status        string   `json:"status,omitempty" enum:"active,moved_out,deceased," doc:"default active"`
	Tags          []string `json:"tags,omitempty" doc:"tag codes or labels; age-based ones are derived and may be omitted"`
}

// placement is where a resident lives.
type placement struct {
	grid, path, building, household, address string
	outside                                  bool // the grid named (by code or point) lies outside the scope
}

// place resolves the input's household, building, grid code or point into a
// placement in scope; ok=false when the input names none.
func (s *Service) place(ctx context.Context, scope string, in Input) (pl placement, ok bool, bad []problem, err error) {
	switch {
	case in.HouseholdID != "":
		h, err := s.GetHousehold(ctx, scope, in.HouseholdID)
		if errors.Is(err, apperr.ErrNotFound) {
			return pl, true, []problem{{"household_id", "住户不存在或不在您的管辖范围"}}, nil
		} else if err != nil {
			return pl, true, nil, err
		}
		pl = placement{grid: h.GridCode, path: h.RegionPath, building: h.BuildingID, household: h.ID,
			address: strings.TrimSpace(h.BuildingAddress + " " + h.Room)}
		if in.BuildingID != "" && in.BuildingID != h.BuildingID {
			bad = append(bad, problem{"building_id", "楼栋与住户所在楼栋不一致"})
		}
	case in.BuildingID != "":
		b, err := s.GetBuilding(ctx, scope, in.BuildingID)
		if errors.Is(err, apperr.ErrNotFound) {
			return pl, true, []problem{{"building_id", "楼栋不存在或不在您的管辖范围"}}, nil
		} else if err != nil {
			return pl, true, nil, err
		}
		pl = placement{grid: b.GridCode, path: b.RegionPath, building: b.ID, address: b.Address}
	case in.GridCode != "":
		g, err := s.grid(ctx, gridCache{}, scope, in.GridCode)
		if err != nil || g.reason != "" {
			return placement{outside: g.outside}, true, []problem{{"grid_code", g.reason}}, err
		}
		return placement{grid: strings.TrimSpace(in.GridCode), path: g.path}, true, nil, nil
	case in.Lng != nil && in.Lat != nil:
		code, found := s.regions.LocateCode(*in.Lng, *in.Lat)
		if !found {
			return pl, true, []problem{{"lng", "该坐标不在任何网格内"}}, nil
		}
		g, err := s.grid(ctx, gridCache{}, scope, code)
		if err != nil || g.reason != "" {
			return placement{outside: g.outside}, true, []problem{{"lng", g.reason}}, err
		}
		return placement{grid: code, path: g.path}, true, nil, nil
	default:
		return pl, false, nil, nil
	}
	if in.GridCode != "" && strings.TrimSpace(in.GridCode) != pl.grid {
		bad = append(bad, problem{"grid_code", "网格编码与楼栋所在网格不一致"})
	}
	return pl, true, bad, nil
}

func (in Input) fields() fields {
	f := fields{Name: in.Name, IDNumber: in.IDNumber, Ethnicity: in.Ethnicity, Address: in.Address,
		ResidenceType: in.ResidenceType, Status: in.Status, Tags: in.Tags, TagsGiven: in.Tags != nil,
		Gender: in.Gender, BirthDate: in.BirthDate}
	if in.Phone != nil {
		f.Phone = *in.Phone
	}
	return f
}

// Update replaces a resident's state (see Input for what an empty field
// keeps). A new ID number that is registered outside the caller's scope is
// refused as Create refuses it.
func (s *Service) Update(ctx context.Context, caller *access.Principal, id string, in Input) (Resident, error) {
	now := s.now().UTC().Truncate(time.Microsecond)
	var refused error
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		old, err := s.getRec(ctx, caller.RegionPath, id, false)
		if err != nil {
			return err
		}
		f := in.fields()
		keepID := strings.TrimSpace(in.IDNumber) == "" || strings.Contains(in.IDNumber, "*")
		if keepID {
			if f.IDNumber, err = s.pii.Open(old.IDEnc); err != nil {
				return fmt.Errorf("resident: open id: %w", err)
			}
		}
		if in.Phone == nil || strings.Contains(*in.Phone, "*") {
			if f.Phone, err = s.pii.Open(old.PhoneEnc); err != nil {
				return fmt.Errorf("resident: open phone: %w", err)
			}
		}
		if !f.TagsGiven {
			f.Tags, f.TagsGiven = old.Tags, true
		}
		p, bad := s.check(f, ymd(now))
		pl, placed, pbad, err := s.place(ctx, caller.RegionPath, in)
		if err != nil {
			return err
		}
		if bad = append(bad, pbad...); len(bad) > 0 {
			return invalid(bad)
		}
		if !placed {
			pl = placement{grid: old.GridCode, path: old.Path, building: old.BuildingID, household: old.HouseholdID}
		}
		cur := *old
		cur.Name, cur.Gender, cur.Birth, cur.Ethnicity, cur.Address = p.name, p.id.Gender, p.birth, p.ethnicity, p.address
		cur.GridCode, cur.Path, cur.BuildingID, cur.HouseholdID = pl.grid, pl.path, pl.building, pl.household
		cur.Tags, cur.UpdatedAt = p.tags, now
		if p.residence != "" {
			cur.ResidenceType = p.residence
		}
		if p.status != "" {
			cur.Status = p.status
		}
		if !keepID {
			cur.IDIdx = s.pii.Index(pii.KindID, p.id.Number)
			if cur.IDIdx != old.IDIdx {
				cur.IDEnc = s.pii.Seal(p.id.Number)
			}
		}
		if idx := s.pii.Index(pii.KindPhone, p.phone); idx != old.PhoneIdx {
			cur.PhoneIdx, cur.PhoneEnc = idx, s.pii.Seal(p.phone)
		}
		evs := changes(old, &cur)
		if cur.IDIdx != old.IDIdx {
			other, elsewhere, err := s.screen(ctx, caller, cur.IDIdx)
			if err != nil {
				return err
			}
			if elsewhere || other != nil && !caller.Scope().Covers(other.Path) {
				refused = ErrRegisterElsewhere
				return s.audit.Write(ctx, s.refusedRecord("resident.update", "scope", "", p.id.Number))
			}
			if other != nil {
				return ErrExists
			}
			evs = append(evs, event{id, ActUpdated, map[string]any{"fields": []string{"id_number"}}})
		}
		if len(evs) == 0 {
			return nil
		}
		if err := s.updateRec(ctx, &cur); err != nil {
			return err
		}
		if err := s.reindex(ctx, []*rec{old}, []*rec{&cur}); err != nil {
			return err
		}
		if err := s.writeHistory(ctx, actorOf(caller), now, evs); err != nil {
			return err
		}
		actions := make([]string, len(evs))
		for i, e := range evs {
			actions[i] = e.action
		}
		return s.audit.Write(ctx, audit.Record{Action: "resident.update", ObjectType: "resident", ObjectID: id,
			Detail: map[string]any{"changes": actions, "grid_code": cur.GridCode}})
	})
	if errors.Is(err, apperr.ErrTooMany) {
		err = s.refuse(ctx, err, s.refusedRecord("resident.update", "rate_limit", "", in.IDNumber))
	}
	if err == nil {
		err = refused
	}
	if err != nil {
		return Resident{}, err
	}
	return s.Get(ctx, caller.RegionPath, id)
}

// updateRec writes a resident's whole state by id.
func (s *Service) updateRec(ctx context.Context, r *rec) error {
	_, err := s.db.Exec(ctx, `UPDATE residents SET name = ?, id_enc = ?, id_idx = ?, gender = ?, birth_ymd = ?, ethnicity = ?,
		phone_enc = ?, phone_idx = ?, household_id = ?, building_id = ?, address = ?, grid_code = ?, county_code = ?,
		region_path = ?, residence_type = ?, status = ?, tags = ?, updated_at = ? WHERE id = ?`,
		r.Name, r.IDEnc, r.IDIdx, r.Gender, r.Birth, r.Ethnicity, r.PhoneEnc, nullable(r.PhoneIdx), nullable(r.HouseholdID),
		nullable(r.BuildingID), r.Address, r.GridCode, access.Scope(r.Path).County().Code(), r.Path, r.ResidenceType, r.Status,
		strings.Join(r.Tags, ","), r.UpdatedAt, r.ID)
	if errors.Is(err, db.ErrUnique) {
		return ErrExists
	}
	return err
}

// Delete soft-deletes a resident: gone from lists and counts, history kept.
func (s *Service) Delete(ctx context.Context, caller *access.Principal, id string) error {
	now := s.now().UTC().Truncate(time.Microsecond)
	return s.db.InTx(ctx, func(ctx context.Context) error {
		old, err := s.getRec(ctx, caller.RegionPath, id, false)
		if err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, "UPDATE residents SET deleted_at = ?, updated_at = ? WHERE id = ?", now, now, id); err != nil {
			return fmt.Errorf("resident: delete: %w", err)
		}
		if _, err := s.db.Exec(ctx, "UPDATE households SET head_resident_id = NULL WHERE head_resident_id = ?", id); err != nil {
			return err
		}
		gone := *old
		gone.Deleted = true
		if err := s.reindex(ctx, []*rec{old}, []*rec{&gone}); err != nil {
			return err
		}
		if err := s.writeHistory(ctx, actorOf(caller), now, []event{{id, ActDeleted, nil}}); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "resident.delete", ObjectType: "resident", ObjectID: id,
			Detail: map[string]any{"grid_code": old.GridCode}})
	})
}

// Get returns a resident in scope, masked.
func (s *Service) Get(ctx context.Context, scope, id string) (Resident, error) {
	r, err := s.getRec(ctx, scope, id, false)
	if err != nil {
		return Resident{}, err
	}
	return s.view(r, s.gridName(ctx, r.GridCode), ymd(s.now()), nil)
}

// view turns a stored row into what the API shows, revealing the named fields.
func (s *Service) view(r *rec, gridName string, today int, reveal []string) (Resident, error) {
	idNumber, err := s.pii.Open(r.IDEnc)
	if err != nil {
		return Resident{}, fmt.Errorf("resident %s: open id: %w", r.ID, err)
	}
	phone, err := s.pii.Open(r.PhoneEnc)
	if err != nil {
		return Resident{}, fmt.Errorf("resident %s: open phone: %w", r.ID, err)
	}
	if !slices.Contains(reveal, "id_number") {
		idNumber = pii.MaskID(idNumber)
	}
	if !slices.Contains(reveal, "phone") {
		phone = pii.MaskPhone(phone)
	}
	return Resident{ID: r.ID, Name: r.Name, IDNumber: idNumber, Phone: phone, Gender: r.Gender,
		BirthDate: formatYMD(r.Birth), Age: ageOn(r.Birth, today), Ethnicity: r.Ethnicity, EthnicityName: EthnicityName(r.Ethnicity),
		GridCode: r.GridCode, GridName: gridName, RegionPath: r.Path, Address: r.Address, BuildingID: r.BuildingID,
		HouseholdID: r.HouseholdID, ResidenceType: r.ResidenceType, Status: r.Status, Tags: tagsOf(r, today),
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}, nil
}

// tagsOf is a resident's stored tags with the age-based ones added, in dictionary order.
func tagsOf(r *rec, today int) []string {
	out := make([]string, 0, len(r.Tags)+1)
	age := ageOn(r.Birth, today)
	if age >= 65 {
		out = append(out, TagElderly65)
	}
	out = append(out, r.Tags...)
	if age <= 6 {
		out = append(out, TagChild06)
	}
	slices.SortFunc(out, func(a, b string) int { return tagOrder[a] - tagOrder[b] })
	return out
}

// List returns a page of residents in scope matching f, and how many match.
func (s *Service) List(ctx context.Context, scope string, f Filter, offset, limit int) ([]Resident, int, error) {
	today := ymd(s.now())
	p, err := s.planList(ctx, scope, f, today)
	if err != nil {
		return nil, 0, err
	}
	total, err := s.count(ctx, p)
	if err != nil {
		return nil, 0, err
	}
	out := []Resident{}
	err = s.page(ctx, s.forPage(p, total), offset, limit, func(r *rec, grid string) error {
		v, err := s.view(r, grid, today, nil)
		out = append(out, v)
		return err
	})
	return out, total, err
}
