package population

import (
	"context"
	"errors"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/pii"
	"healthgrid/internal/quota"
)

// Registering a resident must not tell the caller that an ID number is
// registered outside their region. Such a registration is refused with
// ErrRegisterElsewhere — the words of a refusal for scope of any cause, a
// grid outside the region included — and the caller may file a transfer
// request. Each refusal because the ID number is registered elsewhere
// counts toward the caller's hourly RefusalsPerHour; once that is reached,
// every registration by the caller is refused (TooMany) before its ID
// number is looked up, so that the limit bounds what can be learnt.
// Refusals are audited, without saying which cause it was.

// screen looks up the ID number (blind index idx) a caller registers, inside
// the write's transaction: the resident holding it, if any, and whether
// that one is outside the caller's scope — then counted as a refusal. Over
// the limit it answers TooMany without looking.
func (s *Service) screen(ctx context.Context, caller *access.Principal, idx string) (old *rec, elsewhere bool, err error) {
	u, err := s.quota.Use(ctx, quota.Refusal, caller.UserID, 0)
	if err != nil {
		return nil, false, err
	}
	if per := s.set.RefusalsPerHour; u.Total >= per {
		wait := u.RetryAfter(per - 1)
		return nil, false, errTooManyRefusals.Wait(wait, tooManyRefusals(wait))
	}
	existing, err := s.byIndexes(ctx, []string{idx})
	if err != nil {
		return nil, false, err
	}
	old = existing[idx]
	if old == nil || caller.Scope().Covers(old.Path) || old.Deleted {
		return old, false, nil
	}
	_, err = s.quota.Use(ctx, quota.Refusal, caller.UserID, 1)
	return old, true, err
}

// refusedRecord is the audit record of a registration (action) refused:
// why is "scope" — whichever its cause — or "rate_limit".
func (s *Service) refusedRecord(action, why, grid, idNumber string) audit.Record {
	d := map[string]any{"refused": why}
	if grid != "" {
		d["grid_code"] = grid
	}
	if info, err := pii.ValidateIDNumber(idNumber, s.now()); err == nil {
		d["id_idx"] = s.pii.Index(pii.KindID, info.Number) // the blind index: which person, without the number
	}
	return audit.Record{Action: action, ObjectType: "resident", Outcome: audit.Failure, Detail: d}
}

// refuse audits a refused registration on its own and returns the refusal.
func (s *Service) refuse(ctx context.Context, refusal error, rec audit.Record) error {
	if err := s.audit.Write(ctx, rec); err != nil {
		return err
	}
	return refusal
}

// Create adds a resident in the caller's scope; a deleted resident with the
// same ID number is restored instead. A grid outside the scope, or an ID
// number registered outside it, is refused with ErrRegisterElsewhere.
func (s *Service) Create(ctx context.Context, caller *access.Principal, in Input) (Resident, error) {
	now := s.now().UTC().Truncate(time.Microsecond)
	p, bad := s.check(in.fields(), ymd(now))
	pl, placed, pbad, err := s.place(ctx, caller.RegionPath, in)
	if err != nil {
		return Resident{}, err
	}
	if pl.outside { // before anything else, so that the answer is the same whatever the rest
		return Resident{}, s.refuse(ctx, ErrRegisterElsewhere, s.refusedRecord("resident.create", "scope", in.GridCode, in.IDNumber))
	}
	if bad = append(bad, pbad...); !placed {
		bad = append(bad, problem{"grid_code", "请提供网格编码、楼栋、住户或坐标之一"})
	}
	if len(bad) > 0 {
		return Resident{}, invalid(bad)
	}
	if p.address == "" {
		p.address = pl.address
	}
	c := s.candidate(0, p, pl.grid, pl.path)
	var id string
	var refused error
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		old, elsewhere, err := s.screen(ctx, caller, c.idx)
		if err != nil {
			return err
		}
		if elsewhere { // committed: the refusal counts
			refused = ErrRegisterElsewhere
			return s.audit.Write(ctx, s.refusedRecord("resident.create", "scope", pl.grid, p.id.Number))
		}
		if old != nil && !old.Deleted {
			return ErrExists
		}
		r := s.fresh(&c, old, now)
		r.BuildingID, r.HouseholdID, id = pl.building, pl.household, r.ID
		action := ActCreated
		if old != nil {
			action = ActRestored
			err = s.rewriteResidents(ctx, []*rec{r})
		} else {
			_, err = s.insertResidents(ctx, []*rec{r})
		}
		if err != nil {
			return err
		}
		if err := s.reindex(ctx, []*rec{old}, []*rec{r}); err != nil {
			return err
		}
		if err := s.writeHistory(ctx, actorOf(caller), now, []event{{r.ID, action, map[string]any{"grid": r.GridCode}}}); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "resident." + map[string]string{ActCreated: "create", ActRestored: "restore"}[action],
			ObjectType: "resident", ObjectID: r.ID, Detail: map[string]any{"grid_code": r.GridCode, "tags": r.Tags}})
	})
	if errors.Is(err, apperr.ErrTooMany) {
		return Resident{}, s.refuse(ctx, err, s.refusedRecord("resident.create", "rate_limit", pl.grid, p.id.Number))
	}
	if err == nil {
		err = refused
	}
	if err != nil {
		return Resident{}, err
	}
	return s.Get(ctx, caller.RegionPath, id)
}
