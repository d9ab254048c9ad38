package notice

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/db"
)

const cols = `n.id, n.kind, n.title, n.summary, n.body, n.status, n.owner_path, n.author_id, n.author_name, n.reviewer_id,
	n.reviewer_name, n.review_comment, n.created_at, n.updated_at, n.published_at, n.withdrawn_at`

type scanner interface{ Scan(dest ...any) error }

func scan(row scanner, extra ...any) (Notice, error) {
	var n Notice
	var published, withdrawn sql.NullTime
	err := row.Scan(append([]any{&n.ID, &n.Kind, &n.Title, &n.Summary, &n.Body, &n.Status, &n.ownerPath, &n.AuthorID,
		&n.AuthorName, &n.reviewerID, &n.ReviewerName, &n.ReviewComment, &n.CreatedAt, &n.UpdatedAt, &published,
		&withdrawn}, extra...)...)
	if published.Valid {
		n.PublishedAt = &published.Time
	}
	if withdrawn.Valid {
		n.WithdrawnAt = &withdrawn.Time
	}
	n.OwnerCode = access.Scope(n.ownerPath).Code()
	return n, err
}

// load reads one notice with its targets and read count, whatever its scope.
func (s *Service) load(ctx context.Context, id string, lock bool) (Notice, error) {
	q := "SELECT " + cols + " FROM notices n WHERE n.id = ?"
	if lock {
		q += s.db.Dialect.ForUpdate()
	}
	n, err := scan(s.db.QueryRow(ctx, q, id))
	if err != nil {
		return Notice{}, s.db.ScanErr(err, ErrNotFound)
	}
	if err := s.db.QueryRow(ctx, "SELECT COALESCE(SUM(n), 0) FROM notice_read_tallies WHERE notice_id = ? AND region_path = ?",
		id, string(access.Scope(n.ownerPath).Head(access.City))).Scan(&n.Reads); err != nil {
		return Notice{}, fmt.Errorf("notice: reads: %w", err)
	}
	n.Targets, err = s.targets(ctx, id)
	return n, err
}

// targets are a notice's target regions, named.
func (s *Service) targets(ctx context.Context, id string) ([]Target, error) {
	rows, err := s.db.Query(ctx, "SELECT region_path FROM notice_targets WHERE notice_id = ? ORDER BY region_path", id)
	if err != nil {
		return nil, fmt.Errorf("notice: targets: %w", err)
	}
	var paths []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			rows.Close()
			return nil, err
		}
		paths = append(paths, p)
	}
	rows.Close()
	out := make([]Target, 0, len(paths))
	for _, p := range paths {
		t := Target{Code: access.Scope(p).Code(), path: p}
		if r, err := s.regions.Get(ctx, "", t.Code, false); err == nil {
			t.Name = r.Name
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// setTargets replaces a draft's targets.
func (s *Service) setTargets(ctx context.Context, id string, ts []Target) error {
	if _, err := s.db.Exec(ctx, "DELETE FROM notice_targets WHERE notice_id = ?", id); err != nil {
		return fmt.Errorf("notice: targets: %w", err)
	}
	for _, t := range ts {
		if _, err := s.db.Exec(ctx, "INSERT INTO notice_targets (notice_id, region_path) VALUES (?, ?)", id, t.path); err != nil {
			return fmt.Errorf("notice: targets: %w", err)
		}
	}
	return nil
}

// Filter narrows the console's list.
type Filter struct {
	RegionPath string // the owner's subtree; within the caller's scope
	Status     string
	Kind       string
	Q          string // title contains
}

// List is the notices owned in f.RegionPath, the most recently changed first.
func (s *Service) List(ctx context.Context, f Filter, offset, limit int) ([]Notice, int, error) {
	cond, args := access.Scope(f.RegionPath).Subtree("n.owner_path")
	where := []string{cond}
	if f.Status != "" {
		where, args = append(where, "n.status = ?"), append(args, f.Status)
	}
	if f.Kind != "" {
		where, args = append(where, "n.kind = ?"), append(args, f.Kind)
	}
	if f.Q != "" {
		c, a := db.Contains(f.Q, "n.title")
		where, args = append(where, c), append(args, a...)
	}
	cond = strings.Join(where, " AND ")
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM notices n WHERE "+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("notice: count: %w", err)
	}
	// everyone's region lies under the city's, where every read is counted
	root := string(access.Scope(f.RegionPath).Head(access.City))
	rows, err := s.db.Query(ctx, "SELECT "+cols+`, COALESCE((SELECT t.n FROM notice_read_tallies t WHERE t.notice_id = n.id
		AND t.region_path = ?), 0) FROM notices n WHERE `+cond+" ORDER BY n.updated_at DESC, n.id DESC LIMIT ? OFFSET ?",
		append(append([]any{root}, args...), limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("notice: list: %w", err)
	}
	defer rows.Close()
	out := []Notice{}
	for rows.Next() {
		var reads int
		n, err := scan(rows, &reads)
		if err != nil {
			return nil, 0, fmt.Errorf("notice: scan: %w", err)
		}
		n.Reads = reads
		n.Body = "" // lists show the summary
		out = append(out, n)
	}
	return out, total, rows.Err()
}

// readTally tallies each notice's readers at every level of their region.
var readTally = &db.Tally{Table: "notice_read_tallies", Keys: []string{"notice_id", "region_path"}, Counts: []string{"n"},
	Path: "region_path"}

// readCounts is how many have read notice id in each region of paths.
func (s *Service) readCounts(ctx context.Context, id string, paths []string) (map[string]int, error) {
	out := map[string]int{}
	if len(paths) == 0 {
		return out, nil
	}
	args := []any{id}
	for _, p := range paths {
		args = append(args, p)
	}
	rows, err := s.db.Query(ctx, "SELECT region_path, n FROM notice_read_tallies WHERE notice_id = ? AND region_path IN ("+
		strings.TrimSuffix(strings.Repeat("?,", len(paths)), ",")+")", args...)
	if err != nil {
		return nil, fmt.Errorf("notice: read counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		var n int
		if err := rows.Scan(&p, &n); err != nil {
			return nil, err
		}
		out[p] = n
	}
	return out, rows.Err()
}

// markRead records that the user has read the notice: once, and counted
// once in the tally.
func (s *Service) markRead(ctx context.Context, id, userID, regionPath string, at time.Time) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		res, err := s.db.Exec(ctx, `INSERT INTO notice_reads (notice_id, user_id, region_path, read_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (notice_id, user_id) DO NOTHING`, id, userID, regionPath, at)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 || regionPath == "" {
			return nil
		}
		d := readTally.Deltas()
		d.Add([]any{id, regionPath}, 1)
		return d.Apply(ctx, s.db)
	})
}
