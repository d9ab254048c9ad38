package calendar

import (
	"time"

	"healthgrid/internal/china"
)

// date is a calendar day in Shanghai, as days since 1970-01-01.
type date int

// dateOf is the Shanghai day t falls on.
func dateOf(t time.Time) date {
	y, m, d := t.In(china.Zone).Date()
	return civil(y, m, d)
}

func civil(y int, m time.Month, d int) date {
	return date(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// parseDate reads a strict YYYY-MM-DD.
func parseDate(s string) (date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, err
	}
	return civil(t.Date()), nil
}

// ymd is the day's year, month and day of month.
func (d date) ymd() (int, time.Month, int) {
	return time.Unix(int64(d)*86400, 0).UTC().Date()
}

// at is the instant minute minutes after the day's midnight in Shanghai.
func (d date) at(minute int) time.Time {
	y, m, dd := d.ymd()
	return time.Date(y, m, dd, 0, minute, 0, 0, china.Zone)
}

// weekday of the day; 1970-01-01 was a Thursday.
func (d date) weekday() time.Weekday {
	return time.Weekday(((int(d)+4)%7 + 7) % 7)
}

func (d date) weekend() bool {
	wd := d.weekday()
	return wd == time.Saturday || wd == time.Sunday
}

func (d date) String() string {
	y, m, dd := d.ymd()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}
