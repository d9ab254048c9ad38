package epidemic

import (
	"context"
	"fmt"
	"slices"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
)

// ReasonInput is a change to a measure and why.
type ReasonInput struct {
	Reason string `json:"reason" minLength:"1" maxLength:"500"`
}

// ExtendInput restarts a measure's plan from a new exposure.
type ExtendInput struct {
	ExposureDate string `json:"exposure_date" minLength:"10" maxLength:"10" doc:"YYYY-MM-DD, Beijing: the day of the new exposure"`
	Reason       string `json:"reason" minLength:"1" maxLength:"500"`
}

// ChangeInput changes the kind of the stage in force from today on.
type ChangeInput struct {
	Kind   string `json:"kind" enum:"centralised_isolation,home_isolation,home_monitoring"`
	Reason string `json:"reason" minLength:"1" maxLength:"500"`
}

// AssignInput gives a measure's centralised stage a room.
type AssignInput struct {
	SiteID string `json:"site_id" minLength:"1" maxLength:"40"`
	Room   string `json:"room,omitempty" maxLength:"40" doc:"none: the first free room"`
}

var errKindSame = apperr.New(apperr.ErrConflict, "epidemic.kind_same", "措施类型未变 / the measure already is of that kind")

// openIn is an active measure in scope, for a change.
func (s *Service) openIn(ctx context.Context, scope, id string) (Measure, error) {
	m, err := s.Measure(ctx, scope, id)
	if err == nil && m.State != MeasureActive {
		err = errMeasureEnded
	}
	return m, err
}

// Extend restarts the plan of the person's open measure from exposure
// (YYYY-MM-DD), a new exposure their source reports: the stages from that
// day on are laid anew under the measure's protocol version, a stage
// running on that day ends the day before. It changes nothing when the
// person has no open measure or the new plan ends no later than the old;
// it answers whether it extended. Other parts call it in their transaction.
func (s *Service) Extend(ctx context.Context, personID, exposure, reason string) (bool, error) {
	if _, err := parseDay("body.exposure_date", exposure); err != nil {
		return false, err
	}
	id, err := s.openMeasure(ctx, personID)
	if err != nil || id == "" {
		return false, err
	}
	var out bool
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		m, err := s.openIn(ctx, "", id)
		if err != nil {
			return err
		}
		pr, err := scanProtocol(s.db.QueryRow(ctx, "SELECT "+protocolCols+" FROM epi_protocols WHERE id = ?", m.ProtocolID))
		if err != nil {
			return err
		}
		plan, err := pr.Plan(exposure)
		if err != nil || plan[len(plan)-1].End <= m.EndDate {
			return err
		}
		start := min(m.StartDate, exposure)
		if err := s.writeStages(ctx, id, append(cut(m.Stages, exposure), plan...)); err != nil {
			return err
		}
		end := plan[len(plan)-1].End
		if _, err := s.db.Exec(ctx, "UPDATE epi_measures SET start_date = ?, end_date = ?, updated_at = ? WHERE id = ?",
			start, end, s.now().UTC(), id); err != nil {
			return err
		}
		if err := s.holdUntil(ctx, id, plan); err != nil {
			return err
		}
		out = true
		return s.record(ctx, id, m.PersonID, "extend", reason, map[string]any{"exposure": exposure, "old_end": m.EndDate,
			"end": end})
	})
	return out, err
}

// holdUntil moves an open stay's last day to the new plan's last
// centralised day, or releases it when the plan has none left.
func (s *Service) holdUntil(ctx context.Context, id string, plan []Step) error {
	until := ""
	for _, st := range plan {
		if st.Measure == "centralised_isolation" {
			until = st.End
		}
	}
	if until == "" {
		_, err := s.db.Exec(ctx, "UPDATE epi_stays SET released_at = ? WHERE measure_id = ? AND released_at IS NULL",
			s.now().UTC(), id)
		return err
	}
	_, err := s.db.Exec(ctx, "UPDATE epi_stays SET until_date = ? WHERE measure_id = ? AND released_at IS NULL", until, id)
	return err
}

// ExtendMeasure is Extend by hand on a measure in the caller's scope.
func (s *Service) ExtendMeasure(ctx context.Context, p *access.Principal, id string, in ExtendInput) (Measure, error) {
	m, err := s.openIn(ctx, p.RegionPath, id)
	if err != nil {
		return Measure{}, err
	}
	if _, err := s.Extend(ctx, m.PersonID, in.ExposureDate, in.Reason); err != nil {
		return Measure{}, err
	}
	return s.Measure(ctx, p.RegionPath, id)
}

