package epidemic

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/china"
)

// The actions the disease list writes to the audit log.
var _ = audit.Declare("epidemic.disease.create", "epidemic.disease.update")

// Classes of disease: 甲, 乙, 丙, other monitored, and local (added by a
// county or city).
var Classes = []Named{{"A", "甲类"}, {"B", "乙类"}, {"C", "丙类"}, {"other", "其他法定管理以及重点监测传染病"}, {"local", "地方病种"}}

// Disease is one notifiable disease as it stands.
type Disease struct {
	Code           string    `json:"code"`
	Name           string    `json:"name"`
	NameEn         string    `json:"name_en"`
	Class          string    `json:"class" enum:"A,B,C,other,local"`
	ClassName      string    `json:"class_name" doc:"甲类, 乙类, 丙类 …"`
	ManagedAs      string    `json:"managed_as" enum:"A," doc:"A: a 乙 disease managed as 甲 (2-hour report, 甲 measures)"`
	ReportHours    int       `json:"report_hours" enum:"2,24" doc:"online report within this many hours of diagnosis"`
	IncubationDays int       `json:"incubation_days" doc:"the longest incubation period, in days"`
	HasCourse      bool      `json:"has_course" doc:"the card asks acute or chronic"`
	Subtypes       []Subtype `json:"subtypes"`
	RegionCode     string    `json:"region_code,omitempty" doc:"a local disease's county or city; none for the national list"`
	EffectiveFrom  string    `json:"effective_from" doc:"YYYY-MM-DD, Beijing"`
	EffectiveTo    string    `json:"effective_to,omitempty" doc:"YYYY-MM-DD: no longer reportable after it"`
	regionPath     string
}

// Subtype is a disease's subtype as the card names it; one may carry its
// own class management and deadline (肺炭疽 is managed as 甲).
type Subtype struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	ManagedAs   string `json:"managed_as,omitempty" enum:"A,"`
	ReportHours int    `json:"report_hours,omitempty"`
}

// Urgent reports whether a case of d (subtype sub) is handled as 甲: a
// 甲 disease, one managed as 甲, or a subtype that is.
func (d Disease) Urgent(sub string) bool {
	if d.Class == "A" || d.ManagedAs == "A" {
		return true
	}
	for _, t := range d.Subtypes {
		if t.Code == sub && t.ManagedAs == "A" {
			return true
		}
	}
	return false
}

// Hours is the reporting deadline of a case of d (subtype sub), in hours.
func (d Disease) Hours(sub string) int {
	for _, t := range d.Subtypes {
		if t.Code == sub && t.ReportHours > 0 {
			return t.ReportHours
		}
	}
	if d.Urgent(sub) {
		return 2
	}
	return d.ReportHours
}

// InForce reports whether d may be reported on day (YYYY-MM-DD).
func (d Disease) InForce(day string) bool {
	return d.EffectiveFrom <= day && (d.EffectiveTo == "" || day <= d.EffectiveTo)
}

// visibleTo reports whether d is on the list of the caller at scope: the
// national list, a local disease of the scope's lineage or of its subtree.
func (d Disease) visibleTo(scope string) bool {
	return d.regionPath == "" || access.Scope(d.regionPath).Covers(scope) || access.Scope(scope).Covers(d.regionPath)
}

const diseaseCols = `code, name, name_en, class, managed_as, report_hours, incubation_days, has_course, subtypes,
	region_path, effective_from, effective_to`

func scanDisease(row interface{ Scan(...any) error }) (Disease, error) {
	var d Disease
	var subtypes string
	if err := row.Scan(&d.Code, &d.Name, &d.NameEn, &d.Class, &d.ManagedAs, &d.ReportHours, &d.IncubationDays,
		&d.HasCourse, &subtypes, &d.regionPath, &d.EffectiveFrom, &d.EffectiveTo); err != nil {
		return Disease{}, err
	}
	if err := json.Unmarshal([]byte(subtypes), &d.Subtypes); err != nil {
		return Disease{}, fmt.Errorf("epidemic: disease %s: subtypes: %w", d.Code, err)
	}
	if d.Subtypes == nil {
		d.Subtypes = []Subtype{}
	}
	d.ClassName, d.RegionCode = nameOf(Classes, d.Class), access.Scope(d.regionPath).Code()
	return d, nil
}

