package event_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/auth"
	"healthgrid/internal/calendar"
	"healthgrid/internal/db"
	"healthgrid/internal/event"
	"healthgrid/internal/org"
	"healthgrid/internal/quota"
	"healthgrid/internal/testkit"
	"healthgrid/internal/testkit/testcity"
)

// The test city: one county with a township, a village and two grids, and a
// second county.
const (
	city     = "140900000000/"
	county   = "140900000000/140902000000/"
	township = "140900000000/140902000000/140902001000/"
	village  = "140900000000/140902000000/140902001000/140902001002/"
	grid1    = testcity.Grid1
	grid2    = testcity.Grid2
	dxGrid   = testcity.DXGrid
)

// matters is a catalogue in memory: the workflow only reads it.
type matters map[string]event.Matter

func (m matters) Matter(_ context.Context, code string) (event.Matter, error) {
	if x, ok := m[code]; ok {
		return x, nil
	}
	return event.Matter{}, fmt.Errorf("matter %s: %w", code, apperr.ErrNotFound)
}

func (m matters) Named(_ context.Context, q string) ([]string, error) {
	var out []string
	for code, x := range m {
		if strings.Contains(x.Name, q) {
			out = append(out, code)
		}
	}
	return out, nil
}

// hours is a calendar where every hour counts: deadline arithmetic is the
// calendar's to test; here it only has to be consistent.
type hours struct{}

func (hours) Deadline(_ context.Context, from time.Time, l calendar.Limit) (time.Time, error) {
	if l.Unit == calendar.WorkingHours {
		return from.Add(time.Duration(l.Amount) * time.Hour), nil
	}
	return from.AddDate(0, 0, l.Amount), nil
}

func (hours) Span(_ context.Context, from, to time.Time, _ calendar.Unit) (time.Duration, error) {
	return to.Sub(from), nil
}

func (hours) Add(_ context.Context, from time.Time, d time.Duration, _ calendar.Unit) (time.Time, error) {
	return from.Add(d), nil
}

var catalogue = matters{
	"HJWS-01": {Code: "HJWS-01", Name: "环境卫生", Enabled: true, SelfHandle: true, Priority: event.Normal,
		Dispatch: calendar.Limit{Amount: 2, Unit: calendar.WorkingHours}, Handle: calendar.Limit{Amount: 3, Unit: calendar.WorkingDays},
		Verify: calendar.Limit{Amount: 1, Unit: calendar.WorkingDays},
		Routes: map[string]event.Route{"township": {Lead: "street_office", Co: []string{"community_committee"}}}},
	"CRB-01": {Code: "CRB-01", Name: "传染病疫情线索", Enabled: true, Priority: event.Urgent,
		Dispatch: calendar.Limit{Amount: 1, Unit: calendar.WorkingHours}, Handle: calendar.Limit{Amount: 4, Unit: calendar.WorkingHours},
		Verify: calendar.Limit{Amount: 1, Unit: calendar.WorkingDays}},
	"OLD-01": {Code: "OLD-01", Name: "停用事项", Priority: event.Normal},
}

// env is an event service on a fresh database with the test city, its units
// and one principal per part people play.
type env struct {
	s     *event.Service
	deps  event.Deps // s's, for a test that builds another
	clock *testkit.Clock
	units map[string]string // unit ids by key
	// the township centre, the county centre, the grid worker (who
	// reports), a CDC handler, a street-office handler, a leader, and a
	// dispatcher of the other county
	centre, countyCentre, grid, cdc, street, leader, other *access.Principal
}

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	tc := testcity.New(t, d)
	clock, al, regions, c := tc.Clock, tc.Audit, tc.Regions, tc.PII
	units := org.New(org.Deps{DB: d, Audit: al, Regions: regions, Now: clock.Now})
	ids := map[string]string{}
	for key, in := range map[string]org.Input{
		"cdc":       {Name: "忻府区疾控中心", Type: "cdc", RegionCode: "140902000000"},
		"street":    {Name: "秀容街道办事处", Type: "street_office", RegionCode: "140902001000"},
		"committee": {Name: "东大街社区居委会", Type: "community_committee", RegionCode: "140902001002"},
		"dxcdc":     {Name: "定襄县疾控中心", Type: "cdc", RegionCode: "140921000000"},
	} {
		u, err := units.Create(ctx, city, in)
		if err != nil {
			t.Fatal(err)
		}
		ids[key] = u.ID
	}
	who := func(name, path, unit string, roles ...string) *access.Principal {
		return &access.Principal{UserID: "u-" + name, Username: name, Name: name, Roles: roles,
			Perms: auth.PermissionsOf(roles), RegionPath: path, UnitID: ids[unit]}
	}
	deps := event.Deps{DB: d, Audit: al, PII: c, Matters: catalogue, Calendar: hours{}, Regions: regions, Units: units,
		Now: clock.Now, Reveals: quota.Limit{Counter: quota.New(d, clock.Now), Kind: quota.Reveal, Per: 100,
			Message: quota.TooManyReveals}}
	return &env{s: event.New(deps), deps: deps, clock: clock, units: ids,
		centre:       who("street-centre", township, "street", "dispatcher"),
		countyCentre: who("county-centre", county, "", "dispatcher"),
		grid:         who("grid", village+grid1+"/", "committee", "grid_worker"),
		cdc:          who("cdc", county, "cdc", "dept_handler"),
		street:       who("street-handler", township, "street", "dept_handler"),
		leader:       who("leader", county, "", "leader"),
		other:        who("dingxiang", "140900000000/140921000000/", "dxcdc", "dispatcher", "dept_handler"),
	}
}

func eachEnv(t *testing.T, fn func(t *testing.T, e *env)) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) { fn(t, newEnv(t, d)) })
}

// report files an event in grid1 as the grid worker.
func (e *env) report(t testing.TB, matter string) event.Event {
	t.Helper()
	lng, lat := 112.705, 38.405
	ev, err := e.s.Create(context.Background(), e.grid, event.Input{Source: "grid_worker", MatterCode: matter,
		Title: "垃圾堆放", Description: "小区门口垃圾堆放三天未清运", Lng: &lng, Lat: &lat})
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// do takes an action and fails the test on error.
func (e *env) do(t testing.TB, p *access.Principal, id string, in event.ActionInput) event.Event {
	t.Helper()
	ev, err := e.s.Act(context.Background(), p, id, in)
	if err != nil {
		t.Fatalf("%s by %s: %v", in.Action, p.Username, err)
	}
	return ev
}
