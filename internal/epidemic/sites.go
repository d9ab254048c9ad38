package epidemic

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
)

// The actions isolation sites write to the audit log.
var _ = audit.Declare("epidemic.site.create", "epidemic.site.update", "epidemic.site.delete")

// Site is an isolation site (隔离点): its rooms and how many are held.
type Site struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	Address    string    `json:"address"`
	RegionCode string    `json:"region_code"`
	Lng        *float64  `json:"lng,omitempty"`
	Lat        *float64  `json:"lat,omitempty"`
	Rooms      []string  `json:"rooms"`
	Capacity   int       `json:"capacity"`
	Occupied   int       `json:"occupied"`
	Free       int       `json:"free"`
	Held       []Held    `json:"held,omitempty" doc:"one site's rooms held, on its own page"`
	UpdatedAt  time.Time `json:"updated_at"`
	regionPath string
}

// Held is a room held by a measure.
type Held struct {
	Room      string `json:"room"`
	MeasureID string `json:"measure_id"`
	Until     string `json:"until"`
}

// SiteInput is a site as created or replaced: rooms by name, or a count of
// rooms numbered 1…N.
type SiteInput struct {
	Name      string   `json:"name" minLength:"1" maxLength:"100"`
	Address   string   `json:"address,omitempty" maxLength:"200"`
	Region    string   `json:"region" minLength:"1" maxLength:"15" doc:"the region code the site belongs to, in the caller's scope"`
	Lng       *float64 `json:"lng,omitempty" minimum:"-180" maximum:"180"`
	Lat       *float64 `json:"lat,omitempty" minimum:"-90" maximum:"90"`
	Rooms     []string `json:"rooms,omitempty" maxItems:"2000" doc:"room names; or room_count"`
	RoomCount int      `json:"room_count,omitempty" minimum:"0" maximum:"2000" doc:"rooms numbered 1…N, when rooms is not given"`
}

var (
	// ErrSiteNotFound is a site that does not exist or is out of scope.
	ErrSiteNotFound = apperr.New(apperr.ErrNotFound, "epidemic.site_not_found", "隔离点不存在 / isolation site not found")
	errRooms        = apperr.New(apperr.ErrInvalid, "epidemic.site_rooms", "请填写房间或房间数 / give the rooms or their number")
	errRegion       = apperr.New(apperr.ErrInvalid, "epidemic.site_region", "区域不在您的管辖范围内 / region not in your area")
	errRoomHeld     = apperr.New(apperr.ErrConflict, "epidemic.room_held", "房间已有人入住 / the room is taken")
	errSiteInUse    = apperr.New(apperr.ErrConflict, "epidemic.site_in_use",
		"隔离点已有入住记录，不能删除 / the site has had stays and cannot be deleted")
	errSiteFull = apperr.New(apperr.ErrConflict, "epidemic.site_full", "")
	// errSiteFullNext is a full site and the next one with a free room.
	errSiteFullNext = apperr.New(apperr.ErrConflict, "epidemic.site_full_next", "")
	errRoomNone     = apperr.New(apperr.ErrInvalid, "epidemic.room_unknown", "隔离点没有这个房间 / the site has no such room")
	errNotCentr     = apperr.New(apperr.ErrConflict, "epidemic.not_centralised",
		"该措施没有集中隔离阶段 / the measure has no centralised isolation stage")
	// errRace is a room taken by a concurrent assignment: tried again.
	errRace = errors.New("epidemic: room taken meanwhile")
)

const siteCols = "id, name, address, region_path, lng, lat, rooms, capacity, updated_at"

func scanSite(row interface{ Scan(...any) error }) (Site, error) {
	var st Site
	var rooms string
	if err := row.Scan(&st.ID, &st.Name, &st.Address, &st.regionPath, &st.Lng, &st.Lat, &rooms, &st.Capacity,
		&st.UpdatedAt); err != nil {
		return Site{}, err
	}
	st.RegionCode = access.Scope(st.regionPath).Code()
	return st, json.Unmarshal([]byte(rooms), &st.Rooms)
}

