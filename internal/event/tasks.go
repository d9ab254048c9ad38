package event

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/calendar"
)

// merge folds a report into an event that is already on file: the case is
// counted once, its reporters all hear when it closes.
func (a *act) merge(ctx context.Context) error {
	e := a.c.e
	if a.in.IntoEventID == e.ID {
		return errMergeSelf.Field("body.into_event_id")
	}
	into, _, err := a.s.visible(ctx, a.c.p, a.in.IntoEventID, true)
	if errors.Is(err, ErrNotFound) {
		return errMergeNoTarget.Field("body.into_event_id")
	}
	if err != nil {
		return err
	}
	if into.Status == Merged || into.Status == NotAccepted {
		return errMergeTarget.Withf(apperr.P{"status": into.Status}, "目标事件状态为「%s」,不能合并进去 / the target event is %s",
			statusLabel[into.Status], into.Status)
	}
	e.Status, e.MergedInto, e.Deadline = Merged, into.ID, nil
	a.en.Detail["into"] = into.Number
	return a.s.record(ctx, into.ID, Entry{At: a.now, Action: ActMergedIn, ActorID: a.c.p.UserID, Actor: a.c.p.Name,
		FromStatus: into.Status, ToStatus: into.Status, Comment: a.in.Comment, commentPII: a.en.commentPII,
		Detail: map[string]any{"report": e.Number}})
}

// dispatch sends the event to a lead department and co-handlers, each with
// the matter's handling limit from now.
func (a *act) dispatch(ctx context.Context) error {
	if a.hasActive(RoleLead) {
		return errLeadActive
	}
	ids := append([]string{a.in.LeadUnitID}, a.in.CoUnitIDs...)
	field := func(i int) string {
		if i == 0 {
			return "body.lead_unit_id"
		}
		return fmt.Sprintf("body.co_unit_ids[%d]", i-1)
	}
	if err := a.addTasks(ctx, field, ids, TaskDispatched, nil); err != nil {
		return err
	}
	a.started()
	return nil
}

// whistle summons departments that must report in by the deadline.
func (a *act) whistle(ctx context.Context) error {
	if !a.in.Deadline.After(a.now) {
		return errDeadlinePast.With(nil, "报到期限须晚于现在 / the report-in deadline must be in the future").Field("body.deadline")
	}
	d := a.in.Deadline.UTC()
	field := func(i int) string { return fmt.Sprintf("body.unit_ids[%d]", i) }
	if err := a.addTasks(ctx, field, a.in.UnitIDs, TaskSummoned, &d); err != nil {
		return err
	}
	a.started()
	return nil
}

// started moves a registered event into handling: its own clock stops, the tasks' run.
func (a *act) started() {
	e := a.c.e
	if e.Status == Registered {
		e.Status, e.DispatchedAt, e.Deadline = Dispatched, &a.now, nil
	}
}

// addTasks gives each unit a task; the first becomes the lead when the
// event has none. Every unit must exist, be listed once, have no task open
// on the event, and sit on the event's line (above its grid) or inside the
// centre's area.
func (a *act) addTasks(ctx context.Context, field func(int) string, ids []string, status string, reportBy *time.Time) error {
	e := a.c.e
	seen := map[string]bool{}
	for i, id := range ids {
		f := field(i)
		if seen[id] {
			return errUnitTwice.Field(f)
		}
		seen[id] = true
		u, err := a.s.units.Get(ctx, "", id)
		if errors.Is(err, apperr.ErrNotFound) {
			return errUnitNotFound.Field(f)
		}
		if err != nil {
			return err
		}
		if !access.Scope(u.RegionPath).Covers(e.RegionPath) && !access.Scope(e.centrePath).Covers(u.RegionPath) {
			return errUnitOutOfReach.With(apperr.P{"unit": u.Name}, "「"+u.Name+"」不在本事件的处置范围 / the unit is neither above the grid nor in the centre's area").Field(f)
		}
		for _, t := range e.Tasks {
			if t.UnitID == id && t.open() {
				return errUnitBusy.With(apperr.P{"unit": u.Name}, "「"+u.Name+"」已有在办任务 / the unit already has an open task").Field(f)
			}
		}
		role := RoleCo
		if !a.hasActive(RoleLead) {
			role = RoleLead
		}
		t := Task{ID: uuid.Must(uuid.NewV7()).String(), UnitID: id, UnitName: u.Name, Role: role, Status: status,
			StartedAt: a.now, ReportDeadline: reportBy, unitPath: u.RegionPath}
		if status == TaskDispatched {
			if err := a.startTask(ctx, &t); err != nil {
				return err
			}
		}
		if err := a.s.insertTask(ctx, e, &t, a.now); err != nil {
			return err
		}
		e.Tasks = append(e.Tasks, t)
		a.en.Detail[role+"_units"] = append(asStrings(a.en.Detail[role+"_units"]), u.Name)
	}
	return nil
}