// Change makes the stage in force today (the first, before the start) of
// another kind from today on; the room is released when no centralised
// stage is left.
func (s *Service) Change(ctx context.Context, p *access.Principal, id string, in ChangeInput) (Measure, error) {
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		m, err := s.openIn(ctx, p.RegionPath, id)
		if err != nil {
			return err
		}
		today := s.today()
		cur := stageOn(m.Stages, today)
		if cur.Measure == in.Kind {
			return errKindSame
		}
		from := max(cur.Start, today)
		var tests []string
		for _, d := range cur.TestDates {
			if d >= from {
				tests = append(tests, d)
			}
		}
		i := slices.IndexFunc(m.Stages, func(st Step) bool { return st.Start == cur.Start })
		rest := append([]Step{{Measure: in.Kind, Start: from, End: cur.End, TestDates: tests, CheckinsPerDay: cur.CheckinsPerDay}},
			m.Stages[i+1:]...)
		if err := s.writeStages(ctx, id, append(cut(m.Stages, from), rest...)); err != nil {
			return err
		}
		if err := s.holdUntil(ctx, id, rest); err != nil {
			return err
		}
		return s.record(ctx, id, m.PersonID, "change", in.Reason, map[string]any{"from": cur.Measure, "to": in.Kind, "on": from})
	})
	if err != nil {
		return Measure{}, err
	}
	return s.Measure(ctx, p.RegionPath, id)
}

// AssignRoom gives an active measure's centralised stage a room.
func (s *Service) AssignRoom(ctx context.Context, p *access.Principal, id string, in AssignInput) (Measure, error) {
	err := s.retryRoom(ctx, func(ctx context.Context) error {
		if _, err := s.openIn(ctx, p.RegionPath, id); err != nil {
			return err
		}
		return s.assign(ctx, p.RegionPath, id, in.SiteID, in.Room)
	})
	if err != nil {
		return Measure{}, err
	}
	return s.Measure(ctx, p.RegionPath, id)
}

// Release ends a measure in scope before its time, with a reason.
func (s *Service) Release(ctx context.Context, p *access.Principal, id string, in ReasonInput) (Measure, error) {
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		m, err := s.openIn(ctx, p.RegionPath, id)
		if err != nil {
			return err
		}
		return s.end(ctx, m, "released", in.Reason)
	})
	if err != nil {
		return Measure{}, err
	}
	return s.Measure(ctx, p.RegionPath, id)
}

// end ends measure m (completed by the sweep, or released): its room is
// freed, and the person's episode ends with it — a risk person is followed
// for as long as a measure holds them, and one released or done with has
// nothing left open (docs/epidemic.md).
func (s *Service) end(ctx context.Context, m Measure, reason, note string) error {
	now := s.now().UTC()
	if _, err := s.db.Exec(ctx, "UPDATE epi_measures SET state = ?, end_reason = ?, ended_at = ?, updated_at = ? WHERE id = ?",
		MeasureEnded, reason, now, now, m.ID); err != nil {
		return fmt.Errorf("epidemic: end measure: %w", err)
	}
	if _, err := s.db.Exec(ctx, "UPDATE epi_stays SET released_at = ? WHERE measure_id = ? AND released_at IS NULL", now,
		m.ID); err != nil {
		return err
	}
	if _, err := s.db.Exec(ctx, "UPDATE epi_persons SET ended_at = ?, updated_at = ? WHERE id = ? AND ended_at IS NULL", now, now,
		m.PersonID); err != nil {
		return err
	}
	action := map[string]string{"completed": "complete", "released": "release"}[reason]
	if err := s.record(ctx, m.ID, m.PersonID, action, note, map[string]any{"end": m.EndDate}); err != nil {
		return err
	}
	m.EndReason = reason
	var address string
	if err := s.db.QueryRow(ctx, "SELECT address FROM epi_persons WHERE id = ?", m.PersonID).Scan(&address); err != nil {
		return err
	}
	s.publish(ctx, "epidemic.measure.ended", m, address)
	return nil
}

// cut is the stages before day: those that end before it, and the one
// running on it ended the day before, its later test days dropped.
func cut(stages []Step, day string) []Step {
	var out []Step
	for _, st := range stages {
		if st.Start >= day {
			break
		}
		if st.End >= day {
			st.End = dayBefore(day)
			st.TestDates = slices.DeleteFunc(slices.Clone(st.TestDates), func(d string) bool { return d >= day })
		}
		out = append(out, st)
	}
	return out
}

// dayBefore is the day before d (YYYY-MM-DD).
func dayBefore(d string) string {
	t, _ := time.Parse(time.DateOnly, d)
	return t.AddDate(0, 0, -1).Format(time.DateOnly)
}
