package riskarea

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
)

// Downgrade is one rule: an area at level From with no new case for Days
// whole days (counted from the later of its last case and the day it
// reached From) goes to To — a lower level, or lifted.
type Downgrade struct {
	From string `json:"from" enum:"high,medium,low"`
	To   string `json:"to" enum:"medium,low,lifted"`
	Days int    `json:"days" minimum:"1" maximum:"90"`
}

// RiskRuleset is one version of a rule set. A version is never edited: a new
// one supersedes it, and areas published under it keep following it.
type RiskRuleset struct {
	ID            string      `json:"id"`
	Code          string      `json:"code"`
	Name          string      `json:"name"`
	Version       int         `json:"version"`
	OwnerCode     string      `json:"owner_code" doc:"the region whose rule set it is"`
	Levels        []string    `json:"levels" doc:"high, medium, low (高/中/低风险区)"`
	Downgrades    []Downgrade `json:"downgrades"`
	Note          string      `json:"note"`
	EffectiveFrom time.Time   `json:"effective_from"`
	SupersededAt  *time.Time  `json:"superseded_at,omitempty"`
	ownerPath     string
}

// RiskRulesetInput is a new version of a rule set of the caller's region.
type RiskRulesetInput struct {
	Code       string      `json:"code" minLength:"1" maxLength:"40" pattern:"^[a-z0-9_-]+$" doc:"the series: a new version of the same code supersedes the one in force"`
	Name       string      `json:"name" minLength:"1" maxLength:"100"`
	Downgrades []Downgrade `json:"downgrades" minItems:"1" maxItems:"3"`
	Note       string      `json:"note,omitempty" maxLength:"500"`
}

type rulesJSON struct {
	Levels     []string    `json:"levels"`
	Downgrades []Downgrade `json:"downgrades"`
}

const rulesetCols = "id, code, name, version, owner_path, rules, note, effective_from, superseded_at"

func scanRuleset(row interface{ Scan(...any) error }) (RiskRuleset, error) {
	var r RiskRuleset
	var rules string
	if err := row.Scan(&r.ID, &r.Code, &r.Name, &r.Version, &r.ownerPath, &rules, &r.Note, &r.EffectiveFrom,
		&r.SupersededAt); err != nil {
		return RiskRuleset{}, err
	}
	var rj rulesJSON
	if err := json.Unmarshal([]byte(rules), &rj); err != nil {
		return RiskRuleset{}, fmt.Errorf("riskarea: rule set %s: %w", r.ID, err)
	}
	r.Levels, r.Downgrades, r.OwnerCode = rj.Levels, rj.Downgrades, access.Scope(r.ownerPath).Code()
	return r, nil
}

// visibleRules is the condition "the rule set's owner is the caller's
// region, above it or below it": a county follows the city's rules or its
// own, never a neighbour's.
func visibleRules(scope string) (string, []any) {
	lineage := access.Scope(scope).Lineage()
	cond, args := access.Scope(scope).Subtree("owner_path")
	if len(lineage) == 0 {
		return cond, args
	}
	cond = "(" + cond + " OR owner_path IN (?" + strings.Repeat(",?", len(lineage)-1) + "))"
	for _, p := range lineage {
		args = append(args, p)
	}
	return cond, args
}

// Rulesets are the versions the caller sees, each series' newest first;
// current leaves out superseded ones.
func (s *Service) Rulesets(ctx context.Context, scope string, current bool) ([]RiskRuleset, error) {
	cond, args := visibleRules(scope)
	if current {
		cond += " AND superseded_at IS NULL"
	}
	rows, err := s.db.Query(ctx, "SELECT "+rulesetCols+" FROM epi_risk_rulesets WHERE "+cond+
		" ORDER BY owner_path, code, version DESC", args...)
	if err != nil {
		return nil, fmt.Errorf("riskarea: rule sets: %w", err)
	}
	defer rows.Close()
	out := []RiskRuleset{}
	for rows.Next() {
		r, err := scanRuleset(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RiskRuleset is one version the caller sees.
func (s *Service) Ruleset(ctx context.Context, scope, id string) (RiskRuleset, error) {
	cond, args := visibleRules(scope)
	r, err := scanRuleset(s.db.QueryRow(ctx, "SELECT "+rulesetCols+" FROM epi_risk_rulesets WHERE id = ? AND "+cond,
		append([]any{id}, args...)...))
	return r, s.db.ScanErr(err, ErrRulesetNotFound)
}

// rulesetByID is a version whatever the scope (an area's own, for the job).
func (s *Service) rulesetByID(ctx context.Context, id string) (RiskRuleset, error) {
	r, err := scanRuleset(s.db.QueryRow(ctx, "SELECT "+rulesetCols+" FROM epi_risk_rulesets WHERE id = ?", id))
	return r, s.db.ScanErr(err, ErrRulesetNotFound)
}

// checkDowngrades refuses a rule that does not go down, or a level with two.
func checkDowngrades(ds []Downgrade) error {
	seen := map[string]bool{}
	for i, d := range ds {
		field := fmt.Sprintf("body.downgrades[%d]", i)
		switch {
		case rank(d.To) >= rank(d.From):
			return apperr.Invalid{errRules.On(field+".to", fmt.Sprintf("%s 须低于 %s / to must be below from", d.To, d.From))}
		case seen[d.From]:
			return apperr.Invalid{errRules.On(field+".from", "同一等级只能有一条降级规则 / one rule per level: "+d.From)}
		}
		seen[d.From] = true
	}
	return nil
}

// Supersede puts a new version of the caller's region's rule set code in
// force; the one before is kept, superseded, for the areas that follow it.
func (s *Service) Supersede(ctx context.Context, p *access.Principal, in RiskRulesetInput) (RiskRuleset, error) {
	if err := checkDowngrades(in.Downgrades); err != nil {
		return RiskRuleset{}, err
	}
	rules, _ := json.Marshal(rulesJSON{Levels: Levels, Downgrades: in.Downgrades})
	var out RiskRuleset
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		var version int
		if err := s.db.QueryRow(ctx, "SELECT COALESCE(MAX(version), -1) FROM epi_risk_rulesets WHERE owner_path = ? AND code = ?",
			p.RegionPath, in.Code).Scan(&version); err != nil {
			return err
		}
		now, id := s.now().UTC(), uuid.Must(uuid.NewV7()).String()
		if _, err := s.db.Exec(ctx, `UPDATE epi_risk_rulesets SET superseded_at = ? WHERE owner_path = ? AND code = ?
			AND superseded_at IS NULL`, now, p.RegionPath, in.Code); err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, `INSERT INTO epi_risk_rulesets (id, code, name, version, owner_path, rules, note,
			effective_from, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)`, id, in.Code, in.Name, version+1,
			p.RegionPath, string(rules), in.Note, now, p.UserID, now); err != nil {
			return fmt.Errorf("riskarea: rule set: %w", err)
		}
		var err error
		if out, err = s.rulesetByID(ctx, id); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.ruleset.supersede", ObjectType: "risk_ruleset", ObjectID: id,
			Detail: map[string]any{"code": in.Code, "version": version + 1, "downgrades": in.Downgrades}})
	})
	return out, err
}

// rule is the downgrade of level in the rule set, false for none.
func (r RiskRuleset) rule(level string) (Downgrade, bool) {
	for _, d := range r.Downgrades {
		if d.From == level {
			return d, true
		}
	}
	return Downgrade{}, false
}
