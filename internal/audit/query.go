package audit

import (
	"context"
	"fmt"
	"healthgrid/internal/access"
	"strings"
	"time"
)

// Filter selects audit entries; zero fields match everything.
type Filter struct {
	Actor      string
	Action     string // exact, or a prefix ending in "." (e.g. "auth.")
	ObjectType string
	ObjectID   string
	Outcome    string
	From, To   time.Time
}

// List returns one page of the entries visible from scopePath, newest first,
// and how many match in all. Records without a scope (failed logins by
// unknown names) are visible only from a root region.
func (l *Log) List(ctx context.Context, scopePath string, f Filter, offset, limit int) ([]Entry, int, error) {
	cond, args := access.Scope(scopePath).Subtree("scope_path")
	if access.Scope(scopePath).Level() == access.City {
		cond = "(" + cond + " OR scope_path = '')"
	}
	where := []string{cond}
	add := func(c string, v any) {
		where = append(where, c)
		args = append(args, v)
	}
	if f.Actor != "" {
		add("actor = ?", f.Actor)
	}
	if strings.HasSuffix(f.Action, ".") {
		add("action >= ? AND action < ?", f.Action)
		args = append(args, f.Action+"~")
	} else if f.Action != "" {
		add("action = ?", f.Action)
	}
	if f.ObjectType != "" {
		add("object_type = ?", f.ObjectType)
	}
	if f.ObjectID != "" {
		add("object_id = ?", f.ObjectID)
	}
	if f.Outcome != "" {
		add("outcome = ?", f.Outcome)
	}
	if !f.From.IsZero() {
		add("at >= ?", f.From)
	}
	if !f.To.IsZero() {
		add("at < ?", f.To)
	}
	w := strings.Join(where, " AND ")
	var total int
	if err := l.db.QueryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE "+w, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("audit: count: %w", err)
	}
	rows, err := l.db.Query(ctx, `SELECT seq, id, at, actor_id, actor, role, scope_path, ip, action, object_type,
		object_id, outcome, detail, prev_hash, hash FROM audit_log WHERE `+w+` ORDER BY seq DESC LIMIT ? OFFSET ?`,
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("audit: list: %w", err)
	}
	defer rows.Close()
	out := []Entry{}
	for rows.Next() {
		e, err := scan(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}