// occupancy counts the sites' rooms held now.
func (s *Service) occupancy(ctx context.Context, sites []Site) error {
	if len(sites) == 0 {
		return nil
	}
	at, ids := map[string]int{}, make([]string, len(sites))
	for i, st := range sites {
		at[st.ID], ids[i] = i, st.ID
	}
	rows, err := s.db.Query(ctx, "SELECT site_id, COUNT(*) FROM epi_stays WHERE released_at IS NULL AND until_date >= ? AND site_id IN (?"+
		strings.Repeat(",?", len(ids)-1)+") GROUP BY site_id", append([]any{s.today()}, anys(ids)...)...)
	if err != nil {
		return fmt.Errorf("epidemic: occupancy: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		sites[at[id]].Occupied = n
	}
	for i := range sites {
		sites[i].Free = sites[i].Capacity - sites[i].Occupied
	}
	return rows.Err()
}

// Sites are the isolation sites in the caller's scope, by name.
func (s *Service) Sites(ctx context.Context, scope string) ([]Site, error) {
	cond, args := access.Scope(scope).Subtree("region_path")
	rows, err := s.db.Query(ctx, "SELECT "+siteCols+" FROM epi_sites WHERE "+cond+" ORDER BY name, id", args...)
	if err != nil {
		return nil, fmt.Errorf("epidemic: sites: %w", err)
	}
	out := []Site{}
	for rows.Next() {
		st, err := scanSite(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.occupancy(ctx, out)
}

// Site is one site in scope with the rooms held.
func (s *Service) Site(ctx context.Context, scope, id string) (Site, error) {
	st, err := scanSite(s.db.QueryRow(ctx, "SELECT "+siteCols+" FROM epi_sites WHERE id = ?", id))
	if err != nil {
		return Site{}, s.db.ScanErr(err, ErrSiteNotFound)
	}
	if !access.Scope(scope).Covers(st.regionPath) {
		return Site{}, ErrSiteNotFound
	}
	rows, err := s.db.Query(ctx, `SELECT room, measure_id, until_date FROM epi_stays WHERE site_id = ? AND released_at IS NULL
		AND until_date >= ? ORDER BY room`, id, s.today())
	if err != nil {
		return Site{}, err
	}
	defer rows.Close()
	st.Held = []Held{}
	for rows.Next() {
		var h Held
		if err := rows.Scan(&h.Room, &h.MeasureID, &h.Until); err != nil {
			return Site{}, err
		}
		st.Held = append(st.Held, h)
	}
	st.Occupied, st.Free = len(st.Held), st.Capacity-len(st.Held)
	return st, rows.Err()
}

// siteRow checks in and answers the region path and the rooms.
func (s *Service) siteRow(ctx context.Context, scope string, in SiteInput) (string, []string, error) {
	path, err := s.regions.Path(ctx, in.Region)
	if err != nil || !access.Scope(scope).Covers(path) {
		return "", nil, errRegion.Field("body.region")
	}
	var rooms []string
	for _, r := range in.Rooms {
		if r = strings.TrimSpace(r); r != "" && len(r) <= 40 && !slices.Contains(rooms, r) {
			rooms = append(rooms, r)
		}
	}
	if len(in.Rooms) == 0 {
		for i := 1; i <= in.RoomCount; i++ {
			rooms = append(rooms, strconv.Itoa(i))
		}
	}
	if len(rooms) == 0 {
		return "", nil, errRooms.Field("body.rooms")
	}
	return path, rooms, nil
}

// CreateSite adds an isolation site in the caller's scope.
func (s *Service) CreateSite(ctx context.Context, p *access.Principal, in SiteInput) (Site, error) {
	path, rooms, err := s.siteRow(ctx, p.RegionPath, in)
	if err != nil {
		return Site{}, err
	}
	id, now := uuid.Must(uuid.NewV7()).String(), s.now().UTC()
	b, _ := json.Marshal(rooms)
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, "INSERT INTO epi_sites ("+siteCols+", created_at) VALUES (?,?,?,?,?,?,?,?,?,?)", id,
			strings.TrimSpace(in.Name), in.Address, path, in.Lng, in.Lat, string(b), len(rooms), now, now); err != nil {
			return fmt.Errorf("epidemic: site: %w", err)
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.site.create", ObjectType: "site", ObjectID: id,
			Detail: map[string]any{"name": in.Name, "capacity": len(rooms)}})
	})
	if err != nil {
		return Site{}, err
	}
	return s.Site(ctx, p.RegionPath, id)
}

// UpdateSite replaces a site in scope; a room held cannot be removed.
func (s *Service) UpdateSite(ctx context.Context, p *access.Principal, id string, in SiteInput) (Site, error) {
	path, rooms, err := s.siteRow(ctx, p.RegionPath, in)
	if err != nil {
		return Site{}, err
	}
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		old, err := s.Site(ctx, p.RegionPath, id)
		if err != nil {
			return err
		}
		for _, h := range old.Held {
			if !slices.Contains(rooms, h.Room) {
				return errRoomHeld.With(apperr.P{"room": h.Room}, fmt.Sprintf("房间 %s 有人入住，不能删除 / room %s is held and cannot be removed", h.Room, h.Room))
			}
		}
		b, _ := json.Marshal(rooms)
		if _, err := s.db.Exec(ctx, `UPDATE epi_sites SET name = ?, address = ?, region_path = ?, lng = ?, lat = ?, rooms = ?,
			capacity = ?, updated_at = ? WHERE id = ?`, strings.TrimSpace(in.Name), in.Address, path, in.Lng, in.Lat, string(b),
			len(rooms), s.now().UTC(), id); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.site.update", ObjectType: "site", ObjectID: id,
			Detail: map[string]any{"name": in.Name, "capacity": len(rooms)}})
	})
	if err != nil {
		return Site{}, err
	}
	return s.Site(ctx, p.RegionPath, id)
}

