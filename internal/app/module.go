package app

import (
	"healthgrid/internal/bus"
	"healthgrid/internal/httpx"
	"healthgrid/internal/jobs"
)

// The module contract. A module is one package under internal/ whose service
// wire builds, with everything it needs in one Deps argument, and lists in
// modules. What the module does for the platform it says by implementing the
// interfaces below; plug walks the list and plugs in each one it finds.
// Adding a module is its folder, its constructor line in wire, its line in
// modules, and an adapter (adapters.go) only where it needs another module.
// docs/architecture.md works an example through.

// Router is a module with HTTP routes, each registered with httpx.Register
// (its access level is the permission matrix's row).
type Router interface {
	Routes(r *httpx.Router)
}

// Worker is a module with background work: it registers its River workers
// and periodic jobs on the queue, which runs them once the app serves.
type Worker interface {
	Jobs(q *jobs.Queue)
}

// Cleaner is a module whose rows expire (sessions and one-time codes, import
// reports, unlinked uploads, API-key failures that no longer count): the one cleanup job, at
// start and every ten minutes, deletes them.
type Cleaner = jobs.Cleaner

// Follower is a module that keeps in-memory copies of its tables (the grid
// locate index, the matter catalogue, the work calendar): each is reloaded
// when another instance says, over the bus, that it changed.
type Follower interface {
	Caches() []*bus.Cache
}

// modules are the platform's modules in the order their routes are
// registered and their jobs and cleaners run.
func (a *App) modules() []any {
	return []any{
		a.Meta,
		a.Auth,
		a.Regions,
		a.Units,
		a.People,
		a.Grids,
		a.Imports,
		a.Matters,
		a.Calendar,
		a.Events,
		a.Files,
		a.Notify,
		a.Notices,
		a.Bookings,
		a.Visits,
		a.Citizens,
		a.Epidemic,
		a.Venues,
		a.Trace,
		a.Chains,
		a.Warning,
		a.RiskAreas,
		a.Vaccines,
		a.Inbox,
		a.Audit,
		a.APIKeys,
		a.Retries,
	}
}

// plug plugs each module in by the interfaces it implements, and gives the
// caches the followers keep.
func (a *App) plug(modules ...any) (caches []*bus.Cache) {
	var cleaners []jobs.Cleaner
	for _, m := range modules {
		if f, ok := m.(Follower); ok {
			caches = append(caches, f.Caches()...)
		}
		if r, ok := m.(Router); ok {
			r.Routes(a.Router)
		}
		if w, ok := m.(Worker); ok {
			w.Jobs(a.Jobs)
		}
		if c, ok := m.(Cleaner); ok {
			cleaners = append(cleaners, c)
		}
	}
	a.Jobs.Cleanup(a.Log, cleaners...)
	return caches
}
