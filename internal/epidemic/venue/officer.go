package venue

import (
	"context"
	"fmt"
	"time"

	"healthgrid/internal/china"
	"healthgrid/internal/pii"
)

// Day is how many check-ins a venue had on a day (Beijing).
type Day struct {
	Day   string `json:"day"`
	Count int    `json:"count"`
}

// Stay is one check-in at a venue, as officers see it: masked.
type Stay struct {
	TimeIn   time.Time  `json:"time_in"`
	TimeOut  *time.Time `json:"time_out,omitempty"`
	Until    time.Time  `json:"until" doc:"time out, or time in and the venue's default stay"`
	Name     string     `json:"name" doc:"masked"`
	IDNumber string     `json:"id_number" doc:"masked"`
	Resident bool       `json:"resident" doc:"the visitor is a resident of the platform"`
}

// Stays is a venue's check-ins: per day over the days kept, and a page of
// one day's.
type Stays struct {
	Days  []Day  `json:"days"`
	Day   string `json:"day"`
	Items []Stay `json:"items"`
	Total int    `json:"total"`
}

// Checkins are the check-ins of a venue in scope: the count of each day
// kept, and a page of day's (default: the latest with any), earliest first.
func (s *Service) Checkins(ctx context.Context, scope, code, day string, offset, limit int) (Stays, error) {
	v, err := s.Get(ctx, scope, code)
	if err != nil {
		return Stays{}, err
	}
	out := Stays{Days: []Day{}, Items: []Stay{}}
	since := s.now().Add(-s.settings.Retention).Unix()
	// whole Beijing days: (t + 8 h) div 86,400 on both engines
	rows, err := s.db.Query(ctx, `SELECT (time_in + 28800) / 86400 AS d, COUNT(*) FROM epi_venue_checkins
		WHERE venue_id = ? AND time_in >= ? GROUP BY (time_in + 28800) / 86400 ORDER BY d`, v.id, since)
	if err != nil {
		return Stays{}, fmt.Errorf("venue: days: %w", err)
	}
	for rows.Next() {
		var d int64
		var n int
		if err := rows.Scan(&d, &n); err != nil {
			rows.Close()
			return Stays{}, err
		}
		out.Days = append(out.Days, Day{Day: dayOf(d*86400 - 28800), Count: n})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Stays{}, err
	}
	if day == "" && len(out.Days) > 0 {
		day = out.Days[len(out.Days)-1].Day
	}
	out.Day = day
	for _, d := range out.Days {
		if d.Day == day {
			out.Total = d.Count
		}
	}
	start, err := time.ParseInLocation(time.DateOnly, day, china.Zone)
	if err != nil || out.Total == 0 {
		return out, nil
	}
	rows, err = s.db.Query(ctx, `SELECT c.time_in, c.time_out, w.name, w.id_enc, w.resident_id IS NOT NULL
		FROM epi_venue_checkins c JOIN epi_visitors w ON w.id = c.visitor_id
		WHERE c.venue_id = ? AND c.time_in >= ? AND c.time_in < ? ORDER BY c.time_in, c.visitor_id LIMIT ? OFFSET ?`,
		v.id, start.Unix(), start.Unix()+86400, limit, offset)
	if err != nil {
		return Stays{}, fmt.Errorf("venue: stays: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var st Stay
		var in int64
		var o *int64
		var enc string
		if err := rows.Scan(&in, &o, &st.Name, &enc, &st.Resident); err != nil {
			return Stays{}, err
		}
		st.TimeIn = time.Unix(in, 0).UTC()
		st.Until = st.TimeIn.Add(time.Duration(v.StayMinutes) * time.Minute)
		if o != nil {
			t := time.Unix(*o, 0).UTC()
			st.TimeOut, st.Until = &t, t
		}
		id, _ := s.pii.Open(enc)
		st.Name, st.IDNumber = pii.MaskName(st.Name), pii.MaskID(id)
		out.Items = append(out.Items, st)
	}
	return out, rows.Err()
}

// CleanupExpired deletes the check-ins older than the days kept, venue by
// venue (the table's key leads with the venue: each is a range of it), and
// the visitors left with none. The one cleanup job runs it at start and
// every ten minutes.
func (s *Service) CleanupExpired(ctx context.Context) (int64, error) {
	before := s.now().Add(-s.settings.Retention).Unix()
	ids, err := s.venueIDs(ctx)
	if err != nil {
		return 0, err
	}
	var n int64
	for _, id := range ids {
		var gone []int64
		err := s.db.InTx(ctx, func(ctx context.Context) error {
			rows, err := s.db.Query(ctx, "DELETE FROM epi_venue_checkins WHERE venue_id = ? AND time_in < ? RETURNING visitor_id",
				id, before)
			if err != nil {
				return err
			}
			for rows.Next() {
				var v int64
				if err := rows.Scan(&v); err != nil {
					rows.Close()
					return err
				}
				gone = append(gone, v)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, v := range gone {
				if _, err := s.db.Exec(ctx, `DELETE FROM epi_visitors WHERE id = ? AND NOT EXISTS
					(SELECT 1 FROM epi_venue_checkins c WHERE c.visitor_id = ?)`, v, v); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return n, fmt.Errorf("venue: cleanup: %w", err)
		}
		n += int64(len(gone))
	}
	return n, nil
}

func (s *Service) venueIDs(ctx context.Context) ([]int64, error) {
	rows, err := s.db.Query(ctx, "SELECT id FROM epi_venues ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
