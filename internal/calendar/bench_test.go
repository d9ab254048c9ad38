package calendar_test

import (
	"context"
	"testing"
	"time"

	"healthgrid/internal/calendar"
	"healthgrid/internal/testkit"
)

// The SLA sweep's calls: a deadline, and the share of a limit used so far.
func BenchmarkDeadline(b *testing.B) {
	f := newFixture(b, testkit.NewSQLite(b))
	ctx := context.Background()
	from := at(2026, 9, 28, 15, 0)
	for _, l := range []calendar.Limit{{Amount: 8, Unit: calendar.WorkingHours}, {Amount: 5, Unit: calendar.WorkingDays}} {
		b.Run(string(l.Unit), func(b *testing.B) {
			for b.Loop() {
				if _, err := f.cal.Deadline(ctx, from, l); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSpan90Days(b *testing.B) {
	f := newFixture(b, testkit.NewSQLite(b))
	ctx := context.Background()
	from := at(2026, 8, 25, 10, 0)
	to := from.Add(90 * 24 * time.Hour)
	for b.Loop() {
		if _, err := f.cal.Span(ctx, from, to, calendar.WorkingDays); err != nil {
			b.Fatal(err)
		}
	}
}
