package grid

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
	"healthgrid/internal/db"
	"healthgrid/internal/pii"
	"healthgrid/internal/region"
)

func auditRecord(action, objectType, id string, detail map[string]any) audit.Record {
	return audit.Record{Action: action, ObjectType: objectType, ObjectID: id, Detail: detail}
}

// placed is a member's input once checked: where it lives and what it serves.
type placed struct {
	path, code string
	phone      string
	grids      []gridAt
}

// gridAt is a grid code with its region path.
type gridAt struct{ code, path string }

// check validates a member against the caller's scope. current is, on
// update, the member's grids (kept when the input's GridCodes is nil); on
// update an empty phone keeps the stored one (placed.phone stays empty).
func (s *Service) check(ctx context.Context, scope string, in *MemberInput, current []gridAt) (placed, error) {
	var bad apperr.Invalid
	field := func(code *apperr.Error, f, m string) { bad = append(bad, code.On("body."+f, m)) }
	var out placed
	in.Name = strings.TrimSpace(in.Name)
	if !slices.Contains(Types, in.Type) {
		field(apperr.Unknown, "type", "未知的队伍类型 / unknown member type")
	}
	if in.Name == "" {
		field(apperr.Required, "name", "姓名不能为空 / name is required")
	}
	var err error
	if in.Phone != "" || current == nil {
		if out.phone, err = pii.NormalizePhone(in.Phone); err != nil {
			field(nil, "phone", "手机号格式不正确 / not a mainland mobile number")
		}
	}
	if in.Duty == "" {
		in.Duty = "on_duty"
	}
	if !slices.Contains(Duties, in.Duty) {
		field(apperr.Unknown, "duty", "未知的在岗状态 / unknown duty status")
	}
	if in.UnitID != "" {
		if _, err := s.units.Get(ctx, scope, in.UnitID); err != nil {
			field(apperr.OutOfScope, "unit_id", "单位不存在或不在您的管辖范围 / unit not found in your scope")
		}
	}
	if in.UserID != "" {
		if err := s.staffInScope(ctx, scope, in.UserID); err != nil {
			field(apperr.OutOfScope, "user_id", "账号不存在或不在您的管辖范围 / staff account not found in your scope")
		}
	}
	out.code, out.path, out.grids = s.place(ctx, scope, in.RegionCode, in.GridCodes, current, field)
	if len(bad) > 0 {
		return placed{}, bad
	}
	return out, nil
}

// place resolves a member's home region and grids: the grids named (or the
// current ones when codes is nil), each a grid in scope inside the home
// region, which defaults to the lowest region holding them all.
func (s *Service) place(ctx context.Context, scope, regionCode string, codes []string, current []gridAt,
	field func(code *apperr.Error, f, m string)) (code, path string, grids []gridAt) {
	grids = current
	if codes != nil {
		grids = nil
		for i, c := range codes {
			g, err := s.regions.Get(ctx, scope, c, false)
			if err != nil || g.Level != region.Grid {
				field(apperr.OutOfScope, fmt.Sprintf("grid_codes[%d]", i), "网格 "+c+" 不存在或不在您的管辖范围 / grid not found in your scope")
			} else if !slices.ContainsFunc(grids, func(x gridAt) bool { return x.code == c }) {
				grids = append(grids, gridAt{c, g.Path})
			}
		}
	}
	switch {
	case regionCode != "":
		r, err := s.regions.Get(ctx, scope, regionCode, false)
		if err != nil {
			field(apperr.OutOfScope, "region_code", "区域不存在或不在您的管辖范围 / region not found in your scope")
			return "", "", grids
		}
		for i, g := range grids {
			if !access.Scope(r.Path).Covers(g.path) {
				field(nil, fmt.Sprintf("grid_codes[%d]", i), fmt.Sprintf("网格 %s 不在所属区域 %s 内 / grid outside the member's region", g.code, r.Name))
			}
		}
		return r.Code, r.Path, grids
	case len(grids) > 0:
		paths := make([]string, len(grids))
		for i, g := range grids {
			paths[i] = g.path
		}
		path = commonPath(paths)
		parts := strings.Split(strings.TrimSuffix(path, "/"), "/")
		if !access.Scope(scope).Covers(path) {
			field(nil, "region_code", "所选网格跨越您的管辖范围，请指定所属区域 / the grids span more than your scope: name the region")
		}
		return parts[len(parts)-1], path, grids
	}
	field(nil, "region_code", "请选择所属区域或服务网格 / choose a region or the grids served")
	return "", "", grids
}

