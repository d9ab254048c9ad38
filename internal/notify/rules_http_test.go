package notify_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/auth"
	"healthgrid/internal/demo/seed"
	"healthgrid/internal/event"
	"healthgrid/internal/testkit"
)

// notifyCity is the test city with the people notifications are about:
// two dispatchers of the grid's township (its centre), a CDC clerk, a
// second worker in the fixture's grid and one in the next grid, besides
// the fixture users (the county's dispatcher and region_admin, other_admin
// in the other county, the city's admin).
type notifyCity struct {
	t       *testing.T
	e       *apptest.Env
	ids     map[string]string // username → id
	phones  map[string]string
	clients map[string]*testkit.Client
	cdc     string // the CDC unit of the home county
}

func newNotifyCity(t *testing.T, e *apptest.Env) *notifyCity {
	t.Helper()
	c := &notifyCity{t: t, e: e, ids: map[string]string{}, phones: map[string]string{}, clients: map[string]*testkit.Client{},
		cdc: e.City.Units["cdc:"+apptest.Home]}
	for name, id := range e.City.Users {
		c.ids[name] = id
	}
	for _, u := range []struct{ name, region, role, unit string }{
		{"town1", apptest.HomeTownship, "dispatcher", ""},
		{"town2", apptest.HomeTownship, "dispatcher", ""},
		{"cdc1", apptest.Home, "dept_handler", c.cdc},
		{"gw2", apptest.HomeGrid, "grid_worker", ""},
		{"gwnext", "140902001002002", "grid_worker", ""},
	} {
		phone := apptest.Phone(e.Unique())
		got, err := e.App.Auth.CreateUser(context.Background(), e.System(t), auth.UserInput{Username: u.name, Name: u.name,
			Phone: &phone, Roles: []string{u.role}, RegionCode: u.region, UnitID: u.unit, Password: apptest.Password}, true)
		if err != nil {
			t.Fatal(err)
		}
		c.ids[u.name], c.phones[u.name] = got.ID, phone
	}
	return c
}

func (c *notifyCity) as(username string) *testkit.Client {
	if c.clients[username] == nil {
		c.clients[username] = c.e.Login(c.t, username)
	}
	return c.clients[username]
}

// report files a problem in the fixture's grid as username.
func (c *notifyCity) report(username string, extra ...string) string {
	c.t.Helper()
	in := map[string]any{"source": "grid_worker", "matter_code": "HJWS-01", "title": "楼道堆放垃圾", "grid_code": apptest.HomeGrid}
	for i := 0; i+1 < len(extra); i += 2 {
		in[extra[i]] = extra[i+1]
	}
	status, b := c.as(username).Do("POST", "/api/v1/events", in)
	if status != http.StatusCreated {
		c.t.Fatalf("report as %s: %d %s", username, status, b)
	}
	return b.Str("id")
}

// act takes an action as username and returns the event.
func (c *notifyCity) act(username, id string, in map[string]any) testkit.Body {
	c.t.Helper()
	status, b := c.as(username).Do("POST", "/api/v1/events/"+id+"/actions", in)
	if status != http.StatusOK {
		c.t.Fatalf("%v as %s: %d %s", in, username, status, b)
	}
	return b
}

// dispatched is a case the grid worker reported, dispatched by the centre
// to the CDC (and co-handlers), with the CDC's task.
func (c *notifyCity) dispatched(co ...string) (id, task string) {
	id = c.report("grid_worker")
	c.act("town1", id, map[string]any{"action": "register"})
	b := c.act("town1", id, map[string]any{"action": "dispatch", "lead_unit_id": c.cdc, "co_unit_ids": co})
	return id, b.Str("tasks.0.id")
}

// accepted is dispatched with the CDC's task signed for.
func (c *notifyCity) accepted() (id, task string) {
	id, task = c.dispatched()
	c.act("cdc1", id, map[string]any{"action": "accept", "task_id": task})
	return id, task
}

