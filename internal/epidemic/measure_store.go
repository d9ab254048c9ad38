package epidemic

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
)

const measureCols = `m.id, m.person_id, p.name, p.disease_code, p.category, p.grid_code, p.region_path, m.protocol_id,
	m.protocol_version, m.start_date, m.end_date, m.state, m.end_reason, m.checked_through, m.created_at, m.ended_at`

const measureFrom = " FROM epi_measures m JOIN epi_persons p ON p.id = m.person_id"

func scanMeasure(row interface{ Scan(...any) error }) (Measure, error) {
	var m Measure
	err := row.Scan(&m.ID, &m.PersonID, &m.PersonName, &m.Disease, &m.Category, &m.GridCode, &m.regionPath, &m.ProtocolID,
		&m.ProtocolVersion, &m.StartDate, &m.EndDate, &m.State, &m.EndReason, &m.checkedThrough, &m.CreatedAt, &m.EndedAt)
	m.RegionCode = access.Scope(m.regionPath).Code()
	return m, err
}

// Measure is a measure whose person is in the caller's scope.
func (s *Service) Measure(ctx context.Context, scope, id string) (Measure, error) {
	m, err := scanMeasure(s.db.QueryRow(ctx, "SELECT "+measureCols+measureFrom+" WHERE m.id = ?", id))
	if err != nil {
		return Measure{}, s.db.ScanErr(err, ErrMeasureNotFound)
	}
	if !access.Scope(scope).Covers(m.regionPath) {
		return Measure{}, ErrMeasureNotFound
	}
	out := []Measure{m}
	return out[0], s.complete(ctx, out)
}