// DeleteSite removes a site in scope that never held anyone.
func (s *Service) DeleteSite(ctx context.Context, p *access.Principal, id string) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.Site(ctx, p.RegionPath, id); err != nil {
			return err
		}
		var n int
		if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM epi_stays WHERE site_id = ?", id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return errSiteInUse
		}
		if _, err := s.db.Exec(ctx, "DELETE FROM epi_sites WHERE id = ?", id); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.site.delete", ObjectType: "site", ObjectID: id})
	})
}

// retryRoom runs fn in a transaction, again when a concurrent assignment
// took the room it chose (PostgreSQL; SQLite's writers queue).
func (s *Service) retryRoom(ctx context.Context, fn func(ctx context.Context) error) error {
	for try := 0; ; try++ {
		err := s.db.InTx(ctx, fn)
		if !errors.Is(err, errRace) || try == 8 {
			if errors.Is(err, errRace) {
				return errRoomHeld
			}
			return err
		}
	}
}

// assign gives measure id's centralised stage a room of a site in scope: the
// room named, or the first free one. Stays past their last day are released
// first. A full site refuses, naming the next site in scope with a free room.
func (s *Service) assign(ctx context.Context, scope, id, siteID, room string) error {
	st, err := s.Site(ctx, scope, siteID)
	if err != nil {
		return err
	}
	m, err := s.Measure(ctx, scope, id)
	if err != nil {
		return err
	}
	until := ""
	for _, g := range m.Stages {
		if g.Measure == "centralised_isolation" && g.End >= s.today() {
			until = g.End
		}
	}
	if until == "" {
		return errNotCentr
	}
	now := s.now().UTC()
	if _, err := s.db.Exec(ctx, "UPDATE epi_stays SET released_at = ? WHERE released_at IS NULL AND (measure_id = ? OR (site_id = ? AND until_date < ?))",
		now, id, siteID, s.today()); err != nil {
		return err
	}
	held := map[string]bool{}
	for _, h := range st.Held {
		held[h.Room] = h.MeasureID != id
	}
	explicit := room != ""
	if explicit && !slices.Contains(st.Rooms, room) {
		return errRoomNone.With(apperr.P{"room": room}, errRoomNone.Message).Field("body.room")
	}
	if explicit && held[room] {
		return errRoomHeld.With(apperr.P{"room": room}, errRoomHeld.Message)
	}
	for _, r := range st.Rooms {
		if !explicit && !held[r] {
			room = r
			break
		}
	}
	if room == "" {
		return s.full(ctx, scope, st)
	}
	if _, err := s.db.Exec(ctx, `INSERT INTO epi_stays (id, measure_id, site_id, room, until_date, created_at)
		VALUES (?,?,?,?,?,?)`, uuid.Must(uuid.NewV7()).String(), id, siteID, room, until, now); err != nil {
		if errors.Is(err, db.ErrUnique) {
			if explicit {
				return errRoomHeld.With(apperr.P{"room": room}, errRoomHeld.Message)
			}
			return errRace
		}
		return fmt.Errorf("epidemic: stay: %w", err)
	}
	return s.record(ctx, id, m.PersonID, "assign", "", map[string]any{"site_id": siteID, "site": st.Name, "room": room,
		"until": until})
}

// full is the refusal of a full site, naming the next one in scope with a
// free room.
func (s *Service) full(ctx context.Context, scope string, st Site) error {
	sites, err := s.Sites(ctx, scope)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(sites, func(o Site) bool { return o.ID != st.ID && o.Free > 0 })
	if i < 0 {
		return errSiteFull.With(apperr.P{"site": st.Name}, fmt.Sprintf("隔离点 %s 已满，辖区内没有空余房间 / %s is full and no site in your area has a free room",
			st.Name, st.Name))
	}
	next := sites[i]
	return errSiteFullNext.With(apperr.P{"site": st.Name, "next_id": next.ID, "next": next.Name, "free": next.Free},
		fmt.Sprintf("隔离点 %s 已满，可安排至 %s（空余 %d 间） / %s is full; %s has %d free rooms", st.Name, next.Name,
			next.Free, st.Name, next.Name, next.Free))
}
