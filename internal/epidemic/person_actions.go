package epidemic

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
)

var _ = audit.Declare("epidemic.person.visit", "epidemic.person.verify", "epidemic.person.decide",
	"epidemic.person.report", "epidemic.person.assign", "epidemic.person.merge")

// ActInput is a step of a person's verification.
type ActInput struct {
	Outcome       string   `json:"outcome,omitempty" enum:"found,not_found,moved_out,already_controlled," doc:"verify: what was found; required there"`
	Destination   string   `json:"destination,omitempty" maxLength:"200" doc:"verify moved_out: where the person went; required there"`
	Measure       string   `json:"measure,omitempty" enum:"centralised_isolation,home_isolation,home_monitoring,none," doc:"decide: the measure decided (none: no measure needed)"`
	Note          string   `json:"note,omitempty" maxLength:"500"`
	Lng           *float64 `json:"lng,omitempty" minimum:"-180" maximum:"180" doc:"WGS-84, where the step was taken"`
	Lat           *float64 `json:"lat,omitempty" minimum:"-90" maximum:"90"`
	AttachmentIDs []string `json:"attachment_ids,omitempty" maxItems:"9" doc:"photos uploaded (POST /attachments) by the caller, held by the person from now on"`
}

var (
	errOutcome     = apperr.New(apperr.ErrInvalid, "epidemic.outcome_required", "请选择核查结果 / choose the outcome")
	errDestination = apperr.New(apperr.ErrInvalid, "epidemic.destination_required",
		"已离开本地须填写去向 / moved_out needs the destination")
	errMeasure = apperr.New(apperr.ErrInvalid, "epidemic.measure_required", "请选择管控措施 / choose the measure")
)

func (in ActInput) check(action string) error {
	var bad apperr.Invalid
	switch action {
	case ActVerify:
		if in.Outcome == "" {
			bad = append(bad, errOutcome.At("body.outcome"))
		}
		if in.Outcome == "moved_out" && strings.TrimSpace(in.Destination) == "" {
			bad = append(bad, errDestination.At("body.destination"))
		}
	case ActDecide:
		if in.Measure == "" {
			bad = append(bad, errMeasure.At("body.measure"))
		}
	}
	if (in.Lng == nil) != (in.Lat == nil) {
		bad = append(bad, apperr.Required.On("body.lat", "经纬度须同时给出 / lng and lat go together"))
	}
	if len(bad) > 0 {
		return bad
	}
	return nil
}

// Act takes a step of the state table on a person in the caller's scope,
// records it in the history and the audit, and moves the lists' progress.
func (s *Service) Act(ctx context.Context, caller *access.Principal, id, action string, in ActInput) (PersonDetail, error) {
	if err := in.check(action); err != nil {
		return PersonDetail{}, err
	}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		p, err := s.lockPerson(ctx, caller.RegionPath, id)
		if err != nil {
			return err
		}
		if err := allowed(caller, p, action); err != nil {
			return err
		}
		before := standingFrom(p)
		to := flow[action].to
		now := s.now().UTC()
		set, args := "state = ?, updated_at = ?", []any{to, now}
		if action == ActVerify {
			set, args = set+", outcome = ?, destination = ?", append(args, in.Outcome, strings.TrimSpace(in.Destination))
		}
		if _, err := s.db.Exec(ctx, "UPDATE epi_persons SET "+set+" WHERE id = ?", append(args, id)...); err != nil {
			return fmt.Errorf("epidemic: %s: %w", action, err)
		}
		note := in.Note
		if action == ActDecide {
			note = strings.TrimSpace(in.Measure + " " + note)
		}
		if err := s.writeHistory(ctx, id, HistoryLine{Action: action, FromState: p.State, ToState: to, Outcome: in.Outcome,
			Note: note, Lng: in.Lng, Lat: in.Lat, UserID: caller.UserID, At: now}); err != nil {
			return err
		}
		if len(in.AttachmentIDs) > 0 {
			if s.files == nil {
				return errors.New("epidemic: no attachment store")
			}
			if err := s.files.Hold(ctx, "body.attachment_ids", caller.UserID, in.AttachmentIDs, photoOwner(id), nil); err != nil {
				return err
			}
		}
		after := before
		after.state = to
		refs, err := s.moveTallies(ctx, before, after)
		if err != nil {
			return err
		}
		s.published(ctx, refs...)
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.person." + action, ObjectType: "epidemic_person",
			ObjectID: id, Detail: map[string]any{"from": p.State, "to": to, "outcome": in.Outcome, "measure": in.Measure,
				"photos": len(in.AttachmentIDs)}})
	})
	if err != nil {
		return PersonDetail{}, err
	}
	return s.Detail(ctx, caller, id)
}

// lockPerson reads a person in scope for a change, in the transaction ctx
// carries: on PostgreSQL the row is locked, so two steps on one person
// serialise and each sees the other's state.
func (s *Service) lockPerson(ctx context.Context, scope, id string) (Person, error) {
	p, err := s.scanPerson(s.db.QueryRow(ctx, "SELECT "+personCols+" FROM epi_persons WHERE id = ?"+
		s.db.Dialect.ForUpdate(), id))
	if err != nil {
		return Person{}, s.db.ScanErr(err, ErrPersonNotFound)
	}
	if !access.Scope(scope).Covers(p.regionPath) {
		return Person{}, ErrPersonNotFound
	}
	return p, nil
}

func standingFrom(p Person) standing {
	return standing{id: p.ID, path: p.regionPath, state: p.State, pooled: p.Pooled, overdue: p.Overdue,
		merged: p.MergedInto != ""}
}

