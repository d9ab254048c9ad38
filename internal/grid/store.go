package grid

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"healthgrid/internal/access"
	"healthgrid/internal/pii"
)

// memberColumns reads a member with the display names of its region, unit
// and account. Those three are other modules' tables, joined read-only for
// names only, as every list joins regions.
const memberColumns = `m.id, m.type, m.name, m.phone_enc, COALESCE(m.user_id, ''), COALESCE(u.name, ''), COALESCE(u.username, ''),
	COALESCE(m.unit_id, ''), COALESCE(n.name, ''), m.duty, m.region_code, r.name, m.region_path, m.created_at, m.updated_at
	FROM team_members m JOIN regions r ON r.code = m.region_code
	LEFT JOIN users u ON u.id = m.user_id LEFT JOIN units n ON n.id = m.unit_id`

// typeOrder sorts members as a profile lists them.
const typeOrder = `CASE m.type WHEN 'grid_worker' THEN 0 WHEN 'health_service' THEN 1 WHEN 'volunteer' THEN 2 ELSE 3 END`

func (s *Service) scanMember(row interface{ Scan(...any) error }) (Member, error) {
	var m Member
	var phone string
	err := row.Scan(&m.ID, &m.Type, &m.Name, &phone, &m.UserID, &m.UserName, &m.Username, &m.UnitID, &m.UnitName,
		&m.Duty, &m.RegionCode, &m.RegionName, &m.RegionPath, &m.CreatedAt, &m.UpdatedAt)
	if err != nil {
		return m, err
	}
	if plain, err := s.pii.Open(phone); err == nil {
		m.Phone = pii.MaskPhone(plain)
	}
	m.Grids = []GridRef{}
	return m, nil
}

// visible is the condition "the member lives in the subtree at path or
// serves a grid in it", with its arguments. A member serves only grids in
// their own region (place), so one living outside the subtree who serves a
// grid in it lives above it: the grids are looked into for the members of
// path's few ancestors, not for every member outside the subtree — which
// read all the city's members for each list of a county, a township or a
// grid.
func visible(path string) (string, []any) {
	home, args := access.Scope(path).Subtree("m.region_path")
	above := access.Scope(path).Lineage()
	if len(above) <= 1 {
		return "(" + home + ")", args
	}
	above = above[:len(above)-1]
	served, more := access.Scope(path).Subtree("l.grid_path")
	for _, p := range above {
		args = append(args, p)
	}
	return "((" + home + ") OR m.region_path IN (?" + strings.Repeat(", ?", len(above)-1) + ") AND " +
		"EXISTS (SELECT 1 FROM team_member_grids l WHERE l.member_id = m.id AND " + served + "))", append(args, more...)
}

// Member returns a member the caller may see, with the grids it serves in scope.
func (s *Service) Member(ctx context.Context, scope, id string) (Member, error) {
	cond, args := visible(scope)
	m, err := s.scanMember(s.db.QueryRow(ctx, "SELECT "+memberColumns+" WHERE m.id = ? AND "+cond, append([]any{id}, args...)...))
	if err != nil {
		return Member{}, s.db.ScanErr(err, ErrMemberNotFound)
	}
	ms := []Member{m}
	if err := s.attachGrids(ctx, scope, ms); err != nil {
		return Member{}, err
	}
	return ms[0], nil
}

