package venue

import (
	"context"
	"fmt"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/audit"
)

// rescan is how long a second scan of the same poster is the same check-in
// (a phone retried, a resident scanned twice at the door).
const rescan = 10 * time.Minute

// Scan is what the app's landing page shows of a scanned poster.
type Scan struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	Kind        string `json:"kind"`
	Address     string `json:"address"`
	StayMinutes int    `json:"default_stay_minutes"`
	Open        *Visit `json:"open,omitempty" doc:"the caller's check-in here still open, within the default stay"`
}

// ScanInput is a scanned poster.
type ScanInput struct {
	VenueCode string `json:"venue_code" minLength:"1" maxLength:"32"`
	Token     string `json:"token" minLength:"1" maxLength:"32"`
}

// Visit is one of the caller's own check-ins.
type Visit struct {
	VenueCode string     `json:"venue_code"`
	VenueName string     `json:"venue_name"`
	Kind      string     `json:"kind"`
	Address   string     `json:"address"`
	TimeIn    time.Time  `json:"time_in"`
	TimeOut   *time.Time `json:"time_out,omitempty"`
	Until     time.Time  `json:"until" doc:"time out, or time in and the venue's default stay"`
	Repeat    bool       `json:"repeat,omitempty" doc:"a scan within minutes of the last one here: the same check-in"`
}

// CheckoutInput names one of the caller's check-ins.
type CheckoutInput struct {
	VenueCode string    `json:"venue_code" minLength:"1" maxLength:"32"`
	TimeIn    time.Time `json:"time_in"`
}

// scanned is the venue of a scanned poster: its token must be the current
// one, the venue open.
func (s *Service) scanned(ctx context.Context, code, tok string) (Venue, error) {
	v, err := s.byCode(ctx, code)
	switch {
	case err != nil:
		return Venue{}, err
	case v.QRToken != tok:
		return Venue{}, errOutdate.With(map[string]any{"venue": v.Name}, errOutdate.Message)
	case v.ClosedAt != nil:
		return Venue{}, errClosed
	}
	return v, nil
}

// ownVisitor is the visitor of the resident the caller's account is bound
// to, added if new (by their ID number: the same visitor as a venue's
// upload names).
func (s *Service) ownVisitor(ctx context.Context, p *access.Principal) (int64, error) {
	resident, err := s.accounts.ResidentOf(ctx, p.UserID)
	if err != nil {
		return 0, err
	}
	if resident == "" {
		return 0, errNotBound
	}
	stays := []stay{{resident: resident}}
	kept, err := s.identify(ctx, stays, map[string][]int{resident: {0}}, func(int, string, string) {})
	if err != nil {
		return 0, err
	}
	if len(kept) == 0 {
		return 0, errNotBound
	}
	byIdx, err := s.knownVisitors(ctx, kept)
	if err != nil {
		return 0, err
	}
	if err := s.visitors(ctx, kept, byIdx); err != nil {
		return 0, err
	}
	// a visitor an upload added before the number matched a resident
	_, err = s.db.Exec(ctx, "UPDATE epi_visitors SET resident_id = ? WHERE id = ? AND resident_id IS NULL", resident,
		kept[0].visitor)
	return kept[0].visitor, err
}

// Scanned is the venue of a poster the caller scanned, with their open
// check-in there.
func (s *Service) Scanned(ctx context.Context, p *access.Principal, code, tok string) (Scan, error) {
	v, err := s.scanned(ctx, code, tok)
	if err != nil {
		return Scan{}, err
	}
	out := Scan{Code: v.Code, Name: v.Name, Kind: v.Kind, Address: v.Address, StayMinutes: v.StayMinutes}
	visits, err := s.Visits(ctx, p)
	for _, vi := range visits {
		if vi.VenueCode == v.Code && vi.TimeOut == nil && vi.Until.After(s.now()) {
			out.Open = &vi
			break
		}
	}
	return out, err
}

