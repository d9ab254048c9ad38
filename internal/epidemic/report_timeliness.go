package epidemic

import (
	"context"
	"fmt"

	"healthgrid/internal/access"
)

// TimelinessQuery asks the timeliness of a region's reporting units over
// the days cards were filed.
type TimelinessQuery struct {
	Region string `query:"region" maxLength:"15" doc:"a region code in the caller's scope; default the caller's"`
	From   string `query:"from" pattern:"^(\\d{4}-\\d{2}-\\d{2})?$" doc:"filed on or after, YYYY-MM-DD (Beijing)"`
	To     string `query:"to" pattern:"^(\\d{4}-\\d{2}-\\d{2})?$" doc:"filed on or before, YYYY-MM-DD (Beijing)"`
}

// UnitTimeliness is one reporting unit's timeliness: of its initial cards,
// how many were filed within their deadline after diagnosis (2 h or 24 h),
// and how many of those reviewed were reviewed within the review limit.
type UnitTimeliness struct {
	UnitID       string  `json:"unit_id"`
	Unit         string  `json:"unit" doc:"the reporting unit as its latest card names it"`
	Cards        int64   `json:"cards"`
	OnTime       int64   `json:"on_time"`
	Rate         float64 `json:"rate" doc:"on_time / cards, 0 with no cards"`
	Reviewed     int64   `json:"reviewed"`
	ReviewOnTime int64   `json:"review_on_time"`
	ReviewRate   float64 `json:"review_rate" doc:"review_on_time / reviewed, 0 with none reviewed"`
}

// Timeliness is the timeliness per reporting unit based in the region (the
// caller's scope, or a region in it), read off the tally kept per unit and
// day at every level of the unit's region: a county's answer is its own
// rows (units × days), never a count of its cards.
func (s *Service) Timeliness(ctx context.Context, p *access.Principal, q TimelinessQuery) ([]UnitTimeliness, error) {
	scope := p.RegionPath
	if q.Region != "" {
		var err error
		if scope, err = s.regions.Within(ctx, p.RegionPath, q.Region); err != nil {
			return nil, err
		}
	}
	at, args := reportTallies.At(access.Scope(scope))
	if q.From != "" {
		at, args = at+" AND day >= ?", append(args, q.From)
	}
	if q.To != "" {
		at, args = at+" AND day <= ?", append(args, q.To)
	}
	rows, err := s.db.Query(ctx, `SELECT unit_id, SUM(cards), SUM(on_time), SUM(reviewed), SUM(review_on_time)
		FROM epi_report_tallies WHERE `+at+" GROUP BY unit_id ORDER BY unit_id", args...)
	if err != nil {
		return nil, fmt.Errorf("epidemic: timeliness: %w", err)
	}
	out := []UnitTimeliness{}
	for rows.Next() {
		var u UnitTimeliness
		if err := rows.Scan(&u.UnitID, &u.Cards, &u.OnTime, &u.Reviewed, &u.ReviewOnTime); err != nil {
			rows.Close()
			return nil, err
		}
		u.Rate, u.ReviewRate = ratio(u.OnTime, u.Cards), ratio(u.ReviewOnTime, u.Reviewed)
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := s.db.QueryRow(ctx, `SELECT reporting_unit FROM epi_reports WHERE unit_id = ?
			ORDER BY filed_at DESC, id DESC LIMIT 1`, out[i].UnitID).Scan(&out[i].Unit); err != nil {
			return nil, fmt.Errorf("epidemic: timeliness: unit %s: %w", out[i].UnitID, err)
		}
	}
	return out, nil
}

func ratio(n, d int64) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}
