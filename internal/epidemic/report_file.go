package epidemic

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/audit"
	"healthgrid/internal/china"
	"healthgrid/internal/db"
	"healthgrid/internal/notify"
	"healthgrid/internal/pii"
)

// Events opens an event in the workflow (event): an urgent case's, where
// the matter catalogue has a matter for it.
type Events interface {
	// OpenCase opens the event of a case in grid; "" when the catalogue
	// has no such matter in force.
	OpenCase(ctx context.Context, c CaseEvent) (string, error)
}

// CaseEvent is what an urgent case's event says: no personal data.
type CaseEvent struct {
	GridCode, Title, Description string
}

// reportTallies count each unit's cards per day filed, at every level of
// the unit's region: a county's timeliness is its head's rows, never a
// count of its cards.
var reportTallies = &db.Tally{Table: "epi_report_tallies", Keys: []string{"region_path", "unit_id", "day"},
	Counts: []string{"cards", "on_time", "reviewed", "review_on_time"}, Path: "region_path"}

// categoryOf is the risk category a case classification makes the patient;
// "" for a suspected case, which is not yet one (its correction card, once
// confirmed, admits them).
func categoryOf(classification string) string {
	switch classification {
	case "confirmed", "clinical":
		return "confirmed"
	case "carrier":
		return "asymptomatic"
	}
	return ""
}

// alerting reports whether a card of the classification of an urgent
// disease raises the urgent alert: a case, suspected or diagnosed.
func alerting(urgent bool, classification string) bool {
	return urgent && classification != "carrier"
}

// FileReport files a report card as p (a hospital's or clinic's account, or
// staff with epidemic:report): checked field by field, matched to a
// resident by the ID number's blind index and placed in a grid (else the
// address's region's pool, else the filer's), made a risk person if a case,
// flagged if another card of the person and disease is open (查重), and for
// an urgent case the county CDC and the township alerted at once.
func (s *Service) FileReport(ctx context.Context, p *access.Principal, in CardInput) (Card, error) {
	c, err := s.checkCard(ctx, p, in)
	if err != nil {
		return Card{}, err
	}
	id := uuid.Must(uuid.NewV7()).String()
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		now := s.now().UTC().Truncate(time.Microsecond)
		pl, err := s.placeCard(ctx, p, id, c)
		if err != nil {
			return err
		}
		dup, err := s.duplicateOf(ctx, c)
		if err != nil {
			return err
		}
		hours, urgent := c.disease.Hours(c.Subtype), c.disease.Urgent(c.Subtype)
		onTime := !now.After(c.DiagnosedAt.Add(time.Duration(hours) * time.Hour))
		if err := s.insertCard(ctx, p, id, c, pl, dup, now, hours, urgent, onTime); err != nil {
			return err
		}
		l := listTallies.Deltas()
		tallyCard(l, pl.RegionPath, c.disease.Code, "", StatusFiled)
		if c.corrected != nil {
			if err := s.markCorrected(ctx, c.corrected, id, now); err != nil {
				return err
			}
			tallyCard(l, c.corrected.regionPath, c.corrected.Disease, c.corrected.Status, StatusCorrected)
		}
		// the list's tallies before the timeliness ones, as a review moves them
		if err := l.Apply(ctx, s.db); err != nil {
			return err
		}
		if c.corrected == nil {
			d := reportTallies.Deltas()
			d.Add([]any{p.RegionPath, p.UnitID, day(now)}, 1, b2i(onTime), 0, 0)
			if err := d.Apply(ctx, s.db); err != nil {
				return err
			}
		}
		if c.corrected != nil {
			cc := c.corrected
			if err := s.countCase(ctx, cc.counted(), moveCount(cc.Classification, cc.Status, StatusCorrected)); err != nil {
				return err
			}
		}
		if err := s.countCase(ctx, CountedCase{ID: id, Disease: c.disease.Code, RegionPath: pl.RegionPath, GridCode: pl.GridCode,
			Day: day(*c.DiagnosedAt), Urgent: urgent}, b2i(countsAsCase(StatusFiled, c.Classification))); err != nil {
			return err
		}
		// a correction alerts only when the card it corrects did not
		if alerting(urgent, c.Classification) && (c.corrected == nil || !alerting(c.corrected.Urgent, c.corrected.Classification)) {
			if err := s.alertCase(ctx, id, c, pl); err != nil {
				return err
			}
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.report.file", ObjectType: "report", ObjectID: id,
			Detail: map[string]any{"card_no": c.CardNo, "type": c.ReportType, "disease": c.disease.Code,
				"classification": c.Classification, "corrects": c.Corrects, "duplicate_of": dup, "urgent": urgent}})
	})
	if err != nil {
		return Card{}, err
	}
	return s.cardByID(ctx, p, id, false)
}

// placeCard places the patient and, for a case, admits them as a risk
// person (admit places a new one the same way, or finds the open episode).
func (s *Service) placeCard(ctx context.Context, p *access.Principal, id string, c checked) (Admitted, error) {
	cand := Candidate{Name: c.Name, IDNumber: c.IDNumber, Phone: c.Phone, Sex: c.Sex, BirthDate: c.birthDate,
		Address: c.Address, GridCode: c.placeCode, Lng: c.Lng, Lat: c.Lat, Disease: c.disease.Code,
		Category: categoryOf(c.Classification)}
	if cand.Category != "" {
		out, err := s.admit(ctx, Source{Kind: "report", Ref: id}, p.RegionPath, []Candidate{cand})
		if err != nil {
			return Admitted{}, err
		}
		return out[0], nil
	}
	var keys []string
	if c.idIdx != "" {
		keys = []string{c.idIdx}
	}
	matched, err := s.matchResidents(ctx, keys)
	if err != nil {
		return Admitted{}, err
	}
	m, ok := matched[c.idIdx]
	return s.place(ctx, p.RegionPath, cand, m, ok && c.idIdx != "")
}

