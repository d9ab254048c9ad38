package notify

import (
	"context"
	"fmt"
	"strings"

	"healthgrid/internal/access"
	"healthgrid/internal/event"
)

// party is a part someone plays in a change, which decides whether they
// hear of it. docs/events.md has the table these rules make.
type party int

const (
	// centre: the dispatchers (event:dispatch) living at the event's centre
	// — or, where it has none, at the nearest region above that has; the
	// levels above only hear of what reaches them (an escalation).
	centre party = iota + 1
	// supervisor: the same, for the centre an overdue task's automatic 督办
	// went to (the one above the event's).
	supervisor
	// grid: the grid's workers — event:handle or event:verify, living in
	// the event's grid.
	grid
	// reporter: whoever reported it, and on closure the reporter of every
	// report merged into it.
	reporter
	// unit: the users (event:handle) of the task's unit; for the grid's own
	// task, the grid's workers.
	unit
	// added and open: the same for each task the change created, or still open.
	added
	open
)

// rule is who hears of an action, and the notification's title.
type rule struct {
	title string
	to    []party
}

// rules are the workflow's actions that concern someone other than the
// actor. sla_warning has its own (slaRule); an action not here (register,
// accept, report_in, evaluate, …) is seen on the event, not announced.
var rules = map[event.Action]rule{
	event.ActReport:           {"新事件待受理", []party{centre}},
	event.ActEscalate:         {"上级转来事件待受理", []party{centre}}, // the centre after it: the one above
	event.ActReject:           {"上报事件不予受理", []party{reporter}},
	event.ActMerge:            {"上报事件已并入同一案卷", []party{reporter}},
	event.ActDispatch:         {"新派遣任务待签收", []party{added}},
	event.ActWhistle:          {"吹哨报到：请按时报到", []party{added}},
	event.ActReturn:           {"任务被回退，待重新派遣", []party{centre}},
	event.ActExtend:           {"延期申请待审批", []party{centre}},
	event.ActApproveExtension: {"延期申请已批准", []party{unit}},
	event.ActDenyExtension:    {"延期申请未批准", []party{unit}},
	event.ActHandle:           {"事件已处置完毕，待核查", []party{grid, reporter}}, // once every task is handled
	event.ActVerify:           {"事件已核查结案", []party{reporter}},
	event.ActReopen:           {"任务被返工", []party{unit}},
	event.ActSuspend:          {"事件已缓办", []party{open}},
	event.ActResume:           {"事件恢复办理", []party{open}},
	event.ActSupervise:        {"事件被督办", []party{open, centre}},
}

// ruleFor is the rule for change c; false when nobody is to hear of it.
func ruleFor(c event.Change) (rule, bool) {
	switch {
	case c.Action == event.ActSLAWarning:
		return slaRule(c)
	case c.Action == event.ActHandle && c.Status != event.PendingVerify:
		return rule{}, false // other tasks are still open
	}
	r, ok := rules[c.Action]
	return r, ok
}

// slaRule: a clock at 80 % warns whoever must act on it; an overdue task
// also tells the centre its automatic 督办 went to. 50 % is only shown on
// the timeline.
func slaRule(c event.Change) (rule, bool) {
	switch {
	case c.Level < 80:
		return rule{}, false
	case c.Task != nil && c.Level >= 100:
		return rule{"任务已超期，系统已自动督办", []party{unit, supervisor}}, true
	case c.Task != nil:
		return rule{"任务即将超期", []party{unit}}, true
	}
	whose := centre // register and dispatch
	if c.Status == event.PendingVerify {
		whose = grid
	}
	if c.Level >= 100 {
		return rule{"事件已超期", []party{whose}}, true
	}
	return rule{"事件即将超期", []party{whose}}, true
}

// body is what a notification about c says under its title: the case, and
// who did what — or, for a warning, whose clock.
func body(c event.Change) string {
	head := c.Number + " " + c.Title
	var who string
	switch {
	case c.Action == event.ActSLAWarning && c.Task != nil && c.Level >= 100:
		who = c.Task.UnitName + "的任务已超过处置时限"
	case c.Action == event.ActSLAWarning && c.Task != nil:
		who = fmt.Sprintf("%s的任务已用去%d%%的处置时限", c.Task.UnitName, c.Level)
	case c.Action == event.ActSLAWarning:
		who = fmt.Sprintf("本阶段时限已用去%d%%", c.Level)
	default:
		who = c.Actor
		if forUnit[c.Action] && c.Task != nil && c.Task.UnitName != "" && c.Task.UnitName != c.Actor {
			who += "（" + c.Task.UnitName + "）"
		}
		if c.Comment != "" && c.Action != event.ActReport {
			who += "：" + c.Comment
		}
	}
	return head + "\n" + who
}

