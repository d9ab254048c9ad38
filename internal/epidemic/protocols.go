package epidemic

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
)

// The actions protocols write to the audit log.
var _ = audit.Declare("epidemic.protocol.supersede")

// Measures are the kinds of control measure a protocol's stage orders.
var Measures = []Named{
	{"centralised_isolation", "集中隔离"},
	{"home_isolation", "居家隔离"},
	{"home_monitoring", "居家健康监测"},
}

// MeasureEnum is Measures' codes for a huma enum tag.
const MeasureEnum = "centralised_isolation,home_isolation,home_monitoring"

// Stage is one step of a protocol: a measure for a number of days, the
// days of it (1 is its first) a test is due, and check-ins a day.
type Stage struct {
	Measure        string `json:"measure" enum:"centralised_isolation,home_isolation,home_monitoring"`
	Days           int    `json:"days" minimum:"1" maximum:"365"`
	TestDays       []int  `json:"test_days" maxItems:"365" doc:"days of the stage a test is due, 1 being its first"`
	CheckinsPerDay int    `json:"checkins_per_day" minimum:"0" maximum:"6"`
}

// Protocol is one version of what a risk category of a disease is put
// under. A version in force is never edited: a new one supersedes it.
type Protocol struct {
	ID            string     `json:"id"`
	Disease       string     `json:"disease"`
	Category      string     `json:"category" enum:"confirmed,asymptomatic,close_contact,secondary_contact,risk_area,inbound,fever_clinic,other"`
	Version       int        `json:"version"`
	Stages        []Stage    `json:"stages"`
	Note          string     `json:"note"`
	EffectiveFrom time.Time  `json:"effective_from"`
	SupersededAt  *time.Time `json:"superseded_at,omitempty"`
	Days          int        `json:"days" doc:"the stages' days together"`
}

var (
	errStages = apperr.New(apperr.ErrInvalid, "epidemic.protocol_stages", "")
	// ErrNoProtocol is a category of a disease with no protocol in force.
	ErrNoProtocol = apperr.New(apperr.ErrConflict, "epidemic.no_protocol",
		"该病种此类人员尚无管控方案 / no protocol in force for this category of this disease")
	// ErrProtocolNotFound is a protocol version that does not exist.
	ErrProtocolNotFound = apperr.New(apperr.ErrNotFound, "epidemic.protocol_not_found", "管控方案不存在 / protocol not found")
)

const protocolCols = "id, disease_code, category, version, stages, note, effective_from, superseded_at"

func scanProtocol(row interface{ Scan(...any) error }) (Protocol, error) {
	var p Protocol
	var stages string
	if err := row.Scan(&p.ID, &p.Disease, &p.Category, &p.Version, &stages, &p.Note, &p.EffectiveFrom,
		&p.SupersededAt); err != nil {
		return Protocol{}, err
	}
	if err := json.Unmarshal([]byte(stages), &p.Stages); err != nil {
		return Protocol{}, fmt.Errorf("epidemic: protocol %s: stages: %w", p.ID, err)
	}
	for _, st := range p.Stages {
		p.Days += st.Days
	}
	return p, nil
}

// Protocols are the versions of the protocols of the diseases on the list
// of the caller at scope (of disease alone if given), each category's newest
// first; current leaves out superseded ones.
func (s *Service) Protocols(ctx context.Context, scope, disease, category string, current bool) ([]Protocol, error) {
	visible, err := s.Diseases(ctx, scope, false)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, d := range visible {
		seen[d.Code] = true
	}
	q, args := "SELECT "+protocolCols+" FROM epi_protocols WHERE 1=1", []any{}
	if disease != "" {
		q, args = q+" AND disease_code = ?", append(args, disease)
	}
	if category != "" {
		q, args = q+" AND category = ?", append(args, category)
	}
	if current {
		q += " AND superseded_at IS NULL"
	}
	rows, err := s.db.Query(ctx, q+" ORDER BY disease_code, category, version DESC", args...)
	if err != nil {
		return nil, fmt.Errorf("epidemic: protocols: %w", err)
	}
	defer rows.Close()
	out := []Protocol{}
	for rows.Next() {
		p, err := scanProtocol(rows)
		if err != nil {
			return nil, err
		}
		if seen[p.Disease] {
			out = append(out, p)
		}
	}
	return out, rows.Err()
}

// Protocol is one version by id, of a disease on the list of the caller at
// scope.
func (s *Service) Protocol(ctx context.Context, scope, id string) (Protocol, error) {
	p, err := scanProtocol(s.db.QueryRow(ctx, "SELECT "+protocolCols+" FROM epi_protocols WHERE id = ?", id))
	if err != nil {
		return Protocol{}, s.db.ScanErr(err, ErrProtocolNotFound)
	}
	if _, err := s.Disease(ctx, scope, p.Disease); err != nil {
		return Protocol{}, ErrProtocolNotFound
	}
	return p, nil
}