func asStrings(v any) []string {
	s, _ := v.([]string)
	return s
}

// hasActive reports whether a task of the role is open or done (not returned).
func (a *act) hasActive(role string) bool {
	for _, t := range a.c.e.Tasks {
		if t.Role == role && t.Status != TaskReturned {
			return true
		}
	}
	return false
}

// startTask starts a task's handling clock now with the matter's limit.
func (a *act) startTask(ctx context.Context, t *Task) error {
	d, err := a.s.calendar.Deadline(ctx, a.now, a.c.m.Handle)
	if err != nil {
		return fmt.Errorf("event: deadline: %w", err)
	}
	t.StartedAt, t.Deadline, t.deadlineUnit, t.slaWarned = a.now, &d, string(a.c.m.Handle.Unit), 0
	return nil
}

// selfHandle gives the event to its grid: one task, taken at once.
func (a *act) selfHandle(ctx context.Context) error {
	e := a.c.e
	t := Task{ID: uuid.Must(uuid.NewV7()).String(), Role: RoleSelf, Status: TaskAccepted, AcceptedAt: &a.now, UnitName: e.GridName}
	if err := a.startTask(ctx, &t); err != nil {
		return err
	}
	if err := a.s.insertTask(ctx, e, &t, a.now); err != nil {
		return err
	}
	e.Tasks = append(e.Tasks, t)
	if e.RegisteredAt == nil {
		e.RegisteredAt = &a.now
	}
	e.Status, e.DispatchedAt, e.Deadline = SelfHandling, &a.now, nil
	return nil
}

// giveBack is a department saying "not ours" (非我职责): the task ends,
// counted; without a lead the event goes back to the centre to dispatch again.
func (a *act) giveBack(ctx context.Context) error {
	e, t := a.c.e, a.t
	t.Status = TaskReturned
	a.touch(t)
	e.ReturnCount++
	if !a.hasActive(RoleLead) {
		e.Status = Registered
		return a.s.startStage(ctx, e, a.now, a.c.m.Dispatch)
	}
	return a.maybeDone(ctx)
}

// maybeDone moves the event to verification once every task still on it is handled.
func (a *act) maybeDone(ctx context.Context) error {
	e := a.c.e
	for _, t := range e.Tasks {
		if t.open() {
			return nil
		}
	}
	e.Status, e.HandledAt = PendingVerify, &a.now
	return a.s.startStage(ctx, e, a.now, a.c.m.Verify)
}

// reopen sends a handled task back for rework (返工), with a fresh limit.
func (a *act) reopen(ctx context.Context) error {
	e, t := a.c.e, a.t
	t.Status, t.HandledAt = TaskAccepted, nil
	t.ReopenCount++
	e.ReopenCount++
	a.touch(t)
	e.Status, e.HandledAt, e.Deadline = Dispatched, nil, nil
	if t.Role == RoleSelf {
		e.Status = SelfHandling
	}
	return a.startTask(ctx, t)
}

