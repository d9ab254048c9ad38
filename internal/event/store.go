package event

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"healthgrid/internal/access"
)

const eventCols = `e.id, e.number, e.source, e.matter_code, e.title, e.description, e.lng, e.lat, e.address, e.grid_code,
	e.region_path, e.centre_path, COALESCE(e.reporter_id, ''), e.reporter_name, e.reporter_phone_enc, e.priority, e.status,
	COALESCE(e.resume_status, ''), e.suspended_at, COALESCE(e.merged_into, ''), e.deadline, e.deadline_unit,
	e.stage_started_at, COALESCE(e.rating, 0), e.reopen_count, e.return_count, e.supervise_count, e.reported_at,
	e.registered_at, e.dispatched_at, e.handled_at, e.closed_at, e.evaluated_at, e.updated_at, e.sla_warned, e.next_deadline,
	(SELECT g.name FROM regions g WHERE g.code = e.grid_code), e.title_pii, e.description_pii, e.address_pii, e.reporter_name_pii`

type scanner interface{ Scan(dest ...any) error }

// scanEvent reads eventCols; the reporter's phone comes back sealed.
func scanEvent(row scanner) (*Event, string, error) {
	var e Event
	var phoneEnc string
	var gridName sql.NullString
	err := row.Scan(&e.ID, &e.Number, &e.Source, &e.MatterCode, &e.Title, &e.Description, &e.Lng, &e.Lat, &e.Address,
		&e.GridCode, &e.RegionPath, &e.centrePath, &e.ReporterID, &e.ReporterName, &phoneEnc, &e.Priority, &e.Status,
		&e.ResumeStatus, &e.suspendedAt, &e.MergedInto, &e.Deadline, &e.deadlineUnit, &e.stageStart, &e.Rating,
		&e.ReopenCount, &e.ReturnCount, &e.SuperviseCount, &e.ReportedAt, &e.RegisteredAt, &e.DispatchedAt, &e.HandledAt,
		&e.ClosedAt, &e.EvaluatedAt, &e.UpdatedAt, &e.slaWarned, &e.storedDue, &gridName, &e.titlePII, &e.descriptionPII,
		&e.addressPII, &e.reporterNamePII)
	e.GridName, e.stored = gridName.String, e.Status
	e.CentreCode = access.Scope(e.centrePath).Code()
	return &e, phoneEnc, err
}

// load reads one event in scope with its tasks; lock takes the row lock a
// write needs on PostgreSQL (SQLite's IMMEDIATE transaction already has it).
func (s *Service) load(ctx context.Context, scope, id string, lock bool) (*Event, string, error) {
	cond, args := access.Scope(scope).Subtree("e.region_path")
	q := "SELECT " + eventCols + " FROM events e WHERE e.id = ? AND " + cond
	if lock {
		q += s.db.Dialect.ForUpdate()
	}
	e, phoneEnc, err := scanEvent(s.db.QueryRow(ctx, q, append([]any{id}, args...)...))
	if err != nil {
		return nil, "", s.db.ScanErr(err, ErrNotFound)
	}
	tasks, err := s.tasksOf(ctx, []string{e.ID})
	if err != nil {
		return nil, "", err
	}
	e.Tasks = tasks[e.ID]
	return e, phoneEnc, nil
}

const taskCols = `t.id, t.event_id, COALESCE(t.unit_id, ''), COALESCE(u.name, ''), COALESCE(u.region_path, ''), t.role, t.status,
	t.deadline, t.deadline_unit, t.report_deadline, t.reported_in_at, t.accepted_at, t.handled_at, t.feedback,
	t.extension_deadline, t.extension_comment, t.reopen_count, t.started_at, t.sla_warned, t.feedback_pii, t.extension_comment_pii`

