package notify

import (
	"testing"

	"healthgrid/internal/event"
)

// TestTexts: what a notification says — the case, then who did what for
// which unit and why, or whose clock — and which changes say nothing.
func TestTexts(t *testing.T) {
	cdc := &event.TaskRef{ID: "t1", UnitID: "u1", UnitName: "忻府区疾控中心"}
	base := event.Change{Number: "SJ20261123000001", Title: "幼儿园多名儿童发热", Actor: "张三", Status: event.Dispatched}
	with := func(f func(c *event.Change)) event.Change {
		c := base
		f(&c)
		return c
	}
	cases := []struct {
		name        string
		c           event.Change
		title, body string
	}{
		{"a return names the unit and why", with(func(c *event.Change) { c.Action, c.Task, c.Comment = "return", cdc, "非我职责" }),
			"任务被回退，待重新派遣", "SJ20261123000001 幼儿园多名儿童发热\n张三（忻府区疾控中心）：非我职责"},
		{"a reopen is the grid's: the unit is the one told", with(func(c *event.Change) { c.Action, c.Task, c.Comment = "reopen", cdc, "仍有问题" }),
			"任务被返工", "SJ20261123000001 幼儿园多名儿童发热\n张三：仍有问题"},
		{"a report does not repeat what was reported", with(func(c *event.Change) { c.Action, c.Comment = "report", "家长来电" }),
			"新事件待受理", "SJ20261123000001 幼儿园多名儿童发热\n张三"},
		{"a task at 80 %", with(func(c *event.Change) { c.Action, c.Task, c.Level = "sla_warning", cdc, 80 }),
			"任务即将超期", "SJ20261123000001 幼儿园多名儿童发热\n忻府区疾控中心的任务已用去80%的处置时限"},
		{"an overdue task", with(func(c *event.Change) { c.Action, c.Task, c.Level = "sla_warning", cdc, 100 }),
			"任务已超期，系统已自动督办", "SJ20261123000001 幼儿园多名儿童发热\n忻府区疾控中心的任务已超过处置时限"},
		{"the stage to verify, overdue", with(func(c *event.Change) { c.Action, c.Level, c.Status = "sla_warning", 100, event.PendingVerify }),
			"事件已超期", "SJ20261123000001 幼儿园多名儿童发热\n本阶段时限已用去100%"},
	}
	for _, tc := range cases {
		r, ok := ruleFor(tc.c)
		if !ok || r.title != tc.title || body(tc.c) != tc.body {
			t.Errorf("%s: %v %q %q", tc.name, ok, r.title, body(tc.c))
		}
	}
	if r, _ := ruleFor(with(func(c *event.Change) { c.Action, c.Level, c.Status = "sla_warning", 80, event.PendingVerify })); len(r.to) != 1 || r.to[0] != grid {
		t.Errorf("the verify stage at 80 %% goes to %v, want the grid's workers", r.to)
	}
	for _, quiet := range []event.Change{
		with(func(c *event.Change) { c.Action, c.Task, c.Level = "sla_warning", cdc, 50 }),
		with(func(c *event.Change) { c.Action, c.Task = "handle", cdc }), // other tasks still open
		with(func(c *event.Change) { c.Action = "register" }),
		with(func(c *event.Change) { c.Action, c.Task = "accept", cdc }),
	} {
		if _, ok := ruleFor(quiet); ok {
			t.Errorf("%s (level %d) tells someone", quiet.Action, quiet.Level)
		}
	}
}
