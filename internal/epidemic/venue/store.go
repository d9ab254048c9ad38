package venue

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
)

// Venue is a place people gather, with its poster's token.
type Venue struct {
	Code        string     `json:"code"`
	Name        string     `json:"name"`
	Kind        string     `json:"kind" enum:"school,market,clinic,restaurant,workplace,transport,other"`
	Address     string     `json:"address"`
	Lng         float64    `json:"lng"`
	Lat         float64    `json:"lat"`
	GridCode    string     `json:"grid_code"`
	RegionCode  string     `json:"region_code" doc:"the grid's, or the region the venue was placed in"`
	StayMinutes int        `json:"default_stay_minutes" doc:"a check-in without a time out lasts this long"`
	QRToken     string     `json:"qr_token" doc:"the poster's changing part: a scan with an older one is refused"`
	QRRotatedAt time.Time  `json:"qr_rotated_at"`
	ClosedAt    *time.Time `json:"closed_at,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	id          int64
	regionPath  string
}

// Input is a venue as created; a patch gives only what changes.
type Input struct {
	Code        string   `json:"code,omitempty" maxLength:"32" doc:"3–32 letters, digits or hyphens; empty: one is made from the kind"`
	Name        string   `json:"name" minLength:"1" maxLength:"100"`
	Kind        string   `json:"kind" enum:"school,market,clinic,restaurant,workplace,transport,other"`
	Address     string   `json:"address,omitempty" maxLength:"200"`
	Lng         *float64 `json:"lng" doc:"WGS-84, inside the city"`
	Lat         *float64 `json:"lat" doc:"WGS-84, inside the city"`
	GridCode    string   `json:"grid_code,omitempty" maxLength:"20" doc:"the venue's grid, in the caller's scope; empty: the grid the point lies in"`
	StayMinutes int      `json:"default_stay_minutes" minimum:"1" maximum:"1440"`
}

// Patch changes a venue: the fields given.
type Patch struct {
	Name        *string  `json:"name,omitempty" minLength:"1" maxLength:"100"`
	Kind        *string  `json:"kind,omitempty" enum:"school,market,clinic,restaurant,workplace,transport,other"`
	Address     *string  `json:"address,omitempty" maxLength:"200"`
	Lng         *float64 `json:"lng,omitempty"`
	Lat         *float64 `json:"lat,omitempty"`
	GridCode    *string  `json:"grid_code,omitempty" maxLength:"20"`
	StayMinutes *int     `json:"default_stay_minutes,omitempty" minimum:"1" maximum:"1440"`
}

// Filter narrows the venues list; the caller's scope always applies.
type Filter struct {
	Region string `query:"region" maxLength:"20" doc:"a region's code: its subtree (default: the caller's)"`
	Kind   string `query:"kind" enum:"school,market,clinic,restaurant,workplace,transport,other,"`
	Grid   string `query:"grid" maxLength:"20"`
	Closed string `query:"closed" enum:"true,false," doc:"true: only closed ones; false: only open ones"`
	Q      string `query:"q" maxLength:"50" doc:"words of the name, address or code"`
}

var codeRe = regexp.MustCompile(`^[A-Z0-9][A-Z0-9-]{2,31}$`)

const cols = "id, code, name, kind, address, lng, lat, grid_code, region_path, default_stay_minutes, qr_token, " +
	"qr_rotated_at, closed_at, created_at, updated_at"

func scan(row interface{ Scan(...any) error }) (Venue, error) {
	var v Venue
	var lng, lat *float64
	err := row.Scan(&v.id, &v.Code, &v.Name, &v.Kind, &v.Address, &lng, &lat, &v.GridCode, &v.regionPath,
		&v.StayMinutes, &v.QRToken, &v.QRRotatedAt, &v.ClosedAt, &v.CreatedAt, &v.UpdatedAt)
	if lng != nil && lat != nil {
		v.Lng, v.Lat = *lng, *lat
	}
	v.RegionCode = access.Scope(v.regionPath).Code()
	return v, err
}

// byCode is the venue of code, whatever the scope.
func (s *Service) byCode(ctx context.Context, code string) (Venue, error) {
	v, err := scan(s.db.QueryRow(ctx, "SELECT "+cols+" FROM epi_venues WHERE code = ?", strings.ToUpper(code)))
	return v, s.db.ScanErr(err, ErrNotFound)
}

// Get is the venue of code in scope.
func (s *Service) Get(ctx context.Context, scope, code string) (Venue, error) {
	v, err := s.byCode(ctx, code)
	if err != nil || !access.Scope(scope).Covers(v.regionPath) {
		return Venue{}, ErrNotFound
	}
	return v, nil
}

// List is a page of the venues in scope f selects, by name, and how many.
func (s *Service) List(ctx context.Context, scope string, f Filter, offset, limit int) ([]Venue, int, error) {
	path := scope
	if f.Region != "" {
		p, err := s.regions.Path(ctx, f.Region)
		if err != nil || !access.Scope(scope).Covers(p) {
			return []Venue{}, 0, nil
		}
		path = p
	}
	cond, args := access.Scope(path).Subtree("region_path")
	where := " WHERE " + cond
	add := func(c string, v ...any) { where, args = where+" AND "+c, append(args, v...) }
	if f.Kind != "" {
		add("kind = ?", f.Kind)
	}
	if f.Grid != "" {
		add("grid_code = ?", f.Grid)
	}
	if f.Closed != "" {
		add(map[string]string{"true": "closed_at IS NOT NULL", "false": "closed_at IS NULL"}[f.Closed])
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		c, a := db.Contains(q, "name", "address", "code")
		add(c, a...)
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM epi_venues"+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("venue: count: %w", err)
	}
	rows, err := s.db.Query(ctx, "SELECT "+cols+" FROM epi_venues"+where+" ORDER BY name, code LIMIT ? OFFSET ?",
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("venue: list: %w", err)
	}
	defer rows.Close()
	out := []Venue{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, v)
	}
	return out, total, rows.Err()
}

// place is the grid and region path of a venue at lng/lat (grid: the one
// named, in scope; else the one the point lies in, in scope).
func (s *Service) place(ctx context.Context, scope string, lng, lat *float64, grid string) (string, string, error) {
	if lng == nil || lat == nil || math.IsNaN(*lng) || math.IsNaN(*lat) || math.IsInf(*lng, 0) || math.IsInf(*lat, 0) ||
		*lng < -180 || *lng > 180 || *lat < -90 || *lat > 90 {
		return "", "", errPoint.Field("body.lng")
	}
	located, ok := s.regions.LocateCode(*lng, *lat)
	if !ok {
		return "", "", errPoint.Field("body.lng")
	}
	field := "body.lng"
	if grid = strings.TrimSpace(grid); grid == "" {
		grid = located
	} else {
		field = "body.grid_code"
	}
	path, err := s.regions.Path(ctx, grid)
	if errors.Is(err, apperr.ErrNotFound) || err == nil && (access.Scope(path).Level() != access.Grid ||
		!access.Scope(scope).Covers(path)) {
		if field == "body.lng" {
			return "", "", errGrid.With(nil, "坐标所在网格不在您的管辖范围内 / the point's grid is not in your area").Field(field)
		}
		return "", "", errGrid.Field(field)
	}
	return grid, path, err
}

// Create adds a venue in the caller's scope.
func (s *Service) Create(ctx context.Context, p *access.Principal, in Input) (Venue, error) {
	in.Name, in.Code = strings.TrimSpace(in.Name), strings.ToUpper(strings.TrimSpace(in.Code))
	if in.Name == "" {
		return Venue{}, errName.Field("body.name")
	}
	if in.Code != "" && !codeRe.MatchString(in.Code) {
		return Venue{}, errCode.Field("body.code")
	}
	grid, path, err := s.place(ctx, p.RegionPath, in.Lng, in.Lat, in.GridCode)
	if err != nil {
		return Venue{}, err
	}
	generated := in.Code == ""
	now := s.now().UTC()
	for try := 0; ; try++ {
		if generated {
			in.Code = strings.ToUpper(in.Kind[:3]) + "-" + token()[:6]
		}
		err = s.db.InTx(ctx, func(ctx context.Context) error {
			if _, err := s.db.Exec(ctx, `INSERT INTO epi_venues (code, name, kind, address, lng, lat, grid_code, region_path,
				default_stay_minutes, qr_token, qr_rotated_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
				in.Code, in.Name, in.Kind, strings.TrimSpace(in.Address), *in.Lng, *in.Lat, grid, path, in.StayMinutes,
				token(), now, now, now); err != nil {
				return err
			}
			return s.audit.Write(ctx, audit.Record{Action: "epidemic.venue.create", ObjectType: "venue", ObjectID: in.Code,
				Detail: map[string]any{"name": in.Name, "kind": in.Kind, "grid": grid}, ScopePath: path})
		})
		if !errors.Is(err, db.ErrUnique) {
			break
		}
		if !generated || try == 4 {
			return Venue{}, errCodeTaken.With(map[string]any{"code": in.Code}, errCodeTaken.Message)
		}
	}
	if err != nil {
		return Venue{}, fmt.Errorf("venue: create: %w", err)
	}
	return s.Get(ctx, p.RegionPath, in.Code)
}