func (s *Service) writeHistory(ctx context.Context, person string, h HistoryLine) error {
	_, err := s.db.Exec(ctx, `INSERT INTO epi_person_history (id, person_id, action, from_state, to_state, outcome, note,
		lng, lat, user_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, uuid.Must(uuid.NewV7()).String(), person, h.Action,
		h.FromState, h.ToState, h.Outcome, h.Note, h.Lng, h.Lat, h.UserID, h.At)
	if err != nil {
		return fmt.Errorf("epidemic: history: %w", err)
	}
	return nil
}

var (
	errNotPooled = apperr.New(apperr.ErrConflict, "epidemic.person_not_pooled",
		"该人员已在网格中 / the person is already in a grid")
	errGrid = apperr.New(apperr.ErrInvalid, "epidemic.grid_unknown",
		"网格不存在或不在您的管辖范围内 / no such grid in your scope")
	errMergeSelf = apperr.New(apperr.ErrInvalid, "epidemic.merge_invalid",
		"只能合并到同一病种的另一人员 / merge into another person of the same disease")
)

// Assign takes a pooled person to a grid, both in the caller's scope.
func (s *Service) Assign(ctx context.Context, caller *access.Principal, id, grid string) (PersonDetail, error) {
	path, err := s.regions.Path(ctx, grid)
	if err != nil || access.Scope(path).Level() != access.Grid || !caller.Covers(path) {
		return PersonDetail{}, errGrid.Field("body.grid_code")
	}
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		p, err := s.lockPerson(ctx, caller.RegionPath, id)
		switch {
		case err != nil:
			return err
		case p.MergedInto != "":
			return errMerged
		case !p.Pooled:
			return errNotPooled
		}
		now := s.now().UTC()
		if _, err := s.db.Exec(ctx, `UPDATE epi_persons SET grid_code = ?, region_path = ?, pooled = FALSE, updated_at = ?
			WHERE id = ?`, grid, path, now, id); err != nil {
			return fmt.Errorf("epidemic: assign: %w", err)
		}
		before := standingFrom(p)
		after := before
		after.path, after.pooled = path, false
		refs, err := s.moveTallies(ctx, before, after)
		if err != nil {
			return err
		}
		s.published(ctx, refs...)
		if err := s.writeHistory(ctx, id, HistoryLine{Action: ActAssign, Note: grid, UserID: caller.UserID, At: now}); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.person.assign", ObjectType: "epidemic_person", ObjectID: id,
			Detail: map[string]any{"from": access.Scope(p.regionPath).Code(), "grid": grid}})
	})
	if err != nil {
		return PersonDetail{}, err
	}
	return s.Detail(ctx, caller, id)
}

// Merge joins a record (a look-alike offered for merge) into another of the
// same disease, both in the caller's scope: the record's sources move to
// the other, which every list that named either now counts once; the record
// stays, marked merged_into, out of lists and counts.
func (s *Service) Merge(ctx context.Context, caller *access.Principal, id, into string) (PersonDetail, error) {
	if id == into {
		return PersonDetail{}, errMergeSelf.Field("body.into")
	}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		// locked in id order, as every merge does: two merges never wait in a circle
		first, second := min(id, into), max(id, into)
		a, err := s.lockPerson(ctx, caller.RegionPath, first)
		if err != nil {
			return err
		}
		b, err := s.lockPerson(ctx, caller.RegionPath, second)
		if err != nil {
			return err
		}
		p, q := a, b
		if p.ID != id {
			p, q = b, a
		}
		if p.MergedInto != "" || q.MergedInto != "" || p.Disease != q.Disease {
			return errMergeSelf.Field("body.into")
		}
		return s.merge(ctx, caller, p, q)
	})
	if err != nil {
		return PersonDetail{}, err
	}
	return s.Detail(ctx, caller, into)
}

func (s *Service) merge(ctx context.Context, caller *access.Principal, p, q Person) error {
	pRefs, err := s.screeningsOf(ctx, p.ID)
	if err != nil {
		return err
	}
	qRefs, err := s.screeningsOf(ctx, q.ID)
	if err != nil {
		return err
	}
	d := progress.Deltas()
	for _, ref := range pRefs {
		standingFrom(p).add(d, ref, -1)
	}
	for _, ref := range pRefs {
		if !slices.Contains(qRefs, ref) {
			standingFrom(q).add(d, ref, 1)
		}
	}
	if err := d.Apply(ctx, s.db); err != nil {
		return err
	}
	now := s.now().UTC()
	if _, err := s.db.Exec(ctx, `INSERT INTO epi_person_sources (person_id, kind, ref, category, note, added_at)
		SELECT ?, kind, ref, category, note, added_at FROM epi_person_sources WHERE person_id = ? ON CONFLICT DO NOTHING`,
		q.ID, p.ID); err != nil {
		return fmt.Errorf("epidemic: merge sources: %w", err)
	}
	if _, err := s.db.Exec(ctx, "UPDATE epi_persons SET merged_into = ?, merge_of = NULL, updated_at = ? WHERE id = ?",
		q.ID, now, p.ID); err != nil {
		return fmt.Errorf("epidemic: merge: %w", err)
	}
	if err := s.writeHistory(ctx, q.ID, HistoryLine{Action: ActMerge, Note: p.ID, UserID: caller.UserID, At: now}); err != nil {
		return err
	}
	if err := s.writeHistory(ctx, p.ID, HistoryLine{Action: ActMerge, Note: "→ " + q.ID, UserID: caller.UserID, At: now}); err != nil {
		return err
	}
	s.published(ctx, append(pRefs, qRefs...)...)
	return s.audit.Write(ctx, audit.Record{Action: "epidemic.person.merge", ObjectType: "epidemic_person", ObjectID: p.ID,
		Detail: map[string]any{"into": q.ID}})
}
