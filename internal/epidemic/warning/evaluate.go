package warning

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/riverqueue/river"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/jobs"
)

// EvaluateInput names the day to evaluate; none: yesterday (Beijing).
type EvaluateInput struct {
	Date string `json:"date,omitempty" pattern:"^(\\d{4}-\\d{2}-\\d{2})?$" doc:"YYYY-MM-DD, Beijing; within the last 90 days"`
}

// EvaluateResult is what an evaluation found.
type EvaluateResult struct {
	Date      string   `json:"date"`
	Evaluated int      `json:"evaluated" doc:"region, disease and source series with a count that day"`
	Flagged   int      `json:"flagged" doc:"series a method flagged"`
	Raised    []string `json:"raised" doc:"the signals raised; the others were suppressed"`
}

// Evaluate runs every method over the caller's area for a day (yesterday
// when none), audited; a signal already raised is not raised again.
func (s *Service) Evaluate(ctx context.Context, p *access.Principal, in EvaluateInput) (EvaluateResult, error) {
	today := dayOf(s.now())
	d := in.Date
	if d == "" {
		d = addDays(today, -1)
	}
	if _, err := time.Parse(time.DateOnly, d); err != nil || d > today || d < addDays(today, -MaxCountAge) {
		return EvaluateResult{}, apperr.Invalid(errDate.Field("body.date"))
	}
	r, err := s.evaluate(ctx, p.RegionPath, d)
	if err != nil {
		return r, err
	}
	return r, s.audit.Write(ctx, audit.Record{Action: "epidemic.signal.evaluate", ObjectType: "signals", ObjectID: d,
		Detail: map[string]any{"evaluated": r.Evaluated, "flagged": r.Flagged, "raised": len(r.Raised)}})
}

// evaluate runs the methods over the subtree at scope for day d: only a
// series with a count that day can flag (an EARS bound is never below zero,
// and a rolling sum that has not grown was flagged the day it reached the
// threshold), so the day's rows are the candidates. Each signal is raised in
// a transaction of its own, so that a city's evaluation never holds the
// database for long.
func (s *Service) evaluate(ctx context.Context, scope, d string) (EvaluateResult, error) {
	r := EvaluateResult{Date: d, Raised: []string{}}
	cfg, err := s.Config(ctx, "")
	if err != nil {
		return r, err
	}
	run := cfg.running()
	cond, args := access.Scope(scope).Subtree("region_path")
	rows, err := s.db.Query(ctx, "SELECT region_path, disease_code, source FROM epi_warning_counts WHERE day = ? AND n > 0 AND "+
		cond+" ORDER BY region_path, disease_code, source", append([]any{d}, args...)...)
	if err != nil {
		return r, fmt.Errorf("warning: candidates: %w", err)
	}
	var candidates [][3]string
	for rows.Next() {
		var path, disease, source string
		if err := rows.Scan(&path, &disease, &source); err != nil {
			rows.Close()
			return r, err
		}
		if len(run[[3]string{disease, levelOf(path), source}]) > 0 {
			candidates = append(candidates, [3]string{path, disease, source})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return r, err
	}
	// the deepest regions first: a township's signal suppresses its county's
	slices.SortStableFunc(candidates, func(a, b [3]string) int { return len(b[0]) - len(a[0]) })
	from := addDays(d, -History(C3))
	for _, k := range candidates {
		x, err := s.series(ctx, k[0], k[1], k[2], from, d)
		if err != nil {
			return r, err
		}
		r.Evaluated++
		c, ok := judge(run[[3]string{k[1], levelOf(k[0]), k[2]}], x, len(x)-1, cfg.urgent(k[1]))
		if !ok {
			continue
		}
		r.Flagged++
		c.disease, c.source, c.path, c.day = k[1], k[2], k[0], d
		id, err := s.raise(ctx, c, cfg)
		if err != nil {
			return r, err
		}
		if id != "" {
			r.Raised = append(r.Raised, id)
		}
	}
	return r, nil
}

// EvaluateArgs is the River job that evaluates the days closed since the
// last evaluation.
type EvaluateArgs struct{}

// Kind names the job.
func (EvaluateArgs) Kind() string { return "epidemic_warning_evaluate" }

type evaluateWorker struct {
	river.WorkerDefaults[EvaluateArgs]
	s *Service
}

func (w *evaluateWorker) Work(ctx context.Context, _ *river.Job[EvaluateArgs]) error {
	n, err := w.s.CatchUp(ctx)
	if err != nil {
		slog.Error("warning evaluation failed", "err", err)
		return err
	}
	if n > 0 {
		slog.Info("warning evaluation", "days", n)
	}
	return nil
}

// evaluateEvery is how often the job looks for a day that closed.
const evaluateEvery = 10 * time.Minute

// catchUpDays bounds the days one run evaluates after a long stop.
const catchUpDays = 7

// Jobs registers the evaluation after each day closes (Beijing): every ten
// minutes, and at start, the days since the last one evaluated.
func (s *Service) Jobs(q *jobs.Queue) {
	jobs.AddWorker(q, &evaluateWorker{s: s})
	q.Every(evaluateEvery, func() river.JobArgs { return EvaluateArgs{} })
}

// CatchUp evaluates, over the whole city, each day closed since the last
// one evaluated (at most a week back; the first run: yesterday), and
// answers how many it did. The day is marked done after its evaluation: a
// run that dies half-way does it again, which suppression makes harmless.
func (s *Service) CatchUp(ctx context.Context) (int, error) {
	yesterday := addDays(dayOf(s.now()), -1)
	var last string
	err := s.db.QueryRow(ctx, "SELECT COALESCE(MAX(value), '') FROM epi_warning_settings WHERE key = 'evaluated_through'").Scan(&last)
	if err != nil {
		return 0, fmt.Errorf("warning: last evaluated: %w", err)
	}
	if last == "" || last < addDays(yesterday, -catchUpDays) {
		last = addDays(yesterday, -1)
	}
	root, err := s.regions.RootPath(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for d := addDays(last, 1); d <= yesterday; d = addDays(d, 1) {
		if _, err := s.evaluate(ctx, root, d); err != nil {
			return n, err
		}
		if err := s.setKey(ctx, "evaluated_through", d); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