// handled is accepted with the CDC's feedback in: waiting for verification.
func (c *notifyCity) handled() (id, task string) {
	id, task = c.accepted()
	c.act("cdc1", id, map[string]any{"action": "handle", "task_id": task, "comment": "已处置"})
	return id, task
}

// got are the users told of the event by notifications of kind (""
// any), sorted.
func (c *notifyCity) got(id, kind string, title ...string) []string {
	c.t.Helper()
	q := "SELECT u.username FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.event_id = ?"
	args := []any{id}
	if kind != "" {
		q, args = q+" AND n.kind = ?", append(args, kind)
	}
	if len(title) > 0 {
		q, args = q+" AND n.title = ?", append(args, title[0])
	}
	rows, err := c.e.App.DB.Query(context.Background(), q+" ORDER BY u.username", args...)
	if err != nil {
		c.t.Fatal(err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			c.t.Fatal(err)
		}
		out = append(out, name)
	}
	return out
}

// TestNotifyRules: for each action, exactly the users concerned hear of it —
// never its actor, never anyone outside the case (the other county, the
// city above the centre, the next grid).
func TestNotifyRules(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := newNotifyCity(t, e)
		commission := e.City.Units["health_commission:"+apptest.Home]
		// the commission's users who handle tasks (not the leader, dispatcher or partner)
		handlers := []string{"dept_handler", "epidemic_officer", "health_staff", "region_admin", "sysadmin"}
		cases := []struct {
			name string
			run  func() (id, kind string)
			want []string
		}{
			{"report: the township's centre, not the county above", func() (string, string) {
				return c.report("grid_worker"), "report"
			}, []string{"town1", "town2"}},
			{"report by a dispatcher of the centre: the other one", func() (string, string) {
				return c.report("town1"), "report"
			}, []string{"town2"}},
			{"register: nobody", func() (string, string) {
				id := c.report("grid_worker")
				c.act("town1", id, map[string]any{"action": "register"})
				return id, "register"
			}, nil},
			{"reject: the reporter", func() (string, string) {
				id := c.report("grid_worker")
				c.act("town2", id, map[string]any{"action": "reject", "comment": "非卫生健康事项"})
				return id, "reject"
			}, []string{"grid_worker"}},
			{"escalate: the centre above", func() (string, string) {
				id := c.report("grid_worker")
				c.act("town1", id, map[string]any{"action": "escalate", "comment": "需区县统筹"})
				return id, "escalate"
			}, []string{"dispatcher", "region_admin", "sysadmin"}},
			{"dispatch: the unit's handlers", func() (string, string) {
				id, _ := c.dispatched()
				return id, "dispatch"
			}, []string{"cdc1"}},
			{"whistle by the grid's worker: every unit summoned", func() (string, string) {
				id := c.report("grid_worker")
				c.act("town1", id, map[string]any{"action": "register"})
				by := e.Clock.Now().Add(4 * time.Hour).Format(time.RFC3339)
				c.act("grid_worker", id, map[string]any{"action": "whistle", "unit_ids": []string{c.cdc, commission},
					"deadline": by, "comment": "请报到"})
				return id, "whistle"
			}, append([]string{"cdc1"}, handlers...)},
			{"return: the centre", func() (string, string) {
				id, task := c.dispatched()
				c.act("cdc1", id, map[string]any{"action": "return", "task_id": task, "comment": "非我职责"})
				return id, "return"
			}, []string{"town1", "town2"}},
			{"extension asked: the centre", func() (string, string) {
				id, task := c.accepted()
				later := e.Clock.Now().Add(30 * 24 * time.Hour).Format(time.RFC3339)
				c.act("cdc1", id, map[string]any{"action": "extend", "task_id": task, "deadline": later, "comment": "等检测结果"})
				return id, "extend"
			}, []string{"town1", "town2"}},
			{"extension approved: the unit", func() (string, string) {
				id, task := c.accepted()
				later := e.Clock.Now().Add(30 * 24 * time.Hour).Format(time.RFC3339)
				c.act("cdc1", id, map[string]any{"action": "extend", "task_id": task, "deadline": later, "comment": "等检测结果"})
				c.act("town1", id, map[string]any{"action": "approve_extension", "task_id": task})
				return id, "approve_extension"
			}, []string{"cdc1"}},
			{"handled while a co-handler is still on it: nobody", func() (string, string) {
				id, task := c.dispatched(commission)
				c.act("cdc1", id, map[string]any{"action": "accept", "task_id": task})
				c.act("cdc1", id, map[string]any{"action": "handle", "task_id": task, "comment": "已处置"})
				return id, "handle"
			}, nil},
			{"all handled: the grid's workers (the reporter among them)", func() (string, string) {
				id, _ := c.handled()
				return id, "handle"
			}, []string{"grid_worker", "gw2"}},
			{"closed: the reporter and every reporter merged into it", func() (string, string) {
				id := c.report("grid_worker")
				dup := c.report("gw2")
				c.act("town1", dup, map[string]any{"action": "merge", "into_event_id": id, "comment": "同一问题"})
				c.act("town1", id, map[string]any{"action": "register"})
				b := c.act("town1", id, map[string]any{"action": "dispatch", "lead_unit_id": c.cdc})
				task := b.Str("tasks.0.id")
				c.act("cdc1", id, map[string]any{"action": "accept", "task_id": task})
				c.act("cdc1", id, map[string]any{"action": "handle", "task_id": task, "comment": "已处置"})
				c.act("town2", id, map[string]any{"action": "verify", "comment": "已整改"})
				if got := c.got(dup, "merge"); !slices.Equal(got, []string{"gw2"}) {
					t.Errorf("merge: %v, want the merged report's reporter", got)
				}
				return id, "verify"
			}, []string{"grid_worker", "gw2"}},
			{"reopen: the unit", func() (string, string) {
				id, task := c.handled()
				c.act("grid_worker", id, map[string]any{"action": "reopen", "task_id": task, "comment": "仍有垃圾"})
				return id, "reopen"
			}, []string{"cdc1"}},
			{"supervise: the units on it and the centre", func() (string, string) {
				id, _ := c.dispatched()
				c.act("leader", id, map[string]any{"action": "supervise", "comment": "尽快办理"})
				return id, "supervise"
			}, []string{"cdc1", "town1", "town2"}},
			{"suspend: the units on it", func() (string, string) {
				id, _ := c.dispatched()
				c.act("town2", id, map[string]any{"action": "suspend", "comment": "待联合执法"})
				return id, "suspend"
			}, []string{"cdc1"}},
		}
		var told []string // everyone told of anything in these cases
		for _, tc := range cases {
			id, kind := tc.run()
			if got := c.got(id, kind); !slices.Equal(got, append([]string{}, tc.want...)) {
				t.Errorf("%s: told %v, want %v", tc.name, got, tc.want)
			}
			told = append(told, c.got(id, "")...)
		}
		for _, never := range []string{"other_admin", "admin", "gwnext", "leader"} {
			if slices.Contains(told, never) {
				t.Errorf("%s, outside every case, was told of one", never)
			}
		}
	})
}

