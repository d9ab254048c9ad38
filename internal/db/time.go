package db

import (
	"fmt"
	"time"
)

// Time scans a timestamp that SQLite gives back as text: an expression's
// (a CASE, a UNION's column) has no declared type for the driver to go by,
// so its value comes as the string the driver wrote (_time_format=sqlite).
// PostgreSQL gives a time.Time. NULL leaves Valid false.
type Time struct {
	Time  time.Time
	Valid bool
}

// sqliteLayouts are the forms the SQLite driver writes and reads times in.
var sqliteLayouts = []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05.999999999"}

// Scan implements sql.Scanner.
func (t *Time) Scan(v any) error {
	t.Valid = false
	var s string
	switch x := v.(type) {
	case nil:
		return nil
	case time.Time:
		t.Time, t.Valid = x, true
		return nil
	case string:
		s = x
	case []byte:
		s = string(x)
	default:
		return fmt.Errorf("db: a time of type %T", v)
	}
	for _, l := range sqliteLayouts {
		if p, err := time.Parse(l, s); err == nil {
			t.Time, t.Valid = p, true
			return nil
		}
	}
	return fmt.Errorf("db: unreadable time %q", s)
}

// Ptr is the time, or nil when NULL.
func (t Time) Ptr() *time.Time {
	if !t.Valid {
		return nil
	}
	return &t.Time
}
