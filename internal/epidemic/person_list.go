package epidemic

import (
	"context"
	"fmt"
	"io"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/db"
	"healthgrid/internal/files"
)

// Attachments keeps a verification's photos (files): held by the person's
// record, served through it.
type Attachments interface {
	Hold(ctx context.Context, field, uploader string, ids []string, owner string, marks files.Marks) error
	Held(ctx context.Context, owner string) ([]files.Attachment, error)
	OpenHeld(ctx context.Context, owner, id string, original bool) (files.Attachment, io.ReadSeekCloser, error)
	Holder(ctx context.Context, id string) (string, error)
}

// photoOwner is the files owner key of a person's photos.
func photoOwner(id string) string { return "epidemic_person/" + id }

// PersonFilter narrows the persons list; the caller's scope always applies.
type PersonFilter struct {
	Screening string `query:"screening" maxLength:"40" doc:"only the persons this list named"`
	Grid      string `query:"grid" maxLength:"20" doc:"only this grid's"`
	Region    string `query:"region" maxLength:"20" doc:"only the subtree of this region (in the caller's scope)"`
	State     string `query:"state" enum:"assigned,visited,verified,decided,reported," doc:"only this state"`
	Category  string `query:"category" enum:"confirmed,asymptomatic,close_contact,secondary_contact,risk_area,inbound,fever_clinic,other,"`
	Pooled    string `query:"pooled" enum:"true,false," doc:"true: only those waiting in a pool; false: only those in a grid"`
	Overdue   bool   `query:"overdue" doc:"only those past the deadline and not verified"`
	Q         string `query:"q" maxLength:"50" doc:"words of the name, address or origin"`
}

// Persons is a page of the risk persons in scope that f selects — the most
// urgent first: by state, then the earliest deadline — and how many.
func (s *Service) Persons(ctx context.Context, scope string, f PersonFilter, offset, limit int) ([]Person, int, error) {
	path := scope
	if f.Region != "" {
		p, err := s.regions.Path(ctx, f.Region)
		if err != nil || !access.Scope(scope).Covers(p) {
			return []Person{}, 0, nil
		}
		path = p
	}
	cond, args := access.Scope(path).Subtree("p.region_path")
	if access.Scope(path).Level() == access.Grid { // a leaf: its persons' path is its own (epi_persons_open)
		cond, args = "p.region_path = ?", []any{path}
	}
	where := " WHERE " + cond + " AND p.merged_into IS NULL"
	add := func(c string, v ...any) { where, args = where+" AND "+c, append(args, v...) }
	if f.Screening != "" {
		add(`EXISTS (SELECT 1 FROM epi_person_sources ps WHERE ps.person_id = p.id AND ps.kind = 'screening'
			AND ps.ref = ?)`, f.Screening)
	}
	if f.Grid != "" {
		add("p.grid_code = ?", f.Grid)
	}
	if f.State != "" {
		add("p.state = ?", f.State)
	}
	if f.Category != "" {
		add("p.category = ?", f.Category)
	}
	if f.Pooled != "" {
		add("p.pooled = ?", f.Pooled == "true")
	}
	if f.Overdue {
		add("p.overdue_at IS NOT NULL AND p.state IN ('assigned', 'visited')")
	}
	if f.Q != "" {
		c, a := db.Contains(f.Q, "p.name", "p.address", "p.origin")
		add(c, a...)
	}
	total, err := s.countPersons(ctx, path, f, where, args)
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.db.Query(ctx, "SELECT "+prefixed+" FROM epi_persons p"+where+
		" ORDER BY p.state, p.deadline, p.id LIMIT ? OFFSET ?", append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("epidemic: persons: %w", err)
	}
	defer rows.Close()
	out := []Person{}
	for rows.Next() {
		p, err := s.scanPerson(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, p)
	}
	return out, total, rows.Err()
}

// countPersons is how many persons a list filter selects: a list's in a
// region, all or pooled or placed, is its tally there (a county's list of
// 100,000 is one row, not 100,000); the rest are counted from the rows.
func (s *Service) countPersons(ctx context.Context, path string, f PersonFilter, where string, args []any) (int, error) {
	if f.Screening != "" && f.Grid == "" && f.State == "" && f.Category == "" && !f.Overdue && f.Q == "" {
		c, err := s.countsAt(ctx, f.Screening, path)
		switch f.Pooled {
		case "true":
			return int(c.Pool), err
		case "false":
			return int(c.Distributed), err
		}
		return int(c.Received), err
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM epi_persons p"+where, args...).Scan(&total); err != nil {
		return 0, fmt.Errorf("epidemic: count persons: %w", err)
	}
	return total, nil
}

