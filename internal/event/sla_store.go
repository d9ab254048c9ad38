package event

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math/bits"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
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
func (s *Service) dueStages(ctx context.Context, now time.Time, after *cursor) (map[string]map[string]bool, error) {
	rows, err := s.db.Query(ctx, `SELECT id, sla_check_at FROM events
		WHERE status IN ('reported', 'registered', 'pending_verify') AND sla_warned < 100
		AND sla_check_at <= ? AND (sla_check_at, id) > (?, ?)
		ORDER BY sla_check_at, id LIMIT ?`, now, after.at, after.id, sweepBatch)
	if err != nil {
		return nil, fmt.Errorf("event: sla: due stages: %w", err)
	}
	defer rows.Close()
	due := map[string]map[string]bool{}
	for rows.Next() {
		if err := rows.Scan(&after.id, &after.at); err != nil {
			return nil, fmt.Errorf("event: sla: due stages: %w", err)
		}
		due[after.id] = nil
	}
	return due, rows.Err()
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
	ids = padded(ids)
	rows, err := s.db.Query(ctx, "SELECT "+eventCols+" FROM events e WHERE e.id IN ("+marks(len(ids))+
		") ORDER BY e.id"+s.db.Dialect.ForUpdate(), anys(ids)...)
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

// batch is what one transaction of a sweep writes: timeline entries, each
// clock's SLA state, and the automatic 督办 per event — a few statements
// for a whole batch, not a few per clock.
type batch struct {
	entries       []eventEntry
	stages, tasks []slaState
	supervised    map[string]int // event id → overdue tasks supervised
	changes       []Change       // for the observer: one per warning
	res           SweepResult
}

type eventEntry struct {
	eventID string
	en      Entry
}

// slaState is a clock's level warned of and when to look at it next (the
// zero time: never, as it is overdue and leaves the index).
type slaState struct {
	id     string
	warned int
	next   time.Time
}

func (b *batch) record(eventID string, en Entry) {
	b.entries = append(b.entries, eventEntry{eventID, en})
}

// flush writes the batch.
func (s *Service) flush(ctx context.Context, b *batch, now time.Time) error {
	for rest := b.entries; len(rest) > 0; {
		n := chunk(len(rest), 64)
		args := make([]any, 0, n*11)
		for _, x := range rest[:n] {
			detail, err := json.Marshal(x.en.Detail)
			if err != nil {
				return fmt.Errorf("event: sla: %w", err)
			}
			args = append(args, uuid.Must(uuid.NewV7()).String(), x.eventID, nullable(x.en.TaskID), x.en.At, x.en.ActorID,
				x.en.Actor, x.en.Action, x.en.FromStatus, x.en.ToStatus, x.en.Comment, string(detail))
		}
		if _, err := s.db.Exec(ctx, `INSERT INTO event_timeline (id, event_id, task_id, at, actor_id, actor, action, from_status,
			to_status, comment, detail) VALUES `+strings.Repeat(",("+marks(11)+")", n)[1:], args...); err != nil {
			return fmt.Errorf("event: sla: timeline: %w", err)
		}
		rest = rest[n:]
	}
	if err := s.saveSLA(ctx, "events", b.stages, now); err != nil {
		return err
	}
	if err := s.saveSLA(ctx, "event_tasks", b.tasks, now); err != nil {
		return err
	}
	if len(b.supervised) == 0 {
		return nil
	}
	events := padded(slices.Collect(maps.Keys(b.supervised)))
	var whens, ids []any
	for _, id := range events {
		whens, ids = append(whens, id, b.supervised[id]), append(ids, id)
	}
	_, err := s.db.Exec(ctx, "UPDATE events SET supervise_count = supervise_count + CASE id"+
		strings.Repeat(" WHEN ? THEN ?", len(ids))+" ELSE 0 END, updated_at = ? WHERE id IN ("+marks(len(ids))+")",
		append(append(whens, now), ids...)...)
	if err != nil {
		return fmt.Errorf("event: sla: supervise: %w", err)
	}
	return nil
}

// saveSLA writes clocks' SLA states into table, up to 32 in a statement:
// the CASEs end in the column itself, which gives PostgreSQL the
// parameters' types, and SQLite compares each row with every WHEN, so a
// long list costs more per clock than a few short ones.
func (s *Service) saveSLA(ctx context.Context, table string, states []slaState, now time.Time) error {
	for len(states) > 0 {
		n := chunk(len(states), 32)
		var warned, at, ids []any
		for _, c := range states[:n] {
			if c.next.IsZero() {
				c.next = now
			}
			warned, at, ids = append(warned, c.id, c.warned), append(at, c.id, c.next), append(ids, c.id)
		}
		whens := strings.Repeat(" WHEN ? THEN ?", n)
		_, err := s.db.Exec(ctx, "UPDATE "+table+" SET sla_warned = CASE id"+whens+" ELSE sla_warned END, sla_check_at = CASE id"+
			whens+" ELSE sla_check_at END WHERE id IN ("+marks(n)+")", append(append(warned, at...), ids...)...)
		if err != nil {
			return fmt.Errorf("event: sla: %s: %w", table, err)
		}
		states = states[n:]
	}
	return nil
}

// chunk is how many of n rows a multi-row statement takes next: the largest
// power of two up to most, so the statement comes in a few shapes and the
// statement caches keep them all.
func chunk(n, most int) int {
	return 1 << (bits.Len(uint(min(n, most))) - 1)
}

// padded repeats the last of ids up to a power of two (an IN list with a
// few shapes).
func padded(ids []string) []string {
	for len(ids)&(len(ids)-1) != 0 {
		ids = append(ids, ids[len(ids)-1])
	}
	return ids
}

// marks is n placeholders joined by commas.
func marks(n int) string {
	return strings.Repeat(",?", n)[1:]
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
