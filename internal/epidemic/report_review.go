package epidemic

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
)

// ReviewInput is the county CDC's decision on a card: approve it (a card 查重
// flagged is then kept as a card of its own), return it to the unit with a
// reason (the unit files a correction), or judge it a duplicate of the card
// it was flagged against.
type ReviewInput struct {
	Decision string `json:"decision" enum:"approve,return,duplicate"`
	Reason   string `json:"reason,omitempty" maxLength:"500" doc:"required to return a card"`
}

var (
	errReason = apperr.New(apperr.ErrInvalid, "epidemic.report_reason", "退回须说明原因 / a return needs a reason")
	errNotDup = apperr.New(apperr.ErrInvalid, "epidemic.report_not_duplicate",
		"该卡未被查重标记 / the card was not flagged as a possible duplicate")
)

// ReviewReport takes the county CDC's decision on card id, by the workflow
// table (report_flow.go); its timeliness — within the review limit of the
// filing — counts for the unit that filed it.
func (s *Service) ReviewReport(ctx context.Context, p *access.Principal, id string, in ReviewInput) (Card, error) {
	in.Reason = strings.TrimSpace(in.Reason)
	if in.Decision == actReturn && in.Reason == "" {
		return Card{}, apperr.Invalid(errReason.Field("body.reason"))
	}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		c, err := s.card(ctx, p, id)
		if err != nil {
			return err
		}
		rule := cardFlow[in.Decision]
		switch {
		case !can(c.Status, in.Decision):
			return errReviewState
		case in.Decision == actDuplicate && c.DuplicateOf == "":
			return apperr.Invalid(errNotDup.Field("body.decision"))
		case !rule.who(p, &c):
			return ErrReportNotFound // not the CDC over the card's placement: another's card
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		onTime := !now.After(c.ReviewDue)
		resolution := ""
		switch {
		case in.Decision == actDuplicate:
			resolution = "duplicate"
		case in.Decision == actApprove && c.DuplicateOf != "":
			resolution = "kept"
		}
		res, err := s.db.Exec(ctx, `UPDATE epi_reports SET status = ?, reviewed_at = ?, reviewed_by = ?, review_on_time = ?,
			return_reason = ?, dup_resolution = ?, updated_at = ? WHERE id = ? AND status = ?`, rule.to, now, p.UserID, onTime,
			in.Reason, resolution, now, id, c.Status)
		if err != nil {
			return fmt.Errorf("epidemic: review report: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errReviewState
		}
		l := listTallies.Deltas()
		tallyCard(l, c.regionPath, c.Disease, c.Status, rule.to)
		if err := l.Apply(ctx, s.db); err != nil {
			return err
		}
		if err := s.countCase(ctx, c.counted(), moveCount(c.Classification, c.Status, rule.to)); err != nil {
			return err
		}
		if c.ReportType == "initial" {
			d := reportTallies.Deltas()
			d.Add([]any{c.unitPath, c.UnitID, day(c.FiledAt)}, 0, 0, 1, b2i(onTime))
			if err := d.Apply(ctx, s.db); err != nil {
				return err
			}
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.report.review", ObjectType: "report", ObjectID: id,
			Detail: map[string]any{"decision": in.Decision, "reason": in.Reason, "on_time": onTime, "duplicate_of": c.DuplicateOf}})
	})
	if err != nil {
		return Card{}, err
	}
	return s.card(ctx, p, id)
}

// RevealReport is card id with its ID and phone numbers in full, audited;
// each caller's reveals are limited (the platform's shared reveal quota),
// out-of-scope tries counted too. A refusal is audited with its reason.
func (s *Service) RevealReport(ctx context.Context, p *access.Principal, id string) (Card, error) {
	var out Card
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.reveals.Take(ctx, p.UserID); err != nil {
			return err
		}
		var err error
		if out, err = s.cardAs(ctx, p, id, true); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.report.reveal", ObjectType: "report", ObjectID: id,
			Detail: map[string]any{"fields": []string{"id_number", "phone"}}})
	})
	reason := ""
	switch {
	case errors.Is(err, ErrReportNotFound):
		reason = "not_found"
	case errors.Is(err, apperr.ErrTooMany):
		reason = "rate_limit"
	}
	if reason != "" {
		// the count was rolled back with the rest; the refusal is recorded on its own
		if aerr := s.audit.Write(ctx, audit.Record{Action: "epidemic.report.reveal", ObjectType: "report", ObjectID: id,
			Outcome: audit.Failure, Detail: map[string]any{"refused": reason}}); aerr != nil {
			return Card{}, aerr
		}
	}
	return out, err
}