// Diseases is the list the caller at scope sees, national then local, in
// catalogue order; current only leaves out those no longer in force today.
func (s *Service) Diseases(ctx context.Context, scope string, current bool) ([]Disease, error) {
	rows, err := s.db.Query(ctx, "SELECT "+diseaseCols+" FROM epi_diseases ORDER BY region_path, sort, code")
	if err != nil {
		return nil, fmt.Errorf("epidemic: diseases: %w", err)
	}
	defer rows.Close()
	today := s.today()
	out := []Disease{}
	for rows.Next() {
		d, err := scanDisease(rows)
		if err != nil {
			return nil, err
		}
		if d.visibleTo(scope) && (!current || d.InForce(today)) {
			out = append(out, d)
		}
	}
	return out, rows.Err()
}

// Disease is one disease on the list of the caller at scope.
func (s *Service) Disease(ctx context.Context, scope, code string) (Disease, error) {
	d, err := scanDisease(s.db.QueryRow(ctx, "SELECT "+diseaseCols+" FROM epi_diseases WHERE code = ?", code))
	if err != nil {
		return Disease{}, s.db.ScanErr(err, ErrDiseaseNotFound)
	}
	if !d.visibleTo(scope) {
		return Disease{}, ErrDiseaseNotFound
	}
	return d, nil
}

// reportable is the disease code names, in force on day for the caller at
// scope, or a 422 naming field.
func (s *Service) reportable(ctx context.Context, scope, field, code, day string) (Disease, error) {
	d, err := s.Disease(ctx, scope, code)
	if err == nil && !d.InForce(day) {
		err = ErrDiseaseNotFound
	}
	if errors.Is(err, apperr.ErrNotFound) {
		return Disease{}, apperr.Invalid(errDisease.Field(field))
	}
	return d, err
}

// today is the date in Beijing, YYYY-MM-DD.
func (s *Service) today() string { return day(s.now()) }

// day is t's date in Beijing, YYYY-MM-DD.
func day(t time.Time) string { return t.In(china.Zone).Format(time.DateOnly) }

// LocalInput is a local disease a county or city adds.
type LocalInput struct {
	Name           string    `json:"name" minLength:"1" maxLength:"60"`
	NameEn         string    `json:"name_en,omitempty" maxLength:"120"`
	ReportHours    int       `json:"report_hours" enum:"2,24"`
	IncubationDays int       `json:"incubation_days" minimum:"1" maximum:"3650"`
	HasCourse      bool      `json:"has_course,omitempty"`
	Subtypes       []Subtype `json:"subtypes,omitempty" maxItems:"30"`
	EffectiveFrom  string    `json:"effective_from,omitempty" pattern:"^\\d{4}-\\d{2}-\\d{2}$" doc:"YYYY-MM-DD; today when omitted"`
}

// DiseasePatch changes how a disease is managed: managed as 甲 or not, the
// end of its effect; a local disease's deadline and incubation too.
type DiseasePatch struct {
	ManagedAs      *string `json:"managed_as,omitempty" enum:"A," doc:"A: manage this 乙 disease as 甲; \"\" to stop"`
	EffectiveTo    *string `json:"effective_to,omitempty" pattern:"^(\\d{4}-\\d{2}-\\d{2})?$" doc:"YYYY-MM-DD; \"\" puts it back in force"`
	ReportHours    *int    `json:"report_hours,omitempty" enum:"2,24" doc:"local diseases only"`
	IncubationDays *int    `json:"incubation_days,omitempty" minimum:"1" maximum:"3650"`
}

