package riskarea

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"healthgrid/internal/access"
	"healthgrid/internal/jobs"
)

// RulesArgs is the River job that applies the rule sets to the areas in
// force.
type RulesArgs struct{}

// Kind names the job.
func (RulesArgs) Kind() string { return "epidemic_riskarea_rules" }

type rulesWorker struct {
	river.WorkerDefaults[RulesArgs]
	s *Service
}

func (w *rulesWorker) Work(ctx context.Context, _ *river.Job[RulesArgs]) error {
	sys, err := w.s.system(ctx)
	if err != nil {
		return err
	}
	r, err := w.s.ApplyRules(ctx, sys)
	if err != nil {
		slog.Error("risk area rules failed", "err", err)
		return err
	}
	if r.Changed > 0 {
		slog.Info("risk area rules", "areas", r.Areas, "changed", r.Changed)
	}
	return nil
}

// rulesEvery is how often the job looks: hourly, so that a day's
// downgrades are applied within an hour of midnight, and after a restart.
const rulesEvery = time.Hour

// Jobs registers the rules' job, hourly and once at start.
func (s *Service) Jobs(q *jobs.Queue) {
	jobs.AddWorker(q, &rulesWorker{s: s})
	q.Every(rulesEvery, func() river.JobArgs { return RulesArgs{} })
}

// RulesRun is what a run of the rules did.
type RulesRun struct {
	Areas   int `json:"areas" doc:"areas in force looked at"`
	Changed int `json:"changed" doc:"changes made: downgrades, lifts, expiries"`
}

// maxRuleSteps bounds the steps one area takes in a run (high → medium →
// low → lifted, after a long pause).
const maxRuleSteps = 4

// ApplyRules brings every area in force in the caller's scope up to date:
// its last case, its residents, and each downgrade its rule set gives that
// is due — stepped as of the day each fell due, so that a run after a pause
// applies them as the daily run would have — and lifts it past its validity.
// Each area is its own transaction.
func (s *Service) ApplyRules(ctx context.Context, p *access.Principal) (RulesRun, error) {
	cond, args := access.Scope(p.RegionPath).Subtree("region_path")
	rows, err := s.db.Query(ctx, "SELECT id FROM epi_risk_areas WHERE "+cond+
		" AND status IN ('published', 'downgraded') ORDER BY id", args...)
	if err != nil {
		return RulesRun{}, fmt.Errorf("riskarea: areas in force: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return RulesRun{}, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return RulesRun{}, err
	}
	r := RulesRun{Areas: len(ids)}
	for _, id := range ids {
		n, err := s.applyOne(ctx, p, id)
		if err != nil {
			return r, err
		}
		r.Changed += n
	}
	return r, nil
}

// applyOne applies the rules to one area, answering how many changes it made.
func (s *Service) applyOne(ctx context.Context, p *access.Principal, id string) (int, error) {
	changed := 0
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		a, err := s.load(ctx, id)
		if err != nil || !a.inForce() {
			return err
		}
		since := a.CreatedAt
		if a.LastCaseAt != nil {
			since = *a.LastCaseAt
		}
		last, err := s.lastCase(ctx, a, since)
		if err != nil {
			return err
		}
		if last != nil {
			a.LastCaseAt = last
			if _, err := s.db.Exec(ctx, "UPDATE epi_risk_areas SET last_case_at = ? WHERE id = ?", *last, id); err != nil {
				return fmt.Errorf("riskarea: last case: %w", err)
			}
		}
		now := s.now()
		if a.ValidTo != nil && !now.Before(*a.ValidTo) {
			changed++
			return s.change(ctx, p, a, "expire", "lifted", "有效期届满 / validity ended")
		}
		rs, err := s.rulesetByID(ctx, a.RulesetID)
		if err != nil {
			return err
		}
		for range maxRuleSteps {
			d, ok := rs.rule(a.Level)
			due := dayOf(a.stepBase()).AddDate(0, 0, d.Days)
			if !ok || now.Before(due) {
				return nil
			}
			action := "downgrade"
			if d.To == "lifted" {
				action = "lift"
			}
			note := fmt.Sprintf("规则 %s v%d：连续 %d 天无新增病例 / %d days without a new case", rs.Name, rs.Version, d.Days, d.Days)
			if err := s.change(ctx, p, a, action, d.To, note); err != nil {
				return err
			}
			changed++
			// the step counts as of the day it fell due
			if _, err := s.db.Exec(ctx, "UPDATE epi_risk_areas SET level_since = ? WHERE id = ?", due.UTC(), id); err != nil {
				return err
			}
			if a, err = s.load(ctx, id); err != nil || !a.inForce() {
				return err
			}
		}
		return nil
	})
	return changed, err
}