// InForce is the version of the protocol for category of disease in force.
func (s *Service) InForce(ctx context.Context, disease, category string) (Protocol, error) {
	p, err := scanProtocol(s.db.QueryRow(ctx, "SELECT "+protocolCols+
		" FROM epi_protocols WHERE disease_code = ? AND category = ? AND superseded_at IS NULL", disease, category))
	return p, s.db.ScanErr(err, ErrNoProtocol)
}

// ProtocolInput is a new version of a category's protocol for a disease.
type ProtocolInput struct {
	Disease  string  `json:"disease" minLength:"1" maxLength:"20"`
	Category string  `json:"category" enum:"confirmed,asymptomatic,close_contact,secondary_contact,risk_area,inbound,fever_clinic,other"`
	Stages   []Stage `json:"stages" minItems:"1" maxItems:"6"`
	Note     string  `json:"note,omitempty" maxLength:"500"`
}

// checkStages names the first stage whose test days fall outside it.
func checkStages(stages []Stage) error {
	var errs apperr.Invalid
	for i, st := range stages {
		for _, d := range st.TestDays {
			if d < 1 || d > st.Days {
				errs = append(errs, errStages.With(apperr.P{"day": d, "days": st.Days}, fmt.Sprintf(
					"检测日 %d 不在本阶段 1–%d 天内 / test day %d is outside the stage's days 1–%d", d, st.Days, d, st.Days)).
					At(fmt.Sprintf("body.stages[%d].test_days", i)))
				break
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// Supersede puts a new version of a category's protocol in force; the one
// before is kept, superseded, for the measures that follow it.
func (s *Service) Supersede(ctx context.Context, p *access.Principal, in ProtocolInput) (Protocol, error) {
	if err := checkStages(in.Stages); err != nil {
		return Protocol{}, err
	}
	if _, err := s.reportable(ctx, p.RegionPath, "body.disease", in.Disease, s.today()); err != nil {
		return Protocol{}, err
	}
	for i := range in.Stages {
		in.Stages[i].TestDays = orEmpty(in.Stages[i].TestDays)
		slices.Sort(in.Stages[i].TestDays)
		in.Stages[i].TestDays = slices.Compact(in.Stages[i].TestDays)
	}
	var out Protocol
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		var version int
		if err := s.db.QueryRow(ctx, "SELECT COALESCE(MAX(version), 0) FROM epi_protocols WHERE disease_code = ? AND category = ?",
			in.Disease, in.Category).Scan(&version); err != nil {
			return err
		}
		now, id := s.now().UTC(), uuid.Must(uuid.NewV7()).String()
		if _, err := s.db.Exec(ctx, `UPDATE epi_protocols SET superseded_at = ? WHERE disease_code = ? AND category = ?
			AND superseded_at IS NULL`, now, in.Disease, in.Category); err != nil {
			return err
		}
		stages, _ := json.Marshal(in.Stages)
		if _, err := s.db.Exec(ctx, `INSERT INTO epi_protocols (id, disease_code, category, version, stages, note,
			effective_from, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?)`, id, in.Disease, in.Category, version+1,
			string(stages), in.Note, now, p.UserID, now); err != nil {
			return fmt.Errorf("epidemic: protocol: %w", err)
		}
		var err error
		if out, err = s.Protocol(ctx, p.RegionPath, id); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.protocol.supersede", ObjectType: "protocol", ObjectID: id,
			Detail: map[string]any{"disease": in.Disease, "category": in.Category, "version": version + 1}})
	})
	return out, err
}

// Step is one stage of a protocol laid on the calendar: its dates (Beijing,
// YYYY-MM-DD, both included) and the dates its tests are due.
type Step struct {
	Measure        string   `json:"measure"`
	Start          string   `json:"start"`
	End            string   `json:"end"`
	TestDates      []string `json:"test_dates"`
	CheckinsPerDay int      `json:"checkins_per_day"`
}

// Plan lays the protocol's stages end to end from start (YYYY-MM-DD, the
// first day of the first stage).
func (p Protocol) Plan(start string) ([]Step, error) {
	d, err := time.Parse(time.DateOnly, start)
	if err != nil {
		return nil, fmt.Errorf("epidemic: plan from %q: %w", start, err)
	}
	out := make([]Step, 0, len(p.Stages))
	for _, st := range p.Stages {
		step := Step{Measure: st.Measure, Start: d.Format(time.DateOnly), End: d.AddDate(0, 0, st.Days-1).Format(time.DateOnly),
			TestDates: make([]string, 0, len(st.TestDays)), CheckinsPerDay: st.CheckinsPerDay}
		for _, n := range st.TestDays {
			step.TestDates = append(step.TestDates, d.AddDate(0, 0, n-1).Format(time.DateOnly))
		}
		out = append(out, step)
		d = d.AddDate(0, 0, st.Days)
	}
	return out, nil
}
