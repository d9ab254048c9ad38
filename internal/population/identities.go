package population

import (
	"context"
	"fmt"
	"strings"
)

// Identity is who a living resident is by their ID number: its blind index
// and sealed text, and their name.
type Identity struct {
	IDIdx, IDEnc, Name string
}

// Identities are the living residents of ids, by id, whatever the caller's
// scope: a venue check-in by resident id is filed under the resident's ID
// number, as one by the number is. Callers pass a few hundred at a time.
func (s *Service) Identities(ctx context.Context, ids []string) (map[string]Identity, error) {
	out := make(map[string]Identity, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, v := range ids {
		args[i] = v
	}
	rows, err := s.db.Query(ctx, "SELECT id, id_idx, id_enc, name FROM residents WHERE deleted_at IS NULL AND id IN (?"+
		strings.Repeat(",?", len(ids)-1)+")", args...)
	if err != nil {
		return nil, fmt.Errorf("population: identities: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var r Identity
		if err := rows.Scan(&id, &r.IDIdx, &r.IDEnc, &r.Name); err != nil {
			return nil, err
		}
		out[id] = r
	}
	return out, rows.Err()
}
