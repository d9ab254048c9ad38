package riskarea

import (
	"context"
	"fmt"
	"strings"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/china"
	"healthgrid/internal/notice"
)

// step is an action on an area: the statuses it starts from, the status
// it leads to (downgrade keeps "downgraded"), and its audit action. The same
// table gives each area the actions its caller may take.
type step struct {
	action string
	from   map[string]bool
	to     string
}

var flow = []step{
	{"publish", map[string]bool{"draft": true}, "published"},
	{"downgrade", map[string]bool{"published": true, "downgraded": true}, "downgraded"},
	{"lift", map[string]bool{"published": true, "downgraded": true}, "lifted"},
}

// ErrNotNow is an action the area's status does not allow.
var ErrNotNow = apperr.New(apperr.ErrConflict, "epidemic.riskarea_not_now", "风险区域当前状态不允许此操作 / not allowed in the area's status")

// AreaAction is an action on an area.
type AreaAction struct {
	Action string `json:"action" enum:"publish,downgrade,lift"`
	Level  string `json:"level,omitempty" enum:"medium,low," doc:"downgrade: the new level, below the current one"`
	Note   string `json:"note,omitempty" maxLength:"500"`
}

// Act publishes, downgrades or lifts an area in the caller's scope, with
// its public notice, in one transaction.
func (s *Service) Act(ctx context.Context, p *access.Principal, id string, in AreaAction) (RiskArea, error) {
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		a, err := s.load(ctx, id)
		if err != nil {
			return err
		}
		if !p.Covers(a.path) {
			return ErrAreaNotFound
		}
		to := a.Level
		switch in.Action {
		case "downgrade":
			if rank(in.Level) == 0 || rank(in.Level) >= rank(a.Level) {
				return apperr.Invalid{errLevel.At("body.level")}
			}
			to = in.Level
		case "lift":
			to = "lifted"
		}
		return s.change(ctx, p, a, in.Action, to, in.Note)
	})
	if err != nil {
		return RiskArea{}, err
	}
	return s.Get(ctx, p, id)
}

// change moves an area — to a level, or "lifted" — by action, with its
// notice, history line and audit record, in the transaction ctx carries.
func (s *Service) change(ctx context.Context, p *access.Principal, a RiskArea, action, to, note string) error {
	var st *step
	for i := range flow {
		if flow[i].action == action || (action == "expire" && flow[i].action == "lift") {
			st = &flow[i]
		}
	}
	if st == nil || !st.from[a.Status] {
		return ErrNotNow
	}
	now := s.now().UTC()
	level, status := a.Level, st.to
	if to != "lifted" {
		level = to
	}
	residents, err := s.countInside(ctx, a)
	if err != nil {
		return err
	}
	noticeID, err := s.notices.Issue(ctx, p, s.noticeOf(a, action, to, now))
	if err != nil {
		return fmt.Errorf("riskarea: notice: %w", err)
	}
	q := `UPDATE epi_risk_areas SET level = ?, status = ?, level_since = ?, residents = ?, notice_id = ?, updated_at = ?`
	args := []any{level, status, now, residents, noticeID, now}
	if action == "publish" {
		q, args = q+", valid_from = ?", append(args, now)
	}
	if _, err := s.db.Exec(ctx, q+" WHERE id = ?", append(args, a.ID)...); err != nil {
		return fmt.Errorf("riskarea: %s: %w", action, err)
	}
	if err := s.addChange(ctx, a.ID, AreaChange{At: now, Action: action, FromLevel: a.Level, ToLevel: to, FromStatus: a.Status,
		ToStatus: status, By: p.Name, Note: note, NoticeID: noticeID}); err != nil {
		return err
	}
	return s.audit.Write(ctx, audit.Record{Action: "epidemic.riskarea." + action, ObjectType: "risk_area", ObjectID: a.ID,
		Detail: map[string]any{"name": a.Name, "from": a.Level, "to": to, "notice": noticeID, "residents": residents}})
}

// noticeOf is the public notice of an area's change, to its county (or the
// region it names, when that is wider).
func (s *Service) noticeOf(a RiskArea, action, to string, now time.Time) notice.Input {
	target := access.Scope(a.path).Head(access.County)
	when := now.In(china.Zone).Format("2006年1月2日15时")
	var title, body string
	switch action {
	case "publish":
		title = fmt.Sprintf("关于将%s划定为%s的通告", a.Name, LevelNames[to])
		body = fmt.Sprintf("自%s起，将%s划定为%s。请区域内居民配合落实相应防控措施，非必要不外出；区域外人员暂勿前往。", when, a.Name, LevelNames[to])
	case "downgrade":
		title = fmt.Sprintf("关于将%s调整为%s的通告", a.Name, LevelNames[to])
		body = fmt.Sprintf("经研判，自%s起，%s由%s调整为%s，防控措施相应调整。", when, a.Name, LevelNames[a.Level], LevelNames[to])
	default:
		title = fmt.Sprintf("关于解除%s%s的通告", a.Name, LevelNames[a.Level])
		body = fmt.Sprintf("经研判，自%s起，解除%s的%s管控措施，恢复正常生产生活秩序。", when, a.Name, LevelNames[a.Level])
	}
	body += "\n\n" + strings.TrimSpace("请广大居民持续做好个人防护，如有发热等症状请及时就医。")
	return notice.Input{Kind: notice.KindNotice, Title: title, Body: body, TargetCodes: []string{target.Code()}}
}