var (
	errLocalLevel = apperr.New(apperr.ErrForbidden, "epidemic.local_disease_level",
		"地方病种由市级或县级增加 / a local disease is added by a city or county")
	errNational = apperr.New(apperr.ErrForbidden, "epidemic.national_disease",
		"国家病种目录仅市级可调整管理方式 / only the city level changes how a national disease is managed")
	errManagedAs = apperr.New(apperr.ErrInvalid, "epidemic.managed_as_class",
		"仅乙类病种可按甲类管理 / only a 乙-class disease can be managed as 甲")
	errLocalOnly = apperr.New(apperr.ErrInvalid, "epidemic.local_only",
		"报告时限仅可为地方病种设置 / the deadline is set for local diseases only")
)

// AddLocal adds a local disease under the caller's county or city.
func (s *Service) AddLocal(ctx context.Context, p *access.Principal, in LocalInput) (Disease, error) {
	sc := p.Scope()
	if sc.Level() > access.County {
		return Disease{}, errLocalLevel
	}
	if in.EffectiveFrom == "" {
		in.EffectiveFrom = s.today()
	}
	subtypes, _ := json.Marshal(orEmpty(in.Subtypes))
	var d Disease
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		var n int
		if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM epi_diseases WHERE region_path = ?", string(sc)).Scan(&n); err != nil {
			return err
		}
		code, now := fmt.Sprintf("L%s%02d", strings.TrimRight(sc.Code(), "0"), n+1), s.now().UTC()
		if _, err := s.db.Exec(ctx, `INSERT INTO epi_diseases (code, name, name_en, class, report_hours, incubation_days,
			has_course, subtypes, region_path, effective_from, sort, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			code, in.Name, in.NameEn, "local", in.ReportHours, in.IncubationDays, in.HasCourse, string(subtypes), string(sc),
			in.EffectiveFrom, 900+n, now, now); err != nil {
			return fmt.Errorf("epidemic: add disease: %w", err)
		}
		var err error
		if d, err = s.Disease(ctx, string(sc), code); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.disease.create", ObjectType: "disease", ObjectID: code,
			Detail: map[string]any{"name": in.Name, "region": sc.Code()}})
	})
	return d, err
}

// UpdateDisease changes how a disease is managed: a national one by the
// city level only, a local one by its own region or above.
func (s *Service) UpdateDisease(ctx context.Context, p *access.Principal, code string, in DiseasePatch) (Disease, error) {
	var d Disease
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		var err error
		if d, err = s.Disease(ctx, p.RegionPath, code); err != nil {
			return err
		}
		sc := p.Scope()
		switch {
		case d.regionPath == "" && sc.Level() != access.City:
			return errNational
		case d.regionPath != "" && !sc.Covers(d.regionPath):
			return ErrDiseaseNotFound
		case in.ManagedAs != nil && *in.ManagedAs != "" && d.Class != "B":
			return apperr.Invalid(errManagedAs.Field("body.managed_as"))
		case in.ReportHours != nil && d.Class != "local":
			return apperr.Invalid(errLocalOnly.Field("body.report_hours"))
		}
		d.ManagedAs = deref(in.ManagedAs, d.ManagedAs)
		d.EffectiveTo = deref(in.EffectiveTo, d.EffectiveTo)
		d.ReportHours = deref(in.ReportHours, d.ReportHours)
		d.IncubationDays = deref(in.IncubationDays, d.IncubationDays)
		if _, err := s.db.Exec(ctx, `UPDATE epi_diseases SET managed_as = ?, effective_to = ?, report_hours = ?,
			incubation_days = ?, updated_at = ? WHERE code = ?`, d.ManagedAs, d.EffectiveTo, d.ReportHours, d.IncubationDays,
			s.now().UTC(), code); err != nil {
			return fmt.Errorf("epidemic: update disease: %w", err)
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.disease.update", ObjectType: "disease", ObjectID: code,
			Detail: map[string]any{"managed_as": d.ManagedAs, "effective_to": d.EffectiveTo, "report_hours": d.ReportHours,
				"incubation_days": d.IncubationDays}})
	})
	return d, err
}

func deref[T any](p *T, keep T) T {
	if p == nil {
		return keep
	}
	return *p
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
