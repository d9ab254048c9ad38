package booking

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/china"
	"healthgrid/internal/pii"
)

const cols = `b.id, b.service_code, COALESCE(s.name, b.service_code), b.user_id, b.name, b.phone_enc, b.region_path, b.address,
	b.preferred_date, b.slot, b.note, b.status, b.member_id, b.member_name, b.member_user_id, b.unit_id, b.scheduled_at,
	b.cancel_reason, b.created_at, b.updated_at`

const from = " FROM bookings b LEFT JOIN booking_services s ON s.code = b.service_code"

func scan(row interface{ Scan(...any) error }) (Booking, error) {
	var b Booking
	var at sql.NullTime
	err := row.Scan(&b.ID, &b.ServiceCode, &b.ServiceName, &b.userID, &b.Name, &b.phoneSealed, &b.regionPath, &b.Address,
		&b.PreferredDate, &b.Slot, &b.Note, &b.Status, &b.MemberID, &b.MemberName, &b.memberUserID, &b.UnitID, &at,
		&b.CancelReason, &b.CreatedAt, &b.UpdatedAt)
	if at.Valid {
		b.ScheduledAt = &at.Time
	}
	b.RegionCode = access.Scope(b.regionPath).Code()
	return b, err
}

// masked fills the booker's phone, masked.
func (s *Service) masked(b Booking) Booking {
	if phone, err := s.pii.Open(b.phoneSealed); err == nil {
		b.Phone = pii.MaskPhone(phone)
	}
	return b
}

// Request is a booking as the booker asks for it.
type Request struct {
	Service       string `json:"service" minLength:"1" maxLength:"30" doc:"a code of GET /public/services"`
	PreferredDate string `json:"preferred_date" minLength:"10" maxLength:"10" doc:"YYYY-MM-DD, from today to 60 days ahead (Beijing time)"`
	Slot          string `json:"slot" enum:"am,pm"`
	Note          string `json:"note,omitempty" maxLength:"500" text:"multiline" doc:"what the visit is for"`
	Address       string `json:"address,omitempty" maxLength:"200" doc:"where to come, if not the registered address"`
}

// Book files a booking for the caller, who lives in their account's region.
func (s *Service) Book(ctx context.Context, p *access.Principal, in Request) (Booking, error) {
	in.Note, in.Address = strings.TrimSpace(in.Note), strings.TrimSpace(in.Address)
	var bad apperr.Invalid
	o, err := s.offer(ctx, in.Service)
	if err != nil || !o.Active {
		bad = append(bad, apperr.Unknown.On("body.service", "没有这项服务 / no such service: "+in.Service))
	}
	today := s.now().In(china.Zone).Format(time.DateOnly)
	last := s.now().In(china.Zone).AddDate(0, 0, HorizonDays).Format(time.DateOnly)
	if d, err := time.Parse(time.DateOnly, in.PreferredDate); err != nil || in.PreferredDate < today || in.PreferredDate > last {
		bad = append(bad, errDate.Withf(apperr.P{"from": today, "to": last}, "日期应在 %s 至 %s 之间 / the date must be from %s to %s",
			today, last, today, last).At("body.preferred_date"))
	} else {
		in.PreferredDate = d.Format(time.DateOnly)
	}
	if in.Slot != AM && in.Slot != PM {
		bad = append(bad, apperr.Unknown.On("body.slot", "请选择上午或下午 / slot must be am or pm"))
	}
	if p.RegionPath == "" {
		bad = append(bad, errNoRegion.At("body"))
	}
	if len(bad) > 0 {
		return Booking{}, bad
	}
	phone, err := s.accounts.Phone(ctx, p.UserID)
	if err != nil {
		return Booking{}, err
	}
	id, now := uuid.Must(uuid.NewV7()).String(), s.now().UTC()
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, `INSERT INTO bookings (id, service_code, user_id, name, phone_enc, region_path, address,
			preferred_date, slot, note, status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`, id, in.Service,
			p.UserID, p.Name, s.pii.Seal(phone), p.RegionPath, in.Address, in.PreferredDate, in.Slot, in.Note, Requested,
			now, now); err != nil {
			return fmt.Errorf("booking: create: %w", err)
		}
		return s.audit.Write(ctx, audit.Record{Action: "booking.create", ObjectType: "booking", ObjectID: id,
			Detail: map[string]any{"service": in.Service, "preferred_date": in.PreferredDate, "slot": in.Slot}})
	})
	if err != nil {
		return Booking{}, err
	}
	return s.load(ctx, id)
}

// load reads one booking, whoever asks.
func (s *Service) load(ctx context.Context, id string) (Booking, error) {
	b, err := scan(s.db.QueryRow(ctx, "SELECT "+cols+from+" WHERE b.id = ?", id))
	if err != nil {
		return Booking{}, s.db.ScanErr(err, ErrNotFound)
	}
	one := []Booking{s.masked(b)}
	if err := s.linked(ctx, one); err != nil {
		return Booking{}, err
	}
	return one[0], nil
}

