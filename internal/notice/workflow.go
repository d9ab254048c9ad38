package notice

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
)

// check trims the input and resolves its targets, each within the caller's
// scope; a target twice, or inside another target, is one target.
func (s *Service) check(ctx context.Context, p *access.Principal, in *Input) ([]Target, error) {
	in.Title, in.Summary, in.Body = strings.TrimSpace(in.Title), strings.TrimSpace(in.Summary), strings.TrimSpace(in.Body)
	var bad apperr.Invalid
	if in.Kind != KindNotice && in.Kind != KindArticle {
		bad = append(bad, apperr.FieldError{Field: "body.kind", Message: "类型应为通知公告或健康科普 / kind must be notice or article"})
	}
	if in.Title == "" {
		bad = append(bad, apperr.Required.On("body.title", "标题不能为空 / title is required"))
	}
	if in.Body == "" {
		bad = append(bad, apperr.Required.On("body.body", "正文不能为空 / body is required"))
	}
	if len(in.TargetCodes) == 0 || len(in.TargetCodes) > MaxTargets {
		bad = append(bad, apperr.FieldError{Field: "body.target_codes",
			Message: fmt.Sprintf("发布范围须为 1–%d 个区划 / choose 1 to %d target regions", MaxTargets, MaxTargets)})
	}
	var ts []Target
	for i, code := range in.TargetCodes {
		path, err := s.regions.Within(ctx, p.RegionPath, code)
		if err != nil {
			bad = append(bad, apperr.FieldError{Field: fmt.Sprintf("body.target_codes[%d]", i),
				Message: "区划不存在或不在您的管辖范围 / region not found in your scope: " + code})
			continue
		}
		ts = append(ts, Target{Code: code, path: path})
	}
	if len(bad) > 0 {
		return nil, bad
	}
	if in.Summary == "" {
		in.Summary = excerpt(in.Body, 80)
	}
	// the widest target first; one inside another adds nobody
	slices.SortFunc(ts, func(a, b Target) int { return strings.Compare(a.path, b.path) })
	out := ts[:0]
	for _, t := range ts {
		if len(out) == 0 || !access.Scope(out[len(out)-1].path).Covers(t.path) {
			out = append(out, t)
		}
	}
	return out, nil
}

// excerpt is the body's first line, cut to n characters.
func excerpt(body string, n int) string {
	line, _, _ := strings.Cut(body, "\n")
	line = strings.TrimSpace(line)
	if utf8.RuneCountInString(line) <= n {
		return line
	}
	return string([]rune(line)[:n]) + "…"
}

// Create writes a draft owned by the caller's region.
func (s *Service) Create(ctx context.Context, p *access.Principal, in Input) (Notice, error) {
	ts, err := s.check(ctx, p, &in)
	if err != nil {
		return Notice{}, err
	}
	id, now := uuid.Must(uuid.NewV7()).String(), s.now().UTC()
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, `INSERT INTO notices (id, kind, title, summary, body, status, owner_path, author_id,
			author_name, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`, id, in.Kind, in.Title, in.Summary, in.Body,
			Draft, p.RegionPath, p.UserID, p.Name, now, now); err != nil {
			return fmt.Errorf("notice: create: %w", err)
		}
		if err := s.setTargets(ctx, id, ts); err != nil {
			return err
		}
		return s.audit.Write(ctx, record("notice.create", id, in))
	})
	if err != nil {
		return Notice{}, err
	}
	return s.Get(ctx, p, id)
}

// Update replaces a draft's content.
func (s *Service) Update(ctx context.Context, p *access.Principal, id string, in Input) (Notice, error) {
	ts, err := s.check(ctx, p, &in)
	if err != nil {
		return Notice{}, err
	}
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		n, err := s.mine(ctx, p, id)
		if err != nil {
			return err
		}
		if n.Status != Draft {
			return ErrNotEditable
		}
		if _, err := s.db.Exec(ctx, `UPDATE notices SET kind = ?, title = ?, summary = ?, body = ?, updated_at = ?
			WHERE id = ?`, in.Kind, in.Title, in.Summary, in.Body, s.now().UTC(), id); err != nil {
			return fmt.Errorf("notice: update: %w", err)
		}
		if err := s.setTargets(ctx, id, ts); err != nil {
			return err
		}
		return s.audit.Write(ctx, record("notice.update", id, in))
	})
	if err != nil {
		return Notice{}, err
	}
	return s.Get(ctx, p, id)
}