// TestNotifySLA: a task at 80 % of its limit warns its unit; overdue, the
// unit and the centre above, to which the automatic 督办 went.
func TestNotifySLA(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := newNotifyCity(t, e)
		ctx := context.Background()
		id, _ := c.dispatched()
		task := apptest.SoleTask(t, e.App, id)
		e.Clock.Set(e.IntoLimit(t, task, 85))
		if _, err := e.App.Events.Sweep(ctx); err != nil {
			t.Fatal(err)
		}
		if got := c.got(id, "sla_warning"); !slices.Equal(got, []string{"cdc1"}) {
			t.Errorf("at 85 %%: told %v, want the CDC", got)
		}
		e.Clock.Set(task.Deadline.Add(time.Minute))
		if _, err := e.App.Events.Sweep(ctx); err != nil {
			t.Fatal(err)
		}
		want := []string{"cdc1", "dispatcher", "region_admin", "sysadmin"}
		if got := c.got(id, "sla_warning", "任务已超期，系统已自动督办"); !slices.Equal(got, want) {
			t.Errorf("overdue: told %v, want %v", got, want)
		}
	})
}

// TestNotifySMS: an urgent case also texts the users concerned who have a
// phone, through the platform's sender; a normal one does not; a gateway
// that fails is recorded on the notification and never fails the action.
func TestNotifySMS(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := newNotifyCity(t, e)
		ctx := context.Background()
		urgent := c.report("grid_worker", "priority", "urgent", "title", "多名儿童发热")
		e.App.Notify.Shutdown(ctx) // the SMS go out in the background: wait for them
		texts := e.SMS.Texts(c.phones["town1"])
		if len(texts) != 1 || !strings.Contains(texts[0], "新事件待受理") || !strings.Contains(texts[0], "多名儿童发热") {
			t.Fatalf("urgent report: texts to the centre %q", texts)
		}
		if got := smsStatus(t, c, urgent); !slices.Equal(got, []string{"sent", "sent"}) {
			t.Errorf("urgent report: sms status %v", got)
		}
		normal := c.report("grid_worker")
		e.App.Notify.Shutdown(ctx)
		if n := len(e.SMS.Texts(c.phones["town2"])); n != 1 {
			t.Errorf("after a normal report town2 has %d texts, want the urgent one alone", n)
		}
		if got := smsStatus(t, c, normal); !slices.Equal(got, []string{"", ""}) {
			t.Errorf("normal report: sms status %v", got)
		}

		e.SMS.FailWith(errors.New("gateway down"))
		down := c.report("grid_worker", "priority", "urgent")
		e.App.Notify.Shutdown(ctx)
		e.SMS.FailWith(nil)
		if got := smsStatus(t, c, down); !slices.Equal(got, []string{"failed", "failed"}) {
			t.Errorf("gateway down: sms status %v", got)
		}
		if got := c.got(down, "report"); !slices.Equal(got, []string{"town1", "town2"}) {
			t.Errorf("gateway down: the inbox still has it: %v", got)
		}
	})
}

