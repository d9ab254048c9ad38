package population

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/pii"
)

// Transfer requests (迁入申请): a region asks the region holding a resident
// to hand them over. The request names an ID number and a name; when they
// match a resident, the holding region — whoever's scope covers the
// resident's grid — sees it as incoming and approves (the resident moves to
// the requested grid, history kept) or refuses it. When they match nobody
// (no such ID number, a deleted resident, or another name), the request
// waits at the root of the tree, where only the city level sees it and
// refuses it with a note. Either way the requester sees "pending" until
// someone decides, and then only the decision and its note: never where
// the resident was, nor whether the request matched.

// Transfer statuses.
const (
	TransferPending  = "pending"
	TransferApproved = "approved"
	TransferRefused  = "refused"
)

// Transfer directions, as the caller sees a request.
const (
	Incoming = "incoming" // the caller's region holds the resident (or is the city, for a request matching nobody)
	Outgoing = "outgoing" // the caller's region asked
)

// Transfer errors.
var (
	ErrTransferNotFound = apperr.New(apperr.ErrNotFound, "transfer.not_found", "transfer")
	ErrTransferInScope  = apperr.New(apperr.ErrConflict, "transfer.in_scope",
		"transfer: 该居民已在您的辖区登记，请直接修改其所属网格 / already registered in your region; change their grid instead")
	ErrTransferOpen    = apperr.New(apperr.ErrConflict, "transfer.open", "transfer: 已有该居民迁入此网格的待处理申请 / a request for this person and grid is pending")
	ErrTransferDecided = apperr.New(apperr.ErrConflict, "transfer.decided", "transfer: 该申请已处理 / the request has been decided")
	ErrTransferNoMatch = apperr.New(apperr.ErrConflict, "transfer.no_match",
		"transfer: 该申请未匹配到登记的居民，只能不予同意 / the request matches no registered resident; it can only be refused")
	ErrTransferGone = apperr.New(apperr.ErrConflict, "transfer.gone", "transfer: 该居民已不在本辖区登记 / the resident is no longer registered in your region")
)

// TransferInput asks for a resident registered elsewhere.
type TransferInput struct {
	IDNumber   string `json:"id_number" doc:"18 characters (GB 11643)"`
	Name       string `json:"name" maxLength:"50" doc:"as registered"`
	ToGridCode string `json:"to_grid_code" doc:"the grid they move to, in the caller's scope"`
	Reason     string `json:"reason" maxLength:"200"`
}

// Decision is the note of an approval or a refusal.
type Decision struct {
	Note string `json:"note,omitempty" maxLength:"200"`
}

// Transfer is a request as the caller sees it. The requesting region
// (outgoing) sees what it asked and the decision; the holding region
// (incoming) sees too the resident it matched and who decided.
type Transfer struct {
	ID         string     `json:"id"`
	Direction  string     `json:"direction" enum:"incoming,outgoing"`
	Name       string     `json:"name" doc:"as the requester typed it"`
	IDNumber   string     `json:"id_number" doc:"masked"`
	ToGridCode string     `json:"to_grid_code"`
	ToGridName string     `json:"to_grid_name"`
	Reason     string     `json:"reason"`
	Status     string     `json:"status" enum:"pending,approved,refused"`
	Requester  string     `json:"requester"`
	CreatedAt  time.Time  `json:"created_at"`
	Note       string     `json:"note"`
	DecidedAt  *time.Time `json:"decided_at,omitempty"`
	// incoming only
	ResidentID   string `json:"resident_id,omitempty" doc:"incoming: the resident matched; empty when none (the city level's)"`
	FromGridCode string `json:"from_grid_code,omitempty" doc:"incoming: the resident's grid when the request was filed"`
	FromGridName string `json:"from_grid_name,omitempty"`
	Decider      string `json:"decider,omitempty" doc:"incoming: who decided"`
}

