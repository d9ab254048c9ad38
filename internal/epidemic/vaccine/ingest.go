package vaccine

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"healthgrid/internal/access"
	"healthgrid/internal/audit"
	"healthgrid/internal/china"
	"healthgrid/internal/db"
	"healthgrid/internal/pii"
)

// VaccinationRecord is one dose as a file row or a JSON item gives it.
type VaccinationRecord struct {
	IDNumber string `json:"id_number" maxLength:"40" doc:"national ID number (GB 11643)"`
	Vaccine  string `json:"vaccine" maxLength:"40" doc:"a vaccine code or its Chinese name (GET /epidemic/vaccines)"`
	Dose     string `json:"dose" maxLength:"4" doc:"the dose's number, 1 … the vaccine's most"`
	Date     string `json:"date" maxLength:"20" doc:"YYYY-MM-DD, Beijing"`
	Unit     string `json:"unit" maxLength:"100" doc:"the vaccinating unit (接种单位)"`
	line     int
}

// RefusedRow is a row refused: its line (in the file, or its position in
// records[] from 1), the field concerned and why.
type RefusedRow struct {
	Line   int    `json:"line"`
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason" doc:"中文 / English"`
}

// VaccinationResult is what became of a batch: every row is created, updated,
// repeated or rejected.
type VaccinationResult struct {
	Received  int          `json:"received"`
	Created   int          `json:"created"`
	Updated   int          `json:"updated" doc:"a dose taken in before, now with another date or unit"`
	Repeated  int          `json:"repeated" doc:"a dose taken in before with the same date and unit, or twice in this batch"`
	Unmatched int          `json:"unmatched" doc:"doses of people who are no living resident: kept, counted in no coverage"`
	Rejected  []RefusedRow `json:"rejected"`
}

// dose is a checked row, ready to store.
type dose struct {
	line        int
	sealed      string // the ID number, sealed
	idx         string
	vaccine     string
	n           int
	date, unit  string
	birth       int
	residentID  string
	path, group string
}

type key struct {
	idx, vaccine string
	n            int
}

// tallies count, at every level of a resident's path, the people with at
// least one dose of a vaccine and the doses, per age group.
var tallies = &db.Tally{Table: "epi_vaccination_tallies", Keys: []string{"region_path", "vaccine", "age_group"},
	Counts: []string{"people", "doses"}, Path: "region_path"}

// check reads a record, or says why not.
func check(r VaccinationRecord, now time.Time) (dose, *RefusedRow) {
	bad := func(field, why string) (dose, *RefusedRow) {
		return dose{}, &RefusedRow{Line: r.line, Field: field, Reason: why}
	}
	info, err := pii.ValidateIDNumber(r.IDNumber, now)
	if err != nil {
		return bad("id_number", "身份证号无效 / invalid ID number: "+err.Error())
	}
	v, ok := vaccineOf(strings.TrimSpace(r.Vaccine))
	if !ok {
		return bad("vaccine", "未知的疫苗 / unknown vaccine: "+r.Vaccine)
	}
	n, err := strconv.Atoi(strings.TrimSpace(r.Dose))
	if err != nil || n < 1 || n > v.MaxDoses {
		return bad("dose", fmt.Sprintf("剂次须为 1–%d / dose must be 1 to %d", v.MaxDoses, v.MaxDoses))
	}
	d, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(r.Date), china.Zone)
	switch {
	case err != nil:
		return bad("date", "接种日期须为 YYYY-MM-DD / date must be YYYY-MM-DD")
	case ymd(d) > ymd(now):
		return bad("date", "接种日期不能晚于今天 / date is in the future")
	case ymd(d) < ymdOf(info.BirthDate):
		return bad("date", "接种日期早于出生日期 / date is before the birth date")
	}
	unit := strings.TrimSpace(r.Unit)
	if unit == "" || utf8.RuneCountInString(unit) > 100 {
		return bad("unit", "请填写接种单位（至多100字） / unit is required, at most 100 characters")
	}
	return dose{line: r.line, sealed: info.Number, vaccine: v.Code, n: n, date: d.Format(time.DateOnly), unit: unit,
		birth: ymdOf(info.BirthDate)}, nil
}

