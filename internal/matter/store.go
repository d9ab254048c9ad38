package matter

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

const matterColumns = `m.code, m.category_code, c.name, m.name, m.description, m.routing, m.limits, m.self_handle,
	m.default_priority, m.register_criteria, m.close_criteria, m.enabled, m.created_at, m.updated_at
	FROM matters m JOIN matter_categories c ON c.code = m.category_code`

func scanMatter(s interface{ Scan(...any) error }) (Matter, error) {
	var m Matter
	var routing, limits string
	err := s.Scan(&m.Code, &m.CategoryCode, &m.CategoryName, &m.Name, &m.Description, &routing, &limits, &m.SelfHandle,
		&m.DefaultPriority, &m.RegisterCriteria, &m.CloseCriteria, &m.Enabled, &m.CreatedAt, &m.UpdatedAt)
	if err != nil {
		return Matter{}, err
	}
	if err := json.Unmarshal([]byte(routing), &m.Routing); err != nil {
		return Matter{}, fmt.Errorf("matter %s: routing: %w", m.Code, err)
	}
	if err := json.Unmarshal([]byte(limits), &m.Limits); err != nil {
		return Matter{}, fmt.Errorf("matter %s: limits: %w", m.Code, err)
	}
	normalise(&m.Input)
	return m, nil
}

// Get returns a matter, enabled or not, from the in-memory catalogue. A code
// the catalogue lacks is looked up in the database, in case another
// instance has just created it.
func (s *Service) Get(ctx context.Context, code string) (Matter, error) {
	all, err := s.catalogue(ctx)
	if err != nil {
		return Matter{}, err
	}
	if m, ok := all[code]; ok {
		return m.clone(), nil
	}
	return s.load(ctx, code)
}

// load reads one matter from the database.
func (s *Service) load(ctx context.Context, code string) (Matter, error) {
	m, err := scanMatter(s.db.QueryRow(ctx, "SELECT "+matterColumns+" WHERE m.code = ?", code))
	if err != nil {
		return Matter{}, s.db.ScanErr(err, ErrNotFound)
	}
	return m, nil
}

// catalogue is every matter by code, from the cache when it is fresh.
func (s *Service) catalogue(ctx context.Context) (map[string]Matter, error) {
	now := s.now()
	all, gen := s.cache.lookup(now)
	if all != nil {
		return all, nil
	}
	items, err := s.query(ctx, "", nil)
	if err != nil {
		return nil, err
	}
	all = make(map[string]Matter, len(items))
	for _, m := range items {
		all[m.Code] = m
	}
	s.cache.store(all, gen, now)
	return all, nil
}

// clone copies the routing, so that a caller changing it leaves the cache alone.
func (m Matter) clone() Matter {
	m.Routing = maps.Clone(m.Routing)
	for level, r := range m.Routing {
		r.Co = slices.Clone(r.Co)
		m.Routing[level] = r
	}
	return m
}

// Filter selects matters.
type Filter struct {
	Q        string // name or code contains
	Category string // this category and every one below it
	Enabled  *bool  // nil: both
}

// List returns the matters matching f, in the order of the category tree
// and by code within a category.
func (s *Service) List(ctx context.Context, f Filter) ([]Matter, error) {
	cats, err := s.Categories(ctx)
	if err != nil {
		return nil, err
	}
	var where []string
	var args []any
	if f.Category != "" {
		codes := descendants(cats, f.Category)
		if len(codes) == 0 {
			return nil, ErrCategoryNotFound
		}
		where = append(where, "m.category_code IN (?"+strings.Repeat(",?", len(codes)-1)+")")
		for _, c := range codes {
			args = append(args, c)
		}
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		where, args = append(where, "(m.name LIKE ? OR m.code LIKE ?)"), append(args, "%"+q+"%", "%"+strings.ToUpper(q)+"%")
	}
	if f.Enabled != nil {
		where, args = append(where, "m.enabled = ?"), append(args, *f.Enabled)
	}
	items, err := s.query(ctx, strings.Join(where, " AND "), args)
	if err != nil {
		return nil, err
	}
	order := map[string]int{}
	for i, c := range flatten(tree(cats, nil)) {
		order[c.Code] = i
	}
	slices.SortStableFunc(items, func(a, b Matter) int {
		return cmp.Or(cmp.Compare(order[a.CategoryCode], order[b.CategoryCode]), strings.Compare(a.Code, b.Code))
	})
	return items, nil
}

