package chain

import (
	"context"
	"fmt"
	"strings"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/china"
)

// Chain is a chain as lists show it.
type Chain struct {
	ID          string   `json:"id"`
	Disease     string   `json:"disease"`
	Size        int      `json:"size" doc:"persons in it"`
	Edges       int      `json:"edges" doc:"exposures in it"`
	InScope     int      `json:"in_scope" doc:"its persons in the caller's scope"`
	FirstDate   string   `json:"first_date" doc:"its earliest exposure (Beijing)"`
	LatestDate  string   `json:"latest_date" doc:"its latest exposure (Beijing)"`
	ActiveUntil string   `json:"active_until" doc:"the last day of follow-up after its latest exposure"`
	Active      bool     `json:"active"`
	Grids       []string `json:"grids" doc:"the grids it touches in the caller's scope"`
	GridCount   int      `json:"grid_count" doc:"the grids it touches, in scope or not"`
}

// ChainFilter narrows the chain list.
type ChainFilter struct {
	Region  string `query:"region" maxLength:"20" doc:"a region code in the caller's scope: the chains touching it"`
	Disease string `query:"disease" maxLength:"20"`
	Active  string `query:"active" enum:"true,false," doc:"true: chains still in follow-up; false: those past it"`
}

func (s *Service) today() string { return s.now().In(china.Zone).Format(time.DateOnly) }

// Chains are the chains touching the caller's scope (or the region of f
// within it), the latest exposure first.
func (s *Service) Chains(ctx context.Context, by *access.Principal, f ChainFilter, offset, limit int) ([]Chain, int, error) {
	scope, err := s.regions.Within(ctx, by.RegionPath, f.Region)
	if err != nil {
		return nil, 0, err
	}
	where, args := " FROM epi_chain_regions r JOIN epi_chains c ON c.id = r.chain_id WHERE r.region_path = ?",
		[]any{scope}
	if f.Disease != "" {
		where, args = where+" AND c.disease_code = ?", append(args, f.Disease)
	}
	switch f.Active {
	case "true":
		where, args = where+" AND c.active_until >= ?", append(args, s.today())
	case "false":
		where, args = where+" AND c.active_until < ?", append(args, s.today())
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*)"+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("chain: count chains: %w", err)
	}
	rows, err := s.db.Query(ctx, "SELECT c.id, c.disease_code, c.size, c.edges, c.first_date, c.latest_date, c.active_until, r.n"+
		where+" ORDER BY c.latest_date DESC, c.id LIMIT ? OFFSET ?", append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("chain: chains: %w", err)
	}
	defer rows.Close()
	out := []Chain{}
	for rows.Next() {
		var c Chain
		if err := rows.Scan(&c.ID, &c.Disease, &c.Size, &c.Edges, &c.FirstDate, &c.LatestDate, &c.ActiveUntil, &c.InScope); err != nil {
			return nil, 0, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if by.RegionPath != scope {
		if err := s.inScope(ctx, by.RegionPath, out); err != nil {
			return nil, 0, err
		}
	}
	return out, total, s.fillGrids(ctx, by, out)
}

// inScope counts each chain's persons in the caller's whole scope, when the
// list was narrowed to a region inside it.
func (s *Service) inScope(ctx context.Context, scope string, cs []Chain) error {
	for i := range cs {
		if err := s.db.QueryRow(ctx, "SELECT n FROM epi_chain_regions WHERE region_path = ? AND chain_id = ?", scope,
			cs[i].ID).Scan(&cs[i].InScope); err != nil {
			return fmt.Errorf("chain: in scope: %w", err)
		}
	}
	return nil
}

// fillGrids sets each chain's grids and whether it is active.
func (s *Service) fillGrids(ctx context.Context, by *access.Principal, cs []Chain) error {
	if len(cs) == 0 {
		return nil
	}
	at := map[string]int{}
	ids := make([]string, len(cs))
	for i := range cs {
		at[cs[i].ID], ids[i] = i, cs[i].ID
		cs[i].Active, cs[i].Grids = cs[i].ActiveUntil >= s.today(), []string{}
	}
	rows, err := s.db.Query(ctx, "SELECT chain_id, region_path FROM epi_chain_regions WHERE chain_id IN (?"+
		strings.Repeat(", ?", len(ids)-1)+") AND n > 0 ORDER BY region_path", anys(ids)...)
	if err != nil {
		return fmt.Errorf("chain: grids: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, path string
		if err := rows.Scan(&id, &path); err != nil {
			return err
		}
		if access.Scope(path).Level() != access.Grid {
			continue
		}
		c := &cs[at[id]]
		c.GridCount++
		if covers(by, path) {
			c.Grids = append(c.Grids, access.Scope(path).Code())
		}
	}
	return rows.Err()
}

// chain is one chain the caller sees (it touches their scope), 404 else;
// the system (nil) sees every chain whole.
func (s *Service) chain(ctx context.Context, by *access.Principal, id string) (Chain, error) {
	var c Chain
	q, args := `SELECT c.id, c.disease_code, c.size, c.edges, c.first_date, c.latest_date, c.active_until, r.n
		FROM epi_chains c JOIN epi_chain_regions r ON r.chain_id = c.id AND r.region_path = ? WHERE c.id = ? AND r.n > 0`,
		[]any{"", id}
	if by == nil {
		q, args = "SELECT id, disease_code, size, edges, first_date, latest_date, active_until, size FROM epi_chains WHERE id = ?",
			[]any{id}
	} else {
		args[0] = by.RegionPath
	}
	err := s.db.QueryRow(ctx, q, args...).Scan(&c.ID, &c.Disease, &c.Size, &c.Edges, &c.FirstDate, &c.LatestDate, &c.ActiveUntil,
		&c.InScope)
	if err != nil {
		return Chain{}, s.db.ScanErr(err, ErrChainNotFound)
	}
	cs := []Chain{c}
	err = s.fillGrids(ctx, by, cs)
	return cs[0], err
}
