package population

import (
	"context"
	"fmt"
	"strings"
)

// Match is a living resident an ID number's blind index names: who, and
// which grid they live in.
type Match struct {
	ID, Name, GridCode, RegionPath string
}

// MatchIndexes finds the living residents of the blind indexes (pii.KindID),
// by index, whatever the caller's scope: epidemic screening places a person
// named on a list in the grid where they live, wherever that is. Callers
// pass a few hundred at a time.
func (s *Service) MatchIndexes(ctx context.Context, idx []string) (map[string]Match, error) {
	m, _, err := s.match(ctx, `SELECT id_idx, id, name, grid_code, region_path FROM residents
		WHERE deleted_at IS NULL AND id_idx IN `, idx)
	if err != nil {
		return nil, fmt.Errorf("population: match indexes: %w", err)
	}
	return m, nil
}

// MatchAddresses finds the buildings whose address is one of addrs, by
// address, whatever the caller's scope: epidemic screening places a person
// without a better clue in the grid of the building their address names. An
// address two buildings in different grids share names no grid, and is left
// out. Callers pass a few hundred at a time.
func (s *Service) MatchAddresses(ctx context.Context, addrs []string) (map[string]Match, error) {
	m, ambiguous, err := s.match(ctx, "SELECT address, id, name, grid_code, region_path FROM buildings WHERE address IN ", addrs)
	if err != nil {
		return nil, fmt.Errorf("population: match addresses: %w", err)
	}
	for k := range ambiguous {
		delete(m, k)
	}
	return m, nil
}

// match runs query — a key and a Match per row, ending in "IN " — over keys,
// and answers the matches by key, and the keys that matched in two grids.
func (s *Service) match(ctx context.Context, query string, keys []string) (map[string]Match, map[string]bool, error) {
	out, ambiguous := make(map[string]Match, len(keys)), map[string]bool{}
	if len(keys) == 0 {
		return out, ambiguous, nil
	}
	args := make([]any, len(keys))
	for i, v := range keys {
		args[i] = v
	}
	rows, err := s.db.Query(ctx, query+"(?"+strings.Repeat(",?", len(keys)-1)+")", args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var m Match
		if err := rows.Scan(&k, &m.ID, &m.Name, &m.GridCode, &m.RegionPath); err != nil {
			return nil, nil, err
		}
		if prev, ok := out[k]; ok && prev.GridCode != m.GridCode {
			ambiguous[k] = true
		}
		out[k] = m
	}
	return out, ambiguous, rows.Err()
}
