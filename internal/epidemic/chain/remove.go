package chain

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
)

var errReason = apperr.New(apperr.ErrInvalid, "epidemic.exposure_reason", "请说明删除原因 / say why it is removed")

// RemoveExposure deletes an exposure found wrong, saying why, and splits its
// chain if it held the chain together: a BFS over that chain's remaining
// edges, the rest of the graph untouched. The largest part keeps the
// chain's id (and its outbreaks); persons left without an exposure leave.
func (s *Service) RemoveExposure(ctx context.Context, by *access.Principal, id, reason string) error {
	reason = strings.TrimSpace(reason)
	return s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.db.LockTx(ctx, graphLock); err != nil {
			return err
		}
		var chainID string
		var c chainRow
		for {
			if err := s.db.QueryRow(ctx, "SELECT chain_id FROM epi_exposures WHERE id = ?", id).Scan(&chainID); err != nil {
				return s.db.ScanErr(err, ErrExposureNotFound)
			}
			locked, err := s.lockChains(ctx, []string{chainID})
			if err != nil {
				return err
			}
			var again string
			if err := s.db.QueryRow(ctx, "SELECT chain_id FROM epi_exposures WHERE id = ?", id).Scan(&again); err != nil {
				return s.db.ScanErr(err, ErrExposureNotFound)
			}
			if len(locked) == 1 && again == chainID {
				c = locked[0]
				break
			}
		}
		if ok, err := s.sees(ctx, by, chainID); err != nil || !ok {
			return firstErr(err, ErrExposureNotFound)
		}
		if reason == "" || len([]rune(reason)) > 500 {
			return errReason.Field("query.reason")
		}
		if _, err := s.db.Exec(ctx, "DELETE FROM epi_exposures WHERE id = ?", id); err != nil {
			return fmt.Errorf("chain: remove exposure: %w", err)
		}
		parts, err := s.split(ctx, c)
		if err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.exposure.remove", ObjectType: "exposure", ObjectID: id,
			Detail: map[string]any{"reason": reason, "chain": chainID, "parts": parts}})
	})
}

func firstErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

// edge is an exposure as the split sees it.
type edge struct{ id, a, b, day string }

// split recomputes the components of chain c, whose edges changed: the
// number of chains it now is.
func (s *Service) split(ctx context.Context, c chainRow) (int, error) {
	edges, err := s.edgesOf(ctx, c.id)
	if err != nil {
		return 0, err
	}
	members, err := s.membersOf(ctx, c.id)
	if err != nil {
		return 0, err
	}
	comps := components(members, edges)
	slices.SortStableFunc(comps, func(x, y []string) int { return len(y) - len(x) })
	compOf := map[string]int{}
	for i, comp := range comps {
		for _, p := range comp {
			compOf[p] = i
		}
	}
	paths, err := s.pathsOf(ctx, c.id)
	if err != nil {
		return 0, err
	}
	d := regionsTally.Deltas()
	rows := make([]chainRow, len(comps))
	for i := range comps {
		rows[i] = chainRow{id: c.id, disease: c.disease, size: len(comps[i])}
		if i > 0 {
			rows[i].id = uuid.Must(uuid.NewV7()).String()
			if err := s.insertChain(ctx, rows[i]); err != nil {
				return 0, err
			}
		}
	}
	byComp := make([][]string, len(comps))
	for _, e := range edges {
		i := compOf[e.a]
		r := &rows[i]
		r.edges++
		r.first, r.latest = minDay(r.first, e.day), max(r.latest, e.day)
		if i > 0 {
			byComp[i] = append(byComp[i], e.id)
		}
	}
	for _, p := range members {
		i, in := compOf[p]
		switch {
		case !in:
			if _, err := s.db.Exec(ctx, "DELETE FROM epi_chain_members WHERE person_id = ?", p); err != nil {
				return 0, fmt.Errorf("chain: leave: %w", err)
			}
			d.Add([]any{paths[p], c.id}, -1)
		case i > 0:
			if _, err := s.db.Exec(ctx, "UPDATE epi_chain_members SET chain_id = ? WHERE person_id = ?", rows[i].id, p); err != nil {
				return 0, fmt.Errorf("chain: relabel: %w", err)
			}
			d.Add([]any{paths[p], c.id}, -1)
			d.Add([]any{paths[p], rows[i].id}, 1)
		}
	}
	for i := 1; i < len(rows); i++ {
		for ids := range slices.Chunk(byComp[i], 500) {
			if _, err := s.db.Exec(ctx, "UPDATE epi_exposures SET chain_id = ? WHERE id IN (?"+strings.Repeat(", ?", len(ids)-1)+")",
				append([]any{rows[i].id}, anys(ids)...)...); err != nil {
				return 0, fmt.Errorf("chain: relabel edges: %w", err)
			}
		}
	}
	if err := d.Apply(ctx, s.db); err != nil {
		return 0, err
	}
	if _, err := s.db.Exec(ctx, "DELETE FROM epi_chain_regions WHERE chain_id = ? AND n = 0", c.id); err != nil {
		return 0, fmt.Errorf("chain: regions left: %w", err)
	}
	if len(comps) == 0 {
		return 0, s.dropChain(ctx, c.id)
	}
	for i := range rows {
		if err := s.saveChain(ctx, &rows[i]); err != nil {
			return 0, err
		}
	}
	return len(comps), nil
}

