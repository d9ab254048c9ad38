package calendar

import (
	"context"
	"fmt"
)

// loadAll reads every override, by day.
func (s *Service) loadAll(ctx context.Context) ([]Day, error) {
	return s.between(ctx, "0000-00-00", "9999-99-99")
}

// between reads the overrides with from <= day < to (YYYY-MM-DD), by day.
func (s *Service) between(ctx context.Context, from, to string) ([]Day, error) {
	rows, err := s.db.Query(ctx, "SELECT day, kind, name FROM calendar_days WHERE day >= ? AND day < ? ORDER BY day", from, to)
	if err != nil {
		return nil, fmt.Errorf("calendar: read days: %w", err)
	}
	defer rows.Close()
	out := []Day{}
	for rows.Next() {
		var d Day
		if err := rows.Scan(&d.Day, &d.Kind, &d.Name); err != nil {
			return nil, fmt.Errorf("calendar: read days: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("calendar: read days: %w", err)
	}
	return out, nil
}

// replaceYear puts days in place of the year's overrides; the caller holds
// the transaction.
func (s *Service) replaceYear(ctx context.Context, year int, days []Day) error {
	from, to := yearBounds(year)
	if _, err := s.db.Exec(ctx, "DELETE FROM calendar_days WHERE day >= ? AND day < ?", from, to); err != nil {
		return fmt.Errorf("calendar: clear %d: %w", year, err)
	}
	for _, d := range days {
		if _, err := s.db.Exec(ctx, "INSERT INTO calendar_days (day, kind, name) VALUES (?, ?, ?)", d.Day, d.Kind, d.Name); err != nil {
			return fmt.Errorf("calendar: save %s: %w", d.Day, err)
		}
	}
	return nil
}

// yearBounds are the keys that bound a year: from <= day < to.
func yearBounds(year int) (from, to string) {
	return fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-01-01", year+1)
}
