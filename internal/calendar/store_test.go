package calendar_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/calendar"
	"healthgrid/internal/db"
	"healthgrid/internal/testkit"
)

// The migration seeds exactly the State Council's 2026 schedule.
func TestSeeded2026(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		v, err := f.cal.Year(context.Background(), 2026)
		if err != nil {
			t.Fatal(err)
		}
		want := scheduleOf("2026")
		slices.SortFunc(want, func(a, b calendar.Day) int { return strings.Compare(a.Day, b.Day) })
		if !slices.Equal(v.Days, want) {
			t.Errorf("seeded 2026:\n got %v\nwant %v", v.Days, want)
		}
		// 365 days − 104 weekend days − 13 statutory holidays
		if v.WorkingDays != 248 || len(v.WorkHours) != 2 || v.WorkHours[0] != (calendar.Period{Start: "08:30", End: "12:00"}) ||
			v.WorkHours[1] != (calendar.Period{Start: "13:30", End: "17:30"}) {
			t.Errorf("2026: %d working days, hours %v", v.WorkingDays, v.WorkHours)
		}
		if v, _ := f.cal.Year(context.Background(), 2027); len(v.Days) != 0 || v.WorkingDays != 261 {
			t.Errorf("2027 before it is entered: %+v", v)
		}
	})
}

// SetYear replaces the whole year, touches no other, is audited, and the
// arithmetic sees it at once — and another instance within the refresh.
func TestSetYear(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		other := calendar.New(calendar.Deps{DB: d, Audit: f.audit, Now: f.clock.Now}) // a second app instance on the same database
		ctx := context.Background()
		dec31 := at(2026, 12, 31, 10, 0)
		oneDay := calendar.Limit{Amount: 1, Unit: calendar.WorkingDays}
		if got, _ := other.Deadline(ctx, dec31, oneDay); !got.Equal(at(2027, 1, 1, 17, 30)) {
			t.Fatalf("before 2027 is entered: %v", got)
		}
		days2027 := []calendar.Day{
			{Day: "2027-01-01", Kind: calendar.Holiday, Name: " 元旦 "}, {Day: "2027-01-02", Kind: calendar.Holiday, Name: "元旦"},
			{Day: "2027-01-03", Kind: calendar.Holiday, Name: "元旦"}, {Day: "2027-01-09", Kind: calendar.Workday},
		}
		if err := f.cal.SetYear(ctx, editor, 2027, days2027); err != nil {
			t.Fatal(err)
		}
		if got, _ := f.cal.Deadline(ctx, dec31, oneDay); !got.Equal(at(2027, 1, 4, 17, 30)) {
			t.Errorf("the editing instance sees 2027 at once: %v", got)
		}
		if got, _ := other.Deadline(ctx, dec31, oneDay); !got.Equal(at(2027, 1, 1, 17, 30)) {
			t.Errorf("the other instance keeps its table until the refresh: %v", got)
		}
		f.clock.Advance(6 * time.Minute)
		if got, _ := other.Deadline(ctx, dec31, oneDay); !got.Equal(at(2027, 1, 4, 17, 30)) {
			t.Errorf("the other instance after the refresh: %v", got)
		}
		v, _ := f.cal.Year(ctx, 2027)
		if len(v.Days) != 4 || v.Days[0].Name != "元旦" || v.Days[3] != (calendar.Day{Day: "2027-01-09", Kind: calendar.Workday}) {
			t.Errorf("2027 as stored: %+v", v.Days)
		}

		// replace: only National Day is left of 2026, and 2027 is untouched
		national := []calendar.Day{{Day: "2026-10-01", Kind: calendar.Holiday, Name: "国庆节"}}
		if err := f.cal.SetYear(ctx, editor, 2026, national); err != nil {
			t.Fatal(err)
		}
		if v, _ := f.cal.Year(ctx, 2026); !slices.Equal(v.Days, national) || v.WorkingDays != 260 {
			t.Errorf("2026 after the replace: %+v", v)
		}
		if v, _ := f.cal.Year(ctx, 2027); len(v.Days) != 4 {
			t.Errorf("2027 after replacing 2026: %+v", v.Days)
		}
		if ok, _ := f.cal.IsWorkday(ctx, at(2026, 2, 16, 9, 0)); !ok {
			t.Error("Feb 16 2026 is a plain Monday once the Spring Festival is removed")
		}

		entries, total, err := f.audit.List(ctx, "140900000000/", audit.Filter{Action: "calendar.set_year"}, 0, 10)
		if err != nil || total != 2 {
			t.Fatalf("audit: %d records, %v", total, err)
		}
		last := entries[0] // newest first
		if last.ObjectID != "2026" || last.Actor != "editor" || last.Detail["holidays"] != float64(1) ||
			len(last.Detail["changed"].([]any)) != 38 { // 2026-10-01 stays
			t.Errorf("audit record: %+v", last)
		}
		if err := f.cal.SetYear(ctx, editor, 2026, nil); err != nil {
			t.Fatal(err)
		}
		if v, _ := f.cal.Year(ctx, 2026); len(v.Days) != 0 || v.WorkingDays != 261 {
			t.Errorf("an empty year: %+v", v)
		}
	})
}

