package warning

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/china"
)

// ResponseQuery is the period of the response times: the signals raised
// on those days (Beijing); none: the last 30 days.
type ResponseQuery struct {
	Region string `query:"region" maxLength:"15" doc:"a region code in the caller's area"`
	From   string `query:"from" pattern:"^(\\d{4}-\\d{2}-\\d{2})?$"`
	To     string `query:"to" pattern:"^(\\d{4}-\\d{2}-\\d{2})?$"`
}

// UnitResponse is how fast one county's CDC — the unit whose queue a
// signal is in — took the first step on its signals.
type UnitResponse struct {
	RegionCode    string   `json:"region_code" doc:"the county whose CDC handles the signals"`
	RegionName    string   `json:"region_name"`
	Signals       int      `json:"signals"`
	Answered      int      `json:"answered" doc:"signals with a first action"`
	Open          int      `json:"open" doc:"signals still waiting for one"`
	MedianMinutes *float64 `json:"median_minutes,omitempty"`
	P90Minutes    *float64 `json:"p90_minutes,omitempty" doc:"nearest rank"`
}

// maxResponseDays bounds the period a response query reads.
const maxResponseDays = 366

// Responses are the response times — from a signal to its first action —
// per county CDC in the caller's area over the period: the median and the
// 90th percentile of the answered signals, and the ones still open.
func (s *Service) Responses(ctx context.Context, p *access.Principal, q ResponseQuery) ([]UnitResponse, error) {
	scope, err := s.regions.Within(ctx, p.RegionPath, q.Region)
	if err != nil {
		return nil, err
	}
	today := dayOf(s.now())
	if q.To == "" {
		q.To = today
	}
	if q.From == "" {
		q.From = addDays(q.To, -29)
	}
	if q.From > q.To || daysBetween(q.From, q.To) >= maxResponseDays {
		return nil, apperr.Invalid(apperr.Field("query.from", "起止日期无效或超过一年 / from after to, or more than a year"))
	}
	cond, args := access.Scope(scope).Subtree("region_path")
	rows, err := s.db.Query(ctx, `SELECT county_path, response_seconds FROM epi_warning_signals WHERE `+cond+
		` AND raised_at >= ? AND raised_at < ?`, append(args, dayStart(q.From), dayStart(addDays(q.To, 1)))...)
	if err != nil {
		return nil, fmt.Errorf("warning: responses: %w", err)
	}
	defer rows.Close()
	by := map[string]*UnitResponse{}
	secs := map[string][]float64{}
	for rows.Next() {
		var county string
		var sec *int64
		if err := rows.Scan(&county, &sec); err != nil {
			return nil, err
		}
		u := by[county]
		if u == nil {
			u = &UnitResponse{RegionCode: access.Scope(county).Code()}
			by[county] = u
		}
		u.Signals++
		if sec == nil {
			u.Open++
			continue
		}
		u.Answered++
		secs[county] = append(secs[county], float64(*sec)/60)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := []UnitResponse{}
	for county, u := range by {
		if m := secs[county]; len(m) > 0 {
			med, p90 := Median(m), Nearest(m, 0.9)
			u.MedianMinutes, u.P90Minutes = &med, &p90
		}
		if u.RegionName, err = s.regionName(ctx, county); err != nil {
			return nil, err
		}
		out = append(out, *u)
	}
	slices.SortFunc(out, func(a, b UnitResponse) int { return strings.Compare(a.RegionCode, b.RegionCode) })
	return out, nil
}

// Median is the middle of x (the mean of the two middle ones for an even
// count); x is sorted in place.
func Median(x []float64) float64 {
	slices.Sort(x)
	n := len(x)
	if n%2 == 1 {
		return x[n/2]
	}
	return (x[n/2-1] + x[n/2]) / 2
}

// Nearest is x's q-quantile by nearest rank: the smallest value with at
// least q of x at or below it; x is sorted in place.
func Nearest(x []float64, q float64) float64 {
	slices.Sort(x)
	return x[max(0, int(math.Ceil(q*float64(len(x))))-1)]
}

// dayStart is the first instant of day d in Beijing.
func dayStart(d string) time.Time {
	t, _ := time.ParseInLocation(time.DateOnly, d, china.Zone)
	return t.UTC()
}