// CheckIn checks the caller in at the venue of a poster they scanned; a
// scan within minutes of their last one there is that check-in again.
func (s *Service) CheckIn(ctx context.Context, p *access.Principal, in ScanInput) (Visit, error) {
	v, err := s.scanned(ctx, in.VenueCode, in.Token)
	if err != nil {
		return Visit{}, err
	}
	now := s.now().Unix()
	out := Visit{VenueCode: v.Code, VenueName: v.Name, Kind: v.Kind, Address: v.Address}
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		visitor, err := s.ownVisitor(ctx, p)
		if err != nil {
			return err
		}
		var last int64
		err = s.db.QueryRow(ctx, `SELECT COALESCE(MAX(time_in), 0) FROM epi_venue_checkins WHERE venue_id = ? AND
			visitor_id = ? AND time_in >= ?`, v.id, visitor, now-int64(rescan.Seconds())).Scan(&last)
		if err != nil {
			return err
		}
		if last != 0 {
			out.TimeIn, out.Repeat = time.Unix(last, 0).UTC(), true
			return nil
		}
		if _, err := s.db.Exec(ctx, "INSERT INTO epi_venue_checkins (venue_id, time_in, visitor_id) VALUES (?,?,?)",
			v.id, now, visitor); err != nil {
			return fmt.Errorf("venue: scan: %w", err)
		}
		out.TimeIn = time.Unix(now, 0).UTC()
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.venue.scan", ObjectType: "venue", ObjectID: v.Code,
			ScopePath: v.regionPath})
	})
	out.Until = out.TimeIn.Add(time.Duration(v.StayMinutes) * time.Minute)
	return out, err
}

// CheckOut records that the caller left: one of their own check-ins, open.
func (s *Service) CheckOut(ctx context.Context, p *access.Principal, in CheckoutInput) (Visit, error) {
	v, err := s.byCode(ctx, in.VenueCode)
	if err != nil {
		return Visit{}, errVisitNotFound
	}
	now := s.now().Unix()
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		visitor, err := s.ownVisitor(ctx, p)
		if err != nil {
			return err
		}
		res, err := s.db.Exec(ctx, `UPDATE epi_venue_checkins SET time_out = ? WHERE venue_id = ? AND time_in = ?
			AND visitor_id = ? AND time_out IS NULL`, max(now, in.TimeIn.Unix()), v.id, in.TimeIn.Unix(), visitor)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var one int
			if s.db.QueryRow(ctx, "SELECT 1 FROM epi_venue_checkins WHERE venue_id = ? AND time_in = ? AND visitor_id = ?",
				v.id, in.TimeIn.Unix(), visitor).Scan(&one) != nil {
				return errVisitNotFound
			}
			return nil // left already: a retry
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.venue.checkout", ObjectType: "venue", ObjectID: v.Code,
			ScopePath: v.regionPath})
	})
	if err != nil {
		return Visit{}, err
	}
	visits, err := s.Visits(ctx, p)
	for _, vi := range visits {
		if vi.VenueCode == v.Code && vi.TimeIn.Equal(in.TimeIn.Truncate(time.Second)) {
			return vi, err
		}
	}
	return Visit{}, errVisitNotFound
}

// Visits are the caller's own check-ins of the days kept, the latest first
// (我的场所记录).
func (s *Service) Visits(ctx context.Context, p *access.Principal) ([]Visit, error) {
	out := []Visit{}
	resident, err := s.accounts.ResidentOf(ctx, p.UserID)
	if err != nil || resident == "" {
		return out, err
	}
	rows, err := s.db.Query(ctx, `SELECT v.code, v.name, v.kind, v.address, v.default_stay_minutes, c.time_in, c.time_out
		FROM epi_visitors w JOIN epi_venue_checkins c ON c.visitor_id = w.id JOIN epi_venues v ON v.id = c.venue_id
		WHERE w.resident_id = ? AND c.time_in >= ? ORDER BY c.time_in DESC LIMIT 500`, resident,
		s.now().Add(-s.settings.Retention).Unix())
	if err != nil {
		return nil, fmt.Errorf("venue: visits: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var vi Visit
		var stay int
		var in int64
		var outAt *int64
		if err := rows.Scan(&vi.VenueCode, &vi.VenueName, &vi.Kind, &vi.Address, &stay, &in, &outAt); err != nil {
			return nil, err
		}
		vi.TimeIn = time.Unix(in, 0).UTC()
		vi.Until = vi.TimeIn.Add(time.Duration(stay) * time.Minute)
		if outAt != nil {
			t := time.Unix(*outAt, 0).UTC()
			vi.TimeOut, vi.Until = &t, t
		}
		out = append(out, vi)
	}
	return out, rows.Err()
}
