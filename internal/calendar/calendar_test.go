package calendar_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/calendar"
	"healthgrid/internal/db"
	"healthgrid/internal/testkit"
)

var cst = time.FixedZone("CST", 8*3600)

// at is a Shanghai wall-clock instant.
func at(y int, m time.Month, d, hh, mm int) time.Time { return time.Date(y, m, d, hh, mm, 0, 0, cst) }

type fixture struct {
	cal   *calendar.Service
	audit *audit.Log
	clock *testkit.Clock
}

func newFixture(t testing.TB, d *db.DB) fixture {
	clock := testkit.NewClock(time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC))
	al := audit.New(audit.Deps{DB: d, Key: []byte("test audit key"), Now: clock.Now})
	return fixture{cal: calendar.New(calendar.Deps{DB: d, Audit: al, Now: clock.Now}), audit: al, clock: clock}
}

// editor may write the calendar.
var editor = &access.Principal{UserID: "u-editor", Username: "editor", Roles: []string{"sysadmin"},
	Perms: map[string]bool{"calendar:write": true}, RegionPath: "140900000000/"}

// The named cases of the docs and the issue, on the seeded 2026 schedule.
func TestDeadlineCases(t *testing.T) {
	f := newFixture(t, testkit.NewSQLite(t))
	ctx := context.Background()
	for _, c := range []struct {
		name string
		from time.Time
		l    calendar.Limit
		want time.Time
	}{
		{"Friday 16:00 + 2 working hours: 1.5 h on Friday, 0.5 h on Monday", at(2026, 11, 20, 16, 0),
			calendar.Limit{Amount: 2, Unit: calendar.WorkingHours}, at(2026, 11, 23, 9, 0)},
		{"Saturday counts from Monday 08:30", at(2026, 11, 21, 10, 0),
			calendar.Limit{Amount: 1, Unit: calendar.WorkingHours}, at(2026, 11, 23, 9, 30)},
		{"lunch does not count", at(2026, 11, 23, 11, 30),
			calendar.Limit{Amount: 1, Unit: calendar.WorkingHours}, at(2026, 11, 23, 14, 0)},
		{"before office hours, counting starts at 08:30", at(2026, 11, 24, 7, 0),
			calendar.Limit{Amount: 7, Unit: calendar.WorkingHours}, at(2026, 11, 24, 17, 0)},
		{"New Year's Eve 2025 16:00 + 2 h: Jan 1–3 off, Sunday Jan 4 is a make-up workday", at(2025, 12, 31, 16, 0),
			calendar.Limit{Amount: 2, Unit: calendar.WorkingHours}, at(2026, 1, 4, 9, 0)},
		{"Spring Festival: Friday Feb 13 + 8 h runs into make-up Saturday Feb 14", at(2026, 2, 13, 9, 0),
			calendar.Limit{Amount: 8, Unit: calendar.WorkingHours}, at(2026, 2, 14, 9, 30)},
		{"Spring Festival: Saturday Feb 14 17:00 + 1 h resumes Tuesday Feb 24", at(2026, 2, 14, 17, 0),
			calendar.Limit{Amount: 1, Unit: calendar.WorkingHours}, at(2026, 2, 24, 9, 0)},
		{"Sep 30 + 1 working day: Oct 1–7 off, the arrival day does not count", at(2026, 9, 30, 10, 0),
			calendar.Limit{Amount: 1, Unit: calendar.WorkingDays}, at(2026, 10, 8, 17, 30)},
		{"Sep 30 + 3 working days ends on make-up Saturday Oct 10", at(2026, 9, 30, 10, 0),
			calendar.Limit{Amount: 3, Unit: calendar.WorkingDays}, at(2026, 10, 10, 17, 30)},
		{"Sep 30 + 4 working days skips Sunday Oct 11", at(2026, 9, 30, 10, 0),
			calendar.Limit{Amount: 4, Unit: calendar.WorkingDays}, at(2026, 10, 12, 17, 30)},
		{"arriving on a Saturday, 1 working day is Monday", at(2026, 11, 21, 10, 0),
			calendar.Limit{Amount: 1, Unit: calendar.WorkingDays}, at(2026, 11, 23, 17, 30)},
		{"arriving late on a working day, the day still does not count", at(2026, 11, 23, 23, 59),
			calendar.Limit{Amount: 1, Unit: calendar.WorkingDays}, at(2026, 11, 24, 17, 30)},
		{"Dec 31 2026 + 1 working day: 2027 not entered yet, the weekend rule alone", at(2026, 12, 31, 10, 0),
			calendar.Limit{Amount: 1, Unit: calendar.WorkingDays}, at(2027, 1, 1, 17, 30)},
		{"natural days ignore holidays", at(2026, 9, 30, 10, 0),
			calendar.Limit{Amount: 3, Unit: calendar.NaturalDays}, at(2026, 10, 3, 10, 0)},
	} {
		got, err := f.cal.Deadline(ctx, c.from, c.l)
		if err != nil || !got.Equal(c.want) {
			t.Errorf("%s: Deadline(%v, %+v) = %v, %v; want %v", c.name, c.from, c.l, got, err, c.want)
		}
		if got.Location().String() != "Asia/Shanghai" && got.Location().String() != "CST" {
			t.Errorf("%s: deadline in %s, want Asia/Shanghai", c.name, got.Location())
		}
	}
}

