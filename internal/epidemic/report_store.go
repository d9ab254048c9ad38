package epidemic

import (
	"context"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/china"
	"healthgrid/internal/pii"
)

const cardCols = `id, card_no, report_type, COALESCE(corrects, ''), COALESCE(corrected_by, ''), name, parent_name, id_enc,
	phone_enc, sex, birth_date, age, age_unit, work_unit, school_class, belongs, address, address_code, occupation,
	classification, course, onset_date, diagnosed_at, death_date, disease_code, subtype, reporting_unit, doctor, note,
	unit_id, filed_at, grid_code, region_path, pooled, COALESCE(resident_id, ''), COALESCE(person_id, ''), urgent,
	report_hours, on_time, status, review_due, reviewed_at, review_on_time, return_reason, COALESCE(duplicate_of, ''),
	dup_resolution, COALESCE(event_id, ''), updated_at, id_idx, unit_path`

// scanCard reads a card, its numbers masked (reveal: in full).
func (s *Service) scanCard(row interface{ Scan(...any) error }, reveal bool) (Card, error) {
	var c Card
	var idEnc, phoneEnc string
	if err := row.Scan(&c.ID, &c.CardNo, &c.ReportType, &c.Corrects, &c.CorrectedBy, &c.Name, &c.ParentName, &idEnc,
		&phoneEnc, &c.Sex, &c.BirthDate, &c.Age, &c.AgeUnit, &c.WorkUnit, &c.Class, &c.Belongs, &c.Address, &c.AddressCode,
		&c.Occupation, &c.Classification, &c.Course, &c.OnsetDate, &c.DiagnosedAt, &c.DeathDate, &c.Disease, &c.Subtype,
		&c.ReportingUnit, &c.Doctor, &c.Note, &c.UnitID, &c.FiledAt, &c.GridCode, &c.regionPath, &c.Pooled, &c.ResidentID,
		&c.PersonID, &c.Urgent, &c.ReportHours, &c.OnTime, &c.Status, &c.ReviewDue, &c.ReviewedAt, &c.ReviewOnTime,
		&c.ReturnReason, &c.DuplicateOf, &c.DupResolution, &c.EventID, &c.UpdatedAt, &c.idIdx, &c.unitPath); err != nil {
		return Card{}, err
	}
	if reveal {
		var err error
		if c.IDNumber, err = s.opened(idEnc); err != nil {
			return Card{}, err
		}
		if c.Phone, err = s.opened(phoneEnc); err != nil {
			return Card{}, err
		}
	} else {
		c.IDNumber, c.Phone = s.masked(idEnc, pii.MaskID), s.masked(phoneEnc, pii.MaskPhone)
	}
	c.OccupationName, c.ClassificationName = nameOf(Occupations, c.Occupation), nameOf(Classifications, c.Classification)
	c.RegionCode = access.Scope(c.regionPath).Code()
	return c, nil
}

func (s *Service) opened(sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	return s.pii.Open(sealed)
}

// seesCard reports whether p may see c: its unit filed it, or (epidemic:read)
// it was placed in p's scope.
func seesCard(p *access.Principal, c *Card) bool {
	return p.UnitID != "" && p.UnitID == c.UnitID || p.Can("epidemic:read") && p.Covers(c.regionPath)
}

// card is a card p may see, with the actions p may take; else not found.
func (s *Service) card(ctx context.Context, p *access.Principal, id string) (Card, error) {
	return s.cardAs(ctx, p, id, false)
}

func (s *Service) cardAs(ctx context.Context, p *access.Principal, id string, reveal bool) (Card, error) {
	c, err := s.cardByID(ctx, p, id, reveal)
	if err == nil && !seesCard(p, &c) {
		return Card{}, ErrReportNotFound
	}
	return c, err
}

// cardByID is the card id whoever asks, with the actions p may take.
func (s *Service) cardByID(ctx context.Context, p *access.Principal, id string, reveal bool) (Card, error) {
	c, err := s.scanCard(s.db.QueryRow(ctx, "SELECT "+cardCols+" FROM epi_reports WHERE id = ?", id), reveal)
	if err != nil {
		return Card{}, s.db.ScanErr(err, ErrReportNotFound)
	}
	c.Actions = cardActions(p, &c)
	err = s.db.QueryRow(ctx, "SELECT name FROM epi_diseases WHERE code = ?", c.Disease).Scan(&c.DiseaseName)
	return c, err
}

// Report is a report card p may see: their unit's, or (epidemic:read) one
// placed in their scope.
func (s *Service) Report(ctx context.Context, p *access.Principal, id string) (Card, error) {
	return s.card(ctx, p, id)
}

// diseaseNames are every disease's name by code (a catalogue of tens).
func (s *Service) diseaseNames(ctx context.Context) (map[string]string, error) {
	rows, err := s.db.Query(ctx, "SELECT code, name FROM epi_diseases")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var code, name string
		if err := rows.Scan(&code, &name); err != nil {
			return nil, err
		}
		out[code] = name
	}
	return out, rows.Err()
}

// dayStart is the start of day (YYYY-MM-DD, Beijing), in UTC.
func dayStart(d string) time.Time {
	t, _ := time.ParseInLocation(time.DateOnly, d, china.Zone)
	return t.UTC()
}