// components are the connected components of the graph on members with
// edges, persons without an edge left out; each sorted, in order of their
// least member.
func components(members []string, edges []edge) [][]string {
	adj := map[string][]string{}
	for _, e := range edges {
		adj[e.a] = append(adj[e.a], e.b)
		adj[e.b] = append(adj[e.b], e.a)
	}
	seen := map[string]bool{}
	var out [][]string
	for _, m := range slices.Sorted(slices.Values(members)) {
		if seen[m] || len(adj[m]) == 0 {
			continue
		}
		seen[m] = true
		comp, queue := []string{m}, []string{m}
		for len(queue) > 0 {
			p := queue[0]
			queue = queue[1:]
			for _, q := range adj[p] {
				if !seen[q] {
					seen[q] = true
					comp = append(comp, q)
					queue = append(queue, q)
				}
			}
		}
		slices.Sort(comp)
		out = append(out, comp)
	}
	return out
}

func (s *Service) edgesOf(ctx context.Context, chainID string) ([]edge, error) {
	rows, err := s.db.Query(ctx, "SELECT id, source_id, target_id, day FROM epi_exposures WHERE chain_id = ?", chainID)
	if err != nil {
		return nil, fmt.Errorf("chain: edges: %w", err)
	}
	defer rows.Close()
	var out []edge
	for rows.Next() {
		var e edge
		if err := rows.Scan(&e.id, &e.a, &e.b, &e.day); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func (s *Service) membersOf(ctx context.Context, chainID string) ([]string, error) {
	rows, err := s.db.Query(ctx, "SELECT person_id FROM epi_chain_members WHERE chain_id = ?", chainID)
	if err != nil {
		return nil, fmt.Errorf("chain: members: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// pathsOf is the region path of each member of a chain.
func (s *Service) pathsOf(ctx context.Context, chainID string) (map[string]string, error) {
	rows, err := s.db.Query(ctx, `SELECT p.id, p.region_path FROM epi_chain_members m JOIN epi_persons p ON p.id = m.person_id
		WHERE m.chain_id = ?`, chainID)
	if err != nil {
		return nil, fmt.Errorf("chain: paths: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, path string
		if err := rows.Scan(&id, &path); err != nil {
			return nil, err
		}
		out[id] = path
	}
	return out, rows.Err()
}

// sees reports whether by may see the chain: it touches by's scope.
func (s *Service) sees(ctx context.Context, by *access.Principal, chainID string) (bool, error) {
	if by == nil {
		return true, nil
	}
	if by.RegionPath == "" {
		return false, nil
	}
	var n int
	err := s.db.QueryRow(ctx, "SELECT n FROM epi_chain_regions WHERE region_path = ? AND chain_id = ?", by.RegionPath, chainID).Scan(&n)
	if err != nil {
		return false, s.db.ScanErr(err, nil)
	}
	return n > 0, nil
}
