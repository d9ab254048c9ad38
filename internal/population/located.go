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
// has a point within the box, masked: a drawn area's candidates (risk areas
// test each point against their polygon).
func (s *Service) Located(ctx context.Context, path string, minLng, minLat, maxLng, maxLat float64) ([]Located, error) {
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
		id, err := s.pii.Open(sealed)
		if err != nil {
			return nil, fmt.Errorf("resident %s: %w", l.ID, err)
		}
		l.IDNumber = pii.MaskID(id)
		out = append(out, l)
	}
	return out, rows.Err()
}
