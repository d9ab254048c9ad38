package population

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/db"
)

// rec is a resident row as stored.
type rec struct {
	ID, Name, IDEnc, IDIdx, Gender string
	Birth                          int
	Ethnicity, PhoneEnc, PhoneIdx  string
	HouseholdID, BuildingID        string
	Address, GridCode, Path        string
	ResidenceType, Status          string
	Tags                           []string
	CreatedAt, UpdatedAt           time.Time
	Deleted                        bool
}

const residentCols = "id, name, id_enc, id_idx, gender, birth_ymd, ethnicity, phone_enc, phone_idx, household_id, " +
	"building_id, address, grid_code, county_code, region_path, residence_type, status, tags, created_at, updated_at"

const nResidentCols = 20

func (r *rec) args(dst []any) []any {
	return append(dst, r.ID, r.Name, r.IDEnc, r.IDIdx, r.Gender, r.Birth, r.Ethnicity, r.PhoneEnc, nullable(r.PhoneIdx),
		nullable(r.HouseholdID), nullable(r.BuildingID), r.Address, r.GridCode, access.Scope(r.Path).County().Code(), r.Path,
		r.ResidenceType, r.Status, strings.Join(r.Tags, ","), r.CreatedAt, r.UpdatedAt)
}

// updateSet is what an upsert's conflict branch rewrites: everything but the
// id, the ID number and created_at; a deleted row comes back to life.
const updateSet = ` ON CONFLICT (id_idx) DO UPDATE SET name = excluded.name, gender = excluded.gender,
	birth_ymd = excluded.birth_ymd, ethnicity = excluded.ethnicity, phone_enc = excluded.phone_enc,
	phone_idx = excluded.phone_idx, household_id = excluded.household_id, building_id = excluded.building_id,
	address = excluded.address, grid_code = excluded.grid_code, county_code = excluded.county_code,
	region_path = excluded.region_path, residence_type = excluded.residence_type, status = excluded.status,
	tags = excluded.tags, updated_at = excluded.updated_at, deleted_at = NULL`

// The bulk statements of the population tables. MayFail marks those a
// constraint can refuse a row of (see db.Dialect.BulkRows).
var (
	insResident = db.Bulk{Head: "INSERT INTO residents (" + residentCols + ")", Tail: " ON CONFLICT (id_idx) DO NOTHING",
		Cols: nResidentCols, MayFail: true}
	upsResident = db.Bulk{Head: "INSERT INTO residents (" + residentCols + ")", Tail: updateSet, Cols: nResidentCols, MayFail: true}
	insTag      = db.Bulk{Head: "INSERT INTO resident_tags (tag, region_path, name, resident_id, birth_ymd)",
		Tail: " ON CONFLICT DO NOTHING", Cols: 5, MayFail: true}
	delTag      = db.Bulk{Head: "DELETE FROM resident_tags WHERE (tag, region_path, name, resident_id) IN (", Tail: ")", Cols: 4}
	insBuilding = db.Bulk{Head: "INSERT INTO buildings (id, name, address, lng, lat, grid_code, region_path, created_at, updated_at)",
		Cols: 9, MayFail: true}
	insHousehold = db.Bulk{Head: "INSERT INTO households (id, building_id, room, head_resident_id, grid_code, region_path, created_at, updated_at)",
		Cols: 8, MayFail: true}
	insHistory = db.Bulk{Head: "INSERT INTO resident_history (id, resident_id, at, actor_id, actor, action, detail)", Cols: 7}
)

// smallChunk bounds IN lists.
const smallChunk = 500

// warm puts the bulk statements the engine runs a row at a time into the
// statement cache (see db.DB.Warm).
func (s *Service) warm() {
	s.db.Warm(insResident, upsResident, insTag, insHistory, insBuilding, insHousehold)
}

