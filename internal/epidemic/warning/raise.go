package warning

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/audit"
	"healthgrid/internal/epidemic"
	"healthgrid/internal/notify"
)

// Signal levels, from the most severe: red a single case of a 甲 disease
// (or one managed as 甲), orange a fixed threshold of cases in 7 days,
// yellow two or three EARS methods agreeing (多点触发), blue one alone.
const (
	Red    = "red"
	Orange = "orange"
	Yellow = "yellow"
	Blue   = "blue"
)

var rankOf = map[string]int{Red: 4, Orange: 3, Yellow: 2, Blue: 1}

// levelNames are the levels in Chinese, for alerts.
var levelNames = map[string]string{Red: "红色", Orange: "橙色", Yellow: "黄色", Blue: "蓝色"}

// candidate is a signal the methods found, before suppression.
type candidate struct {
	disease, source, path, day string
	method                     string
	methods                    []string
	count                      int64
	threshold                  float64
	level                      string
	cardID                     string
}

// judge is what the methods ms say of day t of the counts x: the signal,
// or ok false. A fixed threshold flags N cases in 7 days, red for a 甲
// disease, orange otherwise; EARS flags a day above its upper bound, yellow
// when two or three agree, blue when one does. The signal names the most
// severe method, and the first of EARS's that flagged.
func judge(ms []Method, x []float64, t int, urgent bool) (candidate, bool) {
	var c candidate
	for _, m := range ms {
		if m.Method == Fixed {
			if n := Rolling(x, t); n >= m.Threshold {
				c.methods = append(c.methods, Fixed)
				c.method, c.count, c.threshold, c.level = Fixed, int64(n), m.Threshold, Orange
				if urgent {
					c.level = Red
				}
			}
			continue
		}
		up, ok := Upper(m.Method, x, t, m.Params)
		if !ok || !(x[t] > up) {
			continue
		}
		c.methods = append(c.methods, m.Method)
		if c.method == "" {
			c.method, c.count, c.threshold = m.Method, int64(x[t]), up
		}
	}
	if c.level == "" {
		switch len(c.methods) {
		case 0:
			return c, false
		case 1:
			c.level = Blue
		default:
			c.level = Yellow
		}
	}
	return c, true
}

// raise records c unless a signal of its disease at least as severe, in
// its region or a region below, lies within the suppression window of its
// day (a county's count that one township's signal explains is not raised
// again: the evaluation runs the deepest regions first), and alerts the
// county CDC, in the transaction ctx carries (its own when none). It
// answers the signal's ID, "" when suppressed.
func (s *Service) raise(ctx context.Context, c candidate, cfg Config) (string, error) {
	id := ""
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		w := cfg.Settings.SuppressDays
		var worst int
		cond, args := access.Scope(c.path).Subtree("region_path")
		if err := s.db.QueryRow(ctx, `SELECT COALESCE(MAX(rank), 0) FROM epi_warning_signals WHERE `+cond+`
			AND disease_code = ? AND day > ? AND day < ?`, append(args, c.disease, addDays(c.day, -w), addDays(c.day, w))...).Scan(&worst); err != nil {
			return fmt.Errorf("warning: suppression: %w", err)
		}
		if worst >= rankOf[c.level] {
			return nil
		}
		id = uuid.Must(uuid.NewV7()).String()
		now := s.now().UTC().Truncate(time.Microsecond)
		county := access.Scope(c.path).County()
		if county == "" {
			county = access.Scope(c.path)
		}
		name, err := s.regionName(ctx, c.path)
		if err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, `INSERT INTO epi_warning_signals (id, disease_code, disease_name, source, region_path,
			region_name, region_level, county_path, method, methods, day, count, threshold, level, rank, status, card_id,
			raised_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, id, c.disease, cfg.name(c.disease), c.source,
			c.path, name, levelOf(c.path), string(county), c.method, ","+strings.Join(c.methods, ",")+",", c.day, c.count,
			c.threshold, c.level, rankOf[c.level], StatusOpen, nullable(c.cardID), now, now); err != nil {
			return fmt.Errorf("warning: raise: %w", err)
		}
		note := notify.Note{Kind: "epidemic_signal", Title: fmt.Sprintf("%s预警：%s %s", levelNames[c.level], name, cfg.name(c.disease)),
			Body: fmt.Sprintf("%s %s 日计数 %d，阈值 %.2f（%s）。请尽快核实处置。", c.day, name, c.count, c.threshold,
				strings.Join(c.methods, "、")), Link: "/epidemic/warning?signal=" + id}
		if _, err := s.alerts.Alert(ctx, notify.Query{RegionPaths: []string{string(county)}, Perms: []string{"epidemic:write"}},
			note, rankOf[c.level] >= rankOf[Orange]); err != nil {
			return fmt.Errorf("warning: alert: %w", err)
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.signal.raise", ObjectType: "signal", ObjectID: id,
			ScopePath: string(county), Detail: map[string]any{"disease": c.disease, "region": access.Scope(c.path).Code(),
				"day": c.day, "methods": c.methods, "level": c.level, "count": c.count, "threshold": c.threshold, "card": c.cardID}})
	})
	return id, err
}

// raiseUrgent raises the signal of a case of a 甲 disease (or one managed
// as 甲) at once, in its card's transaction: a single case at the township
// of its placement (the pool's region when placed above one), if the
// disease's fixed threshold there is enabled.
func (s *Service) raiseUrgent(ctx context.Context, c epidemic.CountedCase) error {
	cfg, err := s.Config(ctx, c.Disease)
	if err != nil {
		return err
	}
	path := string(access.Scope(c.RegionPath).Head(access.Township))
	for _, m := range cfg.running()[[3]string{c.Disease, "township", SourceReport}] {
		if m.Method != Fixed {
			continue
		}
		x, err := s.series(ctx, path, c.Disease, SourceReport, addDays(c.Day, -FixedDays+1), c.Day)
		if err != nil {
			return err
		}
		if x[len(x)-1] < 1 || Rolling(x, len(x)-1) < m.Threshold {
			return nil
		}
		_, err = s.raise(ctx, candidate{disease: c.Disease, source: SourceReport, path: path, day: c.Day, method: Fixed,
			methods: []string{Fixed}, count: int64(Rolling(x, len(x)-1)), threshold: m.Threshold, level: Red, cardID: c.ID}, cfg)
		return err
	}
	return nil
}

// regionName is the name of the region at path.
func (s *Service) regionName(ctx context.Context, path string) (string, error) {
	chain, err := s.regions.Chain(ctx, access.Scope(path).Code())
	if err != nil || len(chain) == 0 {
		return access.Scope(path).Code(), err
	}
	return chain[len(chain)-1].Name, nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
