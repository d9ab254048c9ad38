package warning

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/epidemic"
	"healthgrid/internal/epidemic/chain"
)

// A signal's states: open → verifying (核实) → dismissed (排除) or
// confirmed (确认).
const (
	StatusOpen      = "open"
	StatusVerifying = "verifying"
	StatusDismissed = "dismissed"
	StatusConfirmed = "confirmed"
)

// The actions on a signal.
const (
	ActVerify  = "verify"
	ActDismiss = "dismiss"
	ActConfirm = "confirm"
)

// signalRule is one action of the 预警处置 workflow: the states it applies
// in and the state it leads to. Every action is the county CDC's:
// epidemic:write over the signal's region.
type signalRule struct {
	from []string
	to   string
}

// signalFlow is the workflow as a table: it refuses what it does not hold
// and gives each signal the actions its caller may take.
var signalFlow = map[string]signalRule{
	ActVerify:  {from: []string{StatusOpen}, to: StatusVerifying},
	ActDismiss: {from: []string{StatusVerifying}, to: StatusDismissed},
	ActConfirm: {from: []string{StatusVerifying}, to: StatusConfirmed},
}

var actionOrder = []string{ActVerify, ActDismiss, ActConfirm}

func handler(p *access.Principal, g *Signal) bool { return p.Can("epidemic:write") && p.Covers(g.path) }

// signalActions is what p may do with g now.
func signalActions(p *access.Principal, g *Signal) []string {
	out := []string{}
	for _, a := range actionOrder {
		if slices.Contains(signalFlow[a].from, g.Status) && handler(p, g) {
			out = append(out, a)
		}
	}
	return out
}

// ActionInput is a step of the 预警处置: verify (核实) the signal, then
// dismiss it (排除, with a reason) or confirm it (确认: an outbreak is
// declared and, by the settings, an event opened).
type ActionInput struct {
	Action string `json:"action" enum:"verify,dismiss,confirm"`
	Reason string `json:"reason,omitempty" maxLength:"500" doc:"required to dismiss"`
	Note   string `json:"note,omitempty" maxLength:"2000"`
	Name   string `json:"name,omitempty" maxLength:"100" doc:"confirm: the outbreak's name; default: region, disease, 聚集性疫情"`
}

// Act takes a step on signal id as p, in one transaction with the outbreak
// and event a confirmation makes; the first step of a signal records its
// response time.
func (s *Service) Act(ctx context.Context, p *access.Principal, id string, in ActionInput) (Signal, error) {
	in.Reason, in.Note, in.Name = strings.TrimSpace(in.Reason), strings.TrimSpace(in.Note), strings.TrimSpace(in.Name)
	if in.Action == ActDismiss && in.Reason == "" {
		return Signal{}, apperr.Invalid(errReason.Field("body.reason"))
	}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		g, err := s.signal(ctx, p, id)
		if err != nil {
			return err
		}
		rule := signalFlow[in.Action]
		if !handler(p, &g) {
			return ErrSignalNotFound
		}
		if !slices.Contains(rule.from, g.Status) {
			return errSignalState
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		outbreak, ev := "", ""
		if in.Action == ActConfirm {
			if outbreak, ev, err = s.confirm(ctx, p, g, in); err != nil {
				return err
			}
		}
		res, err := s.db.Exec(ctx, `UPDATE epi_warning_signals SET status = ?,
			first_action_at = COALESCE(first_action_at, ?), response_seconds = COALESCE(response_seconds, ?),
			verified_at = CASE WHEN ? THEN ? ELSE verified_at END, verified_by = CASE WHEN ? THEN ? ELSE verified_by END,
			closed_at = CASE WHEN ? THEN ? ELSE closed_at END, closed_by = CASE WHEN ? THEN ? ELSE closed_by END,
			reason = CASE WHEN ? THEN ? ELSE reason END, note = CASE WHEN ? <> '' THEN ? ELSE note END,
			outbreak_id = ?, event_id = ?, updated_at = ? WHERE id = ? AND status = ?`,
			rule.to, now, int64(now.Sub(g.RaisedAt).Seconds()),
			in.Action == ActVerify, now, in.Action == ActVerify, p.UserID,
			in.Action != ActVerify, now, in.Action != ActVerify, p.UserID,
			in.Action == ActDismiss, in.Reason, in.Note, in.Note,
			outbreak, ev, now, id, g.Status)
		if err != nil {
			return fmt.Errorf("warning: act on signal: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errSignalState
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.signal." + in.Action, ObjectType: "signal", ObjectID: id,
			Detail: map[string]any{"reason": in.Reason, "note": in.Note, "outbreak": outbreak, "event": ev}})
	})
	if err != nil {
		return Signal{}, err
	}
	g, err := s.signal(ctx, p, id)
	g.Actions = signalActions(p, &g)
	return g, err
}

