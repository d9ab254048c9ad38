package population

import (
	"context"
	"errors"
	"slices"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/quota"
)

// Reveal returns a resident with the named fields (id_number, phone; both
// when none is named) in full, and audits it. Each caller may reveal
// Settings.RevealsPerHour times an hour, out-of-scope tries included; the
// next is refused with a TooMany. A refusal — out of scope or over the
// limit — is audited too, with the reason.
func (s *Service) Reveal(ctx context.Context, caller *access.Principal, id string, fields []string) (Resident, error) {
	if len(fields) == 0 {
		fields = []string{"id_number", "phone"}
	}
	for _, f := range fields {
		if f != "id_number" && f != "phone" {
			return Resident{}, apperr.Field("body.fields", "只能查看 id_number 或 phone / only id_number and phone can be revealed")
		}
	}
	slices.Sort(fields)
	fields = slices.Compact(fields)
	refusal := func(why string) audit.Record {
		return audit.Record{Action: "resident.reveal", ObjectType: "resident", ObjectID: id, Outcome: audit.Failure,
			Detail: map[string]any{"fields": fields, "refused": why}}
	}
	var out Resident
	var refused error
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		// counted before the resident is looked up: a try out of scope counts as well
		if err := s.quota.Take(ctx, quota.Reveal, caller.UserID, s.set.RevealsPerHour, quota.TooManyReveals); err != nil {
			return err
		}
		r, err := s.getRec(ctx, caller.RegionPath, id, false)
		if errors.Is(err, ErrNotFound) {
			refused = err
			return s.audit.Write(ctx, refusal("not_found"))
		} else if err != nil {
			return err
		}
		if out, err = s.view(r, s.gridName(ctx, r.GridCode), ymd(s.now()), fields); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "resident.reveal", ObjectType: "resident", ObjectID: id,
			Detail: map[string]any{"fields": fields}})
	})
	if errors.Is(err, apperr.ErrTooMany) {
		// the count was rolled back with the rest; the refusal is recorded on its own
		if aerr := s.audit.Write(ctx, refusal("rate_limit")); aerr != nil {
			return Resident{}, aerr
		}
	}
	if err == nil {
		err = refused
	}
	return out, err
}
