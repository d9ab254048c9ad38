package vaccine

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"healthgrid/internal/db"
)

// chunk bounds the keys of one IN list.
const chunk = 500

// existing is a dose already stored: its date, unit, and where its person
// is counted.
type existing struct{ date, unit, path, group string }

// stored are the doses already stored of the people of doses, by key, and
// per person and vaccine the path and group they are counted at.
func (s *Service) stored(ctx context.Context, doses []dose) (map[key]existing, map[[2]string]existing, error) {
	byKey, byVaccine := map[key]existing{}, map[[2]string]existing{}
	people := map[string]bool{}
	var idx []any
	for _, d := range doses {
		if !people[d.idx] {
			people[d.idx] = true
			idx = append(idx, d.idx)
		}
	}
	for i := 0; i < len(idx); i += chunk {
		part := idx[i:min(i+chunk, len(idx))]
		rows, err := s.db.Query(ctx, "SELECT id_idx, vaccine, dose, given_on, unit, region_path, age_group FROM epi_vaccinations "+
			"WHERE id_idx IN (?"+strings.Repeat(",?", len(part)-1)+")", part...)
		if err != nil {
			return nil, nil, fmt.Errorf("vaccine: stored: %w", err)
		}
		err = scanAll(rows, func() error {
			var k key
			var e existing
			if err := rows.Scan(&k.idx, &k.vaccine, &k.n, &e.date, &e.unit, &e.path, &e.group); err != nil {
				return err
			}
			byKey[k], byVaccine[[2]string{k.idx, k.vaccine}] = e, e
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return byKey, byVaccine, nil
}

func scanAll(rows *sql.Rows, each func() error) error {
	defer rows.Close()
	for rows.Next() {
		if err := each(); err != nil {
			return err
		}
	}
	return rows.Err()
}

var insertDoses = db.Bulk{Head: `INSERT INTO epi_vaccinations (id_idx, vaccine, dose, id_enc, given_on, unit, birth_ymd,
	resident_id, region_path, age_group, created_at, updated_at)`, Tail: " ON CONFLICT (id_idx, vaccine, dose) DO NOTHING", Cols: 12}

// write stores the doses not stored yet, corrects the ones stored with
// another date or unit, and moves the tallies, in the transaction ctx holds.
// A person's doses of a vaccine are counted where their first was.
func (s *Service) write(ctx context.Context, doses []dose, res *VaccinationResult, now time.Time) error {
	byKey, byVaccine, err := s.stored(ctx, doses)
	if err != nil {
		return err
	}
	deltas := tallies.Deltas()
	var fresh []dose
	for _, d := range doses {
		k := key{d.idx, d.vaccine, d.n}
		if e, ok := byKey[k]; ok {
			if e.date == d.date && e.unit == d.unit {
				res.Repeated++
				continue
			}
			if _, err := s.db.Exec(ctx, "UPDATE epi_vaccinations SET given_on = ?, unit = ?, updated_at = ? WHERE id_idx = ? "+
				"AND vaccine = ? AND dose = ?", d.date, d.unit, now.UTC(), d.idx, d.vaccine, d.n); err != nil {
				return fmt.Errorf("vaccine: correct: %w", err)
			}
			res.Updated++
			continue
		}
		person := [2]string{d.idx, d.vaccine}
		if e, ok := byVaccine[person]; ok {
			d.path, d.group = e.path, e.group
		} else {
			byVaccine[person] = existing{path: d.path, group: d.group}
			if d.path != "" {
				deltas.Add([]any{d.path, d.vaccine, d.group}, 1, 0)
			}
		}
		if d.path == "" {
			res.Unmatched++
		} else {
			deltas.Add([]any{d.path, d.vaccine, d.group}, 0, 1)
		}
		fresh = append(fresh, d)
	}
	at := now.UTC()
	if _, err := s.db.WriteBulk(ctx, insertDoses, len(fresh), func(i int, dst []any) []any {
		d := fresh[i]
		var resident any
		if d.residentID != "" {
			resident = d.residentID
		}
		return append(dst, d.idx, d.vaccine, d.n, d.sealed, d.date, d.unit, d.birth, resident, d.path, d.group,
			at, at)
	}); err != nil {
		return fmt.Errorf("vaccine: store: %w", err)
	}
	res.Created += len(fresh)
	return deltas.Apply(ctx, s.db)
}
