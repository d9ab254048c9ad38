package notice

import (
	"context"
	"fmt"
	"strings"
	"time"

	"healthgrid/internal/access"
)

// Public is a published notice as its readers see it.
type Public struct {
	ID          string    `json:"id"`
	Kind        string    `json:"kind" enum:"notice,article"`
	Title       string    `json:"title"`
	Summary     string    `json:"summary"`
	Body        string    `json:"body,omitempty" doc:"in the detail only"`
	Publisher   string    `json:"publisher" doc:"the region whose office published it"`
	PublishedAt time.Time `json:"published_at"`
	Read        bool      `json:"read" doc:"the caller has opened it; always false for an anonymous visitor"`
}

// PublicList is a page of what a reader sees, and how many are unread.
type PublicList struct {
	Items  []Public `json:"items"`
	Total  int      `json:"total"`
	Unread int      `json:"unread"`
	Page   int      `json:"page"`
	Size   int      `json:"size"`
}

// reach is the target paths whose notices the caller sees: their region and
// every one above it; an anonymous visitor (or a caller with no region) only
// the city-wide ones.
func (s *Service) reach(ctx context.Context, p *access.Principal) ([]string, error) {
	if p != nil && p.RegionPath != "" {
		return access.Scope(p.RegionPath).Lineage(), nil
	}
	root, err := s.regions.RootPath(ctx)
	if err != nil {
		return nil, err
	}
	return []string{root}, nil
}

// visible is the condition "n is published to one of paths".
func visible(paths []string) (string, []any) {
	args := make([]any, len(paths))
	for i, p := range paths {
		args[i] = p
	}
	return "n.status = 'published' AND EXISTS (SELECT 1 FROM notice_targets t WHERE t.notice_id = n.id AND t.region_path IN (" +
		strings.TrimSuffix(strings.Repeat("?,", len(paths)), ",") + "))", args
}

// readBy is the SQL expression "user has read n" (0 or 1; 0 for nobody).
func readBy(user string) (string, []any) {
	if user == "" {
		return "0", nil
	}
	return "CASE WHEN EXISTS (SELECT 1 FROM notice_reads r WHERE r.notice_id = n.id AND r.user_id = ?) THEN 1 ELSE 0 END",
		[]any{user}
}

// Published lists what the caller may read, newest first; kind "" is both.
func (s *Service) Published(ctx context.Context, p *access.Principal, kind string, offset, limit int) (PublicList, error) {
	paths, err := s.reach(ctx, p)
	if err != nil {
		return PublicList{}, err
	}
	cond, args := visible(paths)
	if kind != "" {
		cond, args = cond+" AND n.kind = ?", append(args, kind)
	}
	user := ""
	if p != nil {
		user = p.UserID
	}
	read, readArgs := readBy(user)
	out := PublicList{Items: []Public{}}
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*), COALESCE(SUM(1 - "+read+"), 0) FROM notices n WHERE "+cond,
		append(readArgs, args...)...).Scan(&out.Total, &out.Unread); err != nil {
		return PublicList{}, fmt.Errorf("notice: count: %w", err)
	}
	if user == "" {
		out.Unread = 0
	}
	rows, err := s.db.Query(ctx, "SELECT n.id, n.kind, n.title, n.summary, n.owner_path, n.published_at, "+read+
		" FROM notices n WHERE "+cond+" ORDER BY n.published_at DESC, n.id DESC LIMIT ? OFFSET ?",
		append(append(readArgs, args...), limit, offset)...)
	if err != nil {
		return PublicList{}, fmt.Errorf("notice: published: %w", err)
	}
	defer rows.Close()
	names := map[string]string{}
	for rows.Next() {
		var n Public
		var owner string
		var r int
		if err := rows.Scan(&n.ID, &n.Kind, &n.Title, &n.Summary, &owner, &n.PublishedAt, &r); err != nil {
			return PublicList{}, fmt.Errorf("notice: scan: %w", err)
		}
		n.Read = r == 1
		n.Publisher = s.nameOf(ctx, owner, names)
		out.Items = append(out.Items, n)
	}
	return out, rows.Err()
}

// Read is one published notice the caller may read; a logged-in caller's
// read is recorded, with their region, for the office's counts.
func (s *Service) Read(ctx context.Context, p *access.Principal, id string) (Public, error) {
	paths, err := s.reach(ctx, p)
	if err != nil {
		return Public{}, err
	}
	cond, args := visible(paths)
	var n Public
	var owner string
	err = s.db.QueryRow(ctx, "SELECT n.id, n.kind, n.title, n.summary, n.body, n.owner_path, n.published_at FROM notices n WHERE n.id = ? AND "+
		cond, append([]any{id}, args...)...).Scan(&n.ID, &n.Kind, &n.Title, &n.Summary, &n.Body, &owner, &n.PublishedAt)
	if err != nil {
		return Public{}, s.db.ScanErr(err, ErrNotFound)
	}
	n.Publisher = s.nameOf(ctx, owner, map[string]string{})
	if p != nil && p.UserID != "" {
		if err := s.markRead(ctx, id, p.UserID, p.RegionPath, s.now().UTC()); err != nil {
			return Public{}, fmt.Errorf("notice: mark read: %w", err)
		}
		n.Read = true
	}
	return n, nil
}

// nameOf is the name of the region at path, asked once per list.
func (s *Service) nameOf(ctx context.Context, path string, seen map[string]string) string {
	if name, ok := seen[path]; ok {
		return name
	}
	name := ""
	if r, err := s.regions.Get(ctx, "", access.Scope(path).Code(), false); err == nil {
		name = r.Name
	}
	seen[path] = name
	return name
}

// RegionReads is how many have read a notice in a region and in each of its
// children.
type RegionReads struct {
	Code     string        `json:"code"`
	Name     string        `json:"name"`
	Read     int           `json:"read"`
	Children []RegionCount `json:"children"`
}

// RegionCount is one child region's readers.
type RegionCount struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Read int    `json:"read"`
}

// Reads counts a notice's readers in region code (the caller's own region
// when empty) and in each of its children.
func (s *Service) Reads(ctx context.Context, p *access.Principal, id, code string) (RegionReads, error) {
	if _, err := s.Get(ctx, p, id); err != nil {
		return RegionReads{}, err
	}
	if code == "" {
		code = p.Scope().Code()
	}
	path, err := s.regions.Within(ctx, p.RegionPath, code)
	if err != nil {
		return RegionReads{}, err
	}
	byPath, err := s.readersByRegion(ctx, id, path)
	if err != nil {
		return RegionReads{}, err
	}
	r, err := s.regions.Get(ctx, "", code, false)
	if err != nil {
		return RegionReads{}, err
	}
	kids, err := s.regions.Children(ctx, "", code, false)
	if err != nil {
		return RegionReads{}, err
	}
	out := RegionReads{Code: code, Name: r.Name, Children: make([]RegionCount, len(kids))}
	index := map[string]int{}
	for i, k := range kids {
		out.Children[i] = RegionCount{Code: k.Code, Name: k.Name}
		index[k.Code] = i
	}
	for readerPath, n := range byPath {
		out.Read += n
		// the child of path that the reader's region lies in, if any
		rest := strings.TrimPrefix(readerPath, path)
		child, _, _ := strings.Cut(rest, "/")
		if i, ok := index[child]; ok {
			out.Children[i].Read += n
		}
	}
	return out, nil
}