func smsStatus(t *testing.T, c *notifyCity, id string) []string {
	t.Helper()
	rows, err := c.e.App.DB.Query(context.Background(), "SELECT sms_status FROM notifications WHERE event_id = ? ORDER BY sms_status", id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// TestNotifyStory: the demo seed's story reaches no inbox with what is
// history, and the last days' changes reach inboxes quietly — never an
// SMS, even for an urgent case.
func TestNotifyStory(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := newNotifyCity(t, e)
		ctx, now := context.Background(), e.Clock.Now()
		clock := testkit.NewClock(now.Add(-10 * 24 * time.Hour))
		story := seed.StoryEvents(e.App, now).WithClock(clock.Now)
		in := event.Input{Source: "grid_worker", MatterCode: "HJWS-01", Title: "旧事", GridCode: apptest.HomeGrid, Priority: event.Urgent}
		old, err := story.Report(ctx, e.System(t), in)
		if err != nil {
			t.Fatal(err)
		}
		clock.Set(now.Add(-time.Hour))
		recent, err := story.Report(ctx, e.System(t), in)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.got(old, "report"); len(got) != 0 {
			t.Errorf("a case ten days old told %v", got)
		}
		if got := c.got(recent, "report"); !slices.Equal(got, []string{"town1", "town2"}) {
			t.Errorf("a case an hour old told %v", got)
		}
		e.App.Notify.Shutdown(ctx)
		if texts := e.SMS.Texts(c.phones["town1"]); len(texts) != 0 {
			t.Errorf("the story sent texts %q", texts)
		}
	})
}
