package warning

import (
	"context"
	"fmt"
	"strings"
	"time"

	"healthgrid/internal/access"
)

// Signal is a warning signal (预警信号) and where its handling stands.
type Signal struct {
	ID              string     `json:"id"`
	Disease         string     `json:"disease"`
	DiseaseName     string     `json:"disease_name"`
	RegionCode      string     `json:"region_code"`
	RegionName      string     `json:"region_name"`
	RegionLevel     string     `json:"region_level" enum:"grid,village,township,county,city"`
	Source          string     `json:"source"`
	Method          string     `json:"method" enum:"fixed,C1,C2,C3" doc:"the most severe method that flagged; EARS's first"`
	Methods         []string   `json:"methods" doc:"every method that flagged the day"`
	Date            string     `json:"date" doc:"the day counted, Beijing"`
	Count           int64      `json:"count" doc:"the day's count (fixed: the cases in 7 days)"`
	Threshold       float64    `json:"threshold" doc:"the method's upper bound (fixed: its cases in 7 days)"`
	Level           string     `json:"level" enum:"red,orange,yellow,blue"`
	Status          string     `json:"status" enum:"open,verifying,dismissed,confirmed"`
	RaisedAt        time.Time  `json:"raised_at"`
	FirstActionAt   *time.Time `json:"first_action_at,omitempty"`
	ResponseMinutes *float64   `json:"response_minutes,omitempty" doc:"from the signal to its first action"`
	ClosedAt        *time.Time `json:"closed_at,omitempty"`
	Reason          string     `json:"reason,omitempty" doc:"why it was dismissed"`
	Note            string     `json:"note,omitempty"`
	OutbreakID      string     `json:"outbreak_id,omitempty" doc:"the outbreak its confirmation declared"`
	EventID         string     `json:"event_id,omitempty" doc:"the event its confirmation opened"`
	CardID          string     `json:"card_id,omitempty" doc:"the 甲 card that raised it at once"`
	Actions         []string   `json:"actions" doc:"what the caller may do now"`
	path            string
}

const signalCols = `id, disease_code, disease_name, source, region_path, region_name, region_level, method, methods, day, count, threshold, level,
	status, raised_at, first_action_at, response_seconds, closed_at, reason, note, outbreak_id, event_id, COALESCE(card_id, '')`

func scanSignal(row interface{ Scan(...any) error }) (Signal, error) {
	var g Signal
	var methods string
	var secs *int64
	if err := row.Scan(&g.ID, &g.Disease, &g.DiseaseName, &g.Source, &g.path, &g.RegionName, &g.RegionLevel, &g.Method, &methods, &g.Date, &g.Count,
		&g.Threshold, &g.Level, &g.Status, &g.RaisedAt, &g.FirstActionAt, &secs, &g.ClosedAt, &g.Reason, &g.Note,
		&g.OutbreakID, &g.EventID, &g.CardID); err != nil {
		return Signal{}, err
	}
	g.Methods = strings.Split(strings.Trim(methods, ","), ",")
	if secs != nil {
		m := float64(*secs) / 60
		g.ResponseMinutes = &m
	}
	g.RegionCode = access.Scope(g.path).Code()
	return g, nil
}

// SignalFilter narrows the list.
type SignalFilter struct {
	Region  string `query:"region" maxLength:"15" doc:"a region or grid code in the caller's area"`
	Disease string `query:"disease" maxLength:"20"`
	Method  string `query:"method" enum:"fixed,C1,C2,C3,"`
	Status  string `query:"status" enum:"open,verifying,dismissed,confirmed,active," doc:"active: open or verifying (the queue)"`
	Level   string `query:"level" enum:"red,orange,yellow,blue,"`
	From    string `query:"from" pattern:"^(\\d{4}-\\d{2}-\\d{2})?$" doc:"the signal's day from, Beijing"`
	To      string `query:"to" pattern:"^(\\d{4}-\\d{2}-\\d{2})?$"`
}

