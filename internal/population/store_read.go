package population

import (
	"context"
	"fmt"
	"strings"
)

const recCols = `r.id, r.name, r.id_enc, r.id_idx, r.gender, r.birth_ymd, r.ethnicity, r.phone_enc, COALESCE(r.phone_idx, ''),
	COALESCE(r.household_id, ''), COALESCE(r.building_id, ''), r.address, r.grid_code, r.region_path, r.residence_type,
	r.status, r.tags, r.created_at, r.updated_at, r.deleted_at IS NOT NULL`

func scanRec(sc interface{ Scan(...any) error }, extra ...any) (*rec, error) {
	r := &rec{}
	var tags string
	dest := append([]any{&r.ID, &r.Name, &r.IDEnc, &r.IDIdx, &r.Gender, &r.Birth, &r.Ethnicity, &r.PhoneEnc, &r.PhoneIdx,
		&r.HouseholdID, &r.BuildingID, &r.Address, &r.GridCode, &r.Path, &r.ResidenceType, &r.Status, &tags,
		&r.CreatedAt, &r.UpdatedAt, &r.Deleted}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	if tags != "" {
		r.Tags = strings.Split(tags, ",")
	}
	return r, nil
}

// byIndexes loads the residents (deleted ones too) whose ID number blind
// index is among idxs, keyed by it, whatever their scope: the caller decides.
func (s *Service) byIndexes(ctx context.Context, idxs []string) (map[string]*rec, error) {
	out := map[string]*rec{}
	// A hundred keys a query: PostgreSQL plans a long IN list on a table
	// without statistics (a fresh one, or autovacuum off) as a sequential scan.
	const chunk = 100
	for lo := 0; lo < len(idxs); lo += chunk {
		part := idxs[lo:min(lo+chunk, len(idxs))]
		args := make([]any, len(part))
		for i, v := range part {
			args[i] = v
		}
		rows, err := s.db.Query(ctx, "SELECT "+recCols+" FROM residents r WHERE r.id_idx IN (?"+strings.Repeat(",?", len(part)-1)+")", args...)
		if err != nil {
			return nil, fmt.Errorf("resident: by index: %w", err)
		}
		for rows.Next() {
			r, err := scanRec(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			out[r.IDIdx] = r
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Match is the resident, masked, whose ID number has the blind index idx,
// whatever their scope — for a resident binding their own account.
func (s *Service) Match(ctx context.Context, idx string) (Resident, error) {
	found, err := s.byIndexes(ctx, []string{idx})
	if err != nil {
		return Resident{}, err
	}
	r := found[idx]
	if r == nil || r.Deleted {
		return Resident{}, ErrNotFound
	}
	return s.view(r, s.gridName(ctx, r.GridCode), ymd(s.now()), nil)
}