func ymdOf(t time.Time) int { y, m, d := t.Date(); return y*10000 + int(m)*100 + d }

// Import takes in a batch in one transaction: each valid dose once per
// person, vaccine and dose, each bad row refused with its line and field.
func (s *Service) Import(ctx context.Context, p *access.Principal, records []VaccinationRecord, source string) (VaccinationResult, error) {
	now := s.now()
	res := VaccinationResult{Received: len(records), Rejected: []RefusedRow{}}
	var doses []dose
	for i, r := range records {
		if r.line == 0 {
			r.line = i + 1
		}
		d, bad := check(r, now)
		if bad != nil {
			res.Rejected = append(res.Rejected, *bad)
			continue
		}
		d.idx, d.sealed = s.pii.Index(pii.KindID, d.sealed), s.pii.Seal(d.sealed)
		doses = append(doses, d)
	}
	return s.store(ctx, doses, res, source)
}

// Sealed is a dose whose ID number is sealed already, with its blind index
// and birth date: the platform's own data (the demo's clinics' ledgers,
// copied from residents' sealed numbers), so that no plaintext passes.
type Sealed struct {
	IDIdx, IDEnc  string
	BirthYMD      int
	Vaccine, Date string // a vaccine code, YYYY-MM-DD
	Dose          int
	Unit          string
}

// ImportSealed takes in doses sealed already, as Import does its valid rows.
func (s *Service) ImportSealed(ctx context.Context, doses []Sealed) (VaccinationResult, error) {
	ds := make([]dose, len(doses))
	for i, d := range doses {
		ds[i] = dose{line: i + 1, sealed: d.IDEnc, idx: d.IDIdx, vaccine: d.Vaccine, n: d.Dose, date: d.Date, unit: d.Unit,
			birth: d.BirthYMD}
	}
	return s.store(ctx, ds, VaccinationResult{Received: len(doses), Rejected: []RefusedRow{}}, "platform")
}

// store writes checked doses in one transaction, audited; a dose named
// twice in the batch is stored once.
func (s *Service) store(ctx context.Context, doses []dose, res VaccinationResult, source string) (VaccinationResult, error) {
	now := s.now()
	seen := map[key]bool{}
	doses = slices.DeleteFunc(doses, func(d dose) bool {
		k := key{d.idx, d.vaccine, d.n}
		if seen[k] {
			res.Repeated++
			return true
		}
		seen[k] = true
		return false
	})
	if len(doses) == 0 {
		return res, s.audited(ctx, res, source)
	}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.place(ctx, doses, ymd(now)); err != nil {
			return err
		}
		if err := s.write(ctx, doses, &res, now); err != nil {
			return err
		}
		return s.audited(ctx, res, source)
	})
	if err != nil {
		return VaccinationResult{}, err
	}
	return res, nil
}

// audited records the import, counts only (no ID number in the log).
func (s *Service) audited(ctx context.Context, res VaccinationResult, source string) error {
	return s.audit.Write(ctx, audit.Record{Action: "epidemic.vaccination.import", ObjectType: "vaccination",
		Detail: map[string]any{"source": source, "received": res.Received, "created": res.Created, "updated": res.Updated,
			"repeated": res.Repeated, "unmatched": res.Unmatched, "rejected": len(res.Rejected)}})
}

// place matches the doses' people to residents: their path and age group.
func (s *Service) place(ctx context.Context, doses []dose, today int) error {
	idx := make([]string, 0, len(doses))
	for _, d := range doses {
		idx = append(idx, d.idx)
	}
	m, err := s.census.Match(ctx, idx)
	if err != nil {
		return fmt.Errorf("vaccine: match: %w", err)
	}
	for i := range doses {
		if r, ok := m[doses[i].idx]; ok {
			doses[i].residentID, doses[i].path, doses[i].group = r.ID, r.RegionPath, ageGroup(doses[i].birth, today)
		}
	}
	return nil
}
