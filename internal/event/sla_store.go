package event

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// cursor is where a sweep's walk over the due clocks has got to, in the
// order of the SLA indexes: (sla_check_at, id). A clock checked moves its
// sla_check_at past now (or leaves the index), so the walk never meets it
// again; one the sweep had to leave alone stays behind the cursor.
type cursor struct {
	at time.Time
	id string
}

// dueStages is the next batch of events whose own stage clock is due for a
// look. The WHERE clause repeats the partial index events_sla's.
func (s *Service) dueStages(ctx context.Context, now time.Time, after *cursor) ([]string, error) {
	rows, err := s.db.Query(ctx, `SELECT id, sla_check_at FROM events
		WHERE status IN ('reported', 'registered', 'pending_verify') AND sla_warned < 100
		AND sla_check_at <= ? AND (sla_check_at, id) > (?, ?)
		ORDER BY sla_check_at, id LIMIT ?`, now, after.at, after.id, sweepBatch)
	if err != nil {
		return nil, fmt.Errorf("event: sla: due stages: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		if err := rows.Scan(&after.id, &after.at); err != nil {
			return nil, fmt.Errorf("event: sla: due stages: %w", err)
		}
		ids = append(ids, after.id)
	}
	return ids, rows.Err()
}

// dueTasks is the next batch of task clocks due for a look, outside
// suspended events: the task ids by event id. The WHERE clause repeats the
// partial index event_tasks_sla's.
func (s *Service) dueTasks(ctx context.Context, now time.Time, after *cursor) (map[string]map[string]bool, error) {
	rows, err := s.db.Query(ctx, `SELECT t.id, t.event_id, t.sla_check_at FROM event_tasks t JOIN events e ON e.id = t.event_id
		WHERE t.status IN ('summoned', 'dispatched', 'accepted') AND t.sla_warned < 100
		AND t.sla_check_at <= ? AND (t.sla_check_at, t.id) > (?, ?) AND e.status <> 'suspended'
		ORDER BY t.sla_check_at, t.id LIMIT ?`, now, after.at, after.id, sweepBatch)
	if err != nil {
		return nil, fmt.Errorf("event: sla: due tasks: %w", err)
	}
	defer rows.Close()
	due := map[string]map[string]bool{}
	for rows.Next() {
		var eventID string
		if err := rows.Scan(&after.id, &eventID, &after.at); err != nil {
			return nil, fmt.Errorf("event: sla: due tasks: %w", err)
		}
		if due[eventID] == nil {
			due[eventID] = map[string]bool{}
		}
		due[eventID][after.id] = true
	}
	return due, rows.Err()
}

// lockEvents reads events with their tasks, locking the event rows (in id
// order, as every sweep does, so two sweeps never deadlock) on PostgreSQL;
// on SQLite the transaction holds the database. The workflow locks the same
// event row before it changes an event or its tasks, so each side sees what
// the other committed.
func (s *Service) lockEvents(ctx context.Context, ids []string) ([]*Event, error) {
	slices.Sort(ids)
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.db.Query(ctx, "SELECT "+eventCols+" FROM events e WHERE e.id IN (?"+strings.Repeat(",?", len(ids)-1)+
		") ORDER BY e.id"+s.db.Dialect.ForUpdate(), args...)
	if err != nil {
		return nil, fmt.Errorf("event: sla: lock: %w", err)
	}
	var out []*Event
	for rows.Next() {
		e, _, err := scanEvent(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("event: sla: lock: %w", err)
		}
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("event: sla: lock: %w", err)
	}
	tasks, err := s.tasksOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, e := range out {
		e.Tasks = tasks[e.ID]
	}
	return out, nil
}

// saveStageSLA notes the level warned of on an event's own stage and when
// to look at it again (never, once overdue: the row leaves the index).
func (s *Service) saveStageSLA(ctx context.Context, id string, warned int, next, now time.Time) error {
	if next.IsZero() {
		next = now
	}
	if _, err := s.db.Exec(ctx, "UPDATE events SET sla_warned = ?, sla_check_at = ? WHERE id = ?", warned, next, id); err != nil {
		return fmt.Errorf("event: sla: %w", err)
	}
	return nil
}

// saveTaskSLA is saveStageSLA for a task.
func (s *Service) saveTaskSLA(ctx context.Context, id string, warned int, next, now time.Time) error {
	if next.IsZero() {
		next = now
	}
	if _, err := s.db.Exec(ctx, "UPDATE event_tasks SET sla_warned = ?, sla_check_at = ? WHERE id = ?", warned, next, id); err != nil {
		return fmt.Errorf("event: sla: %w", err)
	}
	return nil
}

// superviseOnce counts one more 督办 on an event.
func (s *Service) superviseOnce(ctx context.Context, id string, now time.Time) error {
	if _, err := s.db.Exec(ctx, "UPDATE events SET supervise_count = supervise_count + 1, updated_at = ? WHERE id = ?",
		now, id); err != nil {
		return fmt.Errorf("event: sla: supervise: %w", err)
	}
	return nil
}