// RequestTransfer files a request for the person with the ID number to move
// into a grid of the caller's scope.
func (s *Service) RequestTransfer(ctx context.Context, caller *access.Principal, in TransferInput) (Transfer, error) {
	now := s.now().UTC().Truncate(time.Microsecond)
	var bad []problem
	info, err := pii.ValidateIDNumber(in.IDNumber, s.now())
	if err != nil {
		bad = append(bad, problem{"id_number", pii.Reason(err)})
	}
	name := strings.TrimSpace(in.Name)
	if name == "" || utf8.RuneCountInString(name) > maxName {
		bad = append(bad, problem{"name", "姓名不能为空且不超过50字"})
	}
	reason := strings.TrimSpace(in.Reason)
	if reason == "" {
		bad = append(bad, problem{"reason", "请填写迁入事由"})
	}
	g, err := s.grid(ctx, gridCache{}, caller.RegionPath, in.ToGridCode)
	if err != nil {
		return Transfer{}, err
	}
	if g.reason != "" {
		bad = append(bad, problem{"to_grid_code", g.reason})
	}
	if len(bad) > 0 {
		return Transfer{}, invalid(bad)
	}
	t := transferRow{id: uuid.Must(uuid.NewV7()).String(), idIdx: s.pii.Index(pii.KindID, info.Number), idEnc: s.pii.Seal(info.Number),
		name: name, toGrid: strings.TrimSpace(in.ToGridCode), toPath: g.path, reason: reason, status: TransferPending,
		requesterID: caller.UserID, requester: actorOf(caller).name, createdAt: now}
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		found, err := s.byIndexes(ctx, []string{t.idIdx})
		if err != nil {
			return err
		}
		switch r := found[t.idIdx]; {
		case r != nil && !r.Deleted && caller.Scope().Covers(r.Path):
			return ErrTransferInScope
		case r != nil && !r.Deleted && r.Name == name:
			t.residentID, t.fromGrid, t.holderPath = r.ID, r.GridCode, r.Path
		default: // nobody to ask: the city level decides
			t.holderPath = caller.Scope().Lineage()[0]
		}
		if err := s.insertTransfer(ctx, &t); err != nil {
			return err
		}
		// the requester's region reads this record: it says nothing of the match
		return s.audit.Write(ctx, audit.Record{Action: "resident.transfer_request", ObjectType: "resident_transfer", ObjectID: t.id,
			Detail: map[string]any{"to_grid_code": t.toGrid, "id_idx": t.idIdx}})
	})
	if err != nil {
		return Transfer{}, err
	}
	return s.Transfer(ctx, caller, t.id)
}

// Transfer is one request the caller's region holds or asked.
func (s *Service) Transfer(ctx context.Context, caller *access.Principal, id string) (Transfer, error) {
	t, err := s.getTransfer(ctx, id, false)
	if err != nil {
		return Transfer{}, err
	}
	switch {
	case caller.Scope().Covers(t.holderPath):
		return s.transferView(t, Incoming)
	case caller.Scope().Covers(t.toPath):
		return s.transferView(t, Outgoing)
	}
	return Transfer{}, ErrTransferNotFound
}

// transferView is what a viewer in direction dir sees of a request.
func (s *Service) transferView(t transferRow, dir string) (Transfer, error) {
	number, err := s.pii.Open(t.idEnc)
	if err != nil {
		return Transfer{}, fmt.Errorf("transfer %s: open id: %w", t.id, err)
	}
	v := Transfer{ID: t.id, Direction: dir, Name: t.name, IDNumber: pii.MaskID(number), ToGridCode: t.toGrid, ToGridName: t.toGridName,
		Reason: t.reason, Status: t.status, Requester: t.requester, CreatedAt: t.createdAt, Note: t.note, DecidedAt: t.decidedAt}
	if dir == Incoming {
		v.ResidentID, v.FromGridCode, v.FromGridName, v.Decider = t.residentID, t.fromGrid, t.fromGridName, t.decider
	}
	return v, nil
}

