package citizen

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
	"healthgrid/internal/pii"
	"healthgrid/internal/population"
)

// BindInput is a resident's real name and ID number.
type BindInput struct {
	Name     string `json:"name" minLength:"1" maxLength:"50"`
	IDNumber string `json:"id_number" minLength:"15" maxLength:"18" text:"secret" doc:"the 18-digit national ID number"`
}

// BindResult says whether the account was linked at once or the claim
// waits for the community — never whether the ID number is on record.
type BindResult struct {
	Status string `json:"status" enum:"linked,claimed"`
}

// binding is an account's row.
type binding struct {
	status, name, idEnc, idIdx, residentID, householdID, path, reason, note string
}

func (s *Service) bindingOf(ctx context.Context, userID string) (*binding, error) {
	var b binding
	err := s.db.QueryRow(ctx, `SELECT status, name, id_enc, id_idx, resident_id, household_id, region_path, reason, note
		FROM resident_bindings WHERE user_id = ?`, userID).Scan(&b.status, &b.name, &b.idEnc, &b.idIdx, &b.residentID,
		&b.householdID, &b.path, &b.reason, &b.note)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return &b, err
}

// Bind matches the caller's name and ID number against the population by
// the number's blind index. A resident of that number and name, not yet
// bound to another account, links the account to them and their household
// and moves the account into their grid; anything else is stored as a claim
// for the community. Tries are limited per account and per address, and
// audited with why a claim did not match.
func (s *Service) Bind(ctx context.Context, p *access.Principal, in BindInput) (BindResult, error) {
	if err := s.limit(ctx, "bind", p, bindsPerUser, bindsPerIP); err != nil {
		return BindResult{}, err
	}
	name := strings.TrimSpace(in.Name)
	info, err := pii.ValidateIDNumber(in.IDNumber, s.now())
	var bad apperr.Invalid
	if name == "" {
		bad = append(bad, apperr.Required.On("body.name", "姓名不能为空 / name is required"))
	}
	if err != nil {
		bad = append(bad, errIDNumber.At("body.id_number"))
	}
	if len(bad) > 0 {
		return BindResult{}, bad
	}
	old, err := s.bindingOf(ctx, p.UserID)
	if err != nil {
		return BindResult{}, err
	}
	if old != nil && old.status == Linked {
		return BindResult{}, errLinked
	}
	idx := s.pii.Index(pii.KindID, info.Number)
	b := binding{status: Claimed, name: name, idEnc: s.pii.Seal(info.Number), idIdx: idx, path: p.RegionPath}
	r, err := s.people.Match(ctx, idx)
	switch {
	case errors.Is(err, population.ErrNotFound):
		b.reason = "no_record"
	case err != nil:
		return BindResult{}, err
	case r.Name != name:
		b.reason = "name"
	default:
		b.status, b.residentID, b.householdID, b.path = Linked, r.ID, r.HouseholdID, r.RegionPath
	}
	if b.status == Linked && s.linkedElsewhere(ctx, p.UserID, idx) {
		b = binding{status: Claimed, name: name, idEnc: b.idEnc, idIdx: idx, path: p.RegionPath, reason: "taken"}
	}
	record := func(ctx context.Context) error {
		detail := map[string]any{"status": b.status, "id_idx": idx}
		if b.reason != "" {
			detail["reason"] = b.reason
		}
		if b.status == Linked {
			if err := s.accounts.SetHome(ctx, p.UserID, r.GridCode); err != nil {
				return err
			}
		}
		return s.audit.Write(ctx, audit.Record{Action: "resident_account.bind", ObjectType: "user", ObjectID: p.UserID,
			Detail: detail})
	}
	err = s.save(ctx, p.UserID, b, record)
	if errors.Is(err, db.ErrUnique) { // linked by another account meanwhile
		b = binding{status: Claimed, name: name, idEnc: b.idEnc, idIdx: idx, path: p.RegionPath, reason: "taken"}
		err = s.save(ctx, p.UserID, b, record)
	}
	if err != nil {
		return BindResult{}, err
	}
	return BindResult{Status: b.status}, nil
}