// query reads the matters matching where (all when empty).
func (s *Service) query(ctx context.Context, where string, args []any) ([]Matter, error) {
	q := "SELECT " + matterColumns
	if where != "" {
		q += " WHERE " + where
	}
	rows, err := s.db.Query(ctx, q+" ORDER BY m.code", args...)
	if err != nil {
		return nil, fmt.Errorf("matter: list: %w", err)
	}
	defer rows.Close()
	out := []Matter{}
	for rows.Next() {
		m, err := scanMatter(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Tree returns the category tree, siblings by sort then code, each category
// with its own matters.
func (s *Service) Tree(ctx context.Context) ([]Node, error) {
	cats, err := s.Categories(ctx)
	if err != nil {
		return nil, err
	}
	items, err := s.query(ctx, "", nil)
	if err != nil {
		return nil, err
	}
	return tree(cats, items), nil
}

// tree builds the nodes below parent "" from a flat list of categories,
// giving each its matters.
func tree(cats []Category, items []Matter) []Node {
	children := map[string][]Category{}
	for _, c := range cats {
		children[c.ParentCode] = append(children[c.ParentCode], c)
	}
	own := map[string][]Matter{}
	for _, m := range items {
		own[m.CategoryCode] = append(own[m.CategoryCode], m)
	}
	var build func(parent string) []Node
	build = func(parent string) []Node {
		out := []Node{}
		for _, c := range children[parent] {
			ms := own[c.Code]
			if ms == nil {
				ms = []Matter{}
			}
			out = append(out, Node{Category: c, Children: build(c.Code), Matters: ms})
		}
		return out
	}
	return build("")
}

// flatten lists a tree's categories depth first.
func flatten(nodes []Node) []Category {
	var out []Category
	for _, n := range nodes {
		out = append(out, n.Category)
		out = append(out, flatten(n.Children)...)
	}
	return out
}

// descendants is code and the codes of every category below it; empty when
// code is no category.
func descendants(cats []Category, code string) []string {
	if !slices.ContainsFunc(cats, func(c Category) bool { return c.Code == code }) {
		return nil
	}
	out := []string{code}
	for i := 0; i < len(out); i++ {
		for _, c := range cats {
			if c.ParentCode == out[i] {
				out = append(out, c.Code)
			}
		}
	}
	return out
}

// Categories returns every category, siblings by sort then code.
func (s *Service) Categories(ctx context.Context) ([]Category, error) {
	rows, err := s.db.Query(ctx, `SELECT code, COALESCE(parent_code, ''), name, sort, created_at, updated_at
		FROM matter_categories ORDER BY sort, code`)
	if err != nil {
		return nil, fmt.Errorf("matter category: list: %w", err)
	}
	defer rows.Close()
	out := []Category{}
	for rows.Next() {
		var c Category
		if err := rows.Scan(&c.Code, &c.ParentCode, &c.Name, &c.Sort, &c.CreatedAt, &c.UpdatedAt); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// category reads one category.
func (s *Service) category(ctx context.Context, code string) (Category, error) {
	var c Category
	err := s.db.QueryRow(ctx, `SELECT code, COALESCE(parent_code, ''), name, sort, created_at, updated_at
		FROM matter_categories WHERE code = ?`, code).Scan(&c.Code, &c.ParentCode, &c.Name, &c.Sort, &c.CreatedAt, &c.UpdatedAt)
	if err != nil {
		return Category{}, s.db.ScanErr(err, ErrCategoryNotFound)
	}
	return c, nil
}

// insertMatter writes a new matter.
func (s *Service) insertMatter(ctx context.Context, code string, in Input, now time.Time) error {
	routing, limits, err := encode(in)
	if err != nil {
		return err
	}
	_, err = s.db.Exec(ctx, `INSERT INTO matters (code, category_code, name, description, routing, limits, self_handle,
		default_priority, register_criteria, close_criteria, enabled, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		code, in.CategoryCode, in.Name, in.Description, routing, limits, in.SelfHandle, in.DefaultPriority,
		in.RegisterCriteria, in.CloseCriteria, in.Enabled, now, now)
	return err
}

// updateMatter replaces a matter's fields.
func (s *Service) updateMatter(ctx context.Context, code string, in Input, now time.Time) error {
	routing, limits, err := encode(in)
	if err != nil {
		return err
	}
	_, err = s.db.Exec(ctx, `UPDATE matters SET category_code = ?, name = ?, description = ?, routing = ?, limits = ?,
		self_handle = ?, default_priority = ?, register_criteria = ?, close_criteria = ?, enabled = ?, updated_at = ?
		WHERE code = ?`, in.CategoryCode, in.Name, in.Description, routing, limits, in.SelfHandle, in.DefaultPriority,
		in.RegisterCriteria, in.CloseCriteria, in.Enabled, now, code)
	return err
}

// encode is the JSON text of the routing and limits columns.
func encode(in Input) (routing, limits string, err error) {
	r, err := json.Marshal(in.Routing)
	if err != nil {
		return "", "", fmt.Errorf("matter: routing: %w", err)
	}
	l, err := json.Marshal(in.Limits)
	if err != nil {
		return "", "", fmt.Errorf("matter: limits: %w", err)
	}
	return string(r), string(l), nil
}
