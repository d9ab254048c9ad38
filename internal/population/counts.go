package population

import (
	"context"
	"fmt"
	"strings"
)

// GridCounts are the population figures of each grid code (zero for a code
// with nobody, absent for an unknown code). The caller has already limited
// codes to its scope. Key populations count residents with a stored tag or
// an age-based one as of today. Grids counted before are answered from
// s.figures (figures.go); the others are counted and kept.
func (s *Service) GridCounts(ctx context.Context, codes []string) (map[string]Counts, error) {
	today := ymd(s.now())
	out, missing, gen := s.figures.lookup(codes, today, s.now())
	if len(missing) == 0 {
		return out, nil
	}
	counted, err := s.countGrids(ctx, missing, today)
	if err != nil {
		return nil, err
	}
	s.figures.keep(counted, today, gen, s.now())
	for code, c := range counted {
		out[code] = c
	}
	return out, nil
}

// countGrids counts the figures of grid codes, a few hundred a query.
func (s *Service) countGrids(ctx context.Context, codes []string, today int) (map[string]Counts, error) {
	out := make(map[string]Counts, len(codes))
	for lo := 0; lo < len(codes); lo += smallChunk {
		part := codes[lo:min(lo+smallChunk, len(codes))]
		paths, err := s.gridPaths(ctx, part)
		if err != nil {
			return nil, err
		}
		if len(paths) == 0 {
			continue
		}
		byPath := make(map[string]string, len(paths))
		args := make([]any, 0, len(paths))
		for code, p := range paths {
			byPath[p] = code
			args = append(args, p)
			out[code] = Counts{}
		}
		in := "(?" + strings.Repeat(",?", len(args)-1) + ")"
		add := func(q string, extra []any, set func(c *Counts, n, k int)) error {
			rows, err := s.db.Query(ctx, q, append(extra, args...)...)
			if err != nil {
				return fmt.Errorf("resident: grid counts: %w", err)
			}
			defer rows.Close()
			for rows.Next() {
				var path string
				var n, k int
				if err := rows.Scan(&path, &n, &k); err != nil {
					return err
				}
				c := out[byPath[path]]
				set(&c, n, k)
				out[byPath[path]] = c
			}
			return rows.Err()
		}
		if err := add(`SELECT region_path, COUNT(*), COALESCE(SUM(CASE WHEN tags <> '' OR birth_ymd <= ? OR birth_ymd > ? THEN 1 ELSE 0 END), 0)
			FROM residents WHERE deleted_at IS NULL AND region_path IN `+in+` GROUP BY region_path`,
			[]any{bornBy(65, today), bornBy(7, today)}, func(c *Counts, n, k int) { c.Residents, c.KeyPopulations = n, k }); err != nil {
			return nil, err
		}
		if err := add("SELECT region_path, COUNT(*), 0 FROM buildings WHERE region_path IN "+in+" GROUP BY region_path", nil,
			func(c *Counts, n, _ int) { c.Buildings = n }); err != nil {
			return nil, err
		}
		if err := add("SELECT region_path, COUNT(*), 0 FROM households WHERE region_path IN "+in+" GROUP BY region_path", nil,
			func(c *Counts, n, _ int) { c.Households = n }); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// gridPaths reads the paths of grid codes from the shared region table.
func (s *Service) gridPaths(ctx context.Context, codes []string) (map[string]string, error) {
	if len(codes) == 0 {
		return nil, nil
	}
	args := make([]any, len(codes))
	for i, c := range codes {
		args[i] = c
	}
	rows, err := s.db.Query(ctx, "SELECT code, path FROM regions WHERE level = 'grid' AND code IN (?"+strings.Repeat(",?", len(codes)-1)+")", args...)
	if err != nil {
		return nil, fmt.Errorf("resident: grid paths: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var code, path string
		if err := rows.Scan(&code, &path); err != nil {
			return nil, err
		}
		out[code] = path
	}
	return out, rows.Err()
}
