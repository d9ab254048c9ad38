package calendar

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/bus"
	"healthgrid/internal/db"
)

// The actions calendar writes to the audit log.
var _ = audit.Declare("calendar.set_year")

// Kind is what an override makes of a day.
type Kind string

// The kinds of override.
const (
	// Holiday is a day off (放假); on a Monday–Friday it is what moves deadlines.
	Holiday Kind = "holiday"
	// Workday is a make-up working day (调休上班) on a Saturday or Sunday.
	Workday Kind = "workday"
)

// Office hours of a working day, in minutes after midnight Shanghai time:
// 08:30–12:00 and 13:30–17:30, the hours of the commission's offices and of
// the 政务服务 halls. Only these count as working time.
const (
	MorningStart   = 8*60 + 30
	MorningEnd     = 12 * 60
	AfternoonStart = 13*60 + 30
	AfternoonEnd   = 17*60 + 30
)

// WorkingDay is the working time of one working day: 7.5 hours.
const WorkingDay = time.Duration(MorningEnd-MorningStart+AfternoonEnd-AfternoonStart) * time.Minute

// periods are the office hours as [start, end) offsets from midnight, in day
// order; an offset is wall-clock time because Shanghai keeps no daylight saving.
var periods = [2][2]time.Duration{
	{MorningStart * time.Minute, MorningEnd * time.Minute},
	{AfternoonStart * time.Minute, AfternoonEnd * time.Minute},
}

// Sentinel errors.
var (
	ErrUnit      = apperr.New(apperr.ErrInvalid, "calendar.unknown_unit", "calendar: unknown unit")
	ErrNegative  = apperr.New(apperr.ErrInvalid, "calendar.negative", "calendar: negative duration")
	ErrYear      = apperr.New(apperr.ErrInvalid, "calendar.year_out_of_range", "calendar: year out of range")
	ErrForbidden = apperr.New(apperr.ErrForbidden, "calendar.forbidden", "calendar: editing needs calendar:write")
)

// Day is one override of the weekend rule.
type Day struct {
	Day  string `json:"day" doc:"YYYY-MM-DD, Asia/Shanghai" example:"2026-10-01"`
	Kind Kind   `json:"kind" enum:"holiday,workday" doc:"holiday: a day off; workday: a make-up working day (调休上班) on a weekend"`
	Name string `json:"name" maxLength:"20" doc:"the holiday it belongs to, e.g. 国庆节; required for a holiday"`
}

// refresh is how long a loaded table serves before it is read again, should
// the bus lose an edit's word: every instance reloads at once on an edit.
const refresh = 5 * time.Minute

// Service is the work calendar: the overrides table and the deadline
// arithmetic over it. The overrides live in memory — deadlines are computed
// thousands of times per SLA sweep and never query the database.
type Service struct {
	db    *db.DB
	audit *audit.Log
	now   func() time.Time

	mu    sync.Mutex // serialises loads, so that a slow stale load never replaces a newer one
	table atomic.Pointer[table]
	peers *bus.Cache // reloads the table on every instance after an edit
}

// Deps are what the calendar service is built on.
type Deps struct {
	DB    *db.DB
	Audit *audit.Log
	Bus   bus.Bus // tells the other instances of an edit; nil: none
	Now   func() time.Time
}

// New returns the calendar service.
func New(d Deps) *Service {
	s := &Service{db: d.DB, audit: d.Audit, now: d.Now}
	s.peers = bus.NewCache(d.Bus, "cache.calendar", s.reload)
	return s
}

// Caches are the in-memory copies the service keeps on every instance, for
// bus.Follow: the overrides table.
func (s *Service) Caches() []*bus.Cache { return []*bus.Cache{s.peers} }

// table is one loaded state of the overrides.
type table struct {
	days   map[date]Day
	loaded time.Time
}

// workday reports whether d is a working day: its override if any, else
// Monday to Friday.
func (t *table) workday(d date) bool {
	if o, ok := t.days[d]; ok {
		return o.Kind == Workday
	}
	return !d.weekend()
}

// current is the loaded table, read from the database the first time and
// again once it is older than refresh.
func (s *Service) current(ctx context.Context) (*table, error) {
	if t := s.table.Load(); t != nil && s.now().Sub(t.loaded) < refresh {
		return t, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.table.Load(); t != nil && s.now().Sub(t.loaded) < refresh {
		return t, nil
	}
	return s.reloadLocked(ctx)
}

// reload reads the table again now, after an edit.
func (s *Service) reload(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.reloadLocked(ctx)
	return err
}

func (s *Service) reloadLocked(ctx context.Context) (*table, error) {
	days, err := s.loadAll(ctx)
	if err != nil {
		s.table.Store(nil) // never serve a table older than an edit that failed to reload
		return nil, err
	}
	t := &table{days: make(map[date]Day, len(days)), loaded: s.now()}
	for _, d := range days {
		day, err := parseDate(d.Day)
		if err != nil {
			return nil, fmt.Errorf("calendar: stored day %q: %w", d.Day, err)
		}
		t.days[day] = d
	}
	s.table.Store(t)
	return t, nil
}
