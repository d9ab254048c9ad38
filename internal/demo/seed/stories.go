package seed

import (
	"context"
	"fmt"
	"slices"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/auth"
	"healthgrid/internal/china"
	"healthgrid/internal/event"
)

// stories are the ways a demo case goes, with their weights: most run the
// whole course; the others are the cases each screen needs to show.
var stories = []struct {
	name   string
	weight int
}{{"normal", 45}, {"self", 8}, {"return", 8}, {"reopen", 8}, {"whistle", 6}, {"merge", 5}, {"supervise", 5},
	{"reject", 4}, {"extend", 4}, {"suspend", 3}, {"escalate", 2}, {"ignored", 2}}

// one reports one event somewhere in the city and plays a story on it.
func (g *eventSeeder) one(ctx context.Context, i int) error {
	grid := g.pick()
	m := g.matters[g.rnd.IntN(len(g.matters))]
	day := g.now.In(china.Zone).AddDate(0, 0, -g.rnd.IntN(90))
	g.clock = time.Date(day.Year(), day.Month(), day.Day(), 7, 0, 0, 0, china.Zone).Add(time.Duration(g.rnd.Int64N(int64(12 * time.Hour))))
	if !g.clock.Before(g.now) {
		g.clock = g.now.Add(-time.Duration(g.rnd.Int64N(int64(6 * time.Hour))))
	}
	worker, centre := g.worker(grid), g.centre(string(access.Scope(g.paths[grid]).Head(access.Township)))
	in := event.Input{Source: "grid_worker", MatterCode: m.Code, Title: m.Name + "·" + g.names[grid], GridCode: grid,
		Description: "巡查发现:" + m.Description, Address: g.names[grid] + fmt.Sprintf("%d号附近", 1+g.rnd.IntN(60))}
	reporter := worker
	switch r := g.rnd.IntN(20); {
	case r < 5:
		in.Source, reporter = "hotline_12345", centre
		in.Description = "市民来电反映:" + m.Description
		in.ReporterName = personName(g.rnd)
		in.ReporterPhone = fmt.Sprintf("13%d%08d", 5+g.rnd.IntN(5), g.rnd.IntN(1e8))
	case r == 5:
		in.Source, reporter, in.ReporterName = "upper_assignment", centre, "忻州市卫生健康委员会"
	}
	if m.DefaultPriority == "urgent" || g.rnd.IntN(20) == 0 {
		in.Priority = event.Urgent
	}
	id, err := g.events.Report(ctx, reporter, in)
	if err != nil {
		return err
	}
	story := g.story()
	if story == "self" && !m.SelfHandle {
		story = "normal"
	}
	c := &course{g: g, id: id, story: story, grid: grid, centre: centre, worker: worker, reporter: reporter}
	return c.play(ctx)
}

func (g *eventSeeder) story() string {
	total := 0
	for _, s := range stories {
		total += s.weight
	}
	n := g.rnd.IntN(total)
	for _, s := range stories {
		if n -= s.weight; n < 0 {
			return s.name
		}
	}
	return "normal"
}

// course is one story being played on one event.
type course struct {
	g                        *eventSeeder
	id, story, grid          string
	centre, worker, reporter *access.Principal
	stopped                  bool
	lo, hi                   time.Duration // the next wait
}

// after sets the wait before the next step.
func (c *course) after(lo, hi time.Duration) *course { c.lo, c.hi = lo, hi; return c }

// do waits, then takes the action as p; once the clock would pass now the
// story stops and the event stays where it is.
func (c *course) do(ctx context.Context, p *access.Principal, in event.ActionInput) error {
	if c.stopped || !c.g.wait(c.lo, c.hi) {
		c.stopped = true
		return nil
	}
	return c.g.events.Apply(ctx, p, c.id, in)
}

func (c *course) get(ctx context.Context) (event.Event, error) {
	return c.g.events.Get(ctx, c.centre, c.id)
}

const (
	minute = time.Minute
	hour   = time.Hour
	day    = 24 * time.Hour
)

