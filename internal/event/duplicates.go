package event

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"

	"healthgrid/internal/access"
)

// How near and how recent an earlier report must be to be offered as the
// same case (多案合一).
const (
	duplicateMeters = 100
	duplicateWindow = 72 * time.Hour
)

// Duplicate is an earlier event that is likely the same case.
type Duplicate struct {
	ID         string    `json:"id"`
	Number     string    `json:"number"`
	Title      string    `json:"title"`
	Status     string    `json:"status"`
	Address    string    `json:"address"`
	ReportedAt time.Time `json:"reported_at"`
	Meters     int       `json:"meters" doc:"distance from the point asked about"`
}

// Duplicates are the caller's events of the matter reported in the last 72
// hours within 100 m of the point, nearest first — offered on intake so
// that one case is filed once and its other reporters merged into it.
// Events merged or not accepted are not offered.
func (s *Service) Duplicates(ctx context.Context, caller *access.Principal, matter string, lng, lat float64) ([]Duplicate, error) {
	// a box around the point, then the exact distance
	dLat := duplicateMeters / 111_000.0
	dLng := dLat / math.Cos(lat*math.Pi/180)
	cond, args := caller.Scope().Subtree("region_path")
	rows, err := s.db.Query(ctx, `SELECT id, number, title, status, address, reported_at, lng, lat FROM events
		WHERE matter_code = ? AND reported_at >= ? AND status NOT IN ('merged', 'not_accepted')
		AND lng BETWEEN ? AND ? AND lat BETWEEN ? AND ? AND `+cond,
		append([]any{matter, s.now().Add(-duplicateWindow), lng - dLng, lng + dLng, lat - dLat, lat + dLat}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("event: duplicates: %w", err)
	}
	defer rows.Close()
	out := []Duplicate{}
	for rows.Next() {
		var d Duplicate
		var x, y float64
		if err := rows.Scan(&d.ID, &d.Number, &d.Title, &d.Status, &d.Address, &d.ReportedAt, &x, &y); err != nil {
			return nil, fmt.Errorf("event: duplicates: %w", err)
		}
		m := orbgeo.DistanceHaversine(orb.Point{lng, lat}, orb.Point{x, y})
		if m <= duplicateMeters {
			d.Meters = int(math.Round(m))
			out = append(out, d)
		}
	}
	slices.SortStableFunc(out, func(a, b Duplicate) int { return a.Meters - b.Meters })
	return out, rows.Err()
}