// CreateMember adds a member in the caller's scope.
func (s *Service) CreateMember(ctx context.Context, scope string, in MemberInput) (Member, error) {
	p, err := s.check(ctx, scope, &in, nil)
	if err != nil {
		return Member{}, err
	}
	id := uuid.Must(uuid.NewV7()).String()
	now := s.now()
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, `INSERT INTO team_members (id, type, name, phone_enc, phone_idx, user_id, unit_id, duty,
			region_code, region_path, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
			id, in.Type, in.Name, s.pii.Seal(p.phone), s.pii.Index("phone", p.phone), nullable(in.UserID), nullable(in.UnitID),
			in.Duty, p.code, p.path, now, now); err != nil {
			if errors.Is(err, db.ErrUnique) {
				return ErrPhoneTaken
			}
			return fmt.Errorf("team member: create: %w", err)
		}
		if err := s.setGrids(ctx, id, p.grids); err != nil {
			return err
		}
		return s.audit.Write(ctx, auditRecord("team_member.create", "team_member", id, memberDetail(in, p)))
	})
	if err != nil {
		return Member{}, err
	}
	return s.Member(ctx, scope, id)
}

// UpdateMember replaces a member's fields, and its grids when the input names them.
func (s *Service) UpdateMember(ctx context.Context, scope, id string, in MemberInput) (Member, error) {
	var out Member
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		cur, err := s.writable(ctx, scope, id)
		if err != nil {
			return err
		}
		p, err := s.check(ctx, scope, &in, cur)
		if err != nil {
			return err
		}
		q := `UPDATE team_members SET type = ?, name = ?, user_id = ?, unit_id = ?, duty = ?, region_code = ?, region_path = ?,
			updated_at = ?`
		args := []any{in.Type, in.Name, nullable(in.UserID), nullable(in.UnitID), in.Duty, p.code, p.path, s.now()}
		if p.phone != "" {
			q, args = q+", phone_enc = ?, phone_idx = ?", append(args, s.pii.Seal(p.phone), s.pii.Index("phone", p.phone))
		}
		if _, err := s.db.Exec(ctx, q+" WHERE id = ?", append(args, id)...); err != nil {
			if errors.Is(err, db.ErrUnique) {
				return ErrPhoneTaken
			}
			return fmt.Errorf("team member: update: %w", err)
		}
		if in.GridCodes != nil {
			if err := s.setGrids(ctx, id, p.grids); err != nil {
				return err
			}
		}
		if err := s.audit.Write(ctx, auditRecord("team_member.update", "team_member", id, memberDetail(in, p))); err != nil {
			return err
		}
		out, err = s.Member(ctx, scope, id)
		return err
	})
	return out, err
}

// SetMemberGrids replaces the grids a member serves.
func (s *Service) SetMemberGrids(ctx context.Context, scope, id string, codes []string) (Member, error) {
	var out Member
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.writable(ctx, scope, id); err != nil {
			return err
		}
		m, err := s.Member(ctx, scope, id)
		if err != nil {
			return err
		}
		if codes == nil {
			codes = []string{}
		}
		var bad apperr.Invalid
		_, _, p := s.place(ctx, scope, m.RegionCode, codes, nil, func(code *apperr.Error, f, msg string) {
			bad = append(bad, code.On("body."+f, msg))
		})
		if len(bad) > 0 {
			return bad
		}
		if err := s.setGrids(ctx, id, p); err != nil {
			return err
		}
		if err := s.audit.Write(ctx, auditRecord("team_member.grids", "team_member", id, map[string]any{"grid_codes": codesOf(p)})); err != nil {
			return err
		}
		out, err = s.Member(ctx, scope, id)
		return err
	})
	return out, err
}

// DeleteMember removes a member and its grid assignments.
func (s *Service) DeleteMember(ctx context.Context, scope, id string) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.writable(ctx, scope, id); err != nil {
			return err
		}
		m, err := s.Member(ctx, scope, id)
		if err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, "DELETE FROM team_members WHERE id = ?", id); err != nil {
			return fmt.Errorf("team member: delete: %w", err)
		}
		return s.audit.Write(ctx, auditRecord("team_member.delete", "team_member", id, map[string]any{"name": m.Name, "type": m.Type}))
	})
}

func memberDetail(in MemberInput, p placed) map[string]any {
	return map[string]any{"type": in.Type, "name": in.Name, "phone": pii.MaskPhone(p.phone), "duty": in.Duty,
		"region_code": p.code, "unit_id": in.UnitID, "user_id": in.UserID, "grid_codes": codesOf(p.grids)}
}

func codesOf(gs []gridAt) []string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = g.code
	}
	return out
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
