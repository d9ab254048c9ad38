package open311

import (
	"strings"
	"testing"
	"time"

	"healthgrid/internal/event"
)

// TestStatusMapping is the documented table: every event status is open or
// closed, and has notes.
func TestStatusMapping(t *testing.T) {
	want := map[string]string{
		event.Reported: "open", event.Registered: "open", event.Dispatched: "open", event.SelfHandling: "open",
		event.PendingVerify: "open", event.Suspended: "open",
		event.Closed: "closed", event.Evaluated: "closed", event.NotAccepted: "closed", event.Merged: "closed",
	}
	for status, w := range want {
		if got := StatusOf(status); got != w {
			t.Errorf("%s: %s, want %s", status, got, w)
		}
		if statusNotes[status] == "" {
			t.Errorf("%s: no status notes", status)
		}
	}
	if n := len(openStatuses) + len(closedStatuses); n != len(want) {
		t.Errorf("%d statuses mapped, want %d", n, len(want))
	}
	if got := notes(event.Merged, "SJ20261123000007"); got != "已合并至 SJ20261123000007 一并办理 / merged into SJ20261123000007, handled there" {
		t.Errorf("merged notes: %s", got)
	}
}

func TestNamesAndTitles(t *testing.T) {
	for _, c := range [][3]string{{"三", "张", "张三"}, {"Li", "Wang", "Li Wang"}, {"", "张", "张"}, {"Ann", "", "Ann"}, {"", "", ""}} {
		if got := fullName(c[0], c[1]); got != c[2] {
			t.Errorf("fullName(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
	long := "楼道里堆满了杂物和垃圾，已经堵住了消防通道，气味很大，居民多次反映无人处理，请尽快安排人员清理并检查周边环境"
	for _, c := range [][3]string{
		{"楼道堆放杂物\n已两周无人清理", "环境卫生", "楼道堆放杂物"},
		{"  ", "环境卫生问题", "环境卫生问题"},
		{long, "x", string([]rune(long)[:49]) + "…"},
		// a number across the cut is masked first: no part of it stays in the clear
		{strings.Repeat("楼", 40) + "13812345678", "x", strings.Repeat("楼", 40) + "138****56…"},
	} {
		if got := title(c[0], c[1]); got != c[2] {
			t.Errorf("title(%q) = %q, want %q", c[0], got, c[2])
		}
	}
}

// TestExpectedAndAgency: the deadline a request runs on is its earliest open
// task's (a summoned unit's report-in), else its own stage's; the agency is
// the lead unit still on it, or the grid handling it itself.
func TestExpectedAndAgency(t *testing.T) {
	at := func(h int) *time.Time { v := time.Date(2026, 11, 23, h, 0, 0, 0, time.UTC); return &v }
	cases := []struct {
		name     string
		e        event.Event
		expected *time.Time
		agency   string
	}{
		{"reported", event.Event{Status: event.Reported, Deadline: at(5)}, at(5), ""},
		{"dispatched", event.Event{Status: event.Dispatched, Deadline: at(5), Tasks: []event.Task{
			{Role: event.RoleLead, UnitName: "疾控中心", Status: event.TaskReturned, Deadline: at(6)},
			{Role: event.RoleLead, UnitName: "卫健局", Status: event.TaskAccepted, Deadline: at(9)},
			{Role: event.RoleCo, UnitName: "派出所", Status: event.TaskSummoned, ReportDeadline: at(8)},
			{Role: event.RoleCo, UnitName: "社区", Status: event.TaskHandled, Deadline: at(7)},
		}}, at(8), "卫健局"},
		{"self handling", event.Event{Status: event.SelfHandling, GridName: "第一网格", Tasks: []event.Task{
			{Role: event.RoleSelf, Status: event.TaskAccepted, Deadline: at(10)}}}, at(10), "第一网格"},
		{"pending verify", event.Event{Status: event.PendingVerify, Deadline: at(11), Tasks: []event.Task{
			{Role: event.RoleLead, UnitName: "卫健局", Status: event.TaskHandled, Deadline: at(9)}}}, at(11), "卫健局"},
		{"suspended", event.Event{Status: event.Suspended, Deadline: at(5)}, nil, ""},
		{"closed", event.Event{Status: event.Closed, Deadline: at(5)}, nil, ""},
	}
	for _, c := range cases {
		got := expected(&c.e)
		if (got == nil) != (c.expected == nil) || got != nil && !got.Equal(*c.expected) {
			t.Errorf("%s: expected %v, want %v", c.name, got, c.expected)
		}
		if a := agency(&c.e); a != c.agency {
			t.Errorf("%s: agency %q, want %q", c.name, a, c.agency)
		}
	}
	if s := stamp(at(2)); s != "2026-11-23T10:00:00+08:00" {
		t.Errorf("stamp: %s", s)
	}
}
