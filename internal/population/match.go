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
	out := make(map[string]Match, len(idx))
	if len(idx) == 0 {
		return out, nil
	}
	args := make([]any, len(idx))
	for i, v := range idx {
		args[i] = v
	}
	rows, err := s.db.Query(ctx, `SELECT id_idx, id, name, grid_code, region_path FROM residents
		WHERE id_idx IN (?`+strings.Repeat(",?", len(idx)-1)+`) AND deleted_at IS NULL`, args...)
	if err != nil {
		return nil, fmt.Errorf("population: match indexes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var m Match
		if err := rows.Scan(&k, &m.ID, &m.Name, &m.GridCode, &m.RegionPath); err != nil {
			return nil, err
		}
		out[k] = m
	}
	return out, rows.Err()
}

// MatchAddresses finds the buildings whose address is one of addrs, by
// address, whatever the caller's scope: epidemic screening places a person
// without a better clue in the grid of the building their address names. An
// address two buildings in different grids share names no grid, and is left
// out. Callers pass a few hundred at a time.
func (s *Service) MatchAddresses(ctx context.Context, addrs []string) (map[string]Match, error) {
	out := make(map[string]Match, len(addrs))
	if len(addrs) == 0 {
		return out, nil
	}
	args := make([]any, len(addrs))
	for i, v := range addrs {
		args[i] = v
	}
	rows, err := s.db.Query(ctx, `SELECT address, id, name, grid_code, region_path FROM buildings
		WHERE address IN (?`+strings.Repeat(",?", len(addrs)-1)+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("population: match addresses: %w", err)
	}
	defer rows.Close()
	ambiguous := map[string]bool{}
	for rows.Next() {
		var k string
		var m Match
		if err := rows.Scan(&k, &m.ID, &m.Name, &m.GridCode, &m.RegionPath); err != nil {
			return nil, err
		}
		if prev, ok := out[k]; ok && prev.GridCode != m.GridCode {
			ambiguous[k] = true
		}
		out[k] = m
	}
	for k := range ambiguous {
		delete(out, k)
	}
	return out, rows.Err()
}
