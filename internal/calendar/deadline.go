package calendar

import (
	"context"
	"fmt"
	"time"

	"healthgrid/internal/china"
)

// IsWorkday reports whether the Shanghai day that day falls on is a working
// day: Monday to Friday unless a holiday, or a make-up working day.
func (s *Service) IsWorkday(ctx context.Context, day time.Time) (bool, error) {
	t, err := s.current(ctx)
	if err != nil {
		return false, err
	}
	return t.workday(dateOf(day)), nil
}

// Deadline is the instant a limit that starts at from runs out:
//
//   - natural_days: from + N×24 h, whatever the days are;
//   - working_hours: after N hours of working time counted from from (office
//     hours on working days only; a start outside them counts from the next
//     working period), so 2 working hours from Friday 16:00 end on Monday
//     at 09:00;
//   - working_days: 17:30 of the N-th working day after the day of from. The
//     day a case arrives never counts, whatever the hour (the usual 政务
//     convention), so 1 working day from Wednesday 2026-09-30 is 17:30 on
//     Thursday 2026-10-08, the first working day after the National Day.
//
// The deadline is in Asia/Shanghai.
func (s *Service) Deadline(ctx context.Context, from time.Time, l Limit) (time.Time, error) {
	if err := l.Validate(""); err != nil {
		return time.Time{}, fmt.Errorf("calendar: deadline: %w", err)
	}
	if l.Unit == NaturalDays {
		return from.In(china.Zone).Add(time.Duration(l.Amount) * 24 * time.Hour), nil
	}
	t, err := s.current(ctx)
	if err != nil {
		return time.Time{}, err
	}
	if l.Unit == WorkingHours {
		return t.add(from, time.Duration(l.Amount)*time.Hour), nil
	}
	day := dateOf(from)
	for n := l.Amount; n > 0; {
		day++
		if t.workday(day) {
			n--
		}
	}
	return day.at(AfternoonEnd), nil
}

// Span is the time between from and to as unit u counts it: wall-clock time
// for natural_days, working time (office hours on working days) for
// working_hours and working_days. It is zero when to is not after from.
// An SLA's share used is Span(start, now) / Span(start, deadline).
func (s *Service) Span(ctx context.Context, from, to time.Time, u Unit) (time.Duration, error) {
	if !u.valid() {
		return 0, fmt.Errorf("%w: %q", ErrUnit, u)
	}
	if !to.After(from) {
		return 0, nil
	}
	if u == NaturalDays {
		return to.Sub(from), nil
	}
	t, err := s.current(ctx)
	if err != nil {
		return 0, err
	}
	return t.span(from, to), nil
}

// Add is the inverse of Span: the earliest instant at or after from with
// Span(from, instant) = d. Moving a deadline after a suspension (缓办) is
// Add(resume, Span(suspend, deadline)). The result is in Asia/Shanghai.
func (s *Service) Add(ctx context.Context, from time.Time, d time.Duration, u Unit) (time.Time, error) {
	switch {
	case !u.valid():
		return time.Time{}, fmt.Errorf("%w: %q", ErrUnit, u)
	case d < 0:
		return time.Time{}, fmt.Errorf("%w: %v", ErrNegative, d)
	case u == NaturalDays:
		return from.In(china.Zone).Add(d), nil
	}
	t, err := s.current(ctx)
	if err != nil {
		return time.Time{}, err
	}
	return t.add(from, d), nil
}

// span is the working time in [from, to).
func (t *table) span(from, to time.Time) time.Duration {
	var sum time.Duration
	for day, last := dateOf(from), dateOf(to); day <= last; day++ {
		if !t.workday(day) {
			continue
		}
		midnight := day.at(0)
		for _, p := range periods {
			start, end := midnight.Add(p[0]), midnight.Add(p[1])
			if start.Before(from) {
				start = from
			}
			if end.After(to) {
				end = to
			}
			if end.After(start) {
				sum += end.Sub(start)
			}
		}
	}
	return sum
}

// add walks the working periods from from until d of working time is used.
// It ends: every override is a finite set of days, so working days recur.
func (t *table) add(from time.Time, d time.Duration) time.Time {
	if d == 0 {
		return from.In(china.Zone)
	}
	for day := dateOf(from); ; day++ {
		if !t.workday(day) {
			continue
		}
		midnight := day.at(0)
		for _, p := range periods {
			start, end := midnight.Add(p[0]), midnight.Add(p[1])
			if start.Before(from) {
				start = from.In(china.Zone)
			}
			if !end.After(start) {
				continue
			}
			left := end.Sub(start)
			if d <= left {
				return start.Add(d)
			}
			d -= left
		}
	}
}