// Delete removes a draft.
func (s *Service) Delete(ctx context.Context, p *access.Principal, id string) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		n, err := s.mine(ctx, p, id)
		if err != nil {
			return err
		}
		if n.Status != Draft {
			return ErrNotEditable
		}
		if _, err := s.db.Exec(ctx, "DELETE FROM notices WHERE id = ?", id); err != nil {
			return fmt.Errorf("notice: delete: %w", err)
		}
		return s.audit.Write(ctx, audit.Record{Action: "notice.delete", ObjectType: "notice", ObjectID: id,
			Detail: map[string]any{"title": n.Title}})
	})
}

// Steps a notice takes after it is written.
const (
	Submit   = "submitted"
	Approve  = "approved"
	Reject   = "rejected"
	Withdraw = "withdrawn"
)

// steps: the status each starts from, the one it leads to, whether it is
// a reviewer's, and its audit action.
var steps = map[string]struct {
	from, to string
	review   bool
	audit    string
}{
	Submit:   {Draft, Pending, false, "notice.submit"},
	Approve:  {Pending, Published, true, "notice.approve"},
	Reject:   {Pending, Draft, true, "notice.reject"},
	Withdraw: {Published, Withdrawn, false, "notice.withdraw"},
}

// Step moves a notice on: submit a draft, approve or reject it (a reviewer
// other than the author, holding notice:review), withdraw a published one.
// Reject and withdraw say why in comment.
func (s *Service) Step(ctx context.Context, p *access.Principal, id, step, comment string) (Notice, error) {
	st, ok := steps[step]
	comment = strings.TrimSpace(comment)
	switch {
	case !ok:
		return Notice{}, apperr.Field("body.step", "未知的操作 / unknown step "+step)
	case (step == Reject || step == Withdraw) && comment == "":
		return Notice{}, apperr.Invalid{apperr.Required.On("body.comment", "请填写原因 / say why")}
	case st.review && !p.Can("notice:review"):
		return Notice{}, errReview
	}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		n, err := s.mine(ctx, p, id)
		switch {
		case err != nil:
			return err
		case n.Status != st.from:
			return notNow(step, n.Status)
		case st.review && n.AuthorID == p.UserID:
			return ErrOwnReview
		}
		now := s.now().UTC()
		q, args := "UPDATE notices SET status = ?, updated_at = ?", []any{st.to, now}
		switch step {
		case Approve:
			q, args = q+", reviewer_id = ?, reviewer_name = ?, review_comment = ?, published_at = ?",
				append(args, p.UserID, p.Name, comment, now)
		case Reject:
			q, args = q+", reviewer_id = ?, reviewer_name = ?, review_comment = ?", append(args, p.UserID, p.Name, comment)
		case Withdraw:
			q, args = q+", review_comment = ?, withdrawn_at = ?", append(args, comment, now)
		}
		if _, err := s.db.Exec(ctx, q+" WHERE id = ?", append(args, id)...); err != nil {
			return fmt.Errorf("notice: %s: %w", step, err)
		}
		return s.audit.Write(ctx, audit.Record{Action: st.audit,
			ObjectType: "notice", ObjectID: id, Detail: map[string]any{"title": n.Title, "comment": comment}})
	})
	if err != nil {
		return Notice{}, err
	}
	return s.Get(ctx, p, id)
}

// mine is a notice the caller's scope holds, locked for a change.
func (s *Service) mine(ctx context.Context, p *access.Principal, id string) (Notice, error) {
	n, err := s.load(ctx, id, true)
	if err != nil {
		return Notice{}, err
	}
	if !p.Covers(n.ownerPath) {
		return Notice{}, ErrNotFound
	}
	return n, nil
}

// Get is a notice the caller's scope holds, for the console.
func (s *Service) Get(ctx context.Context, p *access.Principal, id string) (Notice, error) {
	n, err := s.load(ctx, id, false)
	if err != nil {
		return Notice{}, err
	}
	if !p.Covers(n.ownerPath) {
		return Notice{}, ErrNotFound
	}
	return n, nil
}

func record(action, id string, in Input) audit.Record {
	return audit.Record{Action: action, ObjectType: "notice", ObjectID: id,
		Detail: map[string]any{"kind": in.Kind, "title": in.Title, "targets": in.TargetCodes}}
}
