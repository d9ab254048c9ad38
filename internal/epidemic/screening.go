package epidemic

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
	"healthgrid/internal/pii"
)

var _ = audit.Declare("epidemic.screening.create")

// Screening is a list of risk persons pushed down the region tree (排查任务)
// with its progress in the caller's scope.
type Screening struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	Disease      string    `json:"disease"`
	Category     string    `json:"category" enum:"confirmed,asymptomatic,close_contact,secondary_contact,risk_area,inbound,fever_clinic,other"`
	Deadline     time.Time `json:"deadline" doc:"every person verified by then; round the clock, not the work calendar"`
	RegionCode   string    `json:"region_code" doc:"the uploader's region: the pool of the persons nothing places lower"`
	FileName     string    `json:"file_name,omitempty"`
	RowsRead     int       `json:"rows_read" doc:"non-blank data rows of the list"`
	RowsRejected int       `json:"rows_rejected" doc:"rows refused, each with its reason (GET …/rejects)"`
	CreatedBy    string    `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
	Counts
	regionPath string
}

// ListedPerson is one row of a list: a person to screen.
type ListedPerson struct {
	Name     string   `json:"name" maxLength:"50" doc:"姓名, required"`
	IDNumber string   `json:"id_number,omitempty" maxLength:"40" doc:"身份证号: matches the resident and dedupes"`
	Phone    string   `json:"phone,omitempty" maxLength:"30" doc:"手机号"`
	Address  string   `json:"address,omitempty" maxLength:"200" doc:"地址: placed in the grid of the building it names"`
	GridCode string   `json:"grid_code,omitempty" maxLength:"20" doc:"网格编码: a grid's code, or any region's (its pool); outside the city: a hand-over"`
	Origin   string   `json:"origin,omitempty" maxLength:"100" doc:"来源地"`
	Note     string   `json:"note,omitempty" maxLength:"200" doc:"备注"`
	Lng      *float64 `json:"lng,omitempty" minimum:"-180" maximum:"180" doc:"WGS-84: placed in the grid it lies in"`
	Lat      *float64 `json:"lat,omitempty" minimum:"-90" maximum:"90"`
}

// ScreeningInput is a list to create: its header fields and, as JSON, its
// rows (a file gives them in the multipart form instead).
type ScreeningInput struct {
	Name     string         `json:"name" minLength:"1" maxLength:"100"`
	Deadline time.Time      `json:"deadline" doc:"when every person must be verified (RFC 3339); in the future"`
	Disease  string         `json:"disease" maxLength:"20" doc:"a disease code in force (GET /epidemic/diseases)"`
	Category string         `json:"category" enum:"confirmed,asymptomatic,close_contact,secondary_contact,risk_area,inbound,fever_clinic,other"`
	Region   string         `json:"region,omitempty" maxLength:"20" doc:"the region whose pool takes the persons nothing places lower: the caller's own or one below; default the caller's"`
	Persons  []ListedPerson `json:"persons,omitempty" maxItems:"5000" doc:"the rows; a larger list is uploaded as a file"`
	fileName string
}

// Reject is a row of a list that was refused, and why.
type Reject struct {
	Line   int    `json:"line" doc:"the row: its line in the file, or its position in persons[] from 1"`
	Field  string `json:"field,omitempty" doc:"the column concerned (its English name), empty for the row as a whole"`
	Reason string `json:"reason" doc:"中文 / English"`
}

// Created is what became of a list taken in.
type Created struct {
	Screening
	Repeated int      `json:"repeated" doc:"rows naming a person an earlier row of the list named: counted once"`
	Matched  int      `json:"matched" doc:"persons matched to a resident by ID number"`
	Handover int      `json:"handover" doc:"persons outside the city: a hand-over (协查函) each"`
	Rejected []Reject `json:"rejected" doc:"the refused rows, at most the first 1000 (all: GET …/rejects)"`
}

// bulkList is a list large enough to refresh the planners' statistics after.
const bulkList = 10_000

// maxRejectsShown bounds the refused rows a create answers with.
const maxRejectsShown = 1000

var (
	errDeadline   = apperr.New(apperr.ErrInvalid, "epidemic.deadline_past", "期限须晚于现在 / the deadline must be in the future")
	errNoRows     = apperr.New(apperr.ErrInvalid, "epidemic.list_empty", "名单没有可导入的人员 / the list has no person to take in")
	errListRegion = apperr.New(apperr.ErrInvalid, "epidemic.region_outside", "区域不在您的管辖范围内 / the region is not in your scope")
)

// row is a list's row as read: a candidate, or why it is refused.
type row struct {
	line int
	c    Candidate
	bad  *Reject
}

// candidate checks one listed person and makes them a candidate.
func (s *Service) candidate(line int, p ListedPerson, today time.Time) row {
	bad := func(field, reason string) row {
		return row{line: line, bad: &Reject{Line: line, Field: field, Reason: reason}}
	}
	p.Name = strings.TrimSpace(p.Name)
	switch {
	case p.Name == "":
		return bad("name", "姓名不能为空 / name is required")
	case utf8.RuneCountInString(p.Name) > 50:
		return bad("name", "姓名超过50字 / name longer than 50")
	case utf8.RuneCountInString(p.Address) > 200:
		return bad("address", "地址超过200字 / address longer than 200")
	case utf8.RuneCountInString(p.Origin) > 100:
		return bad("origin", "来源地超过100字 / origin longer than 100")
	case utf8.RuneCountInString(p.Note) > 200:
		return bad("note", "备注超过200字 / note longer than 200")
	case len(p.GridCode) > 20 || strings.Trim(p.GridCode, "0123456789") != "":
		return bad("grid_code", "网格编码应为数字 / grid_code must be digits")
	}
	c := Candidate{Name: p.Name, Address: p.Address, Origin: p.Origin, GridCode: p.GridCode, Lng: p.Lng, Lat: p.Lat,
		Note: p.Note}
	if p.IDNumber != "" {
		info, err := pii.ValidateIDNumber(p.IDNumber, today)
		if err != nil {
			return bad("id_number", pii.Reason(err)+" / invalid ID number")
		}
		c.IDNumber, c.Sex, c.BirthDate = info.Number, info.Gender, info.BirthDate.Format(time.DateOnly)
	}
	if p.Phone != "" {
		n, err := pii.NormalizePhone(p.Phone)
		if err != nil {
			return bad("phone", pii.Reason(err)+" / invalid mobile number")
		}
		c.Phone = n
	}
	return row{line: line, c: c}
}

// checkHeader checks a list's header fields and answers the pool's path.
func (s *Service) checkHeader(ctx context.Context, caller *access.Principal, in *ScreeningInput) (string, error) {
	var bad apperr.Invalid
	if !in.Deadline.After(s.now()) {
		bad = append(bad, errDeadline.At("body.deadline"))
	}
	if nameOf(Categories, in.Category) == "" {
		bad = append(bad, errCategory.At("body.category"))
	}
	if strings.TrimSpace(in.Name) == "" {
		bad = append(bad, apperr.Required.On("body.name", "名称不能为空 / name is required"))
	}
	if _, err := s.reportable(ctx, caller.RegionPath, "body.disease", in.Disease, s.today()); err != nil {
		if inv, ok := err.(apperr.Invalid); ok {
			bad = append(bad, inv...)
		} else {
			return "", err
		}
	}
	pool := caller.RegionPath
	if in.Region != "" {
		p, err := s.regions.Within(ctx, caller.RegionPath, in.Region)
		if err != nil {
			bad = append(bad, errListRegion.At("body.region"))
		}
		pool = p
	}
	if len(bad) > 0 {
		return "", bad
	}
	return pool, nil
}

// Create takes in a list: checks each row (a refused one is kept with its
// reason, never dropped silently), makes the rest risk persons placed down
// the tree (admit, place) and counts them in the list's progress — in one
// transaction.
func (s *Service) Create(ctx context.Context, caller *access.Principal, in ScreeningInput, rows []row) (Created, error) {
	pool, err := s.checkHeader(ctx, caller, &in)
	if err != nil {
		return Created{}, err
	}
	var cs []Candidate
	var rejects []Reject
	for _, r := range rows {
		if r.bad != nil {
			rejects = append(rejects, *r.bad)
			continue
		}
		r.c.Disease, r.c.Category, r.c.Deadline = in.Disease, in.Category, &in.Deadline
		cs = append(cs, r.c)
	}
	if len(cs) == 0 {
		return Created{}, errNoRows.Field("body.persons")
	}
	if err := s.byAddress(ctx, cs); err != nil {
		return Created{}, err
	}
	codes := map[string]bool{}
	for _, c := range cs {
		codes[c.GridCode] = true
	}
	s.warmPaths(ctx, codes)
	now := s.now().UTC()
	sc := Screening{ID: uuid.Must(uuid.NewV7()).String(), Name: strings.TrimSpace(in.Name), Disease: in.Disease,
		Category: in.Category, Deadline: in.Deadline.UTC(), regionPath: pool, FileName: in.fileName, RowsRead: len(rows),
		RowsRejected: len(rejects), CreatedBy: caller.UserID, CreatedAt: now}
	out := Created{Rejected: rejects[:min(len(rejects), maxRejectsShown)]}
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, `INSERT INTO epi_screenings (id, name, disease_code, category, deadline, region_path,
			file_name, rows_read, rows_rejected, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, sc.ID,
			sc.Name, sc.Disease, sc.Category, sc.Deadline, pool, sc.FileName, sc.RowsRead, sc.RowsRejected, sc.CreatedBy,
			now); err != nil {
			return fmt.Errorf("epidemic: insert screening: %w", err)
		}
		adm, err := s.admit(ctx, Source{Kind: "screening", Ref: sc.ID}, pool, cs)
		if err != nil {
			return err
		}
		if err := s.countListed(ctx, sc.ID, adm, &out); err != nil {
			return err
		}
		if _, err := s.db.WriteBulk(ctx, rejectInsert, len(rejects), func(i int, dst []any) []any {
			r := rejects[i]
			return append(dst, sc.ID, r.Line, r.Field, r.Reason)
		}); err != nil {
			return fmt.Errorf("epidemic: insert rejects: %w", err)
		}
		s.published(ctx, sc.ID)
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.screening.create", ObjectType: "epidemic_screening",
			ObjectID: sc.ID, Detail: map[string]any{"name": sc.Name, "disease": sc.Disease, "category": sc.Category,
				"rows": len(rows), "rejected": len(rejects), "file": sc.FileName}})
	})
	if err != nil {
		return Created{}, err
	}
	if len(cs) >= bulkList {
		// a bulk load: the planners learn the persons' new spread at once,
		// not when autovacuum comes by (a county's first page meanwhile
		// planned for an empty table)
		if err := s.db.Analyze(ctx, "epi_persons", "epi_person_sources", "epi_screening_tallies"); err != nil {
			return Created{}, err
		}
	}
	if out.Screening, err = s.Screening(ctx, caller.RegionPath, sc.ID); err != nil {
		return Created{}, err
	}
	return out, nil
}