func (c *course) play(ctx context.Context) error {
	g := c.g
	switch c.story {
	case "ignored":
		return nil
	case "reject":
		return c.after(20*minute, 3*hour).do(ctx, c.centre, event.ActionInput{Action: event.ActReject, Comment: "经核实不属于卫生健康事项,已告知来电人向相关部门反映"})
	case "merge":
		into, ok := g.last[string(access.Scope(g.paths[c.grid]).Head(access.Township))]
		if !ok {
			break
		}
		return c.after(10*minute, 2*hour).do(ctx, c.centre, event.ActionInput{Action: event.ActMerge, IntoEventID: into, Comment: "与已受理事件为同一问题"})
	case "self":
		if err := c.after(5*minute, hour).do(ctx, c.worker, event.ActionInput{Action: event.ActSelfHandle}); err != nil {
			return err
		}
		return c.finish(ctx)
	case "escalate":
		if err := c.after(30*minute, 3*hour).do(ctx, c.centre, event.ActionInput{Action: event.ActEscalate, Comment: "涉及多个乡镇,需区县统筹"}); err != nil {
			return err
		}
		c.centre = g.centre(string(access.Scope(g.paths[c.grid]).Head(access.County)))
	}
	g.last[string(access.Scope(g.paths[c.grid]).Head(access.Township))] = c.id
	if err := c.after(10*minute, 2*hour).do(ctx, c.centre, event.ActionInput{Action: event.ActRegister}); err != nil {
		return err
	}
	if err := c.send(ctx); err != nil {
		return err
	}
	return c.finish(ctx)
}

