package booking

import (
	"context"
	"fmt"
	"strings"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/china"
	"healthgrid/internal/grid"
)

// Schedule is a booking given to a team member at a time.
type Schedule struct {
	MemberID string    `json:"member_id" minLength:"1" maxLength:"40" doc:"a team member (三队伍一人员) with a platform account"`
	At       time.Time `json:"at" doc:"when the member comes"`
}

// Schedule gives a requested (or already scheduled) booking in the caller's
// scope to a member at a time, if the member's team has room that day, and
// tells the booker who comes when.
func (s *Service) Schedule(ctx context.Context, p *access.Principal, id string, in Schedule) (Booking, error) {
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		b, err := s.inScope(ctx, p, id)
		if err != nil {
			return err
		}
		if b.Status != Requested && b.Status != Scheduled {
			return errStatus.Withf(apperr.P{"booking_status": b.Status}, "预约已%s,不能安排 / a %s booking cannot be scheduled",
				statusLabel[b.Status], b.Status)
		}
		m, err := s.member(ctx, p, in)
		if err != nil {
			return err
		}
		// the team's capacity row, locked: two schedulers of one team queue here
		var perDay int
		if err := s.db.QueryRow(ctx, `INSERT INTO booking_capacity (unit_id, per_day) VALUES (?, ?)
			ON CONFLICT (unit_id) DO UPDATE SET per_day = booking_capacity.per_day RETURNING per_day`,
			m.UnitID, DefaultPerDay).Scan(&perDay); err != nil {
			return fmt.Errorf("booking: capacity: %w", err)
		}
		day := in.At.In(china.Zone).Format(time.DateOnly)
		n, err := s.booked(ctx, m.UnitID, day, id)
		if err != nil {
			return err
		}
		if n >= perDay {
			next, err := s.nextFree(ctx, m.UnitID, perDay, in.At.In(china.Zone), id)
			if err != nil {
				return err
			}
			return full(day, next)
		}
		if _, err := s.db.Exec(ctx, `UPDATE bookings SET status = ?, member_id = ?, member_name = ?, member_user_id = ?,
			unit_id = ?, day = ?, scheduled_at = ?, scheduled_by = ?, updated_at = ? WHERE id = ?`, Scheduled, m.ID, m.Name,
			m.UserID, m.UnitID, day, in.At.UTC(), p.UserID, s.now().UTC(), id); err != nil {
			return fmt.Errorf("booking: schedule: %w", err)
		}
		if err := s.audit.Write(ctx, audit.Record{Action: "booking.schedule", ObjectType: "booking", ObjectID: id,
			Detail: map[string]any{"member": m.Name, "unit_id": m.UnitID, "at": in.At.UTC()}}); err != nil {
			return err
		}
		return s.tellScheduled(ctx, p, b, m.Name, in.At, b.Status == Scheduled)
	})
	if err != nil {
		return Booking{}, err
	}
	return s.load(ctx, id)
}

// member is the team member a booking is given to: in the caller's scope,
// in a team, with an account to receive it on, at a time to come.
func (s *Service) member(ctx context.Context, p *access.Principal, in Schedule) (grid.Member, error) {
	m, err := s.members.Member(ctx, p.RegionPath, in.MemberID)
	switch {
	case err != nil:
		return m, apperr.Invalid{apperr.OutOfScope.On("body.member_id", "成员不存在或不在您的管辖范围 / member not found in your scope")}
	case m.UnitID == "":
		return m, errNoTeam.Field("body.member_id")
	case m.UserID == "":
		return m, errNoAccount.Field("body.member_id")
	case in.At.Before(s.now()):
		return m, errPast.Field("body.at")
	case in.At.After(s.now().AddDate(0, 0, HorizonDays+1)):
		return m, errTooFar.Withf(apperr.P{"days": HorizonDays}, "最多安排 %d 天以内 / at most %d days ahead", HorizonDays,
			HorizonDays).Field("body.at")
	}
	return m, nil
}

var statusLabel = map[string]string{Requested: "待安排", Scheduled: "已安排", Done: "已完成", Cancelled: "已取消"}

// Cancel cancels a booking in the caller's scope, saying why, and tells the
// booker.
func (s *Service) Cancel(ctx context.Context, p *access.Principal, id, reason string) (Booking, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Booking{}, apperr.Invalid{apperr.Required.On("body.reason", "请填写取消原因 / say why")}
	}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		b, err := s.inScope(ctx, p, id)
		switch {
		case err != nil:
			return err
		case b.Status == Done || b.Status == Cancelled:
			return errStatus.Withf(apperr.P{"booking_status": b.Status}, "预约已%s / the booking is %s", statusLabel[b.Status], b.Status)
		}
		if err := s.cancel(ctx, id, reason); err != nil {
			return err
		}
		return s.tellCancelled(ctx, p, b, reason)
	})
	if err != nil {
		return Booking{}, err
	}
	return s.load(ctx, id)
}

