package population

import (
	"context"
	"fmt"
	"strings"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/audit"
	"healthgrid/internal/quota"
)

// reasonTooManyRefusals rejects the rows of a batch after the caller's
// allowance of refusals for scope is spent (see register.go).
const reasonTooManyRefusals = "本小时内因辖区外身份证号被拒的登记已达上限，本行未处理，请稍后重新导入"

// outcome is what a batch does with one valid row.
type outcome struct {
	c         *candidate
	fresh     *rec   // a new resident, inserted
	cur, old  *rec   // a restored or updated resident's new and old states (cur nil: unchanged)
	ev        event  // the history entry of fresh or cur
	updated   bool   // counts as updated rather than imported
	reject    string // why the row is rejected; "" when it is not
	elsewhere bool   // rejected: the ID number is registered outside the caller's scope
}

// writeBatch writes a checked batch's valid rows. Rows whose ID number is
// registered outside the caller's scope are refused and count toward the
// caller's hourly limit; once the allowance left is spent, every later row
// of the batch is rejected unanswered — whether it would be refused too is
// what the limit keeps from the caller — and a batch begun with none left
// writes nothing.
func (s *Service) writeBatch(ctx context.Context, caller *access.Principal, mode Mode, now time.Time, cands []candidate, total int, res *BatchResult) error {
	u, err := s.quota.Use(ctx, quota.Refusal, caller.UserID, 0)
	if err != nil {
		return err
	}
	allowance := s.set.RefusalsPerHour - u.Total
	outs := make([]outcome, len(cands))
	for i := range cands {
		outs[i].c = &cands[i]
	}
	if allowance > 0 {
		if err := s.sortBatch(ctx, caller, mode, now, outs); err != nil {
			return err
		}
	}
	refused, cut := 0, 0
	var undo []string
	for i := range outs {
		o := &outs[i]
		if refused >= allowance {
			if o.fresh != nil {
				undo = append(undo, o.fresh.ID)
			}
			*o = outcome{c: o.c, reject: reasonTooManyRefusals}
			cut++
		} else if o.elsewhere {
			refused++
		}
	}
	if err := s.deleteInserted(ctx, undo); err != nil {
		return err
	}
	var kept, rewritten, olds []*rec
	var evs []event
	for _, o := range outs {
		switch {
		case o.reject != "":
			res.Rejected = append(res.Rejected, RowError{Line: o.c.line, Column: headers["id_number"], Reason: o.reject})
			continue
		case o.fresh != nil:
			kept = append(kept, o.fresh)
		case o.cur != nil:
			rewritten, olds = append(rewritten, o.cur), append(olds, o.old)
		}
		if o.updated {
			res.Updated++
		} else {
			res.Imported++
		}
		if o.fresh != nil || o.cur != nil {
			evs = append(evs, o.ev)
		}
	}
	if err := s.rewriteResidents(ctx, rewritten); err != nil {
		return err
	}
	if err := s.reindex(ctx, append(make([]*rec, len(kept)), olds...), append(kept, rewritten...)); err != nil {
		return err
	}
	if err := s.writeHistory(ctx, actorOf(caller), now, evs); err != nil {
		return err
	}
	if refused > 0 {
		if _, err := s.quota.Use(ctx, quota.Refusal, caller.UserID, refused); err != nil {
			return err
		}
	}
	return s.audit.Write(ctx, audit.Record{Action: "resident.import", ObjectType: "resident",
		ActorID: caller.UserID, Actor: caller.Username, Role: caller.Role(), ScopePath: caller.RegionPath,
		Detail: map[string]any{"mode": string(mode), "rows": total, "imported": res.Imported, "updated": res.Updated,
			"rejected": len(res.Rejected), "refused_scope": refused, "rate_limited": cut}})
}

// sortBatch decides each row's outcome, inserting the new residents.
// Insert mode asks the database about existing ID numbers only for the rows
// its unique index turns away (usually none); upsert mode must know every
// existing row to merge into it.
func (s *Service) sortBatch(ctx context.Context, caller *access.Principal, mode Mode, now time.Time, outs []outcome) error {
	var existing map[string]*rec
	if mode == Upsert {
		idxs := make([]string, len(outs))
		for i := range outs {
			idxs[i] = outs[i].c.idx
		}
		var err error
		if existing, err = s.byIndexes(ctx, idxs); err != nil {
			return err
		}
	}
	var fresh []*rec
	for i := range outs {
		if s.decide(&outs[i], existing[outs[i].c.idx], caller.RegionPath, mode, now, true); outs[i].fresh != nil {
			fresh = append(fresh, outs[i].fresh)
		}
	}
	written, err := s.insertResidents(ctx, fresh)
	if err != nil {
		return err
	}
	var turnedAway []*outcome
	var idxs []string
	for i := range outs {
		if o := &outs[i]; o.fresh != nil && !written[o.fresh.ID] {
			o.fresh = nil
			turnedAway, idxs = append(turnedAway, o), append(idxs, o.c.idx)
		}
	}
	if len(turnedAway) == 0 {
		return nil
	}
	olds, err := s.byIndexes(ctx, idxs)
	if err != nil {
		return err
	}
	for _, o := range turnedAway {
		s.decide(o, olds[o.c.idx], caller.RegionPath, mode, now, false)
	}
	return nil
}

// decide files one row given the resident its ID number names (nil: none
// known). A row may be tried as new only once (mayInsert).
func (s *Service) decide(o *outcome, old *rec, scope string, mode Mode, now time.Time, mayInsert bool) {
	c := o.c
	switch {
	case old == nil && mayInsert:
		o.fresh = s.fresh(c, nil, now)
		o.ev = event{o.fresh.ID, ActImported, map[string]any{"grid": c.grid}}
	case old == nil:
		o.reject = "身份证号已存在"
	case old.Deleted:
		o.cur, o.old = s.fresh(c, old, now), old
		o.ev = event{old.ID, ActRestored, map[string]any{"grid": c.grid, "source": "import"}}
	case !access.Scope(scope).Covers(old.Path):
		o.reject, o.elsewhere = reasonElsewhere, true
	case mode == Insert:
		o.reject = "身份证号已存在(新增模式不更新已有居民)"
	default:
		o.updated = true
		if r := s.updated(c, old, now); len(changes(old, r)) > 0 {
			o.cur, o.old, o.ev = r, old, merged(r.ID, ActImportUpdated, changes(old, r))
		}
	}
}

// deleteInserted takes back residents this transaction inserted and
// nothing else has touched yet (no tags, tallies or history).
func (s *Service) deleteInserted(ctx context.Context, ids []string) error {
	for lo := 0; lo < len(ids); lo += smallChunk {
		part := ids[lo:min(lo+smallChunk, len(ids))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		if _, err := s.db.Exec(ctx, "DELETE FROM residents WHERE id IN (?"+strings.Repeat(",?", len(part)-1)+")", args...); err != nil {
			return fmt.Errorf("resident: take back: %w", err)
		}
	}
	return nil
}
