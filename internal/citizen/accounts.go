package citizen

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
	"healthgrid/internal/pii"
	"healthgrid/internal/population"
)

// Account is a resident's account as the console lists it.
type Account struct {
	ID         string    `json:"id"`
	Name       string    `json:"name" doc:"the name signed up with"`
	Phone      string    `json:"phone" doc:"masked"`
	RegionCode string    `json:"region_code"`
	Status     string    `json:"status" enum:"active,disabled"`
	Binding    string    `json:"binding" enum:"none,linked,claimed,rejected"`
	ClaimName  string    `json:"claim_name,omitempty" doc:"the name given when binding"`
	IDNumber   string    `json:"id_number,omitempty" doc:"the ID number given, masked"`
	Reason     string    `json:"reason,omitempty" enum:"no_record,name,taken," doc:"a claim: why it did not match"`
	ResidentID string    `json:"resident_id,omitempty"`
	Note       string    `json:"note,omitempty"`
	Match      *Match    `json:"match,omitempty" doc:"a claim in a list: the population's record of its ID number, when the caller's scope holds it"`
	CreatedAt  time.Time `json:"created_at"`
	idIdx      string
}

// Match is the population's record of a claim's ID number, for the
// community to weigh the claim against.
type Match struct {
	ResidentID string `json:"resident_id"`
	Name       string `json:"name" doc:"masked for a caller without resident:read"`
	IDNumber   string `json:"id_number" doc:"masked"`
	GridName   string `json:"grid_name"`
}

// Filter selects resident accounts.
type Filter struct {
	Path    string // a region's subtree
	Binding string // none, linked, claimed, rejected
	Status  string // active, disabled
	Q       string // a name (the account's or the claim's), or a whole mobile number
}

const accountCols = `u.id, u.name, u.phone_enc, u.region_code, u.status, COALESCE(b.status, 'none'), COALESCE(b.name, ''),
	COALESCE(b.id_enc, ''), COALESCE(b.id_idx, ''), COALESCE(b.reason, ''), COALESCE(b.resident_id, ''), COALESCE(b.note, ''),
	u.created_at FROM users u LEFT JOIN resident_bindings b ON b.user_id = u.id`

// mobile is a whole mainland mobile number, searched by its blind index.
var mobile = regexp.MustCompile(`^1[3-9]\d{9}$`)

func (s *Service) scanAccount(row interface{ Scan(...any) error }) (Account, error) {
	var a Account
	var phoneEnc, idEnc string
	if err := row.Scan(&a.ID, &a.Name, &phoneEnc, &a.RegionCode, &a.Status, &a.Binding, &a.ClaimName, &idEnc, &a.idIdx,
		&a.Reason, &a.ResidentID, &a.Note, &a.CreatedAt); err != nil {
		return Account{}, err
	}
	if phone, err := s.pii.Open(phoneEnc); err == nil && phone != "" {
		a.Phone = pii.MaskPhone(phone)
	}
	if id, err := s.pii.Open(idEnc); err == nil && id != "" {
		a.IDNumber = pii.MaskID(id)
	}
	return a, nil
}

