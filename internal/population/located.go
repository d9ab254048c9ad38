package population

import (
	"context"
	"fmt"

	"healthgrid/internal/access"
	"healthgrid/internal/pii"
)

// Located is a living resident with their home's point, masked.
type Located struct {
	ID, Name, IDNumber, GridCode, Address string
	Lng, Lat                              float64
}

// Located are the living residents of the subtree at path whose building
// has a point within the box: a drawn area's candidates (risk areas test
// each point against their polygon). With masked their ID numbers are
// opened and masked; without, left empty — a count needs none, and opening
// each is most of the cost.
func (s *Service) Located(ctx context.Context, path string, minLng, minLat, maxLng, maxLat float64, masked bool) ([]Located, error) {
	cond, args := access.Scope(path).Subtree("r.region_path")
	rows, err := s.db.Query(ctx, `SELECT r.id, r.name, r.id_enc, r.grid_code, r.address, b.lng, b.lat
		FROM residents r JOIN buildings b ON b.id = r.building_id
		WHERE `+cond+` AND r.deleted_at IS NULL AND b.lng BETWEEN ? AND ? AND b.lat BETWEEN ? AND ?`,
		append(args, minLng, maxLng, minLat, maxLat)...)
	if err != nil {
		return nil, fmt.Errorf("resident: located: %w", err)
	}
	defer rows.Close()
	var out []Located
	for rows.Next() {
		var l Located
		var sealed string
		if err := rows.Scan(&l.ID, &l.Name, &sealed, &l.GridCode, &l.Address, &l.Lng, &l.Lat); err != nil {
			return nil, err
		}
		if masked {
			id, err := s.pii.Open(sealed)
			if err != nil {
				return nil, fmt.Errorf("resident %s: %w", l.ID, err)
			}
			l.IDNumber = pii.MaskID(id)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// AgeCounts counts the living residents of each child region of path (path
// itself for a grid) in age bands: bands are the bands' lowest ages, from 0
// up, in whole years today (Beijing); band i holds ages bands[i] to
// bands[i+1]-1, the last has no end. One indexed pass over the subtree:
// the denominators of a coverage by age.
func (s *Service) AgeCounts(ctx context.Context, path string, bands []int) (map[string][]int64, error) {
	n := len(path)
	switch access.Scope(path).Level() {
	case access.Village:
		n += 16 // a grid's code and its slash
	case access.Grid:
	default:
		n += 13
	}
	today := ymd(s.now())
	band := "CASE"
	var args []any
	for i := len(bands) - 1; i > 0; i-- {
		band += fmt.Sprintf(" WHEN birth_ymd <= ? THEN %d", i)
		args = append(args, today-bands[i]*10000)
	}
	band += " ELSE 0 END"
	cond, condArgs := access.Scope(path).Subtree("region_path")
	rows, err := s.db.Query(ctx, "SELECT SUBSTR(region_path, 1, ?), "+band+", COUNT(*) FROM residents WHERE "+cond+
		" AND deleted_at IS NULL GROUP BY 1, 2", append(append([]any{n}, args...), condArgs...)...)
	if err != nil {
		return nil, fmt.Errorf("resident: age counts: %w", err)
	}
	defer rows.Close()
	out := map[string][]int64{}
	for rows.Next() {
		var child string
		var b int
		var c int64
		if err := rows.Scan(&child, &b, &c); err != nil {
			return nil, err
		}
		if out[child] == nil {
			out[child] = make([]int64, len(bands))
		}
		out[child][b] += c
	}
	return out, rows.Err()
}