var rejectInsert = db.Bulk{Head: "INSERT INTO epi_screening_rejects (screening_id, line, field, reason)", Cols: 4,
	Tail: " ON CONFLICT DO NOTHING"}

// countListed adds the persons a list named to its tallies (a person named
// before counts as they stand now) and sums up what became of them.
func (s *Service) countListed(ctx context.Context, screening string, adm []Admitted, out *Created) error {
	var old []string
	for _, a := range adm {
		switch {
		case a.Repeat:
			out.Repeated++
		case !a.New:
			old = append(old, a.PersonID)
		}
	}
	was, err := s.standings(ctx, old)
	if err != nil {
		return err
	}
	d := progress.Deltas()
	for _, a := range adm {
		if a.Repeat {
			continue
		}
		if a.ResidentID != "" {
			out.Matched++
		}
		if a.HandoverTo != "" {
			out.Handover++
		}
		st, ok := was[a.PersonID]
		if !ok {
			st = standing{id: a.PersonID, path: a.RegionPath, state: StateAssigned, pooled: a.Pooled}
		}
		st.add(d, screening, 1)
	}
	return d.Apply(ctx, s.db)
}

// warmPaths looks up the region codes a list names before its transaction,
// so that placing its rows finds them in the regions' cache.
func (s *Service) warmPaths(ctx context.Context, codes map[string]bool) {
	for code := range codes {
		if code != "" {
			s.regions.Path(ctx, code) // an unknown code is placed (a hand-over) later
		}
	}
}