// Accounts is a page of the resident accounts living in f.Path (within the
// caller's scope), newest first, and how many there are; each claim with
// the record of its ID number that the caller's scope holds.
func (s *Service) Accounts(ctx context.Context, caller *access.Principal, f Filter, offset, limit int) ([]Account, int, error) {
	cond, args := access.Scope(f.Path).Subtree("u.region_path")
	where := []string{"u.kind = 'resident'", cond}
	if f.Binding != "" {
		where, args = append(where, "COALESCE(b.status, 'none') = ?"), append(args, f.Binding)
	}
	if f.Status != "" {
		where, args = append(where, "u.status = ?"), append(args, f.Status)
	}
	if q := strings.TrimSpace(f.Q); mobile.MatchString(q) {
		where, args = append(where, "u.phone_idx = ?"), append(args, s.pii.Index(pii.KindPhone, q))
	} else if q != "" {
		c, a := db.Contains(q, "u.name", "b.name")
		where, args = append(where, c), append(args, a...)
	}
	w := strings.Join(where, " AND ")
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM users u LEFT JOIN resident_bindings b ON b.user_id = u.id WHERE "+w,
		args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("resident accounts: count: %w", err)
	}
	rows, err := s.db.Query(ctx, "SELECT "+accountCols+" WHERE "+w+" ORDER BY u.created_at DESC, u.id DESC LIMIT ? OFFSET ?",
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("resident accounts: %w", err)
	}
	defer rows.Close()
	out := []Account{}
	for rows.Next() {
		a, err := s.scanAccount(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	rows.Close()
	for i := range out {
		if err := s.matchOf(ctx, caller, &out[i]); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}

// matchOf fills a claim's match: the resident of its ID number, if the
// caller's scope holds them.
func (s *Service) matchOf(ctx context.Context, caller *access.Principal, a *Account) error {
	if a.Binding != Claimed || a.idIdx == "" {
		return nil
	}
	r, err := s.people.Match(ctx, a.idIdx)
	switch {
	case errors.Is(err, population.ErrNotFound) || err == nil && !caller.Scope().Covers(r.RegionPath):
		return nil
	case err != nil:
		return err
	}
	name := r.Name
	if !caller.Can("resident:read") {
		name = pii.MaskName(name)
	}
	a.Match = &Match{ResidentID: r.ID, Name: name, IDNumber: r.IDNumber, GridName: r.GridName}
	return nil
}

// account is a resident account in the caller's scope.
func (s *Service) account(ctx context.Context, scope, id string) (Account, error) {
	var kind, path string
	err := s.db.QueryRow(ctx, "SELECT kind, region_path FROM users WHERE id = ?", id).Scan(&kind, &path)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !access.Scope(scope).Covers(path) {
		return Account{}, ErrNotFound
	}
	if err != nil {
		return Account{}, err
	}
	if kind != "resident" {
		return Account{}, errNotResident
	}
	return s.scanAccount(s.db.QueryRow(ctx, "SELECT "+accountCols+" WHERE u.id = ?", id))
}

// Decision is the community's word on a claim.
type Decision struct {
	Note string `json:"note,omitempty" maxLength:"200" doc:"how it was checked, or why it is refused"`
}

// Confirm links a claimed account to the resident of the ID number it gave,
// who must be on record in the caller's scope and bound to no other account.
func (s *Service) Confirm(ctx context.Context, caller *access.Principal, id string, in Decision) (Account, error) {
	a, b, err := s.claim(ctx, caller, id)
	if err != nil {
		return Account{}, err
	}
	r, err := s.people.Match(ctx, b.idIdx)
	if errors.Is(err, population.ErrNotFound) || err == nil && !caller.Scope().Covers(r.RegionPath) {
		return Account{}, errNoRecord
	}
	if err != nil {
		return Account{}, err
	}
	if s.linkedElsewhere(ctx, id, b.idIdx) {
		return Account{}, errTaken
	}
	b.status, b.residentID, b.householdID, b.path, b.note = Linked, r.ID, r.HouseholdID, r.RegionPath, strings.TrimSpace(in.Note)
	err = s.save(ctx, id, *b, func(ctx context.Context) error {
		if err := s.accounts.SetHome(ctx, id, r.GridCode); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "resident_account.confirm", ObjectType: "user", ObjectID: id,
			ScopePath: r.RegionPath, Detail: map[string]any{"resident_id": r.ID, "note": b.note}})
	})
	if errors.Is(err, db.ErrUnique) {
		return Account{}, errTaken
	}
	if err != nil {
		return Account{}, err
	}
	a, err = s.account(ctx, caller.RegionPath, id)
	if errors.Is(err, ErrNotFound) { // now in a grid beyond the caller's: what they did, all the same
		a.Binding = Linked
		return a, nil
	}
	return a, err
}

// Reject refuses a claim; the resident may try again.
func (s *Service) Reject(ctx context.Context, caller *access.Principal, id string, in Decision) (Account, error) {
	_, b, err := s.claim(ctx, caller, id)
	if err != nil {
		return Account{}, err
	}
	b.status, b.note = Rejected, strings.TrimSpace(in.Note)
	if err := s.save(ctx, id, *b, func(ctx context.Context) error {
		return s.audit.Write(ctx, audit.Record{Action: "resident_account.reject", ObjectType: "user", ObjectID: id,
			ScopePath: b.path, Detail: map[string]any{"note": b.note}})
	}); err != nil {
		return Account{}, err
	}
	return s.account(ctx, caller.RegionPath, id)
}

// claim is a resident account in scope with a claim waiting.
func (s *Service) claim(ctx context.Context, caller *access.Principal, id string) (Account, *binding, error) {
	a, err := s.account(ctx, caller.RegionPath, id)
	if err != nil {
		return Account{}, nil, err
	}
	b, err := s.bindingOf(ctx, id)
	if err != nil {
		return Account{}, nil, err
	}
	if b == nil || b.status != Claimed {
		return Account{}, nil, errNoClaim
	}
	return a, b, nil
}

// Disable disables a resident account in scope, ending its sessions.
func (s *Service) Disable(ctx context.Context, caller *access.Principal, id string) (Account, error) {
	if _, err := s.account(ctx, caller.RegionPath, id); err != nil {
		return Account{}, err
	}
	if _, err := s.accounts.SetStatus(ctx, caller, id, false); err != nil {
		return Account{}, err
	}
	return s.account(ctx, caller.RegionPath, id)
}