// linkedElsewhere is whether another account is linked to the number.
func (s *Service) linkedElsewhere(ctx context.Context, userID, idx string) bool {
	var n int
	err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM resident_bindings WHERE id_idx = ? AND status = ? AND user_id <> ?",
		idx, Linked, userID).Scan(&n)
	return err != nil || n > 0
}

// save writes an account's binding in place of what it had, and then, in
// the same transaction, does after. A second account linking the same
// number is refused by the unique index (db.ErrUnique).
func (s *Service) save(ctx context.Context, userID string, b binding, after func(context.Context) error) error {
	now := s.now()
	return s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, "DELETE FROM resident_bindings WHERE user_id = ?", userID); err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, `INSERT INTO resident_bindings (user_id, status, name, id_enc, id_idx, resident_id,
			household_id, region_path, reason, note, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`, userID, b.status,
			b.name, b.idEnc, b.idIdx, b.residentID, b.householdID, b.path, b.reason, b.note, now, now); err != nil {
			return err
		}
		return after(ctx)
	})
}

// Member is one of the resident's household, masked.
type Member struct {
	Name     string `json:"name" doc:"masked but for the resident's own"`
	Gender   string `json:"gender" enum:"male,female"`
	Age      int    `json:"age"`
	IDNumber string `json:"id_number" doc:"masked"`
	Self     bool   `json:"self"`
}

// Profile is what a resident sees of their binding: its state and, once
// linked, their own record and household, masked.
type Profile struct {
	Binding   string               `json:"binding" enum:"none,linked,claimed,rejected"`
	Name      string               `json:"name,omitempty" doc:"the name given when binding"`
	IDNumber  string               `json:"id_number,omitempty" doc:"the ID number given, masked"`
	Note      string               `json:"note,omitempty" doc:"the community's note on a rejected claim"`
	Resident  *population.Resident `json:"resident,omitempty" doc:"linked: the resident's own record, masked"`
	Household []Member             `json:"household,omitempty" doc:"linked: the members of the household, masked"`
}

// Profile is the caller's binding and, once linked, their record.
func (s *Service) Profile(ctx context.Context, p *access.Principal) (Profile, error) {
	b, err := s.bindingOf(ctx, p.UserID)
	if err != nil || b == nil {
		return Profile{Binding: None}, err
	}
	out := Profile{Binding: b.status, Name: b.name, Note: b.note}
	if id, err := s.pii.Open(b.idEnc); err == nil {
		out.IDNumber = pii.MaskID(id)
	}
	if b.status != Linked {
		return out, nil
	}
	wide, err := s.everywhere(ctx, p)
	if err != nil {
		return Profile{}, err
	}
	r, err := s.people.Get(ctx, wide.RegionPath, b.residentID)
	if err != nil {
		return Profile{}, err
	}
	out.Resident = &r
	if r.HouseholdID == "" {
		return out, nil
	}
	members, _, err := s.people.List(ctx, wide.RegionPath, population.Filter{Household: r.HouseholdID, AgeMin: -1, AgeMax: -1}, 0, 50)
	if err != nil {
		return Profile{}, err
	}
	for _, m := range members {
		name := pii.MaskName(m.Name)
		if m.ID == r.ID {
			name = m.Name
		}
		out.Household = append(out.Household, Member{Name: name, Gender: m.Gender, Age: m.Age, IDNumber: m.IDNumber, Self: m.ID == r.ID})
	}
	return out, nil
}

// Link is the resident an account is linked to.
type Link struct {
	ResidentID string
	Name       string // as bound, masked
}

// Links are the residents the accounts are linked to, by account; an
// account not linked has none. For the services that know an account and
// need the person (a booking's home visit).
func (s *Service) Links(ctx context.Context, userIDs []string) (map[string]Link, error) {
	out := map[string]Link{}
	ids := slices.Compact(slices.Sorted(slices.Values(userIDs)))
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{Linked}
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := s.db.Query(ctx, "SELECT user_id, resident_id, name FROM resident_bindings WHERE status = ? AND user_id IN ("+
		strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")+")", args...)
	if err != nil {
		return nil, fmt.Errorf("citizen: links: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var user, name string
		var l Link
		if err := rows.Scan(&user, &l.ResidentID, &name); err != nil {
			return nil, err
		}
		l.Name = pii.MaskName(name)
		out[user] = l
	}
	return out, rows.Err()
}