// Transfers is a page of the requests the caller's region holds (incoming)
// or asked (outgoing), newest first, with status if given, and how many.
func (s *Service) Transfers(ctx context.Context, caller *access.Principal, dir, status string, offset, limit int) ([]Transfer, int, error) {
	rows, total, err := s.listTransfers(ctx, caller.RegionPath, dir, status, offset, limit)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Transfer, len(rows))
	for i, t := range rows {
		if out[i], err = s.transferView(t, dir); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}

// ApproveTransfer moves the resident a pending request matched to the
// requested grid — leaving their building and household, active again if
// they were marked moved out — with the history entry "transferred". Only
// the holding region (its scope covers the resident's grid) may.
func (s *Service) ApproveTransfer(ctx context.Context, caller *access.Principal, id string, d Decision) (Transfer, error) {
	return s.decideTransfer(ctx, caller, id, TransferApproved, d, func(ctx context.Context, t transferRow, now time.Time) error {
		if t.residentID == "" {
			return ErrTransferNoMatch
		}
		old, err := s.getRec(ctx, caller.RegionPath, t.residentID, false)
		if errors.Is(err, ErrNotFound) {
			return ErrTransferGone
		} else if err != nil {
			return err
		}
		path, err := s.regions.Path(ctx, t.toGrid)
		if err != nil {
			return err
		}
		cur := *old
		cur.GridCode, cur.Path, cur.BuildingID, cur.HouseholdID, cur.UpdatedAt = t.toGrid, path, "", "", now
		if cur.Status == MovedOut {
			cur.Status = Active
		}
		if err := s.updateRec(ctx, &cur); err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, "UPDATE households SET head_resident_id = NULL WHERE head_resident_id = ?", old.ID); err != nil {
			return err
		}
		if err := s.reindex(ctx, []*rec{old}, []*rec{&cur}); err != nil {
			return err
		}
		ev := merged(old.ID, ActTransferred, changes(old, &cur))
		ev.detail["transfer"] = t.id
		return s.writeHistory(ctx, actorOf(caller), now, []event{ev})
	})
}

// RefuseTransfer refuses a pending request the caller's region holds.
func (s *Service) RefuseTransfer(ctx context.Context, caller *access.Principal, id string, d Decision) (Transfer, error) {
	return s.decideTransfer(ctx, caller, id, TransferRefused, d, func(context.Context, transferRow, time.Time) error { return nil })
}

// decideTransfer settles a pending request the caller's region holds:
// apply does the decision's work, then the request is marked and audited,
// all in one transaction.
func (s *Service) decideTransfer(ctx context.Context, caller *access.Principal, id, status string, d Decision,
	apply func(ctx context.Context, t transferRow, now time.Time) error) (Transfer, error) {
	now := s.now().UTC().Truncate(time.Microsecond)
	note := strings.TrimSpace(d.Note)
	if utf8.RuneCountInString(note) > maxReason {
		return Transfer{}, apperr.Field("body.note", "备注过长(最多200字)")
	}
	var out Transfer
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		t, err := s.getTransfer(ctx, id, true)
		if err != nil {
			return err
		}
		if !caller.Scope().Covers(t.holderPath) {
			return ErrTransferNotFound
		}
		if t.status != TransferPending {
			return ErrTransferDecided
		}
		if err := apply(ctx, t, now); err != nil {
			return err
		}
		who := actorOf(caller)
		t.status, t.decider, t.note, t.decidedAt = status, who.name, note, &now
		if err := s.settleTransfer(ctx, t, who.id); err != nil {
			return err
		}
		if out, err = s.transferView(t, Incoming); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "resident.transfer_" + map[string]string{TransferApproved: "approve", TransferRefused: "refuse"}[status],
			ObjectType: "resident_transfer", ObjectID: t.id,
			Detail: map[string]any{"resident_id": t.residentID, "from_grid_code": t.fromGrid, "to_grid_code": t.toGrid, "note": note}})
	})
	return out, err
}
