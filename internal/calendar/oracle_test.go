package calendar_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"healthgrid/internal/calendar"
	"healthgrid/internal/testkit"
)

// The official schedules, written out here independently of the migration:
// 2025 (国务院办公厅 2024-11-12, entered through SetYear) and 2026 (seeded).
var holidays = []struct {
	first string
	days  int
	name  string
}{
	{"2025-01-01", 1, "元旦"}, {"2025-01-28", 8, "春节"}, {"2025-04-04", 3, "清明节"}, {"2025-05-01", 5, "劳动节"},
	{"2025-05-31", 3, "端午节"}, {"2025-10-01", 8, "国庆节"},
	{"2026-01-01", 3, "元旦"}, {"2026-02-15", 9, "春节"}, {"2026-04-04", 3, "清明节"}, {"2026-05-01", 5, "劳动节"},
	{"2026-06-19", 3, "端午节"}, {"2026-09-25", 3, "中秋节"}, {"2026-10-01", 7, "国庆节"},
}

// makeUp are the make-up working days (调休上班) and the holiday each serves.
var makeUp = map[string]string{
	"2025-01-26": "春节", "2025-02-08": "春节", "2025-04-27": "劳动节", "2025-09-28": "国庆节", "2025-10-11": "国庆节",
	"2026-01-04": "元旦", "2026-02-14": "春节", "2026-02-28": "春节", "2026-05-09": "劳动节", "2026-09-20": "国庆节", "2026-10-10": "国庆节",
}

// schedule is every override, by day.
var schedule = func() map[string]calendar.Day {
	out := map[string]calendar.Day{}
	for _, h := range holidays {
		d, _ := time.Parse(time.DateOnly, h.first)
		for i := range h.days {
			day := d.AddDate(0, 0, i).Format(time.DateOnly)
			out[day] = calendar.Day{Day: day, Kind: calendar.Holiday, Name: h.name}
		}
	}
	for day, name := range makeUp {
		out[day] = calendar.Day{Day: day, Kind: calendar.Workday, Name: name}
	}
	return out
}()

// scheduleOf is one year's overrides as SetYear takes them.
func scheduleOf(year string) []calendar.Day {
	var out []calendar.Day
	for day, d := range schedule {
		if day[:4] == year {
			out = append(out, d)
		}
	}
	return out
}

// oracleWorkday is the rule in its plainest form.
func oracleWorkday(t time.Time) bool {
	if d, ok := schedule[t.In(cst).Format(time.DateOnly)]; ok {
		return d.Kind == calendar.Workday
	}
	wd := t.In(cst).Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// workingMinute reports whether the minute starting at t is office time.
func workingMinute(t time.Time) bool {
	l := t.In(cst)
	m := l.Hour()*60 + l.Minute()
	return oracleWorkday(l) && (m >= 8*60+30 && m < 12*60 || m >= 13*60+30 && m < 17*60+30)
}

// oracleSpan counts working minutes in [from, to), minute by minute.
func oracleSpan(from, to time.Time) time.Duration {
	var n time.Duration
	for m := from; m.Before(to); m = m.Add(time.Minute) {
		if workingMinute(m) {
			n += time.Minute
		}
	}
	return n
}

// oracleAdd walks minute by minute until d of working minutes have passed.
func oracleAdd(from time.Time, d time.Duration) time.Time {
	m := from
	for ; d > 0; m = m.Add(time.Minute) {
		if workingMinute(m) {
			d -= time.Minute
		}
	}
	return m
}

// oracleDays walks day by day to the end of the n-th working day after from's.
func oracleDays(from time.Time, n int) time.Time {
	l := from.In(cst)
	d := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, cst)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if oracleWorkday(d) {
			n--
		}
	}
	return d.Add(17*time.Hour + 30*time.Minute)
}

// anchors are the days where mistakes hide: the long holidays, the make-up
// weekends, and New Year.
var anchors = []time.Time{
	at(2025, 1, 1, 0, 0), at(2025, 1, 26, 0, 0), at(2025, 2, 8, 0, 0), at(2025, 9, 28, 0, 0), at(2025, 12, 31, 0, 0),
	at(2026, 1, 1, 0, 0), at(2026, 1, 4, 0, 0), at(2026, 2, 13, 0, 0), at(2026, 2, 23, 0, 0), at(2026, 2, 28, 0, 0),
	at(2026, 4, 3, 0, 0), at(2026, 5, 9, 0, 0), at(2026, 6, 19, 0, 0), at(2026, 9, 20, 0, 0), at(2026, 9, 25, 0, 0),
	at(2026, 9, 30, 0, 0), at(2026, 10, 10, 0, 0), at(2026, 12, 31, 0, 0), at(2027, 1, 1, 0, 0),
}

