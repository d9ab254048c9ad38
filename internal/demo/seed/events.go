package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/auth"
	"healthgrid/internal/event"
	"healthgrid/internal/matter"
)

// demoEvents is how many events the demo city's last 90 days hold.
const demoEvents = 5000

// seedEvents files the demo's events and walks each through the real
// workflow with a clock set in the past, so that every state, every
// timeline and every late or returned case is one the rules produce. A
// story stops where the clock would pass now: recent events stay open.
// Events go in transactions of a hundred, after the city's own: a demo cut
// short holds fewer events, never half of one.
func (a platform) seedEvents(ctx context.Context, now time.Time) error {
	g, err := a.newEventSeeder(ctx, now)
	if err != nil {
		return err
	}
	const chunk = 100
	for lo := 0; lo < demoEvents; lo += chunk {
		err := a.DB.InTx(ctx, func(ctx context.Context) error {
			for i := lo; i < min(lo+chunk, demoEvents); i++ {
				if err := g.one(ctx, i); err != nil {
					return fmt.Errorf("seed event %d: %w", i, err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if err := a.Notify.ReadBefore(ctx, now.Add(-demoInboxUnread)); err != nil {
		return err
	}
	// The warnings the story's clocks are due — what a platform that had
	// been running all along would have given — as history, heard of by no one.
	_, err = a.Events.WithObserver(nil).Sweep(ctx)
	return err
}

type eventSeeder struct {
	a       platform
	rnd     *rand.Rand
	now     time.Time
	clock   time.Time
	events  *event.Service
	matters []matter.Matter
	grids   []string          // every grid, and the demo accounts' own more often
	paths   map[string]string // grid code → path
	users   map[string]*access.Principal
	names   map[string]string // region code → name
	last    map[string]string // township path → its latest open event, to merge into
}

func (a platform) newEventSeeder(ctx context.Context, now time.Time) (*eventSeeder, error) {
	enabled := true
	ms, err := a.Matters.List(ctx, matter.Filter{Enabled: &enabled})
	if err != nil {
		return nil, err
	}
	grids, err := GridCodes(ctx, a.App)
	if err != nil {
		return nil, err
	}
	g := &eventSeeder{a: a, rnd: rand.New(rand.NewPCG(demoSeed, 4)), now: now, matters: ms, grids: grids,
		paths: map[string]string{}, users: map[string]*access.Principal{}, names: map[string]string{}, last: map[string]string{}}
	g.events = StoryEvents(a.App, now).WithClock(func() time.Time { return g.clock })
	rows, err := a.DB.Query(ctx, "SELECT code, name, path FROM regions")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var code, name, path string
		if err := rows.Scan(&code, &name, &path); err != nil {
			return nil, err
		}
		g.names[code], g.paths[code] = name, path
	}
	for _, d := range Accounts {
		var id, unit string
		if err := a.DB.QueryRow(ctx, "SELECT id, COALESCE(unit_id, '') FROM users WHERE username = ?", d.Username).Scan(&id, &unit); err != nil {
			return nil, fmt.Errorf("demo account %s: %w", d.Username, err)
		}
		g.users[d.Username] = &access.Principal{UserID: id, Username: d.Username, Name: d.Name, Roles: d.Roles,
			Perms: auth.PermissionsOf(d.Roles), RegionPath: g.paths[d.Region], UnitID: unit}
	}
	return g, rows.Err()
}

// pick chooses where the next event happens: a quarter in 秀容街道 (a fifth
// of those in the grid worker's own grid), a quarter elsewhere in 忻府区.
func (g *eventSeeder) pick() string {
	home := g.users["grid"].RegionPath
	switch r := g.rnd.Float64(); {
	case r < 0.05:
		return access.Scope(home).Code()
	case r < 0.25:
		return g.within(g.users["street"].RegionPath)
	case r < 0.5:
		return g.within(g.users["xinfu"].RegionPath)
	}
	return g.grids[g.rnd.IntN(len(g.grids))]
}

func (g *eventSeeder) within(path string) string {
	for {
		if c := g.grids[g.rnd.IntN(len(g.grids))]; strings.HasPrefix(g.paths[c], path) {
			return c
		}
	}
}

// centre is the principal of the centre of a path (a township or county):
// the demo account where there is one.
func (g *eventSeeder) centre(path string) *access.Principal {
	for _, u := range []string{"street", "xinfu", "dingxiang"} {
		if g.users[u].RegionPath == path {
			return g.users[u]
		}
	}
	roles := []string{"dispatcher"}
	return &access.Principal{Name: g.names[access.Scope(path).Code()] + "网格化服务管理中心", Roles: roles, Perms: auth.PermissionsOf(roles), RegionPath: path}
}

// worker is the grid worker of a grid.
func (g *eventSeeder) worker(grid string) *access.Principal {
	if u := g.users["grid"]; access.Scope(u.RegionPath).Code() == grid {
		return u
	}
	roles := []string{"grid_worker"}
	return &access.Principal{Name: g.names[grid] + "网格员", Roles: roles, Perms: auth.PermissionsOf(roles), RegionPath: g.paths[grid]}
}

// handler is a clerk of the unit a task of an event in grid went to.
func (g *eventSeeder) handler(t event.Task, grid string) *access.Principal {
	if u := g.users["cdc"]; u.UnitID == t.UnitID {
		return u
	}
	roles := []string{"dept_handler"}
	return &access.Principal{Name: t.UnitName, Roles: roles, Perms: auth.PermissionsOf(roles), RegionPath: g.paths[grid], UnitID: t.UnitID}
}

// wait moves the clock on by between lo and hi; false when that passes now.
func (g *eventSeeder) wait(lo, hi time.Duration) bool {
	g.clock = g.clock.Add(lo + time.Duration(g.rnd.Int64N(int64(hi-lo)+1)))
	return g.clock.Before(g.now)
}
