package chain

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"healthgrid/internal/epidemic"
)

// insertChain writes a new, empty chain; saveChain fills it in.
func (s *Service) insertChain(ctx context.Context, c chainRow) error {
	now := s.now()
	_, err := s.db.Exec(ctx, `INSERT INTO epi_chains (id, disease_code, size, edges, first_date, latest_date, active_until,
		created_at, updated_at) VALUES (?, ?, 0, 0, '', '', '', ?, ?)`, c.id, c.disease, now, now)
	if err != nil {
		return fmt.Errorf("chain: new chain: %w", err)
	}
	return nil
}

// saveChain writes c's figures, its end of follow-up counted again from its
// latest exposure.
func (s *Service) saveChain(ctx context.Context, c *chainRow) error {
	days, err := s.followUp(ctx, c.disease)
	if err != nil {
		return err
	}
	c.active = ""
	if latest, err := time.Parse(time.DateOnly, c.latest); err == nil {
		c.active = latest.AddDate(0, 0, days).Format(time.DateOnly)
	}
	_, err = s.db.Exec(ctx, `UPDATE epi_chains SET size = ?, edges = ?, first_date = ?, latest_date = ?, active_until = ?,
		updated_at = ? WHERE id = ?`, c.size, c.edges, c.first, c.latest, c.active, s.now(), c.id)
	if err != nil {
		return fmt.Errorf("chain: save chain: %w", err)
	}
	return nil
}

// dropChain deletes a chain emptied by a merge or a removal, with what
// still names it.
func (s *Service) dropChain(ctx context.Context, id string) error {
	for _, q := range []string{
		"DELETE FROM epi_chain_regions WHERE chain_id = ?",
		"DELETE FROM epi_outbreak_chains WHERE chain_id = ?",
		"DELETE FROM epi_chains WHERE id = ?",
	} {
		if _, err := s.db.Exec(ctx, q, id); err != nil {
			return fmt.Errorf("chain: drop chain: %w", err)
		}
	}
	return nil
}

// followUp is how many days after its latest exposure a chain of disease
// stays active: the days of the disease's close-contact protocol in force
// (what a contact exposed that day is followed for), or its longest
// incubation period when it has none.
func (s *Service) followUp(ctx context.Context, disease string) (int, error) {
	var stages string
	err := s.db.QueryRow(ctx, `SELECT stages FROM epi_protocols WHERE disease_code = ? AND category = 'close_contact'
		AND superseded_at IS NULL`, disease).Scan(&stages)
	if err == nil {
		var st []epidemic.Stage
		if err := json.Unmarshal([]byte(stages), &st); err != nil {
			return 0, fmt.Errorf("chain: protocol of %s: %w", disease, err)
		}
		days := 0
		for _, x := range st {
			days += x.Days
		}
		return days, nil
	}
	if err := s.db.ScanErr(err, nil); err != nil {
		return 0, fmt.Errorf("chain: protocol of %s: %w", disease, err)
	}
	var days int
	if err := s.db.QueryRow(ctx, "SELECT incubation_days FROM epi_diseases WHERE code = ?", disease).Scan(&days); err != nil {
		return 0, fmt.Errorf("chain: disease %s: %w", disease, err)
	}
	return days, nil
}