// writable loads the grids of a member the caller may change: one living in
// scope. One only serving grids in scope is visible but not theirs to change.
func (s *Service) writable(ctx context.Context, scope, id string) ([]gridAt, error) {
	var path string
	err := s.db.QueryRow(ctx, "SELECT region_path FROM team_members WHERE id = ?"+s.db.Dialect.ForUpdate(), id).Scan(&path)
	if err != nil {
		return nil, s.db.ScanErr(err, ErrMemberNotFound)
	}
	if !access.Scope(scope).Covers(path) {
		if _, err := s.Member(ctx, scope, id); err != nil {
			return nil, err
		}
		return nil, ErrAboveScope
	}
	rows, err := s.db.Query(ctx, "SELECT grid_code, grid_path FROM team_member_grids WHERE member_id = ? ORDER BY grid_code", id)
	if err != nil {
		return nil, fmt.Errorf("team member: grids: %w", err)
	}
	defer rows.Close()
	out := []gridAt{}
	for rows.Next() {
		var g gridAt
		if err := rows.Scan(&g.code, &g.path); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// staffInScope checks that a staff account exists in scope. It reads the
// users table without writing it: the link is a reference, like a unit's.
func (s *Service) staffInScope(ctx context.Context, scope, id string) error {
	var path, kind string
	if err := s.db.QueryRow(ctx, "SELECT region_path, kind FROM users WHERE id = ?", id).Scan(&path, &kind); err != nil {
		return s.db.ScanErr(err, ErrMemberNotFound)
	}
	if kind != "staff" || !access.Scope(scope).Covers(path) {
		return ErrMemberNotFound
	}
	return nil
}

// setGrids replaces the grids a member serves.
func (s *Service) setGrids(ctx context.Context, id string, grids []gridAt) error {
	if _, err := s.db.Exec(ctx, "DELETE FROM team_member_grids WHERE member_id = ?", id); err != nil {
		return fmt.Errorf("team member: clear grids: %w", err)
	}
	for _, g := range grids {
		if _, err := s.db.Exec(ctx, "INSERT INTO team_member_grids (member_id, grid_code, grid_path) VALUES (?, ?, ?)",
			id, g.code, g.path); err != nil {
			return fmt.Errorf("team member: assign grid %s: %w", g.code, err)
		}
	}
	return nil
}

// attachGrids fills in the grids each member serves, those in scope only.
func (s *Service) attachGrids(ctx context.Context, scope string, ms []Member) error {
	if len(ms) == 0 {
		return nil
	}
	byID := map[string]*Member{}
	args := make([]any, 0, len(ms)+2)
	for i := range ms {
		byID[ms[i].ID] = &ms[i]
		args = append(args, ms[i].ID)
	}
	cond, more := access.Scope(scope).Subtree("l.grid_path")
	rows, err := s.db.Query(ctx, `SELECT l.member_id, l.grid_code, r.name FROM team_member_grids l JOIN regions r ON r.code = l.grid_code
		WHERE l.member_id IN (?`+strings.Repeat(",?", len(ms)-1)+`) AND `+cond+` ORDER BY l.grid_code`, append(args, more...)...)
	if err != nil {
		return fmt.Errorf("team member: grids: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var g GridRef
		if err := rows.Scan(&id, &g.Code, &g.Name); err != nil {
			return err
		}
		byID[id].Grids = append(byID[id].Grids, g)
	}
	return rows.Err()
}

// gridMembers lists the members serving one grid (in scope), in profile order.
func (s *Service) gridMembers(ctx context.Context, scope, code string) ([]Member, error) {
	rows, err := s.db.Query(ctx, "SELECT "+memberColumns+` JOIN team_member_grids g ON g.member_id = m.id
		WHERE g.grid_code = ? ORDER BY `+typeOrder+", m.name, m.id", code)
	if err != nil {
		return nil, fmt.Errorf("grid: members: %w", err)
	}
	out, err := s.scanMembers(rows)
	if err != nil {
		return nil, err
	}
	return out, s.attachGrids(ctx, scope, out)
}

func (s *Service) scanMembers(rows *sql.Rows) ([]Member, error) {
	defer rows.Close()
	out := []Member{}
	for rows.Next() {
		m, err := s.scanMember(rows)
		if err != nil {
			return nil, fmt.Errorf("team member: scan: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// MemberFilter selects members.
type MemberFilter struct {
	RegionPath string // living in or serving a grid in this subtree, within the caller's scope
	GridCode   string // serving this grid
	Type       string
	Duty       string
	Q          string // name contains, or an exact phone
}

// ListMembers returns a page of the members the caller may see matching f.
func (s *Service) ListMembers(ctx context.Context, scope string, f MemberFilter, offset, limit int) ([]Member, int, error) {
	if f.RegionPath == "" || !access.Scope(scope).Covers(f.RegionPath) {
		f.RegionPath = scope
	}
	cond, args := visible(f.RegionPath)
	where := []string{cond}
	add := func(c string, v ...any) { where, args = append(where, c), append(args, v...) }
	if f.GridCode != "" {
		add("EXISTS (SELECT 1 FROM team_member_grids lg WHERE lg.member_id = m.id AND lg.grid_code = ?)", f.GridCode)
	}
	if f.Type != "" {
		add("m.type = ?", f.Type)
	}
	if f.Duty != "" {
		add("m.duty = ?", f.Duty)
	}
	if f.Q != "" {
		if phone, err := pii.NormalizePhone(f.Q); err == nil {
			add("m.phone_idx = ?", s.pii.Index("phone", phone))
		} else {
			add("m.name LIKE ?", "%"+f.Q+"%")
		}
	}
	w := strings.Join(where, " AND ")
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM team_members m WHERE "+w, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("team member: count: %w", err)
	}
	rows, err := s.db.Query(ctx, "SELECT "+memberColumns+" WHERE "+w+" ORDER BY m.region_path, "+typeOrder+", m.name, m.id LIMIT ? OFFSET ?",
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("team member: list: %w", err)
	}
	out, err := s.scanMembers(rows)
	if err != nil {
		return nil, 0, err
	}
	return out, total, s.attachGrids(ctx, scope, out)
}
