package event

import (
	"context"
	"fmt"
	"maps"
	"math/bits"
	"slices"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/calendar"
	"healthgrid/internal/region"
)

// The SLA engine. Every running clock — an event's own stage (register and
// dispatch; verify) and each open task (report in; handle) — is warned of
// when it has used 50 % and 80 % of its limit, as the limit's unit counts
// time, and when it runs out (100 %: overdue). An overdue task is also
// supervised (督办) automatically by the centre one level above the event's.
// A periodic job runs Sweep (sla_job.go); docs/events.md says why it works
// the way it does.

// Levels are the shares of a limit warned of, in per cent; 100 means overdue.
var Levels = []int{50, 80, 100}

// Warning is one warning a sweep gave: what the notifications, when they
// come, will tell the people concerned.
type Warning struct {
	EventID string `json:"event_id"`
	Number  string `json:"number"`
	// TaskID and UnitID are empty for the event's own stage.
	TaskID   string    `json:"task_id,omitempty"`
	UnitID   string    `json:"unit_id,omitempty"`
	Level    int       `json:"level" enum:"50,80,100"`
	Deadline time.Time `json:"deadline"`
	// Centre is the centre in charge of the event; Supervisor, for an
	// overdue task, the centre above it that the automatic 督办 went to.
	Centre     string `json:"centre"`
	Supervisor string `json:"supervisor,omitempty"`
}

// SweepResult is what one sweep did.
type SweepResult struct {
	Checked        int       `json:"checked" doc:"clocks looked at"`
	Warned50       int       `json:"warned_50"`
	Warned80       int       `json:"warned_80"`
	Overdue        int       `json:"overdue" doc:"clocks newly past their deadline"`
	AutoSupervised int       `json:"auto_supervised"`
	Warnings       []Warning `json:"warnings"`
}

func (r *SweepResult) add(o SweepResult) {
	r.Checked += o.Checked
	r.Warned50 += o.Warned50
	r.Warned80 += o.Warned80
	r.Overdue += o.Overdue
	r.AutoSupervised += o.AutoSupervised
	r.Warnings = append(r.Warnings, o.Warnings...)
}

func (r *SweepResult) count(w Warning) {
	switch w.Level {
	case 50:
		r.Warned50++
	case 80:
		r.Warned80++
	case 100:
		r.Overdue++
		if w.Supervisor != "" {
			r.AutoSupervised++
		}
	}
	r.Warnings = append(r.Warnings, w)
}

// sweepBatch is how many clocks one transaction takes: small enough that the
// rows it locks (on SQLite: the database) are free again within tens of
// milliseconds, so the workflow never waits long for a sweep.
const sweepBatch = 200

// system is the actor of what the sweep records.
const (
	systemID   = "system"
	systemName = "系统"
)

// pass is one kind of clock a sweep walks: the events' own stages, or the
// tasks. due finds the next batch of clocks due for a look, by event id
// (with the task ids; nil for a stage); check judges an event's due clocks.
type pass struct {
	due   func(ctx context.Context, now time.Time, after *cursor) (map[string]map[string]bool, error)
	check func(ctx context.Context, e *Event, due map[string]bool, now time.Time, b *batch) error
}

// Sweep gives every warning that has fallen due since the last sweep: for
// each running clock whose share of its limit used has reached a level above
// the one it was last warned of, a timeline entry sla_warning; for a task
// past its deadline, also an automatic 督办 (auto_supervise). Suspended
// events' clocks stand still. It works in batches, each its own transaction
// with the events it touches locked, and is safe to run on several instances
// at once and again after a crash: a level once recorded is never recorded
// again for the same clock. On error it returns what the committed batches
// did with it.
func (s *Service) Sweep(ctx context.Context) (SweepResult, error) {
	now := s.now().UTC().Truncate(time.Microsecond)
	var res SweepResult
	for _, p := range []pass{{s.dueStages, s.checkStage}, {s.dueTasks, s.checkTasks}} {
		var after cursor
		for {
			due, err := p.due(ctx, now, &after)
			if err != nil {
				return res, err
			}
			if len(due) == 0 {
				break
			}
			var b batch
			err = s.db.InTx(ctx, func(ctx context.Context) error {
				events, err := s.lockEvents(ctx, slices.Collect(maps.Keys(due)))
				if err != nil {
					return err
				}
				for _, e := range events {
					if err := p.check(ctx, e, due[e.ID], now, &b); err != nil {
						return err
					}
				}
				if err := s.flush(ctx, &b, now); err != nil {
					return err
				}
				return s.observe(ctx, b.changes...)
			})
			if err != nil {
				return res, err
			}
			res.add(b.res)
		}
	}
	return res, nil
}

