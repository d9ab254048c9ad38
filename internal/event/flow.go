package event

import (
	"healthgrid/internal/access"
	"slices"
)

// The workflow as a table: for each action, the event statuses it applies
// in and who may take it. Task actions also name the task statuses they
// apply to and take a task_id; the caller must be that task's handler.
// Anything not in the table is refused with 409 and the reason.

// Action is one line of an event's timeline: a step someone takes through
// the workflow, or one the platform records itself.
type Action string

// The workflow's actions, each a row of flow below.
const (
	ActRegister         Action = "register"
	ActReject           Action = "reject"
	ActMerge            Action = "merge"
	ActDispatch         Action = "dispatch"
	ActSelfHandle       Action = "self_handle"
	ActWhistle          Action = "whistle"
	ActReportIn         Action = "report_in"
	ActAccept           Action = "accept"
	ActReturn           Action = "return"
	ActHandle           Action = "handle"
	ActExtend           Action = "extend"
	ActApproveExtension Action = "approve_extension"
	ActDenyExtension    Action = "deny_extension"
	ActVerify           Action = "verify"
	ActReopen           Action = "reopen"
	ActEvaluate         Action = "evaluate"
	ActSuspend          Action = "suspend"
	ActResume           Action = "resume"
	ActSupervise        Action = "supervise"
	ActEscalate         Action = "escalate"
)

// The timeline's own lines, which no caller takes.
const (
	ActReport        Action = "report"         // the event came in
	ActSLAWarning    Action = "sla_warning"    // a deadline is 50/80/100 % gone
	ActAutoSupervise Action = "auto_supervise" // an overdue task was supervised by the platform
	ActMergedIn      Action = "merged_in"      // another event joined this one
)

// Actions, in the order allowed_actions lists them.
var Actions = []Action{ActRegister, ActReject, ActMerge, ActDispatch, ActSelfHandle, ActWhistle, ActReportIn, ActAccept,
	ActReturn, ActHandle, ActExtend, ActApproveExtension, ActDenyExtension, ActVerify, ActReopen, ActEvaluate,
	ActSuspend, ActResume, ActSupervise, ActEscalate}

// open is every status in which work remains.
var openStatuses = []string{Reported, Registered, Dispatched, SelfHandling, PendingVerify, Suspended}

type rule struct {
	from []string // event statuses
	// tasks: the task statuses a task action applies to; nil for an event action
	tasks []string
	// ready: a further condition on the task's state (nil: none)
	ready func(t *Task) bool
	// who may act; for a task action, on that task
	who func(c *check, t *Task) bool
}

// check is one caller looking at one event (and its matter).
type check struct {
	p *access.Principal
	e *Event
	m Matter
}

// covers reports whether the caller's scope holds path.
func (c *check) covers(path string) bool {
	return c.p.Covers(path)
}

// centre: a dispatcher of the centre handling the event, or one above it.
func (c *check) centre() bool { return c.p.Can("event:dispatch") && c.covers(c.e.centrePath) }

// local: someone working at village or grid level over the event's grid.
func (c *check) local() bool {
	return c.p.Can("event:handle") && c.covers(c.e.RegionPath) && c.p.Scope().Level() >= access.Village
}

func (c *check) reporter() bool { return c.p.UserID != "" && c.p.UserID == c.e.ReporterID }

func (c *check) verifier() bool {
	return c.reporter() || c.p.Can("event:verify") && c.covers(c.e.RegionPath)
}

// handles: the caller's unit owns the task; the grid's own task is the local worker's.
func (c *check) handles(t *Task) bool {
	if t.Role == RoleSelf {
		return c.local()
	}
	return c.p.Can("event:handle") && c.p.UnitID != "" && c.p.UnitID == t.UnitID
}

func byCentre(c *check, _ *Task) bool  { return c.centre() }
func byHandler(c *check, t *Task) bool { return c.handles(t) }