// insertResidents inserts new residents, skipping any whose ID number exists
// by now (a concurrent writer on PostgreSQL); it returns the ids written.
func (s *Service) insertResidents(ctx context.Context, rs []*rec) (map[string]bool, error) {
	written := make(map[string]bool, len(rs))
	const chunk = 500
	for lo := 0; lo < len(rs); lo += chunk {
		part := rs[lo:min(lo+chunk, len(rs))]
		n, err := s.db.WriteBulk(ctx, insResident, len(part), func(i int, dst []any) []any { return part[i].args(dst) })
		if err != nil {
			return nil, fmt.Errorf("resident: insert: %w", err)
		}
		if int(n) == len(part) {
			for _, r := range part {
				written[r.ID] = true
			}
			continue
		}
		ids := make([]any, len(part))
		for i, r := range part {
			ids[i] = r.ID
		}
		rows, err := s.db.Query(ctx, "SELECT id FROM residents WHERE id IN (?"+strings.Repeat(",?", len(ids)-1)+")", ids...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			written[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return written, nil
}

// rewriteResidents replaces the state of residents that exist (by ID number).
func (s *Service) rewriteResidents(ctx context.Context, rs []*rec) error {
	_, err := s.db.WriteBulk(ctx, upsResident, len(rs), func(i int, dst []any) []any { return rs[i].args(dst) })
	if err != nil {
		return fmt.Errorf("resident: update: %w", err)
	}
	return nil
}

// tagRow is one row of resident_tags.
type tagRow struct {
	tag, path, name, id string
	birth               int
}

// tagRows are the index rows of a living resident's stored tags.
func tagRows(r *rec) []tagRow {
	if r.Deleted {
		return nil
	}
	out := make([]tagRow, len(r.Tags))
	for i, t := range r.Tags {
		out[i] = tagRow{t, r.Path, r.Name, r.ID, r.Birth}
	}
	return out
}

// sameTagRows reports whether two states of a resident index the same tag rows.
func sameTagRows(a, b *rec) bool {
	return a.Deleted == b.Deleted && a.Path == b.Path && a.Name == b.Name && a.Birth == b.Birth &&
		strings.Join(a.Tags, ",") == strings.Join(b.Tags, ",")
}

func (s *Service) insertTags(ctx context.Context, rows []tagRow) error {
	_, err := s.db.WriteBulk(ctx, insTag, len(rows), func(i int, dst []any) []any {
		r := rows[i]
		return append(dst, r.tag, r.path, r.name, r.id, r.birth)
	})
	if err != nil {
		return fmt.Errorf("resident: tags: %w", err)
	}
	return nil
}

func (s *Service) deleteTags(ctx context.Context, rows []tagRow) error {
	// a DELETE by whole keys writes no statement journal: many per statement
	_, err := s.db.WriteBulk(ctx, delTag, len(rows), func(i int, dst []any) []any {
		r := rows[i]
		return append(dst, r.tag, r.path, r.name, r.id)
	})
	if err != nil {
		return fmt.Errorf("resident: tags: %w", err)
	}
	return nil
}

// retag moves the tag index rows of residents from their old to their new state.
func (s *Service) retag(ctx context.Context, old, cur []*rec) error {
	var del, ins []tagRow
	for i := range cur {
		if old[i] != nil && sameTagRows(old[i], cur[i]) {
			continue
		}
		if old[i] != nil {
			del = append(del, tagRows(old[i])...)
		}
		ins = append(ins, tagRows(cur[i])...)
	}
	if err := s.deleteTags(ctx, del); err != nil {
		return err
	}
	return s.insertTags(ctx, ins)
}

// event is one history entry of a resident.
type event struct {
	residentID, action string
	detail             map[string]any
}

// actor is who history entries name.
type actor struct{ id, name string }

func (s *Service) writeHistory(ctx context.Context, who actor, at time.Time, evs []event) error {
	_, err := s.db.WriteBulk(ctx, insHistory, len(evs), func(i int, dst []any) []any {
		e := evs[i]
		raw := []byte("{}")
		if len(e.detail) > 0 {
			raw, _ = json.Marshal(e.detail)
		}
		return append(dst, uuid.Must(uuid.NewV7()).String(), e.residentID, at, who.id, who.name, e.action, string(raw))
	})
	if err != nil {
		return fmt.Errorf("resident: history: %w", err)
	}
	return nil
}

// analyze refreshes the planners' statistics on the population tables after
// a bulk load, so that each filter gets the index made for it.
func (s *Service) analyze(ctx context.Context) error {
	return s.db.Analyze(ctx, "residents", "resident_tags", "households", "buildings")
}