func TestIsWorkday(t *testing.T) {
	f := newFixture(t, testkit.NewSQLite(t))
	for day, want := range map[string]bool{
		"2026-01-01": false, "2026-01-04": true, // 元旦, its make-up Sunday
		"2026-02-14": true, "2026-02-16": false, "2026-02-23": false, "2026-02-24": true, "2026-02-28": true,
		"2026-04-06": false, "2026-05-05": false, "2026-05-09": true, "2026-06-19": false,
		"2026-09-20": true, "2026-09-25": false, "2026-10-07": false, "2026-10-08": true, "2026-10-10": true, "2026-10-11": false,
		"2026-11-22": false, "2026-11-23": true,
	} {
		d, _ := time.ParseInLocation(time.DateOnly, day, cst)
		for _, inst := range []time.Time{d, d.Add(23*time.Hour + 59*time.Minute), d.UTC()} {
			got, err := f.cal.IsWorkday(context.Background(), inst)
			if err != nil || got != want {
				t.Errorf("IsWorkday(%v) = %v, %v; want %v", inst, got, err, want)
			}
		}
	}
}

func TestSpanAndAdd(t *testing.T) {
	f := newFixture(t, testkit.NewSQLite(t))
	ctx := context.Background()
	fri, mon := at(2026, 11, 20, 16, 0), at(2026, 11, 23, 9, 0)
	for _, c := range []struct {
		u    calendar.Unit
		want time.Duration
	}{
		{calendar.WorkingHours, 2 * time.Hour}, {calendar.WorkingDays, 2 * time.Hour}, {calendar.NaturalDays, mon.Sub(fri)},
	} {
		if got, err := f.cal.Span(ctx, fri, mon, c.u); err != nil || got != c.want {
			t.Errorf("Span(%s) = %v, %v; want %v", c.u, got, err, c.want)
		}
		if got, err := f.cal.Span(ctx, mon, fri, c.u); err != nil || got != 0 {
			t.Errorf("Span backwards (%s) = %v, %v; want 0", c.u, got, err)
		}
	}
	if got, _ := f.cal.Span(ctx, at(2026, 9, 30, 8, 30), at(2026, 10, 8, 17, 30), calendar.WorkingDays); got != 2*calendar.WorkingDay {
		t.Errorf("Sep 30 to Oct 8 holds two working days: %v", got)
	}
	// a task due Friday 17:30 is suspended (缓办) on Friday at 16:00 and
	// resumed on Tuesday at 10:00: its 1.5 h left run to 11:30.
	left, _ := f.cal.Span(ctx, fri, at(2026, 11, 20, 17, 30), calendar.WorkingHours)
	if got, err := f.cal.Add(ctx, at(2026, 11, 24, 10, 0), left, calendar.WorkingHours); err != nil || !got.Equal(at(2026, 11, 24, 11, 30)) {
		t.Errorf("resumed deadline: %v, %v", got, err)
	}
	// seconds are kept
	from := at(2026, 11, 23, 11, 59).Add(30 * time.Second)
	if got, _ := f.cal.Add(ctx, from, time.Minute, calendar.WorkingHours); !got.Equal(at(2026, 11, 23, 13, 30).Add(30 * time.Second)) {
		t.Errorf("Add across lunch with seconds: %v", got)
	}
	if got, _ := f.cal.Add(ctx, at(2026, 11, 24, 7, 0), 3*time.Hour+30*time.Minute, calendar.WorkingDays); !got.Equal(at(2026, 11, 24, 12, 0)) {
		t.Errorf("a whole morning ends at noon, not after lunch: %v", got)
	}
	if got, _ := f.cal.Add(ctx, at(2026, 11, 21, 10, 0), 0, calendar.WorkingHours); !got.Equal(at(2026, 11, 21, 10, 0)) {
		t.Errorf("Add of nothing moves nothing: %v", got)
	}
}

func TestArithmeticErrors(t *testing.T) {
	f := newFixture(t, testkit.NewSQLite(t))
	ctx := context.Background()
	now := at(2026, 11, 23, 9, 0)
	var inv apperr.Invalid
	if _, err := f.cal.Deadline(ctx, now, calendar.Limit{Amount: 0, Unit: "fortnights"}); !errors.As(err, &inv) || len(inv) != 2 ||
		inv[0].Field != "amount" || inv[1].Field != "unit" {
		t.Errorf("bad limit: %v", err)
	}
	if _, err := f.cal.Span(ctx, now, now, "fortnights"); !errors.Is(err, calendar.ErrUnit) || !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("Span with a bad unit: %v", err)
	}
	if _, err := f.cal.Add(ctx, now, -time.Minute, calendar.WorkingHours); !errors.Is(err, calendar.ErrNegative) {
		t.Errorf("Add of a negative duration: %v", err)
	}
	if err := (calendar.Limit{Amount: 3, Unit: calendar.WorkingDays}).Validate("body.limit."); err != nil {
		t.Errorf("a good limit: %v", err)
	}
}