// duplicateOf is the earliest open card of the person and disease — but the
// one a correction corrects — that this card may duplicate: flagged for the
// county CDC's review, never merged.
func (s *Service) duplicateOf(ctx context.Context, c checked) (string, error) {
	if c.idIdx == "" {
		return "", nil
	}
	var id string
	err := s.db.QueryRow(ctx, `SELECT id FROM epi_reports WHERE id_idx = ? AND disease_code = ? AND status IN (?, ?, ?)
		AND id <> ? ORDER BY filed_at, id LIMIT 1`, c.idIdx, c.disease.Code, StatusFiled, StatusReviewed, StatusReturned,
		c.Corrects).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

func (s *Service) insertCard(ctx context.Context, p *access.Principal, id string, c checked, pl Admitted, dup string,
	now time.Time, hours int, urgent, onTime bool) error {
	_, err := s.db.Exec(ctx, `INSERT INTO epi_reports (id, card_no, report_type, corrects, name, parent_name, id_enc, id_idx,
		phone_enc, phone_idx, sex, birth_date, age, age_unit, work_unit, school_class, belongs, address, address_code,
		occupation, classification, course, onset_date, diagnosed_at, death_date, disease_code, subtype, reporting_unit,
		doctor, note, unit_id, unit_path, filed_by, filed_at, region_path, grid_code, pooled, resident_id, person_id, urgent,
		report_hours, on_time, status, review_due, duplicate_of, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		id, c.CardNo, c.ReportType, nullable(c.Corrects), c.Name, c.ParentName, s.sealed(c.IDNumber), c.idIdx,
		s.sealed(c.Phone), s.pii.Index(pii.KindPhone, c.Phone), c.Sex, c.birthDate, c.Age, c.AgeUnit, c.WorkUnit, c.Class,
		c.Belongs, c.Address, c.AddressCode, c.Occupation, c.Classification, c.Course, c.OnsetDate, c.DiagnosedAt.UTC(),
		c.DeathDate, c.disease.Code, c.Subtype, c.ReportingUnit, c.Doctor, c.Note, p.UnitID, p.RegionPath, p.UserID, now,
		pl.RegionPath, pl.GridCode, pl.Pooled, nullable(pl.ResidentID), nullable(pl.PersonID), urgent, hours, onTime,
		StatusFiled, now.Add(reviewLimit(urgent)), nullable(dup), now)
	if errors.Is(err, db.ErrUnique) {
		return errCardNoTaken
	}
	if err != nil {
		return fmt.Errorf("epidemic: file report: %w", err)
	}
	return nil
}

// markCorrected moves the card a correction corrects to corrected.
func (s *Service) markCorrected(ctx context.Context, old *Card, by string, now time.Time) error {
	res, err := s.db.Exec(ctx, "UPDATE epi_reports SET status = ?, corrected_by = ?, updated_at = ? WHERE id = ? AND status = ?",
		StatusCorrected, by, now, old.ID, old.Status)
	if err != nil {
		return fmt.Errorf("epidemic: correct report: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errReviewState
	}
	return nil
}

// alertCase tells the county CDC (epidemic:write at the county of the
// placement) and the township (epidemic:read at its township) at once,
// texted too; the notes go out when the filing commits. Where the catalogue
// says so, the case opens an event in its grid.
func (s *Service) alertCase(ctx context.Context, id string, c checked, pl Admitted) error {
	sc := access.Scope(pl.RegionPath)
	note := notify.Note{Kind: "epidemic_report", Title: "紧急疫情报告：" + c.disease.Name + " " + nameOf(Classifications, c.Classification),
		Body: fmt.Sprintf("%s报告，卡片编号 %s，诊断时间 %s。请立即审核并处置。", c.ReportingUnit, c.CardNo,
			c.DiagnosedAt.In(china.Zone).Format("2006-01-02 15:04")), Link: "/epidemic/reports/" + id}
	county := sc.County()
	if county == "" {
		county = sc
	}
	if _, err := s.alerts.Alert(ctx, notify.Query{RegionPaths: []string{string(county)}, Perms: []string{"epidemic:write"}},
		note, true); err != nil {
		return fmt.Errorf("epidemic: alert the county: %w", err)
	}
	if sc.Level() >= access.Township {
		if _, err := s.alerts.Alert(ctx, notify.Query{RegionPaths: []string{string(sc.Head(access.Township))},
			Perms: []string{"epidemic:read"}}, note, true); err != nil {
			return fmt.Errorf("epidemic: alert the township: %w", err)
		}
	}
	if s.events == nil || pl.GridCode == "" {
		return nil
	}
	ev, err := s.events.OpenCase(ctx, CaseEvent{GridCode: pl.GridCode, Title: note.Title, Description: note.Body})
	if err != nil || ev == "" {
		return err
	}
	_, err = s.db.Exec(ctx, "UPDATE epi_reports SET event_id = ? WHERE id = ?", ev, id)
	return err
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
