package event

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"healthgrid/internal/access"
)

// smallSample is the number of due cases below which a group's rates say
// little: such rows are marked, and a ranking should not be read into them.
const smallSample = 10

// Indicators are the workflow's figures for one group of events (the
// digital city-management evaluation of GB/T 30428 and CJ/T 214, for health
// work). Rates are null when their denominator is zero.
type Indicators struct {
	Reports      int `json:"reports" doc:"events reported, the ones merged into another included: the demand"`
	Cases        int `json:"cases" doc:"reports less those merged into another: each case counted once"`
	Registered   int `json:"registered" doc:"cases registered (立案), self-handled ones included"`
	Due          int `json:"due" doc:"registered cases less those suspended now"`
	Closed       int `json:"closed"`
	ClosedOnTime int `json:"closed_on_time" doc:"closed, no task handled late and verified in time"`
	Overdue      int `json:"overdue" doc:"cases late at some stage, open ones overdue now included"`
	Tasks        int `json:"tasks" doc:"tasks given to departments or the grid"`
	TasksDue     int `json:"tasks_due" doc:"tasks handled, or still open past their deadline"`
	TasksOnTime  int `json:"tasks_on_time" doc:"tasks handled by their deadline"`
	Returned     int `json:"returned" doc:"tasks returned as not the unit's job (回退)"`
	Verified     int `json:"verified" doc:"cases that reached verification"`
	Reopened     int `json:"reopened" doc:"cases sent back for rework at least once (返工)"`
	Summoned     int `json:"summoned" doc:"units summoned by a whistle (吹哨)"`
	ReportedIn   int `json:"reported_in" doc:"summoned units that reported in by the deadline (报到)"`
	Rated        int `json:"rated"`

	RegisterRate     *float64 `json:"register_rate" doc:"立案率 = registered ÷ cases"`
	HandleOnTimeRate *float64 `json:"handle_on_time_rate" doc:"按期处置率 = tasks on time ÷ tasks due"`
	CloseRate        *float64 `json:"close_rate" doc:"结案率 = closed ÷ (registered − suspended)"`
	CloseOnTimeRate  *float64 `json:"close_on_time_rate" doc:"按期结案率 = closed on time ÷ (registered − suspended)"`
	ReworkRate       *float64 `json:"rework_rate" doc:"返工率 = reopened ÷ verified"`
	ReturnRate       *float64 `json:"return_rate" doc:"回退率 = returned ÷ tasks"`
	OverdueRate      *float64 `json:"overdue_rate" doc:"超期率 = overdue (open ones included) ÷ (registered − suspended)"`
	ReportInRate     *float64 `json:"report_in_rate" doc:"报到率 = reported in on time ÷ summoned"`
	Satisfaction     *float64 `json:"satisfaction" doc:"mean rating, 1–5"`

	Stages      []StageTime `json:"stages" doc:"hours spent per stage: register, dispatch, handle, verify"`
	SmallSample bool        `json:"small_sample" doc:"fewer than 10 due cases: not enough to rank"`

	ratingSum int
	hours     map[string][]float64
}

// StageTime is how long one stage took, in hours of wall-clock time.
type StageTime struct {
	Stage  string  `json:"stage" enum:"register,dispatch,handle,verify"`
	N      int     `json:"n"`
	Mean   float64 `json:"mean"`
	Median float64 `json:"median"`
}

// StatsRow is the indicators of one region, unit or matter.
type StatsRow struct {
	Key  string `json:"key" doc:"region code, unit id or matter code"`
	Name string `json:"name"`
	Indicators
}

// Stats are the indicators of a period, in all and by group.
type Stats struct {
	By    string     `json:"by" enum:"region,unit,matter"`
	From  string     `json:"from"`
	To    string     `json:"to"`
	Total Indicators `json:"total"`
	Rows  []StatsRow `json:"rows"`
}

// statEvent is what the indicators read of an event and its tasks.
type statEvent struct {
	e     Event
	tasks []Task
}

// Stats computes the indicators of the events reported in [from, to) in
// path (within the caller's scope), grouped by region (the children of
// path), unit (each unit that had a task) or matter.
func (s *Service) Stats(ctx context.Context, caller *access.Principal, path, by string, from, to time.Time) (Stats, error) {
	if path == "" || !caller.Scope().Covers(path) {
		path = caller.RegionPath
	}
	now := s.now()
	return s.stats.get(statsKey{path, by, from.UnixNano(), to.UnixNano()}, now, func() (Stats, error) {
		return s.computeStats(ctx, path, by, from, to, now)
	})
}