// Update changes a venue in scope.
func (s *Service) Update(ctx context.Context, p *access.Principal, code string, in Patch) (Venue, error) {
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		v, err := s.Get(ctx, p.RegionPath, code)
		if err != nil {
			return err
		}
		if in.Name != nil {
			if v.Name = strings.TrimSpace(*in.Name); v.Name == "" {
				return errName.Field("body.name")
			}
		}
		if in.Kind != nil {
			v.Kind = *in.Kind
		}
		if in.Address != nil {
			v.Address = strings.TrimSpace(*in.Address)
		}
		if in.StayMinutes != nil {
			v.StayMinutes = *in.StayMinutes
		}
		if in.Lng != nil || in.Lat != nil || in.GridCode != nil {
			lng, lat, grid := &v.Lng, &v.Lat, ""
			if in.Lng != nil || in.Lat != nil {
				lng, lat = in.Lng, in.Lat
			}
			if in.GridCode != nil {
				grid = *in.GridCode
			}
			if v.GridCode, v.regionPath, err = s.place(ctx, p.RegionPath, lng, lat, grid); err != nil {
				return err
			}
			v.Lng, v.Lat = *lng, *lat
		}
		if _, err := s.db.Exec(ctx, `UPDATE epi_venues SET name = ?, kind = ?, address = ?, lng = ?, lat = ?, grid_code = ?,
			region_path = ?, default_stay_minutes = ?, updated_at = ? WHERE id = ?`, v.Name, v.Kind, v.Address, v.Lng, v.Lat,
			v.GridCode, v.regionPath, v.StayMinutes, s.now().UTC(), v.id); err != nil {
			return fmt.Errorf("venue: update: %w", err)
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.venue.update", ObjectType: "venue", ObjectID: v.Code,
			Detail: map[string]any{"name": v.Name, "kind": v.Kind, "grid": v.GridCode}, ScopePath: v.regionPath})
	})
	if err != nil {
		return Venue{}, err
	}
	return s.Get(ctx, p.RegionPath, code)
}

