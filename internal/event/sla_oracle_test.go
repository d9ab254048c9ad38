package event

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"healthgrid/internal/calendar"
)

// office is a calendar whose working time is 09:00–12:00 and 13:00–17:00
// UTC, Monday to Friday: uneven enough that a share of a limit in working
// time falls anywhere, across lunch, nights and weekends.
type office struct{}

var officeHours = [][2]time.Duration{{9 * time.Hour, 12 * time.Hour}, {13 * time.Hour, 17 * time.Hour}}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func workday(day time.Time) bool {
	return day.Weekday() != time.Saturday && day.Weekday() != time.Sunday
}

func (office) Deadline(context.Context, time.Time, calendar.Limit) (time.Time, error) {
	panic("the sweep never computes a deadline")
}

func (office) Span(_ context.Context, from, to time.Time, u calendar.Unit) (time.Duration, error) {
	if !to.After(from) {
		return 0, nil
	}
	if u == calendar.NaturalDays {
		return to.Sub(from), nil
	}
	var sum time.Duration
	for day := from.Truncate(24 * time.Hour); day.Before(to); day = day.Add(24 * time.Hour) {
		for _, p := range officeHours {
			start, end := later(day.Add(p[0]), from), day.Add(p[1])
			if to.Before(end) {
				end = to
			}
			if workday(day) && end.After(start) {
				sum += end.Sub(start)
			}
		}
	}
	return sum, nil
}

func (office) Add(_ context.Context, from time.Time, d time.Duration, u calendar.Unit) (time.Time, error) {
	if u == calendar.NaturalDays || d == 0 {
		return from.Add(d), nil
	}
	for day := from.Truncate(24 * time.Hour); ; day = day.Add(24 * time.Hour) {
		for _, p := range officeHours {
			start, end := later(day.Add(p[0]), from), day.Add(p[1])
			if !workday(day) || !end.After(start) {
				continue
			}
			if left := end.Sub(start); d <= left {
				return start.Add(d), nil
			}
			d -= end.Sub(start)
		}
	}
}

// step is the oracle's resolution. Clocks start on a whole minute and
// limits are whole minutes, so 50 % and 80 % of a limit are whole multiples
// of 6 s (30 s and 48 s per minute of limit): walking in 6 s steps meets
// every threshold exactly.
const step = 6 * time.Second

// working is the oracle's own reading of the office calendar, one instant
// at a time.
func working(t time.Time, u calendar.Unit) bool {
	if u == calendar.NaturalDays {
		return true
	}
	day := t.Truncate(24 * time.Hour)
	off := t.Sub(day)
	for _, p := range officeHours {
		if workday(day) && off >= p[0] && off < p[1] {
			return true
		}
	}
	return false
}

// thresholds walks the clock from its start in steps, counting the time
// used, and returns the first instant at which 50 % and 80 % of the limit
// are used.
func thresholds(c clock) (t50, t80 time.Time) {
	var limit time.Duration
	for x := c.start; x.Before(c.deadline); x = x.Add(step) {
		if working(x, c.unit) {
			limit += step
		}
	}
	var used time.Duration
	for x := c.start; ; x = x.Add(step) {
		if t50.IsZero() && used*100 >= limit*50 {
			t50 = x
		}
		if used*100 >= limit*80 {
			return t50, x
		}
		if working(x, c.unit) {
			used += step
		}
	}
}

// TestSLALevelsAgainstOracle: for random clocks, instants and levels
// already warned of, the level the sweep gives and the time it looks again
// are those a step-by-step walk of the clock finds.
func TestSLALevelsAgainstOracle(t *testing.T) {
	s := &Service{calendar: office{}}
	ctx := context.Background()
	r := rand.New(rand.NewPCG(4, 2026))
	base := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC) // a Friday
	for i := range 400 {
		c := clock{start: base.Add(time.Duration(r.IntN(7*24*60)) * time.Minute), unit: calendar.WorkingHours,
			warned: []int{0, 0, 50, 80}[r.IntN(4)]}
		if r.IntN(3) == 0 {
			c.unit = calendar.NaturalDays
		}
		c.deadline = c.start.Add(time.Duration(r.IntN(4*24*60)) * time.Minute)
		t50, t80 := thresholds(c)
		// now: anywhere from the start on, or on a threshold or just before it
		now := c.start.Add(time.Duration(r.IntN(6*24*60)) * time.Minute)
		switch r.IntN(4) {
		case 0:
			now = []time.Time{t50, t80, c.deadline}[r.IntN(3)]
		case 1:
			now = []time.Time{t50, t80, c.deadline.Add(time.Microsecond)}[r.IntN(3)].Add(-time.Microsecond)
		}

		reached := 0
		switch {
		case now.After(c.deadline):
			reached = 100
		case !now.Before(t80):
			reached = 80
		case !now.Before(t50):
			reached = 50
		}
		wantLevel := 0
		if reached > c.warned {
			wantLevel = reached
		}
		var wantNext time.Time
		switch max(reached, c.warned) {
		case 0:
			wantNext = t50
		case 50:
			wantNext = t80
		case 80:
			wantNext = c.deadline.Add(time.Microsecond)
		}

		level, next, err := s.assess(ctx, c, now)
		if err != nil {
			t.Fatal(err)
		}
		if level != wantLevel || !next.Equal(wantNext) {
			t.Fatalf("case %d: %s clock %v → %v warned %d, at %v: level %d next %v; want %d %v",
				i, c.unit, c.start, c.deadline, c.warned, now, level, next, wantLevel, wantNext)
		}
		if !next.IsZero() && !next.After(now) {
			t.Fatalf("case %d: next look %v is not after %v", i, next, now)
		}
	}
}

// TestSLAShares: the exact arithmetic, at the edges and where a product in
// 64 bits would overflow.
func TestSLAShares(t *testing.T) {
	century := 100 * 365 * 24 * time.Hour
	for _, c := range []struct {
		used, limit time.Duration
		overdue     bool
		want        int
	}{
		{0, time.Hour, false, 0},
		{30*time.Minute - 1, time.Hour, false, 0},
		{30 * time.Minute, time.Hour, false, 50},
		{48*time.Minute - 1, time.Hour, false, 50},
		{48 * time.Minute, time.Hour, false, 80},
		{time.Hour, time.Hour, false, 80},
		{time.Hour, time.Hour, true, 100},
		{0, 0, false, 80}, // no time at all: the limit is used up at once, overdue only once past the deadline
		{century / 2, century, false, 50},
		{century/2 - 1, century, false, 0},
		{century * 4 / 5, century, false, 80},
	} {
		if got := levelOf(c.used, c.limit, c.overdue); got != c.want {
			t.Errorf("levelOf(%v, %v, %v) = %d, want %d", c.used, c.limit, c.overdue, got, c.want)
		}
	}
	for _, c := range []struct {
		limit time.Duration
		pct   int
		want  time.Duration
	}{
		{time.Hour, 50, 30 * time.Minute},
		{3, 50, 2},
		{5, 80, 4},
		{7, 80, 6},
		{century, 80, century / 5 * 4},
	} {
		if got := share(c.limit, c.pct); got != c.want {
			t.Errorf("share(%v, %d) = %v, want %v", c.limit, c.pct, got, c.want)
		}
	}
}
