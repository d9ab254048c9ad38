package trace

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/db"
	"healthgrid/internal/pii"
)

var maskID = pii.MaskID

// risks finds which of cs are risk persons of disease already (an open
// episode): by the ID number's blind index, else by the resident.
func (s *Service) risks(ctx context.Context, disease string, cs []*contact) (map[string][2]string, error) {
	out := map[string][2]string{}
	if disease == "" {
		return out, nil
	}
	byIdx, byResident := map[string]string{}, map[string]string{}
	var idxs, residents []string
	for _, c := range cs {
		if c.idIdx != "" {
			byIdx[c.idIdx] = c.key
			idxs = append(idxs, c.idIdx)
		}
		if c.resident != "" {
			byResident[c.resident] = c.key
			residents = append(residents, c.resident)
		}
	}
	const q = `SELECT id, category, id_idx, COALESCE(resident_id, '') FROM epi_persons
		WHERE %s AND disease_code = ? AND ended_at IS NULL AND merged_into IS NULL`
	scan := func(rows *sql.Rows) error {
		var id, cat, idx, resident string
		if err := rows.Scan(&id, &cat, &idx, &resident); err != nil {
			return err
		}
		if k, ok := byIdx[idx]; ok && idx != "" {
			out[k] = [2]string{id, cat}
		} else if k, ok := byResident[resident]; ok && resident != "" {
			out[k] = [2]string{id, cat}
		}
		return nil
	}
	if err := queryIn(ctx, s, fmt.Sprintf(q, "id_idx IN (%s)"), idxs, []any{disease}, scan); err != nil {
		return nil, fmt.Errorf("trace: risk persons: %w", err)
	}
	if err := queryIn(ctx, s, fmt.Sprintf(q, "resident_id IN (%s)"), residents, []any{disease}, scan); err != nil {
		return nil, fmt.Errorf("trace: risk persons: %w", err)
	}
	return out, nil
}

// Record is a trace as recorded: its case, parameters and counts, and its
// push if any.
type Record struct {
	ID            string    `json:"id"`
	PersonID      string    `json:"person_id,omitempty"`
	ResidentID    string    `json:"resident_id,omitempty"`
	CaseName      string    `json:"case_name"`
	Disease       string    `json:"disease,omitempty"`
	From          time.Time `json:"from"`
	To            time.Time `json:"to"`
	Basis         string    `json:"basis"`
	WindowMinutes int       `json:"window_minutes"`
	Hops          int       `json:"hops"`
	Close         int       `json:"close"`
	Secondary     int       `json:"secondary"`
	Truncated     bool      `json:"truncated"`
	CreatedBy     string    `json:"created_by"`
	CreatedAt     time.Time `json:"created_at"`
	Push          *Pushed   `json:"push,omitempty" doc:"the lists it was pushed down as"`
	regionPath    string
}

const recordCols = `t.id, t.person_id, t.resident_id, COALESCE(p.name, r.name, ''), t.disease_code, t.from_at, t.to_at,
	t.basis, t.window_minutes, t.hops, t.close_count, t.secondary_count, t.truncated, t.created_by, t.created_at,
	t.region_path, u.close_screening, u.secondary_screening, u.contacts, u.exposures, u.pushed_at
	FROM epi_traces t LEFT JOIN epi_persons p ON p.id = t.person_id LEFT JOIN residents r ON r.id = t.resident_id
	LEFT JOIN epi_trace_pushes u ON u.trace_id = t.id`

func scanRecord(row interface{ Scan(...any) error }) (Record, error) {
	var r Record
	var closeL, secL sql.NullString
	var contacts, exposures sql.NullInt64
	var pushed db.Time
	err := row.Scan(&r.ID, &r.PersonID, &r.ResidentID, &r.CaseName, &r.Disease, &r.From, &r.To, &r.Basis, &r.WindowMinutes,
		&r.Hops, &r.Close, &r.Secondary, &r.Truncated, &r.CreatedBy, &r.CreatedAt, &r.regionPath, &closeL, &secL, &contacts,
		&exposures, &pushed)
	if pushed.Valid {
		r.Push = &Pushed{CloseScreening: closeL.String, SecondaryScreening: secL.String, Contacts: int(contacts.Int64),
			Exposures: int(exposures.Int64), PushedAt: pushed.Time.UTC()}
	}
	return r, err
}

// Traces pages the traces of cases in the caller's scope, the newest
// first; person narrows to one case's.
func (s *Service) Traces(ctx context.Context, by *access.Principal, person string, offset, size int) ([]Record, int, error) {
	cond, args := by.Scope().Subtree("t.region_path")
	if person != "" {
		cond, args = cond+" AND t.person_id = ?", append(args, person)
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM epi_traces t WHERE "+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("trace: count: %w", err)
	}
	rows, err := s.db.Query(ctx, "SELECT "+recordCols+" WHERE "+cond+" ORDER BY t.created_at DESC, t.id DESC LIMIT ? OFFSET ?",
		append(args, size, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("trace: list: %w", err)
	}
	out := []Record{}
	err = eachRow(rows, func(rows *sql.Rows) error {
		r, err := scanRecord(rows)
		out = append(out, r)
		return err
	})
	return out, total, err
}

// Trace is one trace record in the caller's scope.
func (s *Service) Trace(ctx context.Context, by *access.Principal, id string) (Record, error) {
	r, err := scanRecord(s.db.QueryRow(ctx, "SELECT "+recordCols+" WHERE t.id = ?", id))
	if err != nil {
		return Record{}, s.db.ScanErr(err, ErrNotFound)
	}
	if !by.Covers(r.regionPath) {
		return Record{}, ErrNotFound
	}
	return r, nil
}