// send dispatches to the matter's suggested units, or whistles them.
func (c *course) send(ctx context.Context) error {
	all, err := c.g.events.Candidates(ctx, c.centre, c.id)
	if err != nil {
		return err
	}
	ev, err := c.get(ctx)
	if err != nil {
		return err
	}
	var cands []event.Candidate // units the event has had no task for
	for _, u := range all {
		if !slices.ContainsFunc(ev.Tasks, func(t event.Task) bool { return t.UnitID == u.ID }) {
			cands = append(cands, u)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	lead, co := cands[0].ID, []string{}
	if len(cands) > 1 && cands[1].Suggested == "co" {
		co = append(co, cands[1].ID)
	}
	if c.story != "whistle" {
		return c.after(10*minute, 3*hour).do(ctx, c.centre, event.ActionInput{Action: event.ActDispatch, LeadUnitID: lead, CoUnitIDs: co})
	}
	by := c.g.clock.Add(4 * hour)
	units := append([]string{lead}, co...)
	if len(cands) > len(units) {
		units = append(units, cands[len(units)].ID)
	}
	return c.after(0, 0).do(ctx, c.worker, event.ActionInput{Action: event.ActWhistle, UnitIDs: units, Deadline: &by,
		Comment: "多部门联动处置,请于4小时内报到"})
}

// finish works every task through, with the story's twist, then verifies
// and rates the case.
func (c *course) finish(ctx context.Context) error {
	g := c.g
	ev, err := c.get(ctx)
	if err != nil || c.stopped {
		return err
	}
	for i, t := range ev.Tasks {
		if t.Status == event.TaskReturned || t.Status == event.TaskHandled {
			continue
		}
		p := g.handler(t, c.grid)
		if t.Role == event.RoleSelf {
			p = c.worker
		}
		var steps []event.ActionInput
		switch {
		case t.Status == event.TaskSummoned && i == len(ev.Tasks)-1 && len(ev.Tasks) > 2:
			c.after(5*hour, day) // the last one summoned reports in late
			steps = append(steps, event.ActionInput{Action: event.ActReportIn, TaskID: t.ID})
		case t.Status == event.TaskSummoned:
			c.after(20*minute, 3*hour)
			steps = append(steps, event.ActionInput{Action: event.ActReportIn, TaskID: t.ID})
		case t.Status == event.TaskDispatched && c.story == "return" && t.Role == event.RoleLead:
			if err := c.after(hour, day).do(ctx, p, event.ActionInput{Action: event.ActReturn, TaskID: t.ID, Comment: "非我单位职责范围,建议改派"}); err != nil {
				return err
			}
			c.story = "normal"
			if err := c.send(ctx); err != nil {
				return err
			}
			return c.finish(ctx)
		case t.Status == event.TaskDispatched:
			c.after(30*minute, day)
			steps = append(steps, event.ActionInput{Action: event.ActAccept, TaskID: t.ID})
		}
		for _, in := range steps {
			if err := c.do(ctx, p, in); err != nil {
				return err
			}
		}
		if err := c.twist(ctx, t); err != nil {
			return err
		}
		if err := c.after(2*hour, 4*day).do(ctx, p, event.ActionInput{Action: event.ActHandle, TaskID: t.ID, Comment: "已到现场处置完毕,附处置前后照片"}); err != nil {
			return err
		}
	}
	if c.story == "reopen" && len(ev.Tasks) > 0 {
		t := ev.Tasks[0]
		if err := c.after(hour, day).do(ctx, c.worker, event.ActionInput{Action: event.ActReopen, TaskID: t.ID, Comment: "现场复查仍有问题,请返工"}); err != nil {
			return err
		}
		if err := c.after(3*hour, 2*day).do(ctx, g.handler(t, c.grid), event.ActionInput{Action: event.ActHandle, TaskID: t.ID, Comment: "已返工处理"}); err != nil {
			return err
		}
	}
	if err := c.after(hour, 2*day).do(ctx, c.worker, event.ActionInput{Action: event.ActVerify, Comment: "现场核查已整改到位"}); err != nil {
		return err
	}
	if g.rnd.IntN(5) == 0 {
		return nil // not rated yet
	}
	rater := c.centre // 回访: the centre records the caller's rating
	if c.reporter == c.worker && c.worker.UserID != "" {
		rater = c.worker
	}
	return c.after(hour, 3*day).do(ctx, rater, event.ActionInput{Action: event.ActEvaluate, Rating: 3 + g.rnd.IntN(3), Comment: "回访满意"})
}

// twist is what the extend, supervise and suspend stories add to a task
// once it is being worked on.
func (c *course) twist(ctx context.Context, t event.Task) error {
	g := c.g
	switch {
	case c.story == "extend" && t.Role == event.RoleLead:
		later := g.clock
		if t.Deadline != nil && t.Deadline.After(later) {
			later = *t.Deadline
		}
		later = later.Add(7 * day)
		if err := c.after(hour, day).do(ctx, g.handler(t, c.grid), event.ActionInput{Action: event.ActExtend, TaskID: t.ID, Deadline: &later,
			Comment: "需等待检测结果,申请延期"}); err != nil {
			return err
		}
		if g.rnd.IntN(10) < 3 {
			return nil // still waiting for the centre's decision
		}
		return c.after(30*minute, 4*hour).do(ctx, c.centre, event.ActionInput{Action: event.ActApproveExtension, TaskID: t.ID})
	case c.story == "supervise" && t.Role == event.RoleLead:
		roles := []string{"leader"}
		county := string(access.Scope(g.paths[c.grid]).Head(access.County))
		leader := &access.Principal{Name: g.names[access.Scope(county).Code()] + "卫健局领导", Roles: roles, Perms: auth.PermissionsOf(roles), RegionPath: county}
		return c.after(day, 3*day).do(ctx, leader, event.ActionInput{Action: event.ActSupervise, Comment: "群众反映强烈,请加快办理"})
	case c.story == "suspend" && t.Role == event.RoleLead:
		if err := c.after(hour, day).do(ctx, c.centre, event.ActionInput{Action: event.ActSuspend, Comment: "待上级部门联合执法"}); err != nil {
			return err
		}
		return c.after(2*day, 10*day).do(ctx, c.centre, event.ActionInput{Action: event.ActResume})
	}
	return nil
}
