package visit

import (
	"context"
	"fmt"
	"strings"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/china"
)

const cols = `id, COALESCE(booking_id, ''), resident_id, resident_name, region_path, kind, notes, lng, lat, place_code,
	place_name, worker_id, worker_name, visited_at`

func scan(row interface{ Scan(...any) error }) (Visit, error) {
	var v Visit
	err := row.Scan(&v.ID, &v.BookingID, &v.ResidentID, &v.ResidentName, &v.regionPath, &v.Kind, &v.Notes, &v.Lng, &v.Lat,
		&v.PlaceCode, &v.PlaceName, &v.workerID, &v.WorkerName, &v.VisitedAt)
	v.RegionCode, v.KindName, v.Photos = access.Scope(v.regionPath).Code(), kindName(v.Kind), []Photo{}
	return v, err
}

func (s *Service) insert(ctx context.Context, v Visit, notes, notesPII string) error {
	var booking any
	if v.BookingID != "" {
		booking = v.BookingID
	}
	if _, err := s.db.Exec(ctx, `INSERT INTO visits (id, booking_id, resident_id, resident_name, region_path, kind, notes,
		notes_pii, lng, lat, place_code, place_name, worker_id, worker_name, visited_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		v.ID, booking, v.ResidentID, v.ResidentName, v.regionPath, v.Kind, notes, notesPII, v.Lng, v.Lat, v.PlaceCode,
		v.PlaceName, v.workerID, v.WorkerName, v.VisitedAt); err != nil {
		return fmt.Errorf("visit: insert: %w", err)
	}
	return nil
}

// load reads a visit with its photos, whoever asks.
func (s *Service) load(ctx context.Context, id string) (Visit, error) {
	v, err := scan(s.db.QueryRow(ctx, "SELECT "+cols+" FROM visits WHERE id = ?", id))
	if err != nil {
		return Visit{}, s.db.ScanErr(err, ErrNotFound)
	}
	held, err := s.photos.Held(ctx, owner(v.ID))
	if err != nil {
		return Visit{}, err
	}
	for _, a := range held {
		url := "/api/v1/visit-photos/" + a.ID
		v.Photos = append(v.Photos, Photo{ID: a.ID, Name: a.Name, ContentType: a.ContentType, Size: a.Size,
			Watermarked: a.Marked(), URL: url, OriginalURL: url + "?original=true"})
	}
	return v, nil
}

// Get is a visit of a resident in the caller's subtree.
func (s *Service) Get(ctx context.Context, p *access.Principal, id string) (Visit, error) {
	v, err := s.load(ctx, id)
	if err != nil {
		return Visit{}, err
	}
	if !p.Covers(v.regionPath) {
		return Visit{}, ErrNotFound
	}
	return v, nil
}

// Filter narrows a list of visits.
type Filter struct {
	RegionPath string // the residents' subtree
	ResidentID string
	Worker     string // the user who recorded them
	Kind       string
	From, To   string // YYYY-MM-DD, Beijing days, both included
}

// List is a page of the visits in f's subtree, the latest first; photos are
// in the detail only.
func (s *Service) List(ctx context.Context, f Filter, offset, limit int) ([]Visit, int, error) {
	cond, args := access.Scope(f.RegionPath).Subtree("region_path")
	where := []string{cond}
	if f.ResidentID != "" {
		where, args = append(where, "resident_id = ?"), append(args, f.ResidentID)
	}
	if f.Worker != "" {
		where, args = append(where, "worker_id = ?"), append(args, f.Worker)
	}
	if f.Kind != "" {
		where, args = append(where, "kind = ?"), append(args, f.Kind)
	}
	for _, b := range []struct {
		field, day, op string
		days           int
	}{{"query.from", f.From, ">=", 0}, {"query.to", f.To, "<", 1}} {
		if b.day == "" {
			continue
		}
		d, err := time.ParseInLocation(time.DateOnly, b.day, china.Zone)
		if err != nil {
			return nil, 0, errDay.Withf(apperr.P{"value": b.day}, "日期格式应为 YYYY-MM-DD / the date must be YYYY-MM-DD: %s",
				b.day).Field(b.field)
		}
		where, args = append(where, "visited_at "+b.op+" ?"), append(args, d.AddDate(0, 0, b.days).UTC())
	}
	sql := " FROM visits WHERE " + strings.Join(where, " AND ")
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*)"+sql, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("visit: count: %w", err)
	}
	rows, err := s.db.Query(ctx, "SELECT "+cols+sql+" ORDER BY visited_at DESC, id DESC LIMIT ? OFFSET ?",
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("visit: list: %w", err)
	}
	defer rows.Close()
	out := []Visit{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("visit: list: %w", err)
		}
		out = append(out, v)
	}
	return out, total, rows.Err()
}