// prefixed is personCols of the table p.
var prefixed = "p." + personCols

// PersonSource is a list, card or result that named the person.
type PersonSource struct {
	Kind     string    `json:"kind" enum:"screening,report,test,trace,manual"`
	Ref      string    `json:"ref" doc:"the source's id: a screening's, a report card's …"`
	Name     string    `json:"name,omitempty" doc:"a screening's name"`
	Category string    `json:"category"`
	Note     string    `json:"note,omitempty" doc:"what the source said (备注)"`
	AddedAt  time.Time `json:"added_at"`
}

// HistoryLine is a line of a person's history.
type HistoryLine struct {
	Action    string    `json:"action" enum:"visit,verify,decide,report,assign,merge,overdue"`
	FromState string    `json:"from_state,omitempty"`
	ToState   string    `json:"to_state,omitempty"`
	Outcome   string    `json:"outcome,omitempty"`
	Note      string    `json:"note,omitempty"`
	Lng       *float64  `json:"lng,omitempty"`
	Lat       *float64  `json:"lat,omitempty"`
	UserID    string    `json:"user_id,omitempty" doc:"who; empty for the platform"`
	At        time.Time `json:"at"`
}

// PersonDetail is a person with where they came from, what happened to
// them, the verification's photos and what the caller may do next.
type PersonDetail struct {
	Person
	Sources        []PersonSource     `json:"sources"`
	History        []HistoryLine      `json:"history"`
	Photos         []files.Attachment `json:"photos"`
	AllowedActions []string           `json:"allowed_actions" doc:"visit, verify, decide, report: what the caller may do now (the state table)"`
}

// Detail is a person in the caller's scope with their sources and history.
func (s *Service) Detail(ctx context.Context, caller *access.Principal, id string) (PersonDetail, error) {
	p, err := s.Person(ctx, caller.RegionPath, id)
	if err != nil {
		return PersonDetail{}, err
	}
	d := PersonDetail{Person: p, Sources: []PersonSource{}, History: []HistoryLine{}, Photos: []files.Attachment{},
		AllowedActions: allowedActions(caller, p)}
	rows, err := s.db.Query(ctx, `SELECT ps.kind, ps.ref, COALESCE(sc.name, ''), ps.category, ps.note, ps.added_at
		FROM epi_person_sources ps LEFT JOIN epi_screenings sc ON ps.kind = 'screening' AND sc.id = ps.ref
		WHERE ps.person_id = ? ORDER BY ps.added_at, ps.ref`, id)
	if err != nil {
		return PersonDetail{}, fmt.Errorf("epidemic: sources: %w", err)
	}
	for rows.Next() {
		var src PersonSource
		if err := rows.Scan(&src.Kind, &src.Ref, &src.Name, &src.Category, &src.Note, &src.AddedAt); err != nil {
			rows.Close()
			return PersonDetail{}, err
		}
		d.Sources = append(d.Sources, src)
	}
	rows.Close()
	if d.History, err = s.history(ctx, id); err != nil {
		return PersonDetail{}, err
	}
	if s.files != nil {
		if d.Photos, err = s.files.Held(ctx, photoOwner(id)); err != nil {
			return PersonDetail{}, err
		}
		for i := range d.Photos {
			d.Photos[i].URL = "/api/v1/epidemic/person-photos/" + d.Photos[i].ID
		}
	}
	return d, nil
}

func (s *Service) history(ctx context.Context, id string) ([]HistoryLine, error) {
	rows, err := s.db.Query(ctx, `SELECT action, from_state, to_state, outcome, note, lng, lat, user_id, at
		FROM epi_person_history WHERE person_id = ? ORDER BY at, id`, id)
	if err != nil {
		return nil, fmt.Errorf("epidemic: history: %w", err)
	}
	defer rows.Close()
	out := []HistoryLine{}
	for rows.Next() {
		var st HistoryLine
		if err := rows.Scan(&st.Action, &st.FromState, &st.ToState, &st.Outcome, &st.Note, &st.Lng, &st.Lat, &st.UserID,
			&st.At); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}