// extension asks for, grants or refuses a later deadline for a task.
func (a *act) extension() error {
	t := a.t
	a.touch(t)
	switch a.in.Action {
	case ActExtend:
		if t.Deadline != nil && !a.in.Deadline.After(*t.Deadline) {
			return errDeadlineEarly.Field("body.deadline")
		}
		d := a.in.Deadline.UTC()
		t.ExtensionDeadline, t.ExtensionComment, t.extensionPII = &d, a.in.Comment, a.en.commentPII
		a.en.Detail["deadline"] = d
	case ActApproveExtension:
		a.en.Detail["deadline"] = *t.ExtensionDeadline
		t.Deadline, t.ExtensionDeadline, t.ExtensionComment, t.extensionPII = t.ExtensionDeadline, nil, "", ""
		t.StartedAt, t.slaWarned = a.now, 0 // a new limit: its clock starts now
	default:
		t.ExtensionDeadline, t.ExtensionComment, t.extensionPII = nil, "", ""
	}
	return nil
}

// resume restarts the clocks a suspension stopped: each deadline keeps the
// time (as its unit counts it) that was left when the event was suspended,
// and each clock's start moves on by the time suspended, so the share of the
// limit used — what the SLA sweep warns on — goes on from where it stopped.
func (a *act) resume(ctx context.Context) error {
	e := a.c.e
	from := *e.suspendedAt
	// shift moves deadline d, and start when the clock runs toward d
	shift := func(d, start *time.Time, unit string) (*time.Time, error) {
		if d == nil || !d.After(from) {
			return d, nil
		}
		u := calendar.Unit(unit)
		left, err := a.s.calendar.Span(ctx, from, *d, u)
		if err != nil {
			return nil, err
		}
		if start != nil {
			slept, err := a.s.calendar.Span(ctx, from, a.now, u)
			if err != nil {
				return nil, err
			}
			if *start, err = a.s.calendar.Add(ctx, *start, slept, u); err != nil {
				return nil, err
			}
		}
		n, err := a.s.calendar.Add(ctx, a.now, left, u)
		return &n, err
	}
	var err error
	if e.Deadline, err = shift(e.Deadline, e.stageStart, e.deadlineUnit); err != nil {
		return err
	}
	for i := range e.Tasks {
		t := &e.Tasks[i]
		if !t.open() {
			continue
		}
		summoned := t.Status == TaskSummoned
		if t.Deadline, err = shift(t.Deadline, startIf(!summoned, t), t.deadlineUnit); err != nil {
			return err
		}
		if t.ReportDeadline, err = shift(t.ReportDeadline, startIf(summoned, t), string(calendar.NaturalDays)); err != nil {
			return err
		}
		a.touch(t)
	}
	e.Status, e.ResumeStatus, e.suspendedAt = e.ResumeStatus, "", nil
	a.en.Detail["suspended_since"] = from
	return nil
}

// startIf is the task's clock start when its clock runs toward the deadline
// at hand, else nil.
func startIf(running bool, t *Task) *time.Time {
	if running {
		return &t.StartedAt
	}
	return nil
}

// supervise is a leader's note (督办), and perhaps a new deadline for every
// open task and the event's own stage.
func (a *act) supervise() error {
	e := a.c.e
	e.SuperviseCount++
	d := a.in.Deadline
	if d == nil {
		return nil
	}
	if !d.After(a.now) {
		return errDeadlinePast.With(nil, "新期限须晚于现在 / the new deadline must be in the future").Field("body.deadline")
	}
	u := d.UTC()
	a.en.Detail["deadline"] = u
	// a new limit: the clocks start now
	if e.Deadline != nil {
		e.Deadline, e.stageStart, e.slaWarned = &u, &a.now, 0
	}
	for i := range e.Tasks {
		if t := &e.Tasks[i]; t.open() && t.Status != TaskSummoned {
			t.Deadline, t.StartedAt, t.slaWarned = &u, a.now, 0
			a.touch(t)
		}
	}
	return nil
}
