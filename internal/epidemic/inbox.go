package epidemic

import (
	"context"
	"fmt"

	"healthgrid/internal/access"
	"healthgrid/internal/db"
	"healthgrid/internal/inbox"
)

// InboxKind is a risk person's kind of inbox item.
const InboxKind = "epidemic_person"

// Inbox is a grid worker's share of the screening lists: the persons of
// their grid still to visit or verify that f selects (by name, address,
// origin), the earliest deadline first (epi_persons_grid), and how many.
// Those above a grid follow lists in the console, not in an inbox; a
// person no list named (a report card's case, a positive result) has no
// deadline and reaches the grid worker as an alert, not as a task.
func (s *Service) Inbox(ctx context.Context, p *access.Principal, f inbox.Filter, limit int) ([]inbox.Item, int, error) {
	scope := access.Scope(p.RegionPath)
	if !p.Can("epidemic:verify") || scope.Level() != access.Grid || f.Kind != "" && f.Kind != InboxKind {
		return nil, 0, nil
	}
	where := ` WHERE grid_code = ? AND region_path = ? AND state IN ('assigned', 'visited') AND merged_into IS NULL
		AND deadline IS NOT NULL AND ended_at IS NULL`
	args := []any{scope.Code(), p.RegionPath}
	if f.Q != "" {
		c, a := db.Contains(f.Q, "name", "address", "origin")
		where, args = where+" AND "+c, append(args, a...)
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM epi_persons"+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("epidemic: inbox count: %w", err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	rows, err := s.db.Query(ctx, "SELECT "+personCols+" FROM epi_persons"+where+" ORDER BY deadline, id LIMIT ?",
		append(args, limit)...)
	if err != nil {
		return nil, 0, fmt.Errorf("epidemic: inbox: %w", err)
	}
	defer rows.Close()
	var out []inbox.Item
	for rows.Next() {
		pr, err := s.scanPerson(rows)
		if err != nil {
			return nil, 0, err
		}
		title := "排查核实 · " + pr.Name + " · " + pr.CategoryName
		out = append(out, inbox.Item{Kind: InboxKind, ID: pr.ID, Title: title, Action: ActVerify, Deadline: pr.Deadline,
			Urgent: pr.Overdue})
	}
	return out, total, rows.Err()
}