// complete fills in the measures' stages, kind today and rooms held.
func (s *Service) complete(ctx context.Context, ms []Measure) error {
	if len(ms) == 0 {
		return nil
	}
	at := map[string]int{}
	ids := make([]string, len(ms))
	for i, m := range ms {
		at[m.ID], ids[i] = i, m.ID
		ms[i].Stages, ms[i].TestDays = []Step{}, []string{}
	}
	in := " IN (?" + strings.Repeat(",?", len(ids)-1) + ")"
	rows, err := s.db.Query(ctx, `SELECT measure_id, start_date, end_date, kind, checkins_per_day, test_dates
		FROM epi_measure_stages WHERE measure_id`+in+" ORDER BY measure_id, start_date", anys(ids)...)
	if err != nil {
		return fmt.Errorf("epidemic: stages: %w", err)
	}
	for rows.Next() {
		var id, dates string
		var st Step
		if err := rows.Scan(&id, &st.Start, &st.End, &st.Measure, &st.CheckinsPerDay, &dates); err != nil {
			rows.Close()
			return err
		}
		if err := json.Unmarshal([]byte(dates), &st.TestDates); err != nil {
			rows.Close()
			return fmt.Errorf("epidemic: stage test dates: %w", err)
		}
		m := &ms[at[id]]
		m.Stages, m.TestDays = append(m.Stages, st), append(m.TestDays, st.TestDates...)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	today := s.today()
	for i := range ms {
		if len(ms[i].Stages) > 0 {
			ms[i].Kind = stageOn(ms[i].Stages, today).Measure
			ms[i].KindName = nameOf(Measures, ms[i].Kind)
		}
	}
	if err := s.checkinsOn(ctx, ms, at, today, in, ids); err != nil {
		return err
	}
	rows, err = s.db.Query(ctx, `SELECT st.measure_id, st.site_id, si.name, st.room, st.until_date FROM epi_stays st
		JOIN epi_sites si ON si.id = st.site_id WHERE st.released_at IS NULL AND st.measure_id`+in, anys(ids)...)
	if err != nil {
		return fmt.Errorf("epidemic: stays: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var st Stay
		if err := rows.Scan(&id, &st.SiteID, &st.SiteName, &st.Room, &st.Until); err != nil {
			return err
		}
		ms[at[id]].Stay = &st
	}
	return rows.Err()
}

// checkinsOn fills in how many check-ins each measure has on day and
// whether one had a fever: a list's "today 1/2" without a read per row.
func (s *Service) checkinsOn(ctx context.Context, ms []Measure, at map[string]int, day, in string, ids []string) error {
	rows, err := s.db.Query(ctx, `SELECT measure_id, COUNT(*), MAX(CASE WHEN fever THEN 1 ELSE 0 END) FROM epi_checkins
		WHERE day = ? AND measure_id`+in+" GROUP BY measure_id", append([]any{day}, anys(ids)...)...)
	if err != nil {
		return fmt.Errorf("epidemic: checkins today: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var n, fever int
		if err := rows.Scan(&id, &n, &fever); err != nil {
			return err
		}
		ms[at[id]].CheckinsToday, ms[at[id]].FeverToday = n, fever == 1
	}
	return rows.Err()
}

// MeasureFilter narrows a list of measures; RegionPath is within the
// caller's scope.
type MeasureFilter struct {
	RegionPath, State, Kind, Site, Person string
	DueTest, Missed                       bool
}

// Measures are the measures whose persons are in f's region, the newest
// first.
func (s *Service) Measures(ctx context.Context, f MeasureFilter, offset, limit int) ([]Measure, int, error) {
	cond, args := access.Scope(f.RegionPath).Subtree("p.region_path")
	where := []string{cond}
	today := s.today()
	if f.State != "" {
		where, args = append(where, "m.state = ?"), append(args, f.State)
	}
	if f.Person != "" {
		where, args = append(where, "m.person_id = ?"), append(args, f.Person)
	}
	if f.Kind != "" {
		where, args = append(where, `m.state = ? AND EXISTS (SELECT 1 FROM epi_measure_stages g WHERE g.measure_id = m.id
			AND g.kind = ? AND g.start_date <= ? AND g.end_date >= ?)`), append(args, MeasureActive, f.Kind, today, today)
	}
	if f.Site != "" {
		where, args = append(where, `EXISTS (SELECT 1 FROM epi_stays t WHERE t.measure_id = m.id AND t.site_id = ?
			AND t.released_at IS NULL)`), append(args, f.Site)
	}
	if f.DueTest {
		where, args = append(where, `m.state = ? AND EXISTS (SELECT 1 FROM epi_measure_stages g WHERE g.measure_id = m.id
			AND g.start_date <= ? AND g.end_date >= ? AND g.test_dates LIKE ?)`), append(args, MeasureActive, today, today,
			`%"`+today+`"%`)
	}
	if f.Missed {
		where = append(where, "EXISTS (SELECT 1 FROM epi_missed_checkins x WHERE x.measure_id = m.id)")
	}
	q := measureFrom + " WHERE " + strings.Join(where, " AND ")
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*)"+q, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("epidemic: count measures: %w", err)
	}
	rows, err := s.db.Query(ctx, "SELECT "+measureCols+q+" ORDER BY m.created_at DESC, m.id DESC LIMIT ? OFFSET ?",
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("epidemic: measures: %w", err)
	}
	out := []Measure{}
	for rows.Next() {
		m, err := scanMeasure(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	return out, total, s.complete(ctx, out)
}

// MeasureDetail is a measure with its check-ins, its missed days and its
// history.
type MeasureDetail struct {
	Measure
	Checkins []Checkin      `json:"checkins"`
	Missed   []string       `json:"missed" doc:"days with fewer check-ins than the stage asks, Beijing"`
	History  []MeasureEvent `json:"history"`
}

// MeasureDetail is a measure in scope with its check-ins and history.
func (s *Service) MeasureDetail(ctx context.Context, scope, id string) (MeasureDetail, error) {
	m, err := s.Measure(ctx, scope, id)
	if err != nil {
		return MeasureDetail{}, err
	}
	d := MeasureDetail{Measure: m, History: []MeasureEvent{}, Missed: []string{}}
	if d.Checkins, err = s.checkins(ctx, id); err != nil {
		return MeasureDetail{}, err
	}
	if d.Missed, err = s.column(ctx, "SELECT day FROM epi_missed_checkins WHERE measure_id = ? ORDER BY day", id); err != nil {
		return MeasureDetail{}, err
	}
	rows, err := s.db.Query(ctx, "SELECT action, reason, detail, user_id, at FROM epi_measure_events WHERE measure_id = ? ORDER BY at, id", id)
	if err != nil {
		return MeasureDetail{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var e MeasureEvent
		var detail string
		if err := rows.Scan(&e.Action, &e.Reason, &detail, &e.UserID, &e.At); err != nil {
			return MeasureDetail{}, err
		}
		_ = json.Unmarshal([]byte(detail), &e.Detail)
		d.History = append(d.History, e)
	}
	return d, rows.Err()
}

// column is the first column of the rows q answers, as strings.
func (s *Service) column(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("epidemic: %w", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// parseDay is a YYYY-MM-DD day, or a 422 on field.
func parseDay(field, v string) (time.Time, error) {
	d, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, errDate.With(apperr.P{"value": v}, errDate.Message).Field(field)
	}
	return d, nil
}