// forUnit are the actions a user takes for their unit's task: the body
// names the unit after them.
var forUnit = map[event.Action]bool{event.ActReturn: true, event.ActExtend: true, event.ActHandle: true}

// resolver turns parties into users for one batch of changes, asking the
// directory once per distinct question.
type resolver struct {
	dir   Directory
	asked map[string][]Contact
}

func (r *resolver) find(ctx context.Context, q Query) ([]Contact, error) {
	key := fmt.Sprint(q)
	if got, ok := r.asked[key]; ok {
		return got, nil
	}
	got, err := r.dir.Contacts(ctx, q)
	if err != nil {
		return nil, err
	}
	r.asked[key] = got
	return got, nil
}

// people are the users the parties of change c stand for, each once, the
// actor left out.
func (r *resolver) people(ctx context.Context, c event.Change, to []party) ([]Contact, error) {
	var out []Contact
	seen := map[string]bool{c.ActorID: true}
	add := func(cs []Contact, err error) error {
		for _, x := range cs {
			if !seen[x.ID] {
				seen[x.ID] = true
				out = append(out, x)
			}
		}
		return err
	}
	for _, p := range to {
		var err error
		switch p {
		case centre:
			err = add(r.centre(ctx, c.CentrePath))
		case supervisor:
			err = add(r.centre(ctx, c.Supervisor))
		case grid:
			err = add(r.grid(ctx, c.GridPath))
		case reporter:
			if ids := reporters(c); len(ids) > 0 {
				err = add(r.find(ctx, Query{IDs: ids}))
			}
		case unit:
			if c.Task != nil {
				err = add(r.tasks(ctx, c.GridPath, []event.TaskRef{*c.Task}))
			}
		case added:
			err = add(r.tasks(ctx, c.GridPath, c.Added))
		case open:
			err = add(r.tasks(ctx, c.GridPath, c.Open))
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func reporters(c event.Change) []string {
	var ids []string
	if c.ReporterID != "" {
		ids = append(ids, c.ReporterID)
	}
	if c.Action == event.ActVerify {
		ids = append(ids, c.MergedReporters...)
	}
	return ids
}

// centre is the dispatchers of the centre at path: those living there, or
// at the nearest region above that has any.
func (r *resolver) centre(ctx context.Context, path string) ([]Contact, error) {
	if path == "" {
		return nil, nil
	}
	all, err := r.find(ctx, Query{RegionPaths: access.Scope(path).Lineage(), Perms: []string{"event:dispatch"}})
	if err != nil {
		return nil, err
	}
	nearest := ""
	for _, c := range all {
		if len(c.RegionPath) > len(nearest) {
			nearest = c.RegionPath
		}
	}
	var out []Contact
	for _, c := range all {
		if c.RegionPath == nearest {
			out = append(out, c)
		}
	}
	return out, nil
}

func (r *resolver) grid(ctx context.Context, path string) ([]Contact, error) {
	return r.find(ctx, Query{RegionPaths: []string{path}, Perms: []string{"event:handle", "event:verify"}})
}

// tasks are the users of the tasks' units; the grid's workers for the
// grid's own task.
func (r *resolver) tasks(ctx context.Context, gridPath string, ts []event.TaskRef) ([]Contact, error) {
	var units []string
	var out []Contact
	for _, t := range ts {
		if t.UnitID != "" {
			units = append(units, t.UnitID)
			continue
		}
		workers, err := r.grid(ctx, gridPath)
		if err != nil {
			return nil, err
		}
		out = append(out, workers...)
	}
	if len(units) == 0 {
		return out, nil
	}
	staff, err := r.find(ctx, Query{UnitIDs: units, Perms: []string{"event:handle"}})
	return append(out, staff...), err
}

// smsText is the text message for an urgent notification.
func smsText(title string, c event.Change) string {
	return fmt.Sprintf("【忻州智慧卫健】%s：%s %s。请登录平台及时处理。", title, c.Number, strings.TrimSpace(c.Title))
}