// tasksOf loads the tasks of events, in the order they were created.
func (s *Service) tasksOf(ctx context.Context, ids []string) (map[string][]Task, error) {
	out := map[string][]Task{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.db.Query(ctx, "SELECT "+taskCols+" FROM event_tasks t LEFT JOIN units u ON u.id = t.unit_id WHERE t.event_id IN (?"+
		strings.Repeat(",?", len(ids)-1)+") ORDER BY t.created_at, t.id", args...)
	if err != nil {
		return nil, fmt.Errorf("event: tasks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t Task
		var eventID string
		if err := rows.Scan(&t.ID, &eventID, &t.UnitID, &t.UnitName, &t.unitPath, &t.Role, &t.Status, &t.Deadline,
			&t.deadlineUnit, &t.ReportDeadline, &t.ReportedInAt, &t.AcceptedAt, &t.HandledAt, &t.Feedback,
			&t.ExtensionDeadline, &t.ExtensionComment, &t.ReopenCount, &t.StartedAt, &t.slaWarned, &t.feedbackPII,
			&t.extensionPII); err != nil {
			return nil, fmt.Errorf("event: tasks: %w", err)
		}
		out[eventID] = append(out[eventID], t)
	}
	return out, rows.Err()
}

// insertEvent writes a new event row; its text is masked already.
func (s *Service) insertEvent(ctx context.Context, e *Event, phoneEnc string) error {
	_, err := s.db.Exec(ctx, `INSERT INTO events (id, number, source, matter_code, title, description, lng, lat, address,
		grid_code, region_path, centre_path, reporter_id, reporter_name, reporter_phone_enc, priority, status, deadline,
		deadline_unit, stage_started_at, reported_at, updated_at, next_deadline, title_pii, description_pii, address_pii,
		reporter_name_pii) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		e.ID, e.Number, e.Source, e.MatterCode, e.Title, e.Description, e.Lng, e.Lat, e.Address, e.GridCode, e.RegionPath,
		e.centrePath, nullable(e.ReporterID), e.ReporterName, phoneEnc, e.Priority, e.Status, e.Deadline, e.deadlineUnit,
		e.stageStart, e.ReportedAt, e.UpdatedAt, e.due(), e.titlePII, e.descriptionPII, e.addressPII, e.reporterNamePII)
	if err != nil {
		return fmt.Errorf("event: insert: %w", err)
	}
	s.changed(ctx, e)
	return s.retally(ctx, e)
}

// due is the earliest deadline running on e — its open tasks' (a summoned
// unit's report-in), else its own stage's — and nil while it is suspended or
// nothing runs. Stored as next_deadline with every save, it makes "overdue"
// one indexed comparison with the clock, which still decides it.
func (e *Event) due() *time.Time {
	if e.Status == Suspended {
		return nil
	}
	var first *time.Time
	for i := range e.Tasks {
		t := &e.Tasks[i]
		d := t.Deadline
		if t.Status == TaskSummoned {
			d = t.ReportDeadline
		}
		if t.open() && d != nil && (first == nil || d.Before(*first)) {
			first = d
		}
	}
	if first == nil && (e.Status == Reported || e.Status == Registered || e.Status == PendingVerify) {
		return e.Deadline
	}
	return first
}

// saveEvent writes the workflow's columns of an event back, and asks the
// SLA sweep to look at its stage clock again.
func (s *Service) saveEvent(ctx context.Context, e *Event) error {
	_, err := s.db.Exec(ctx, `UPDATE events SET centre_path = ?, priority = ?, status = ?, resume_status = ?, suspended_at = ?,
		merged_into = ?, deadline = ?, deadline_unit = ?, stage_started_at = ?, rating = ?, reopen_count = ?, return_count = ?,
		supervise_count = ?, registered_at = ?, dispatched_at = ?, handled_at = ?, closed_at = ?, evaluated_at = ?,
		updated_at = ?, sla_warned = ?, sla_check_at = ?, next_deadline = ? WHERE id = ?`,
		e.centrePath, e.Priority, e.Status, nullable(e.ResumeStatus), e.suspendedAt, nullable(e.MergedInto), e.Deadline,
		e.deadlineUnit, e.stageStart, nullInt(e.Rating), e.ReopenCount, e.ReturnCount, e.SuperviseCount, e.RegisteredAt,
		e.DispatchedAt, e.HandledAt, e.ClosedAt, e.EvaluatedAt, e.UpdatedAt, e.slaWarned, e.UpdatedAt, e.due(), e.ID)
	if err != nil {
		return fmt.Errorf("event: save: %w", err)
	}
	s.changed(ctx, e)
	return s.retally(ctx, e)
}

// changed drops, once the write commits, the kept indicators that count e
// (stats_cache.go). Every action saves its event, whatever else it writes.
func (s *Service) changed(ctx context.Context, e *Event) {
	path := e.RegionPath
	s.db.AfterCommit(ctx, func(context.Context) { s.stats.forget(path) })
}

// insertTask writes a new task of event e.
func (s *Service) insertTask(ctx context.Context, e *Event, t *Task, now time.Time) error {
	_, err := s.db.Exec(ctx, `INSERT INTO event_tasks (id, event_id, region_path, unit_id, role, status, deadline, deadline_unit,
		started_at, report_deadline, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
		t.ID, e.ID, e.RegionPath, nullable(t.UnitID), t.Role, t.Status, t.Deadline, t.deadlineUnit, t.StartedAt, t.ReportDeadline, now, now)
	if err != nil {
		return fmt.Errorf("event: task: %w", err)
	}
	return nil
}

// saveTask writes a task's state back, and asks the SLA sweep to look at
// its clock again.
func (s *Service) saveTask(ctx context.Context, t *Task, now time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE event_tasks SET status = ?, deadline = ?, deadline_unit = ?, started_at = ?,
		report_deadline = ?, reported_in_at = ?, accepted_at = ?, handled_at = ?, feedback = ?, extension_deadline = ?,
		extension_comment = ?, reopen_count = ?, updated_at = ?, sla_warned = ?, sla_check_at = ?, feedback_pii = ?,
		extension_comment_pii = ? WHERE id = ?`,
		t.Status, t.Deadline, t.deadlineUnit, t.StartedAt, t.ReportDeadline, t.ReportedInAt, t.AcceptedAt, t.HandledAt,
		t.Feedback, t.ExtensionDeadline, t.ExtensionComment, t.ReopenCount, now, t.slaWarned, now, t.feedbackPII,
		t.extensionPII, t.ID)
	if err != nil {
		return fmt.Errorf("event: task: %w", err)
	}
	return nil
}

// record appends a timeline entry; its comment is masked already.
func (s *Service) record(ctx context.Context, eventID string, en Entry) error {
	detail := []byte("{}")
	if len(en.Detail) > 0 {
		detail, _ = json.Marshal(en.Detail)
	}
	if en.id == "" {
		en.id = uuid.Must(uuid.NewV7()).String()
	}
	_, err := s.db.Exec(ctx, `INSERT INTO event_timeline (id, event_id, task_id, at, actor_id, actor, action, from_status,
		to_status, comment, detail, comment_pii) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`, en.id, eventID,
		nullable(en.TaskID), en.At, en.ActorID, en.Actor, en.Action, en.FromStatus, en.ToStatus, en.Comment, string(detail),
		en.commentPII)
	if err != nil {
		return fmt.Errorf("event: timeline: %w", err)
	}
	return nil
}

// timeline reads an event's entries, oldest first.
func (s *Service) timeline(ctx context.Context, eventID string) ([]Entry, error) {
	rows, err := s.db.Query(ctx, `SELECT id, at, action, actor_id, actor, COALESCE(task_id, ''), from_status, to_status, comment, detail,
		comment_pii FROM event_timeline WHERE event_id = ? ORDER BY at, id`, eventID)
	if err != nil {
		return nil, fmt.Errorf("event: timeline: %w", err)
	}
	defer rows.Close()
	out := []Entry{}
	for rows.Next() {
		var en Entry
		var detail string
		if err := rows.Scan(&en.id, &en.At, &en.Action, &en.ActorID, &en.Actor, &en.TaskID, &en.FromStatus, &en.ToStatus,
			&en.Comment, &detail, &en.commentPII); err != nil {
			return nil, fmt.Errorf("event: timeline: %w", err)
		}
		if detail != "{}" {
			json.Unmarshal([]byte(detail), &en.Detail)
		}
		out = append(out, en)
	}
	return out, rows.Err()
}

// reports are the events merged into id.
func (s *Service) reports(ctx context.Context, id string) ([]Report, error) {
	rows, err := s.db.Query(ctx, `SELECT id, number, title, source, reported_at FROM events WHERE merged_into = ?
		ORDER BY reported_at, id`, id)
	if err != nil {
		return nil, fmt.Errorf("event: reports: %w", err)
	}
	defer rows.Close()
	var out []Report
	for rows.Next() {
		var r Report
		if err := rows.Scan(&r.ID, &r.Number, &r.Title, &r.Source, &r.ReportedAt); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// nextNumber is the day's next event number: SJ + yyyymmdd + six digits.
func (s *Service) nextNumber(ctx context.Context, day string) (string, error) {
	var n int64
	err := s.db.QueryRow(ctx, `INSERT INTO event_numbers (day, n) VALUES (?, 1)
		ON CONFLICT (day) DO UPDATE SET n = event_numbers.n + 1 RETURNING n`, day).Scan(&n)
	if err != nil {
		return "", fmt.Errorf("event: number: %w", err)
	}
	return fmt.Sprintf("SJ%s%06d", day, n), nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}
