package epidemic

import (
	"context"
	"errors"
	"slices"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
)

var _ = audit.Declare("epidemic.person.reveal")

// RevealInput names the numbers to show in full.
type RevealInput struct {
	Fields []string `json:"fields,omitempty" maxItems:"2" enum:"id_number,phone" doc:"default both"`
}

// Revealed is a person's numbers in full.
type Revealed struct {
	ID       string `json:"id"`
	IDNumber string `json:"id_number,omitempty"`
	Phone    string `json:"phone,omitempty"`
}

// Reveal shows a person's ID and phone numbers in full, within the reveals'
// quota every module shares, audited — a refusal (out of scope, over the
// quota) too, with its reason.
func (s *Service) Reveal(ctx context.Context, caller *access.Principal, id string, fields []string) (Revealed, error) {
	if len(fields) == 0 {
		fields = []string{"id_number", "phone"}
	}
	slices.Sort(fields)
	fields = slices.Compact(fields)
	refusal := func(why string) audit.Record {
		return audit.Record{Action: "epidemic.person.reveal", ObjectType: "epidemic_person", ObjectID: id,
			Outcome: audit.Failure, Detail: map[string]any{"fields": fields, "refused": why}}
	}
	var out Revealed
	var refused error
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		// counted before the person is looked up: a try out of scope counts as well
		if err := s.reveals.Take(ctx, caller.UserID); err != nil {
			return err
		}
		var idEnc, phoneEnc, path string
		err := s.db.QueryRow(ctx, "SELECT id_enc, phone_enc, region_path FROM epi_persons WHERE id = ?", id).
			Scan(&idEnc, &phoneEnc, &path)
		if err = s.db.ScanErr(err, ErrPersonNotFound); err == nil && !caller.Covers(path) {
			err = ErrPersonNotFound
		}
		if errors.Is(err, ErrPersonNotFound) {
			refused = err
			return s.audit.Write(ctx, refusal("not_found"))
		} else if err != nil {
			return err
		}
		out.ID = id
		for _, f := range fields {
			sealed, dst := idEnc, &out.IDNumber
			if f == "phone" {
				sealed, dst = phoneEnc, &out.Phone
			}
			if sealed != "" {
				if *dst, err = s.pii.Open(sealed); err != nil {
					return err
				}
			}
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.person.reveal", ObjectType: "epidemic_person",
			ObjectID: id, Detail: map[string]any{"fields": fields}})
	})
	if errors.Is(err, apperr.ErrTooMany) {
		// the count was rolled back with the rest; the refusal is recorded on its own
		if aerr := s.audit.Write(ctx, refusal("rate_limit")); aerr != nil {
			return Revealed{}, aerr
		}
	}
	if err == nil {
		err = refused
	}
	return out, err
}