// inScope is a booking of the caller's subtree, locked.
func (s *Service) inScope(ctx context.Context, p *access.Principal, id string) (Booking, error) {
	b, err := s.locked(ctx, id)
	if err != nil {
		return Booking{}, err
	}
	if !p.Covers(b.regionPath) {
		return Booking{}, ErrNotFound
	}
	return b, nil
}

// booked is how many bookings the team has on day, but the one being moved.
func (s *Service) booked(ctx context.Context, unit, day, except string) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM bookings WHERE unit_id = ? AND day = ? AND status IN ('scheduled', 'done')
		AND id <> ?`, unit, day, except).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("booking: booked: %w", err)
	}
	return n, nil
}

// nextFree is the first working day after from on which the team has room.
func (s *Service) nextFree(ctx context.Context, unit string, perDay int, from time.Time, except string) (string, error) {
	for i := 1; i <= HorizonDays; i++ {
		d := from.AddDate(0, 0, i)
		if ok, err := s.workdays.IsWorkday(ctx, d); err != nil || !ok {
			if err != nil {
				return "", err
			}
			continue
		}
		day := d.Format(time.DateOnly)
		n, err := s.booked(ctx, unit, day, except)
		if err != nil {
			return "", err
		}
		if n < perDay {
			return day, nil
		}
	}
	return "", nil
}

// Day is one day of a team's load.
type Day struct {
	Day     string `json:"day"`
	Workday bool   `json:"workday"`
	Booked  int    `json:"booked"`
	Free    int    `json:"free"`
}

// Load is a team's capacity and its next two weeks.
type Load struct {
	UnitID string `json:"unit_id"`
	PerDay int    `json:"per_day"`
	Days   []Day  `json:"days"`
}

// TeamLoad is the team's capacity and bookings for the 14 days from today.
func (s *Service) TeamLoad(ctx context.Context, unit string) (Load, error) {
	l := Load{UnitID: unit, PerDay: DefaultPerDay}
	if err := s.db.QueryRow(ctx, "SELECT per_day FROM booking_capacity WHERE unit_id = ?", unit).Scan(&l.PerDay); err != nil {
		if err = s.db.ScanErr(err, nil); err != nil {
			return Load{}, err
		}
	}
	today := s.now().In(china.Zone)
	for i := range 14 {
		d := today.AddDate(0, 0, i)
		work, err := s.workdays.IsWorkday(ctx, d)
		if err != nil {
			return Load{}, err
		}
		n, err := s.booked(ctx, unit, d.Format(time.DateOnly), "")
		if err != nil {
			return Load{}, err
		}
		l.Days = append(l.Days, Day{Day: d.Format(time.DateOnly), Workday: work, Booked: n, Free: max(l.PerDay-n, 0)})
	}
	return l, nil
}

// SetCapacity sets how many bookings the team takes in a day.
func (s *Service) SetCapacity(ctx context.Context, unit string, perDay int) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, `INSERT INTO booking_capacity (unit_id, per_day) VALUES (?, ?)
			ON CONFLICT (unit_id) DO UPDATE SET per_day = excluded.per_day`, unit, perDay); err != nil {
			return fmt.Errorf("booking: set capacity: %w", err)
		}
		return s.audit.Write(ctx, audit.Record{Action: "booking.capacity", ObjectType: "unit", ObjectID: unit,
			Detail: map[string]any{"per_day": perDay}})
	})
}

// Complete marks done the booking id scheduled to the caller, as the visit
// visitID records it, in the transaction ctx carries (the visit's). A booking
// that is not the caller's to visit is refused on field; one no longer
// scheduled is a conflict.
func (s *Service) Complete(ctx context.Context, p *access.Principal, field, id, visitID string) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		b, err := s.locked(ctx, id)
		switch {
		case err != nil || b.memberUserID != p.UserID:
			return errNotYours.Withf(apperr.P{"id": id}, "预约不存在或未安排给您 / no booking scheduled to you: %s", id).Field(field)
		case b.Status != Scheduled:
			return errStatus.Withf(apperr.P{"booking_status": b.Status}, "预约已%s,不能再记录走访 / a %s booking takes no visit",
				statusLabel[b.Status], b.Status)
		}
		if _, err := s.db.Exec(ctx, "UPDATE bookings SET status = ?, updated_at = ? WHERE id = ?", Done, s.now().UTC(),
			id); err != nil {
			return fmt.Errorf("booking: complete: %w", err)
		}
		return s.audit.Write(ctx, audit.Record{Action: "booking.done", ObjectType: "booking", ObjectID: id,
			Detail: map[string]any{"visit_id": visitID}})
	})
}