// checkStage judges the event's own stage clock. It reads the event as
// locked, so a clock the workflow or another sweep moved meanwhile is judged
// as it is now.
func (s *Service) checkStage(ctx context.Context, e *Event, _ map[string]bool, now time.Time, b *batch) error {
	switch e.Status {
	case Reported, Registered, PendingVerify:
	default:
		return nil // its stage ended since the batch was chosen
	}
	if e.Deadline == nil || e.stageStart == nil || e.slaWarned >= 100 {
		return nil
	}
	b.res.Checked++
	c := clock{start: *e.stageStart, deadline: *e.Deadline, unit: calendar.Unit(e.deadlineUnit), warned: e.slaWarned}
	level, next, err := s.assess(ctx, c, now)
	if err != nil {
		return err
	}
	if level > 0 {
		en := Entry{At: now, Action: ActSLAWarning, ActorID: systemID, Actor: systemName, FromStatus: e.Status,
			ToStatus: e.Status, Detail: map[string]any{"level": level, "deadline": c.deadline, "stage": e.Status}}
		b.record(e.ID, en)
		ch := changeOf(e, en, 0)
		ch.Level = level
		b.changes = append(b.changes, ch)
		b.res.count(Warning{EventID: e.ID, Number: e.Number, Level: level, Deadline: c.deadline, Centre: e.CentreCode})
		c.warned = level
	}
	b.stages = append(b.stages, slaState{e.ID, c.warned, next})
	return nil
}

// checkTasks judges the event's due tasks that still run.
func (s *Service) checkTasks(ctx context.Context, e *Event, due map[string]bool, now time.Time, b *batch) error {
	if e.Status == Suspended {
		return nil
	}
	for i := range e.Tasks {
		t := &e.Tasks[i]
		if !due[t.ID] || !t.open() || t.slaWarned >= 100 {
			continue
		}
		c := clock{start: t.StartedAt, unit: calendar.Unit(t.deadlineUnit), warned: t.slaWarned}
		switch {
		case t.Status == TaskSummoned && t.ReportDeadline != nil:
			c.deadline, c.unit = *t.ReportDeadline, calendar.NaturalDays
		case t.Status != TaskSummoned && t.Deadline != nil:
			c.deadline = *t.Deadline
		default:
			continue
		}
		b.res.Checked++
		level, next, err := s.assess(ctx, c, now)
		if err != nil {
			return err
		}
		if level > 0 {
			var sup region.Region
			if level == 100 {
				if sup, err = s.regions.Get(ctx, "", access.Scope(supervisor(e)).Code(), false); err != nil {
					return fmt.Errorf("event: supervisor: %w", err)
				}
			}
			b.warnTask(e, t, level, c.deadline, now, sup)
			c.warned = level
		}
		b.tasks = append(b.tasks, slaState{t.ID, c.warned, next})
	}
	return nil
}

// supervisor is the centre one level above the event's, which supervises
// its overdue tasks (the city's own centre, at the top, supervises itself).
func supervisor(e *Event) string {
	if above := parentOf(e.centrePath); above != "" {
		return above
	}
	return e.centrePath
}