var flow = map[Action]rule{
	ActRegister: {from: []string{Reported}, who: byCentre},
	ActReject:   {from: []string{Reported}, who: byCentre},
	ActMerge:    {from: []string{Reported, Registered}, who: byCentre},
	ActDispatch: {from: []string{Registered}, who: byCentre},
	ActSelfHandle: {from: []string{Reported, Registered}, who: func(c *check, _ *Task) bool {
		return c.m.SelfHandle && (c.centre() || c.local())
	}},
	ActWhistle: {from: []string{Registered, Dispatched}, who: func(c *check, _ *Task) bool {
		return c.centre() || c.local()
	}},
	ActReportIn:         {from: []string{Dispatched}, tasks: []string{TaskSummoned}, who: byHandler},
	ActAccept:           {from: []string{Dispatched}, tasks: []string{TaskDispatched}, who: byHandler},
	ActReturn:           {from: []string{Dispatched}, tasks: []string{TaskDispatched, TaskSummoned}, who: byHandler},
	ActHandle:           {from: []string{Dispatched, SelfHandling}, tasks: []string{TaskAccepted}, who: byHandler},
	ActExtend:           {from: []string{Dispatched, SelfHandling}, tasks: []string{TaskAccepted}, ready: noExtension, who: byHandler},
	ActApproveExtension: {from: []string{Dispatched, SelfHandling}, tasks: []string{TaskAccepted}, ready: askedExtension, who: byCentre},
	ActDenyExtension:    {from: []string{Dispatched, SelfHandling}, tasks: []string{TaskAccepted}, ready: askedExtension, who: byCentre},
	ActVerify:           {from: []string{PendingVerify}, who: func(c *check, _ *Task) bool { return c.verifier() }},
	ActReopen: {from: []string{PendingVerify}, tasks: []string{TaskHandled}, who: func(c *check, _ *Task) bool {
		return c.verifier() || c.centre()
	}},
	ActEvaluate: {from: []string{Closed}, who: func(c *check, _ *Task) bool { return c.reporter() || c.centre() }},
	ActSuspend:  {from: []string{Registered, Dispatched, SelfHandling}, who: byCentre},
	ActResume:   {from: []string{Suspended}, who: byCentre},
	ActSupervise: {from: openStatuses, who: func(c *check, _ *Task) bool {
		return c.p.Can("event:supervise") && c.covers(c.e.RegionPath)
	}},
	ActEscalate: {from: []string{Reported, Registered}, who: func(c *check, _ *Task) bool {
		return c.centre() && access.Scope(c.e.centrePath).Level() > access.City
	}},
}

func noExtension(t *Task) bool    { return t.ExtensionDeadline == nil }
func askedExtension(t *Task) bool { return t.ExtensionDeadline != nil }

// fits reports whether the task is in a state the action applies to.
func (r rule) fits(t *Task) bool {
	return slices.Contains(r.tasks, t.Status) && (r.ready == nil || r.ready(t))
}

// allowed lists the actions the caller may take on the event now.
func allowed(c *check) []Action {
	out := []Action{}
	for _, a := range Actions {
		if !slices.Contains(flow[a].from, c.e.Status) {
			continue // refused by the state alone: no need to word the refusal
		}
		if _, err := c.may(a, ""); err == nil {
			out = append(out, a)
		}
	}
	return out
}

// may checks one action (on taskID for a task action; "" means any task
// that fits, for allowed_actions) and returns the task it applies to.
func (c *check) may(action Action, taskID string) (*Task, error) {
	r, ok := flow[action]
	if !ok {
		return nil, unknownAction(action)
	}
	if !slices.Contains(r.from, c.e.Status) {
		return nil, notNow(action, c.e.Status)
	}
	if r.tasks == nil {
		if !r.who(c, nil) {
			return nil, notYours(action)
		}
		return nil, nil
	}
	if taskID != "" {
		i := slices.IndexFunc(c.e.Tasks, func(t Task) bool { return t.ID == taskID })
		switch {
		case i < 0:
			return nil, ErrTaskNotFound
		case !r.fits(&c.e.Tasks[i]):
			return nil, taskNotNow(action, &c.e.Tasks[i])
		case !r.who(c, &c.e.Tasks[i]):
			return nil, notYours(action)
		}
		return &c.e.Tasks[i], nil
	}
	for i := range c.e.Tasks {
		if t := &c.e.Tasks[i]; r.fits(t) && r.who(c, t) {
			return t, nil
		}
	}
	return nil, notYours(action)
}