// Signals are a page of the signals in the caller's area (or the region's
// subtree within it), the newest day first, and how many match.
func (s *Service) Signals(ctx context.Context, p *access.Principal, f SignalFilter, offset, size int) ([]Signal, int, error) {
	scope, err := s.regions.Within(ctx, p.RegionPath, f.Region)
	if err != nil {
		return nil, 0, err
	}
	cond, args := access.Scope(scope).Subtree("region_path")
	add := func(c string, v ...any) { cond, args = cond+" AND "+c, append(args, v...) }
	if f.Disease != "" {
		add("disease_code = ?", f.Disease)
	}
	if f.Method != "" {
		add("methods LIKE ?", "%,"+f.Method+",%")
	}
	switch f.Status {
	case "":
	case "active":
		add("status IN (?, ?)", StatusOpen, StatusVerifying)
	default:
		add("status = ?", f.Status)
	}
	if f.Level != "" {
		add("level = ?", f.Level)
	}
	if f.From != "" {
		add("day >= ?", f.From)
	}
	if f.To != "" {
		add("day <= ?", f.To)
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM epi_warning_signals WHERE "+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("warning: count signals: %w", err)
	}
	rows, err := s.db.Query(ctx, "SELECT "+signalCols+" FROM epi_warning_signals WHERE "+cond+
		" ORDER BY day DESC, rank DESC, raised_at DESC, id LIMIT ? OFFSET ?", append(args, size, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("warning: signals: %w", err)
	}
	defer rows.Close()
	out := []Signal{}
	for rows.Next() {
		g, err := scanSignal(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	describe(p, out)
	return out, total, nil
}

// describe gives each signal the actions p may take.
func describe(p *access.Principal, gs []Signal) {
	for i := range gs {
		gs[i].Actions = signalActions(p, &gs[i])
	}
}

// signal is one signal the caller may see: in their area.
func (s *Service) signal(ctx context.Context, p *access.Principal, id string) (Signal, error) {
	g, err := scanSignal(s.db.QueryRow(ctx, "SELECT "+signalCols+" FROM epi_warning_signals WHERE id = ?", id))
	if err != nil {
		return Signal{}, s.db.ScanErr(err, ErrSignalNotFound)
	}
	if !p.Covers(g.path) {
		return Signal{}, ErrSignalNotFound
	}
	return g, nil
}

// Point is a day of the series behind a signal: its count, the baseline
// mean and the method's upper bound (none before the method's history).
type Point struct {
	Date  string   `json:"date"`
	Count int64    `json:"count"`
	Mean  *float64 `json:"mean,omitempty"`
	Upper *float64 `json:"upper,omitempty"`
}

// SignalDetail is a signal with the series behind it.
type SignalDetail struct {
	Signal
	Series []Point `json:"series" doc:"the 28 days to the signal's day (and up to 7 after, to today)"`
}

// seriesDays is how many days the chart behind a signal shows up to it.
const seriesDays = 28

// SignalDetail is signal id with its series: the counts of its region,
// disease and source with the baseline mean and upper bound of its method
// (C1 for a fixed threshold) each day.
func (s *Service) SignalDetail(ctx context.Context, p *access.Principal, id string) (SignalDetail, error) {
	g, err := s.signal(ctx, p, id)
	if err != nil {
		return SignalDetail{}, err
	}
	g.Actions = signalActions(p, &g)
	to := min(addDays(g.Date, 7), dayOf(s.now()))
	from := addDays(g.Date, -seriesDays+1)
	pre := History(C3)
	x, err := s.series(ctx, g.path, g.Disease, g.Source, addDays(from, -pre), to)
	if err != nil {
		return SignalDetail{}, err
	}
	cfg, err := s.Config(ctx, g.Disease)
	if err != nil {
		return SignalDetail{}, err
	}
	par := Params{Threshold: DefaultZ, MinSigma: DefaultSigma}
	for _, m := range cfg.Items {
		if m.Method == g.Method && m.Level == g.RegionLevel && m.Source == g.Source && m.Method != Fixed {
			par = m.Params
		}
	}
	out := SignalDetail{Signal: g, Series: make([]Point, 0, len(x)-pre)}
	for t := pre; t < len(x); t++ {
		pt := Point{Date: addDays(from, t-pre), Count: int64(x[t])}
		if mean, up, ok := band(g.Method, x, t, par); ok {
			pt.Mean, pt.Upper = &mean, &up
		}
		out.Series = append(out.Series, pt)
	}
	return out, nil
}