// Every bad row is named, in row order, and nothing is written.
func TestSetYearValidation(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		days := []calendar.Day{
			{Day: "2027-01-01", Kind: calendar.Holiday, Name: "元旦"},                    // 0 ok (Friday)
			{Day: "2027-02-30", Kind: calendar.Holiday, Name: "春节"},                    // 1 no such date
			{Day: "2026-12-31", Kind: calendar.Holiday, Name: "元旦"},                    // 2 another year
			{Day: "2027-01-01", Kind: calendar.Holiday, Name: "元旦"},                    // 3 repeats row 0
			{Day: "2027-03-01", Kind: "vacation", Name: "休假"},                          // 4 bad kind
			{Day: "2027-03-02", Kind: calendar.Holiday, Name: "  "},                    // 5 no name
			{Day: "2027-03-03", Kind: calendar.Workday, Name: "调休"},                    // 6 a Wednesday: works anyway
			{Day: "2027-03-06", Kind: calendar.Holiday, Name: "植树"},                    // 7 a lone Saturday
			{Day: "2027-01-02", Kind: calendar.Holiday, Name: "元旦"},                    // 8 Saturday joined to Friday Jan 1: ok
			{Day: "2027-01-03", Kind: calendar.Holiday, Name: "元旦"},                    // 9 Sunday, same span: ok
			{Day: "2027-06-12", Kind: calendar.Holiday, Name: "端午节"},                   // 10 Saturday, next to…
			{Day: "2027-06-11", Kind: calendar.Holiday, Name: "端午"},                    // 11 …a Friday of another name
			{Day: "2027-10-09", Kind: calendar.Workday, Name: "国庆节"},                   // 12 ok
			{Day: "2027/10/10", Kind: calendar.Workday, Name: "国庆节"},                   // 13 bad format
			{Day: "2027-10-16", Kind: calendar.Workday, Name: "一二三四五六七八九十一二三四五六七八九十一"}, // 14 name too long
		}
		err := f.cal.SetYear(ctx, editor, 2027, days)
		var inv apperr.Invalid
		if !errors.As(err, &inv) {
			t.Fatalf("want field errors, got %v", err)
		}
		want := []string{"body.days[1].day", "body.days[2].day", "body.days[3].day", "body.days[4].kind", "body.days[5].name",
			"body.days[6].kind", "body.days[7].day", "body.days[10].day", "body.days[13].day", "body.days[14].name"}
		var got []string
		for _, e := range inv {
			got = append(got, e.Field)
		}
		if !slices.Equal(got, want) {
			t.Errorf("rejected rows:\n got %v\nwant %v\n%v", got, want, inv)
		}
		for _, frag := range []string{"与第 1 行重复", "不在 2027 年内", "周三", "周六", "「端午节」"} {
			if !strings.Contains(inv.Error(), frag) {
				t.Errorf("messages lack %q: %v", frag, inv)
			}
		}
		if v, _ := f.cal.Year(ctx, 2027); len(v.Days) != 0 {
			t.Errorf("a refused year wrote %v", v.Days)
		}
		if _, total, _ := f.audit.List(ctx, "140900000000/", audit.Filter{Action: "calendar.set_year"}, 0, 1); total != 0 {
			t.Errorf("a refused year was audited")
		}
	})
}

// A weekend holiday may belong to a span that runs across New Year, into a
// year already stored (2023's 元旦 began on Saturday 2022-12-31).
func TestSpanAcrossNewYear(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		eve := []calendar.Day{{Day: "2022-12-31", Kind: calendar.Holiday, Name: "元旦"}}
		if err := f.cal.SetYear(ctx, editor, 2022, eve); !errors.Is(err, apperr.ErrInvalid) {
			t.Errorf("a lone Saturday before 2023 is entered: %v", err)
		}
		if err := f.cal.SetYear(ctx, editor, 2023, []calendar.Day{{Day: "2023-01-01", Kind: calendar.Holiday, Name: "元旦"},
			{Day: "2023-01-02", Kind: calendar.Holiday, Name: "元旦"}}); err != nil {
			t.Fatal(err)
		}
		if err := f.cal.SetYear(ctx, editor, 2022, eve); err != nil {
			t.Errorf("Saturday 2022-12-31 joins 2023's 元旦: %v", err)
		}
	})
}

func TestSetYearRefused(t *testing.T) {
	f := newFixture(t, testkit.NewSQLite(t))
	ctx := context.Background()
	reader := &access.Principal{UserID: "u-reader", Username: "reader", Perms: map[string]bool{"event:read": true}}
	if err := f.cal.SetYear(ctx, reader, 2027, nil); !errors.Is(err, apperr.ErrForbidden) {
		t.Errorf("without calendar:write: %v", err)
	}
	if err := f.cal.SetYear(ctx, editor, 1999, nil); !errors.Is(err, calendar.ErrYear) {
		t.Errorf("year 1999: %v", err)
	}
	if _, err := f.cal.Year(ctx, 2101); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("year 2101: %v", err)
	}
}