// randomInstant is a whole minute in 2025–2027, near an anchor half the time.
func randomInstant(r *rand.Rand) time.Time {
	if r.IntN(2) == 0 {
		return anchors[r.IntN(len(anchors))].Add(time.Duration(r.IntN(6*24*60)-2*24*60) * time.Minute).UTC()
	}
	start := at(2025, 1, 1, 0, 0)
	return start.Add(time.Duration(r.IntN(3*365*24*60)) * time.Minute).UTC()
}

// Deadline, Span and Add agree with the minute-by-minute and day-by-day
// oracles on random instants and limits, and Add inverts Span. The
// arithmetic runs on the in-memory table, so one engine is enough here; the
// store is tested on both.
func TestAgainstOracle(t *testing.T) {
	f := newFixture(t, testkit.NewSQLite(t))
	ctx := context.Background()
	if err := f.cal.SetYear(ctx, editor, 2025, scheduleOf("2025")); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(20261123, 4))
	n := 1500
	if testing.Short() {
		n = 200
	}
	for i := range n {
		from := randomInstant(r)
		if got, want := must(f.cal.IsWorkday(ctx, from)), oracleWorkday(from); got != want {
			t.Fatalf("IsWorkday(%v) = %v, oracle %v", from.In(cst), got, want)
		}
		var l calendar.Limit
		var want time.Time
		switch i % 3 {
		case 0:
			l = calendar.Limit{Amount: 1 + r.IntN(60), Unit: calendar.WorkingHours}
			want = oracleAdd(from, time.Duration(l.Amount)*time.Hour)
		case 1:
			l = calendar.Limit{Amount: 1 + r.IntN(25), Unit: calendar.WorkingDays}
			want = oracleDays(from, l.Amount)
		default:
			l = calendar.Limit{Amount: 1 + r.IntN(30), Unit: calendar.NaturalDays}
			want = from.AddDate(0, 0, l.Amount) // no DST in Shanghai: a day is 24 h
		}
		got := must(f.cal.Deadline(ctx, from, l))
		if !got.Equal(want) {
			t.Fatalf("Deadline(%v, %+v) = %v, oracle %v", from.In(cst), l, got, want.In(cst))
		}

		to := from.Add(time.Duration(r.IntN(20*24*60)) * time.Minute)
		span := must(f.cal.Span(ctx, from, to, calendar.WorkingHours))
		if want := oracleSpan(from, to); span != want {
			t.Fatalf("Span(%v, %v) = %v, oracle %v", from.In(cst), to.In(cst), span, want)
		}
		if days := must(f.cal.Span(ctx, from, to, calendar.WorkingDays)); days != span {
			t.Fatalf("working days count working time too: %v vs %v", days, span)
		}
		if wall := must(f.cal.Span(ctx, from, to, calendar.NaturalDays)); wall != to.Sub(from) {
			t.Fatalf("natural span %v, want %v", wall, to.Sub(from))
		}
		d := time.Duration(r.IntN(40*60)) * time.Minute
		if got, want := must(f.cal.Add(ctx, from, d, calendar.WorkingHours)), oracleAdd(from, d); !got.Equal(want) {
			t.Fatalf("Add(%v, %v) = %v, oracle %v", from.In(cst), d, got, want.In(cst))
		}
		// Add inverts Span up to a working instant: one that ends a working minute.
		if workingMinute(to.Add(-time.Minute)) || to.Equal(from) {
			if back := must(f.cal.Add(ctx, from, span, calendar.WorkingHours)); !back.Equal(to) {
				t.Fatalf("Add(%v, Span(…, %v) = %v) = %v", from.In(cst), to.In(cst), span, back.In(cst))
			}
		}
		if again := must(f.cal.Span(ctx, from, must(f.cal.Add(ctx, from, d, calendar.WorkingHours)), calendar.WorkingHours)); again != d {
			t.Fatalf("Span(from, Add(from, %v)) = %v", d, again)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