// confirm declares the signal's outbreak (when the chains are wired and
// the signal is of a notifiable disease: a syndrome's — fever, absence … —
// waits for the CDC to name the disease and declare it by hand) and,
// by the settings, opens an event in the grid of its region with the most
// cases of the disease in the 7 days to the signal's day (none when no
// case lies in a grid).
func (s *Service) confirm(ctx context.Context, p *access.Principal, g Signal, in ActionInput) (outbreak, ev string, err error) {
	cfg, err := s.Config(ctx, g.Disease)
	if err != nil {
		return "", "", err
	}
	region, err := s.regionName(ctx, g.path)
	if err != nil {
		return "", "", err
	}
	name := in.Name
	if name == "" {
		name = region + cfg.name(g.Disease) + "聚集性疫情"
	}
	if _, known := cfg.diseases[g.Disease]; s.outbreaks != nil && known {
		if outbreak, err = s.outbreaks.Declare(ctx, p, chain.OutbreakInput{Name: name, Disease: g.Disease,
			Region: access.Scope(g.path).Code(), SignalID: g.ID, Note: in.Note}); err != nil {
			return "", "", fmt.Errorf("warning: declare outbreak: %w", err)
		}
	}
	if !cfg.Settings.ConfirmEvent || s.events == nil {
		return outbreak, "", nil
	}
	grid, err := s.busiestGrid(ctx, g)
	if err != nil || grid == "" {
		return outbreak, "", err
	}
	ev, err = s.events.OpenCase(ctx, epidemic.CaseEvent{GridCode: grid, Title: "聚集性疫情处置：" + name,
		Description: fmt.Sprintf("%s预警经核实确认（%s，%s 日计数 %d）。请组织流调与处置。", levelNames[g.Level], region, g.Date, g.Count)})
	return outbreak, ev, err
}

// busiestGrid is the grid under the signal's region with the most cases of
// its disease and source in the 7 days to its day, "" for none.
func (s *Service) busiestGrid(ctx context.Context, g Signal) (string, error) {
	cond, args := access.Scope(g.path).Subtree("region_path")
	var path string
	err := s.db.QueryRow(ctx, `SELECT COALESCE(MAX(region_path), '') FROM (SELECT region_path, SUM(n) AS n FROM epi_warning_counts
		WHERE `+cond+` AND LENGTH(region_path) = ? AND disease_code = ? AND source = ? AND day > ? AND day <= ?
		GROUP BY region_path ORDER BY n DESC, region_path LIMIT 1) AS top`,
		append(args, gridPathLen, g.Disease, g.Source, addDays(g.Date, -FixedDays), g.Date)...).Scan(&path)
	if err != nil {
		return "", fmt.Errorf("warning: busiest grid: %w", err)
	}
	if path == "" {
		return "", nil
	}
	return access.Scope(path).Code(), nil
}

// gridPathLen is the length of a grid's path: four 12-digit codes and a
// 15-digit one, each followed by "/".
const gridPathLen = 4*13 + 16
