package event

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/pii"
)

// Reveal is one event as Get shows it with every number in it in full: the
// reporter's phone, and the ID and mobile numbers typed into its title,
// description, address, reporter's name, tasks' feedback and timeline's
// comments. Each reveal takes one of the caller's hourly reveals (tries out
// of reach included) and is audited with the fields it showed; a refused one
// — no such event within the caller's reach, or over the quota — is audited
// too. The events merged into it keep their titles masked: each has its own
// reveal.
func (s *Service) Reveal(ctx context.Context, caller *access.Principal, id string) (Event, error) {
	var out Event
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.reveals.Take(ctx, caller.UserID); err != nil {
			return err
		}
		e, phoneEnc, err := s.get(ctx, caller, id)
		if err != nil {
			return err
		}
		fields, err := s.unseal(e, phoneEnc)
		if err != nil {
			return err
		}
		out = *e
		return s.audit.Write(ctx, revealRecord(caller, id, audit.Success, map[string]any{"number": e.Number, "fields": fields}))
	})
	// the count was rolled back with the rest; a refusal is recorded on its own
	reason := ""
	switch {
	case errors.Is(err, ErrNotFound):
		reason = "not found or out of scope"
	case errors.Is(err, apperr.ErrTooMany):
		reason = "rate_limit"
	}
	if reason != "" {
		if aerr := s.audit.Write(ctx, revealRecord(caller, id, audit.Failure, map[string]any{"reason": reason})); aerr != nil {
			return Event{}, aerr
		}
	}
	return out, err
}

// revealRecord is the audit record of a reveal of event id by caller.
func revealRecord(caller *access.Principal, id, outcome string, detail map[string]any) audit.Record {
	return audit.Record{Action: "event.reveal", ObjectType: "event", ObjectID: id, Outcome: outcome, Detail: detail,
		ActorID: caller.UserID, Actor: caller.Username, Role: caller.Role(), ScopePath: caller.RegionPath}
}

// masked reports whether e, read with its tasks and timeline, has numbers
// that Reveal would show.
func (e *Event) masked(phoneEnc string) bool {
	if phoneEnc != "" || e.titlePII != "" || e.descriptionPII != "" || e.addressPII != "" || e.reporterNamePII != "" {
		return true
	}
	return slices.ContainsFunc(e.Tasks, func(t Task) bool { return t.feedbackPII != "" || t.extensionPII != "" }) ||
		slices.ContainsFunc(e.Timeline, func(en Entry) bool { return en.commentPII != "" })
}

// unseal puts the numbers back into e and says which fields it showed.
func (s *Service) unseal(e *Event, phoneEnc string) ([]string, error) {
	var fields []string
	open := func(field string, text *string, sealed string) error {
		if sealed == "" {
			return nil
		}
		full, err := s.pii.OpenText(pii.Text{Masked: *text, Sealed: sealed})
		if err != nil {
			return fmt.Errorf("event %s: %s: %w", e.ID, field, err)
		}
		*text = full
		if !slices.Contains(fields, field) {
			fields = append(fields, field)
		}
		return nil
	}
	if phoneEnc != "" {
		phone, err := s.pii.Open(phoneEnc)
		if err != nil {
			return nil, fmt.Errorf("event %s: reporter_phone: %w", e.ID, err)
		}
		e.ReporterPhone = phone
		fields = append(fields, "reporter_phone")
	}
	err := errors.Join(open("title", &e.Title, e.titlePII), open("description", &e.Description, e.descriptionPII),
		open("address", &e.Address, e.addressPII), open("reporter_name", &e.ReporterName, e.reporterNamePII))
	for i := range e.Tasks {
		t := &e.Tasks[i]
		err = errors.Join(err, open("tasks.feedback", &t.Feedback, t.feedbackPII),
			open("tasks.extension_comment", &t.ExtensionComment, t.extensionPII))
	}
	for i := range e.Timeline {
		en := &e.Timeline[i]
		err = errors.Join(err, open("timeline.comment", &en.Comment, en.commentPII))
	}
	return fields, err
}