// computeStats computes what Stats answers.
func (s *Service) computeStats(ctx context.Context, path, by string, from, to, now time.Time) (Stats, error) {
	evs, err := s.statEvents(ctx, path, from, to)
	if err != nil {
		return Stats{}, err
	}
	groups, names := map[string]*Indicators{}, map[string]string{}
	total := &Indicators{}
	for _, se := range evs {
		keys, err := s.groupsOf(ctx, se, path, by, names)
		if err != nil {
			return Stats{}, err
		}
		total.add(se, nil, now)
		for _, k := range keys {
			if groups[k] == nil {
				groups[k] = &Indicators{}
			}
			var unit *string // a unit's row counts that unit's tasks only
			if by == "unit" {
				unit = &k
			}
			groups[k].add(se, unit, now)
		}
	}
	out := Stats{By: by, Total: total.finish(), Rows: []StatsRow{}}
	for k, g := range groups {
		out.Rows = append(out.Rows, StatsRow{Key: k, Name: names[k], Indicators: g.finish()})
	}
	slices.SortFunc(out.Rows, func(a, b StatsRow) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

// groupsOf names the groups an event counts in, learning their names.
func (s *Service) groupsOf(ctx context.Context, se statEvent, path, by string, names map[string]string) ([]string, error) {
	switch by {
	case "matter":
		if _, ok := names[se.e.MatterCode]; !ok {
			m, err := s.matters.Matter(ctx, se.e.MatterCode)
			if err != nil {
				return nil, err
			}
			names[se.e.MatterCode] = m.Name
		}
		return []string{se.e.MatterCode}, nil
	case "unit":
		var out []string
		for _, t := range se.tasks {
			if t.UnitID != "" && !slices.Contains(out, t.UnitID) {
				out, names[t.UnitID] = append(out, t.UnitID), t.UnitName
			}
		}
		return out, nil
	}
	// the child of path the event lies in; a grid's own events are its own group
	child := se.e.RegionPath[len(path):]
	code := strings.TrimSuffix(path, "/")
	if i := strings.Index(child, "/"); i > 0 {
		code = child[:i]
	} else if j := strings.LastIndex(code, "/"); j >= 0 {
		code = code[j+1:]
	}
	if _, ok := names[code]; !ok {
		var name string
		if err := s.db.QueryRow(ctx, "SELECT name FROM regions WHERE code = ?", code).Scan(&name); err != nil {
			name = code
		}
		names[code] = name
	}
	return []string{code}, nil
}

// statEvents loads the period's events in path with their tasks: only the
// columns the indicators read, and the tasks in one query over the same
// range (a county's month is tens of thousands of each).
func (s *Service) statEvents(ctx context.Context, path string, from, to time.Time) ([]statEvent, error) {
	cond, args := access.Scope(path).Subtree("e.region_path")
	args = append(args, from, to)
	where := " WHERE " + cond + " AND e.reported_at >= ? AND e.reported_at < ?"
	rows, err := s.db.Query(ctx, `SELECT e.id, e.status, e.matter_code, e.region_path, e.deadline, COALESCE(e.rating, 0),
		e.reopen_count, e.reported_at, e.registered_at, e.dispatched_at, e.handled_at, e.closed_at FROM events e`+where, args...)
	if err != nil {
		return nil, fmt.Errorf("event: stats: %w", err)
	}
	var out []statEvent
	index := map[string]int{}
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.ID, &e.Status, &e.MatterCode, &e.RegionPath, &e.Deadline, &e.Rating, &e.ReopenCount,
			&e.ReportedAt, &e.RegisteredAt, &e.DispatchedAt, &e.HandledAt, &e.ClosedAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("event: stats: %w", err)
		}
		index[e.ID] = len(out)
		out = append(out, statEvent{e: e})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.db.Query(ctx, `SELECT t.event_id, COALESCE(t.unit_id, ''), COALESCE(u.name, ''), t.status, t.deadline,
		t.report_deadline, t.reported_in_at, t.handled_at, t.reopen_count, t.started_at
		FROM events e JOIN event_tasks t ON t.event_id = e.id LEFT JOIN units u ON u.id = t.unit_id`+where, args...)
	if err != nil {
		return nil, fmt.Errorf("event: stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t Task
		var eventID string
		if err := rows.Scan(&eventID, &t.UnitID, &t.UnitName, &t.Status, &t.Deadline, &t.ReportDeadline, &t.ReportedInAt,
			&t.HandledAt, &t.ReopenCount, &t.StartedAt); err != nil {
			return nil, fmt.Errorf("event: stats: %w", err)
		}
		if i, ok := index[eventID]; ok {
			out[i].tasks = append(out[i].tasks, t)
		}
	}
	return out, rows.Err()
}
