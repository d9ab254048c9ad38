package grid

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"healthgrid/internal/pii"
)

// SeedMember is a team member for Seed: codes only, the paths are looked up.
type SeedMember struct {
	Type, Name, Phone string
	UserID, UnitID    string // optional
	RegionCode        string // home region
	GridCodes         []string
}

// SeedLink links a party branch unit to a community (village) or grid.
type SeedLink struct {
	UnitID, RegionCode string
}

// Seed inserts members (all on duty) and party-branch links in multi-row
// batches, joining the caller's transaction, with one audit record for the
// lot: the demo city has some fifteen thousand members.
func (s *Service) Seed(ctx context.Context, members []SeedMember, links []SeedLink) error {
	paths, err := s.allPaths(ctx)
	if err != nil {
		return err
	}
	pathOf := func(code string) (string, error) {
		if p, ok := paths[code]; ok {
			return p, nil
		}
		return "", fmt.Errorf("grid: seed: no region %s", code)
	}
	now := s.now()
	var mrows, grows, lrows [][]any
	for _, m := range members {
		phone, err := pii.NormalizePhone(m.Phone)
		if err != nil {
			return fmt.Errorf("grid: seed member %s: %w", m.Name, err)
		}
		path, err := pathOf(m.RegionCode)
		if err != nil {
			return err
		}
		id := uuid.Must(uuid.NewV7()).String()
		mrows = append(mrows, []any{id, m.Type, m.Name, s.pii.Seal(phone), s.pii.Index("phone", phone), nullable(m.UserID),
			nullable(m.UnitID), "on_duty", m.RegionCode, path, now, now})
		for _, g := range m.GridCodes {
			gp, err := pathOf(g)
			if err != nil {
				return err
			}
			grows = append(grows, []any{id, g, gp})
		}
	}
	for _, l := range links {
		path, err := pathOf(l.RegionCode)
		if err != nil {
			return err
		}
		lrows = append(lrows, []any{l.UnitID, l.RegionCode, path})
	}
	return s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.insertRows(ctx, "team_members", []string{"id", "type", "name", "phone_enc", "phone_idx", "user_id",
			"unit_id", "duty", "region_code", "region_path", "created_at", "updated_at"}, mrows); err != nil {
			return err
		}
		if err := s.insertRows(ctx, "team_member_grids", []string{"member_id", "grid_code", "grid_path"}, grows); err != nil {
			return err
		}
		if err := s.insertRows(ctx, "party_branch_links", []string{"unit_id", "region_code", "region_path"}, lrows); err != nil {
			return err
		}
		return s.audit.Write(ctx, auditRecord("grid.seed", "team_member", "",
			map[string]any{"members": len(mrows), "assignments": len(grows), "party_branch_links": len(lrows)}))
	})
}

// allPaths maps every region code to its path (read from the region tree).
func (s *Service) allPaths(ctx context.Context) (map[string]string, error) {
	rows, err := s.db.Query(ctx, "SELECT code, path FROM regions")
	if err != nil {
		return nil, fmt.Errorf("grid: region paths: %w", err)
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

// insertRows writes rows with multi-row INSERTs of a few thousand values each.
func (s *Service) insertRows(ctx context.Context, table string, cols []string, rows [][]any) error {
	per := max(1, 4000/len(cols))
	one := "(?" + strings.Repeat(",?", len(cols)-1) + ")"
	for start := 0; start < len(rows); start += per {
		batch := rows[start:min(start+per, len(rows))]
		args := make([]any, 0, len(batch)*len(cols))
		for _, r := range batch {
			args = append(args, r...)
		}
		q := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES " + one + strings.Repeat(","+one, len(batch)-1)
		if _, err := s.db.Exec(ctx, q, args...); err != nil {
			return fmt.Errorf("grid: seed %s: %w", table, err)
		}
	}
	return nil
}