// linked fills the residents the bookers' accounts are linked to: one
// question to citizen for a page, not a join into its table.
func (s *Service) linked(ctx context.Context, bs []Booking) error {
	if len(bs) == 0 {
		return nil
	}
	users := make([]string, len(bs))
	for i, b := range bs {
		users[i] = b.userID
	}
	links, err := s.bookers.Linked(ctx, users)
	if err != nil {
		return fmt.Errorf("booking: linked residents: %w", err)
	}
	for i := range bs {
		if l, ok := links[bs[i].userID]; ok {
			bs[i].ResidentID, bs[i].ResidentName = l.ResidentID, l.Name
		}
	}
	return nil
}

// Filter narrows a list of bookings.
type Filter struct {
	RegionPath string // the bookers' subtree (staff); with Member, "" for anywhere
	UserID     string // the booker's own (the app)
	Member     string // the user they are scheduled to (a field worker's own)
	Status     string
	Service    string
}

// List is a page of bookings, the newest first; a member's own, those
// still to visit first, the soonest first, then the rest, the latest first.
func (s *Service) List(ctx context.Context, f Filter, offset, limit int) ([]Booking, int, error) {
	var where []string
	var args []any
	order := " ORDER BY b.created_at DESC, b.id DESC"
	switch {
	case f.UserID != "":
		where, args = append(where, "b.user_id = ?"), append(args, f.UserID)
	case f.Member != "":
		where, args = append(where, "b.member_user_id = ?"), append(args, f.Member)
		order = " ORDER BY CASE WHEN b.status = 'scheduled' THEN 0 ELSE 1 END, " +
			"CASE WHEN b.status = 'scheduled' THEN b.scheduled_at END, b.scheduled_at DESC, b.id"
	}
	if f.UserID == "" && (f.Member == "" || f.RegionPath != "") {
		c, a := access.Scope(f.RegionPath).Subtree("b.region_path")
		where, args = append(where, c), append(args, a...)
	}
	if f.Status != "" {
		where, args = append(where, "b.status = ?"), append(args, f.Status)
	}
	if f.Service != "" {
		where, args = append(where, "b.service_code = ?"), append(args, f.Service)
	}
	cond := " WHERE " + strings.Join(where, " AND ")
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM bookings b"+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("booking: count: %w", err)
	}
	rows, err := s.db.Query(ctx, "SELECT "+cols+from+cond+order+" LIMIT ? OFFSET ?",
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("booking: list: %w", err)
	}
	defer rows.Close()
	out := []Booking{}
	for rows.Next() {
		b, err := scan(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, s.masked(b))
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	rows.Close()
	return out, total, s.linked(ctx, out)
}

// Get is a booking in the caller's scope (staff), or their own (a booker
// with no scope over it).
func (s *Service) Get(ctx context.Context, p *access.Principal, id string) (Booking, error) {
	b, err := s.load(ctx, id)
	if err != nil {
		return Booking{}, err
	}
	if b.userID != p.UserID && b.memberUserID != p.UserID && !(p.Can("booking:read") && p.Scope().Covers(b.regionPath)) {
		return Booking{}, ErrNotFound
	}
	return b, nil
}

// CancelMine cancels the caller's own booking while it is not yet scheduled.
func (s *Service) CancelMine(ctx context.Context, p *access.Principal, id string) (Booking, error) {
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		b, err := s.locked(ctx, id)
		switch {
		case err != nil:
			return err
		case b.userID != p.UserID:
			return ErrNotFound
		case b.Status == Cancelled:
			return nil // a retried cancel
		case b.Status != Requested:
			return ErrNotCancellable
		}
		return s.cancel(ctx, id, "预约人取消")
	})
	if err != nil {
		return Booking{}, err
	}
	return s.load(ctx, id)
}

// locked reads a booking for a change, its row locked.
func (s *Service) locked(ctx context.Context, id string) (Booking, error) {
	var got string
	if err := s.db.QueryRow(ctx, "SELECT id FROM bookings WHERE id = ?"+s.db.Dialect.ForUpdate(), id).Scan(&got); err != nil {
		return Booking{}, s.db.ScanErr(err, ErrNotFound)
	}
	return s.load(ctx, id)
}

func (s *Service) cancel(ctx context.Context, id, reason string) error {
	if _, err := s.db.Exec(ctx, "UPDATE bookings SET status = ?, cancel_reason = ?, updated_at = ? WHERE id = ?",
		Cancelled, reason, s.now().UTC(), id); err != nil {
		return fmt.Errorf("booking: cancel: %w", err)
	}
	return s.audit.Write(ctx, audit.Record{Action: "booking.cancel", ObjectType: "booking", ObjectID: id,
		Detail: map[string]any{"reason": reason}})
}
