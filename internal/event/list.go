package event

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/db"
)

// Filter selects events. Path must lie in the caller's scope (the HTTP
// layer narrows it with Regions.Within).
type Filter struct {
	Path     string
	Status   string
	Matter   string
	Source   string
	Overdue  bool
	From, To *time.Time // reported in [From, To)
	// Q: a case number (or its beginning, "SJ2026…"), else words of the
	// title or address
	Q string
	// Whistle: only events a whistle summoned departments to
	Whistle bool
	// Mine: only events with an open task the caller handles
	Mine bool
	// Reporter: only the events this user reported (a resident's own)
	Reporter string
	// ByDeadline orders by the most urgent open deadline (the event's own
	// stage or a task's; for Mine, the caller's own tasks'), events without
	// one last; else newest first
	ByDeadline bool
}

// number is a case number or its beginning.
var number = regexp.MustCompile(`^SJ\d{0,14}$`)

// everything is the condition that selects every row.
const everything = "1 = 1"

// openTasks are the task statuses with work still to do.
const openTasks = "t.status IN ('summoned', 'dispatched', 'accepted')"

// List is a page of the events the filter selects, newest first, and how
// many there are in all.
func (s *Service) List(ctx context.Context, caller *access.Principal, f Filter, offset, limit int) ([]Event, int, error) {
	q := s.listQuery(caller, f, s.now().UTC())
	var total int
	if err := s.db.QueryRow(ctx, q.count, q.countArgs...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("event: count: %w", err)
	}
	page, args := q.page(total, offset, limit)
	items, err := s.fetch(ctx, caller, page, args...)
	return items, total, err
}

// listSQL is what a list runs: the count of the events a filter selects,
// then a page of them, read the way the count says is cheapest.
type listSQL struct {
	count     string
	countArgs []any
	page      func(total, offset, limit int) (string, []any)
}

// listQuery is the SQL of the list of what f selects for the caller at now.
func (s *Service) listQuery(caller *access.Principal, f Filter, now time.Time) listSQL {
	where, args := s.where(caller, f, now)
	if f.Mine {
		return mineQuery(s.db.Dialect, caller, f, where, args)
	}
	count, countArgs, ok := tallied(scopeOf(caller, f), f, now)
	if !ok {
		count, countArgs = "SELECT COUNT(*) FROM events e"+s.ofReporter(f)+" WHERE "+where, args
	}
	order := "e.reported_at DESC, e.id DESC"
	if f.ByDeadline {
		order = "e.next_deadline IS NULL, e.next_deadline, " + order
	}
	return listSQL{count: count, countArgs: countArgs, page: func(total, offset, limit int) (string, []any) {
		return "SELECT " + eventCols + " FROM events e" + s.newestFirst(f, total) + " WHERE " + where +
			" ORDER BY " + order + " LIMIT ? OFFSET ?", append(slices.Clip(args), limit, offset)
	}}
}

// mineQuery is the SQL of the caller's own list (我的待办): their events,
// each with its most urgent own deadline (mine), joined to the events and
// the rest of the filter. Unfiltered, the total is counted off the tasks
// alone, and a page by deadline is cut from the tasks before any event is
// read — among equal deadlines the newest first by id (a UUIDv7: its time
// of filing).
func mineQuery(d db.Dialect, caller *access.Principal, f Filter, where string, args []any) listSQL {
	m, margs := mine(d, caller)
	from := "(" + m + ") m JOIN events e ON e.id = m.event_id"
	all := append(slices.Clip(margs), args...)
	q := listSQL{count: "SELECT COUNT(*) FROM " + from + " WHERE " + where, countArgs: all}
	if where == everything {
		q.count, q.countArgs = "SELECT COUNT(*) FROM ("+m+") m", margs
	}
	order := "e.reported_at DESC, e.id DESC"
	if f.ByDeadline {
		order = "m.due IS NULL, m.due, " + order
	}
	q.page = func(_, offset, limit int) (string, []any) {
		if f.ByDeadline && where == everything {
			const urgent = "m.due IS NULL, m.due, m.event_id DESC"
			return "SELECT " + eventCols + " FROM (SELECT m.event_id, m.due FROM (" + m + ") m ORDER BY " + urgent +
				" LIMIT ? OFFSET ?) m JOIN events e ON e.id = m.event_id ORDER BY " + urgent, append(slices.Clip(margs), limit, offset)
		}
		return "SELECT " + eventCols + " FROM " + from + " WHERE " + where + " ORDER BY " + order + " LIMIT ? OFFSET ?",
			append(slices.Clip(all), limit, offset)
	}
	return q
}

// fetch runs a query of eventCols and gives its events with their tasks,
// as the caller sees them.
func (s *Service) fetch(ctx context.Context, caller *access.Principal, query string, args ...any) ([]Event, error) {
	rows, err := s.db.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("event: list: %w", err)
	}
	var items []*Event
	var phones, ids []string
	for rows.Next() {
		e, phoneEnc, err := scanEvent(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("event: list: %w", err)
		}
		items, phones, ids = append(items, e), append(phones, phoneEnc), append(ids, e.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	tasks, err := s.tasksOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Event, len(items))
	for i, e := range items {
		e.Tasks = tasks[e.ID]
		if err := s.decorate(ctx, caller, e, phones[i]); err != nil {
			return nil, err
		}
		out[i] = *e
	}
	return out, nil
}