// warnTask records a task's warning and, when it is overdue, the automatic
// 督办 by the supervisor sup.
func (b *batch) warnTask(e *Event, t *Task, level int, deadline, now time.Time, sup region.Region) {
	w := Warning{EventID: e.ID, Number: e.Number, TaskID: t.ID, UnitID: t.UnitID, Level: level, Deadline: deadline,
		Centre: e.CentreCode}
	en := Entry{At: now, Action: ActSLAWarning, ActorID: systemID, Actor: systemName, TaskID: t.ID,
		FromStatus: e.Status, ToStatus: e.Status, Detail: map[string]any{"level": level, "deadline": deadline,
			"unit": t.UnitName, "task_status": t.Status}}
	b.record(e.ID, en)
	ch := changeOf(e, en, 0)
	ch.Level = level
	if level == 100 {
		w.Supervisor, ch.Supervisor = sup.Code, supervisor(e)
		b.record(e.ID, Entry{At: now, Action: ActAutoSupervise, ActorID: systemID, Actor: systemName, TaskID: t.ID,
			FromStatus: e.Status, ToStatus: e.Status, Comment: "任务超期,系统自动督办 / the task is overdue",
			Detail: map[string]any{"centre": w.Supervisor, "centre_name": sup.Name, "unit": t.UnitName, "deadline": deadline}})
		if b.supervised == nil {
			b.supervised = map[string]int{}
		}
		b.supervised[e.ID]++
	}
	b.changes = append(b.changes, ch)
	b.res.count(w)
}

// clock is one running SLA clock: from start to deadline, counted in unit;
// warned is the level last warned of.
type clock struct {
	start, deadline time.Time
	unit            calendar.Unit
	warned          int
}

// assess is the level newly due on c at now — the highest level reached
// above the one warned of, 0 when none — and when the next level falls due
// (the zero time when none is left).
func (s *Service) assess(ctx context.Context, c clock, now time.Time) (level int, next time.Time, err error) {
	limit, err := s.calendar.Span(ctx, c.start, c.deadline, c.unit)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("event: sla: %w", err)
	}
	used, err := s.calendar.Span(ctx, c.start, now, c.unit)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("event: sla: %w", err)
	}
	reached := 0
	if !now.Before(c.start) { // another instance's clock may run a little behind
		reached = levelOf(used, limit, now.After(c.deadline))
	}
	if reached > c.warned {
		level = reached
	}
	switch top := max(reached, c.warned); {
	case top >= 100:
		return level, time.Time{}, nil
	case top >= 80:
		// overdue is "past the deadline", as the lists read it
		return level, c.deadline.Add(time.Microsecond), nil
	case top >= 50:
		next, err = s.calendar.Add(ctx, c.start, share(limit, 80), c.unit)
	default:
		next, err = s.calendar.Add(ctx, c.start, share(limit, 50), c.unit)
	}
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("event: sla: %w", err)
	}
	return level, next, nil
}

// levelOf is the highest level a clock has reached: 100 once past its
// deadline, else 80 or 50 once used is at least that share of limit, else 0.
func levelOf(used, limit time.Duration, overdue bool) int {
	switch {
	case overdue:
		return 100
	case atLeast(used, limit, 80):
		return 80
	case atLeast(used, limit, 50):
		return 50
	}
	return 0
}

// atLeast reports whether used ≥ pct % of limit, exactly: the products are
// taken in 128 bits, as a limit of years in nanoseconds times 100 overflows.
func atLeast(used, limit time.Duration, pct int) bool {
	uh, ul := bits.Mul64(uint64(used), 100)
	lh, ll := bits.Mul64(uint64(limit), uint64(pct))
	return uh > lh || uh == lh && ul >= ll
}

// share is pct % of limit, rounded up: the least time used at which
// atLeast holds.
func share(limit time.Duration, pct int) time.Duration {
	hi, lo := bits.Mul64(uint64(limit), uint64(pct))
	q, r := bits.Div64(hi, lo, 100)
	if r > 0 {
		q++
	}
	return time.Duration(q)
}