// SetClosed closes a venue in scope (its posters and uploads refused from
// now) or opens it again.
func (s *Service) SetClosed(ctx context.Context, p *access.Principal, code string, closed bool) (Venue, error) {
	return s.change(ctx, p, code, map[bool]string{true: "epidemic.venue.close", false: "epidemic.venue.reopen"}[closed],
		func(v Venue, now time.Time) (string, []any) {
			if !closed {
				return "closed_at = NULL", nil
			}
			if v.ClosedAt != nil {
				return "closed_at = closed_at", nil
			}
			return "closed_at = ?", []any{now}
		})
}

// Rotate gives a venue in scope a new poster token: the posters printed
// before are refused from now.
func (s *Service) Rotate(ctx context.Context, p *access.Principal, code string) (Venue, error) {
	return s.change(ctx, p, code, "epidemic.venue.rotate", func(_ Venue, now time.Time) (string, []any) {
		return "qr_token = ?, qr_rotated_at = ?", []any{token(), now}
	})
}

// change sets what set says on a venue in scope, audited as action.
func (s *Service) change(ctx context.Context, p *access.Principal, code, action string,
	set func(Venue, time.Time) (string, []any)) (Venue, error) {
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		v, err := s.Get(ctx, p.RegionPath, code)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		sets, args := set(v, now)
		if _, err := s.db.Exec(ctx, "UPDATE epi_venues SET "+sets+", updated_at = ? WHERE id = ?",
			append(args, now, v.id)...); err != nil {
			return fmt.Errorf("venue: %s: %w", action, err)
		}
		return s.audit.Write(ctx, audit.Record{Action: action, ObjectType: "venue", ObjectID: v.Code,
			Detail: map[string]any{"name": v.Name}, ScopePath: v.regionPath})
	})
	if err != nil {
		return Venue{}, err
	}
	return s.Get(ctx, p.RegionPath, code)
}