// newestFirst tells an engine that keeps no statistics of the values
// (SQLite, see db.Dialect.IndexedBy) which index gives a page newest first,
// where its planner would rather read every row the filter selects and sort
// them. It goes by the list's total, counted first:
//   - many cases of a region (Settings.ManyCases), with nothing narrower
//     asked for: events_newest, walked until twenty of the region's are
//     found (a township's are one in two hundred of the city's: four
//     thousand index entries, against reading and sorting its six thousand
//     rows);
//   - many overdue cases: events_running, likewise, without reading a row
//     it will not show.
//
// With few, the planner reads them off the region's index and sorts them;
// with a status or a matter it finds the index made for it. PostgreSQL
// needs no hint.
func (s *Service) newestFirst(f Filter, total int) string {
	if f.Reporter != "" {
		return s.ofReporter(f)
	}
	if f.ByDeadline || f.Status != "" || f.Matter != "" || f.Q != "" || total < s.set.ManyCases {
		return ""
	}
	if f.Overdue {
		return s.db.Dialect.IndexedBy("events_running")
	}
	return s.db.Dialect.IndexedBy("events_newest")
}

// ofReporter names the reporter's index for a list of one person's
// reports (a resident's 我的上报): SQLite would otherwise take the range of
// the caller's region, which for a resident reading their own is the whole
// city — 34 s over a million cases, against a few index entries.
func (s *Service) ofReporter(f Filter) string {
	if f.Reporter == "" {
		return ""
	}
	return s.db.Dialect.IndexedBy("events_reporter")
}

// mine is the events waiting for the caller (awaiting: their unit's open
// tasks and their grids' own, a centre's reports to register, a grid's
// cases to verify), each once with the earliest of its deadlines (a
// summoned unit's is its report-in) as due. It is read once, ahead of the
// events: a condition or an order on the outer event that looked into the
// tasks again for each event made SQLite walk the unit's open tasks once per
// event (a street office's 500 open tasks: 6.7 s for a page).
func mine(d db.Dialect, caller *access.Principal) (string, []any) {
	q, args := awaiting(d, caller)
	return "SELECT event_id, MIN(due) AS due FROM (" + q + ") own GROUP BY event_id", args
}

// ownsGrids is whether the caller handles the own (self) tasks of the
// grids under them: a grid worker of a village or a grid.
func ownsGrids(caller *access.Principal) bool {
	return caller.Scope().Level() >= access.Village && caller.Can("event:handle")
}

// whistled is the condition that a whistle summoned departments to the
// event, found off the whistled tasks (event_tasks_whistled) — those
// created since from, when the list starts there (as the board's does): a
// task is created after its event is reported. Looking into the tasks of
// every event in scope instead took seconds for a county's board at a
// million events.
func whistled(from *time.Time) (string, []any) {
	q := "SELECT t.event_id FROM event_tasks t WHERE t.report_deadline IS NOT NULL"
	if from == nil {
		return "e.id IN (" + q + ")", nil
	}
	return "e.id IN (" + q + " AND t.created_at >= ?)", []any{*from}
}

// scopeOf is the subtree a list looks in: the filter's region inside the
// caller's scope, else the whole scope.
func scopeOf(caller *access.Principal, f Filter) string {
	if f.Path != "" && caller.Scope().Covers(f.Path) {
		return f.Path
	}
	return caller.RegionPath
}

// searched is the condition of a search for q: a case number or its
// beginning, else words of the title or the address, or (for the inbox)
// the matters whose names hold them.
func searched(q string, matters []string) (string, []any) {
	if number.MatchString(strings.ToUpper(q)) {
		q = strings.ToUpper(q)
		return "e.number >= ? AND e.number < ?", []any{q, q + "~"}
	}
	c, args := db.Contains(q, "e.title", "e.address")
	if len(matters) == 0 {
		return c, args
	}
	for _, m := range matters {
		args = append(args, m)
	}
	return "(" + c + " OR e.matter_code IN (" + strings.TrimSuffix(strings.Repeat("?,", len(matters)), ",") + "))", args
}

// where is the list's condition: the caller's scope (or, for Mine, their
// open tasks) and the filters.
func (s *Service) where(caller *access.Principal, f Filter, now time.Time) (string, []any) {
	var conds []string
	var args []any
	add := func(c string, a ...any) { conds, args = append(conds, c), append(args, a...) }
	addAll := func(c string, a []any) { add(c, a...) }
	if f.Mine { // joined in by mineQuery
		if f.Path != "" {
			addAll(access.Scope(f.Path).Subtree("e.region_path"))
		}
	} else {
		addAll(access.Scope(scopeOf(caller, f)).Subtree("e.region_path"))
	}
	if f.Status != "" {
		add("e.status = ?", f.Status)
	}
	if f.Matter != "" {
		add("e.matter_code = ?", f.Matter)
	}
	if f.Source != "" {
		add("e.source = ?", f.Source)
	}
	if f.Reporter != "" {
		add("e.reporter_id = ?", f.Reporter)
	}
	if f.From != nil {
		add("e.reported_at >= ?", *f.From)
	}
	if f.To != nil {
		add("e.reported_at < ?", *f.To)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		addAll(searched(q, nil))
	}
	if f.Whistle {
		addAll(whistled(f.From))
	}
	if f.Overdue {
		add("e.next_deadline < ?", now)
	}
	if len(conds) == 0 {
		return everything, nil
	}
	return strings.Join(conds, " AND "), args
}
