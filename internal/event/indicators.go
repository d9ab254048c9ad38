package event

import (
	"slices"
	"time"
)

// add counts one event in the indicators; unit, when given, narrows the
// task figures to that unit's tasks.
func (in *Indicators) add(se statEvent, unit *string, now time.Time) {
	e := se.e
	in.Reports++
	if e.Status == Merged {
		return // demand, not a case
	}
	in.Cases++
	if e.RegisteredAt == nil {
		return
	}
	in.Registered++
	in.stage("register", e.ReportedAt, e.RegisteredAt)
	in.stage("dispatch", *e.RegisteredAt, e.DispatchedAt)
	running := e.Status != Suspended
	late := false
	for _, t := range se.tasks {
		if unit != nil && t.UnitID != *unit {
			continue
		}
		in.Tasks++
		if t.Status == TaskReturned {
			in.Returned++
		}
		if t.ReportDeadline != nil {
			in.Summoned++
			if t.ReportedInAt != nil && !t.ReportedInAt.After(*t.ReportDeadline) {
				in.ReportedIn++
			}
		}
		handledLate := t.HandledAt != nil && t.Deadline != nil && t.HandledAt.After(*t.Deadline)
		openLate := running && t.open() && (t.Deadline != nil && now.After(*t.Deadline) ||
			t.Status == TaskSummoned && t.ReportDeadline != nil && now.After(*t.ReportDeadline))
		if t.HandledAt != nil || openLate {
			in.TasksDue++
		}
		if t.HandledAt != nil {
			in.stage("handle", t.StartedAt, t.HandledAt)
			if !handledLate {
				in.TasksOnTime++
			}
		}
		late = late || handledLate || openLate
		if unit != nil && (t.HandledAt != nil || t.ReopenCount > 0) {
			in.Verified++
			if t.ReopenCount > 0 {
				in.Reopened++
			}
		}
	}
	if unit == nil && (e.HandledAt != nil || e.ClosedAt != nil || e.ReopenCount > 0) {
		in.Verified++
		if e.ReopenCount > 0 {
			in.Reopened++
		}
	}
	if e.ClosedAt != nil {
		in.Closed++
		if e.HandledAt != nil {
			in.stage("verify", *e.HandledAt, e.ClosedAt)
		}
		late = late || e.Deadline != nil && e.ClosedAt.After(*e.Deadline)
		if !late {
			in.ClosedOnTime++
		}
	} else if running && e.Deadline != nil && now.After(*e.Deadline) && (e.Status == Registered || e.Status == PendingVerify) {
		late = true
	}
	if running {
		in.Due++
		if late {
			in.Overdue++
		}
	}
	if e.Rating > 0 {
		in.Rated++
		in.ratingSum += e.Rating
	}
}

// stage records the hours from start to end, if the stage has ended.
func (in *Indicators) stage(name string, start time.Time, end *time.Time) {
	if end == nil {
		return
	}
	if in.hours == nil {
		in.hours = map[string][]float64{}
	}
	in.hours[name] = append(in.hours[name], end.Sub(start).Hours())
}

// finish computes the rates and stage times from the counts.
func (in Indicators) finish() Indicators {
	rate := func(n, d int) *float64 {
		if d == 0 {
			return nil
		}
		r := float64(n) / float64(d)
		return &r
	}
	in.RegisterRate = rate(in.Registered, in.Cases)
	in.HandleOnTimeRate = rate(in.TasksOnTime, in.TasksDue)
	in.CloseRate = rate(in.Closed, in.Due)
	in.CloseOnTimeRate = rate(in.ClosedOnTime, in.Due)
	in.ReworkRate = rate(in.Reopened, in.Verified)
	in.ReturnRate = rate(in.Returned, in.Tasks)
	in.OverdueRate = rate(in.Overdue, in.Due)
	in.ReportInRate = rate(in.ReportedIn, in.Summoned)
	if in.Rated > 0 {
		m := float64(in.ratingSum) / float64(in.Rated)
		in.Satisfaction = &m
	}
	in.Stages = []StageTime{}
	for _, name := range []string{"register", "dispatch", "handle", "verify"} {
		h := in.hours[name]
		if len(h) == 0 {
			continue
		}
		slices.Sort(h)
		sum := 0.0
		for _, x := range h {
			sum += x
		}
		mid := h[len(h)/2]
		if len(h)%2 == 0 {
			mid = (h[len(h)/2-1] + h[len(h)/2]) / 2
		}
		in.Stages = append(in.Stages, StageTime{Stage: name, N: len(h), Mean: sum / float64(len(h)), Median: mid})
	}
	in.SmallSample = in.Due < smallSample
	return in
}
