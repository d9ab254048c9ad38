package event

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"healthgrid/internal/access"
)

// ActionInput is one action on an event: `action` and the fields it takes.
type ActionInput struct {
	Action        Action     `json:"action" doc:"register, reject, merge, dispatch, self_handle, whistle, report_in, accept, return, handle, extend, approve_extension, deny_extension, verify, reopen, evaluate, suspend, resume, supervise, escalate"`
	Comment       string     `json:"comment,omitempty" maxLength:"2000" text:"multiline"`
	IntoEventID   string     `json:"into_event_id,omitempty" doc:"merge: the event this one joins"`
	LeadUnitID    string     `json:"lead_unit_id,omitempty" doc:"dispatch: the lead department"`
	CoUnitIDs     []string   `json:"co_unit_ids,omitempty" maxItems:"20" doc:"dispatch: co-handling departments"`
	UnitIDs       []string   `json:"unit_ids,omitempty" maxItems:"20" doc:"whistle: the departments summoned"`
	TaskID        string     `json:"task_id,omitempty" doc:"task actions: report_in, accept, return, handle, extend, approve_extension, deny_extension, reopen"`
	Rating        int        `json:"rating,omitempty" minimum:"0" maximum:"5" doc:"evaluate: satisfaction 1–5"`
	Deadline      *time.Time `json:"deadline,omitempty" doc:"extend: the deadline asked for; supervise: a new deadline; whistle: the report-in deadline"`
	AttachmentIDs []string   `json:"attachment_ids,omitempty" maxItems:"9" doc:"accept, return, handle, verify: the caller's uploads (POST /attachments) that come with it"`
}

// needsComment are the actions that must say why.
var needsComment = []Action{ActReject, ActReturn, ActHandle, ActExtend, ActReopen, ActSuspend, ActSupervise, ActEscalate}

// Act takes one action on an event, in one transaction with the event row
// locked: the table in flow.go decides whether the caller may, the action
// moves the event and its tasks on, and the timeline records it.
func (s *Service) Act(ctx context.Context, caller *access.Principal, id string, in ActionInput) (Event, error) {
	if err := s.Apply(ctx, caller, id, in); err != nil {
		return Event{}, err
	}
	return s.Get(ctx, caller, id)
}

// Apply is Act without reading the event back, for callers that take many
// actions (the demo seed, partner systems).
func (s *Service) Apply(ctx context.Context, caller *access.Principal, id string, in ActionInput) error {
	in.Comment = strings.TrimSpace(in.Comment)
	if err := checkAction(in); err != nil {
		return err
	}
	if err := checkAttachments(in.Action, in.AttachmentIDs); err != nil {
		return err
	}
	// the numbers typed into the comment are masked in it and sealed beside
	// it, wherever it goes: the timeline, a task's feedback, a notification
	comment := s.pii.SealText(in.Comment)
	in.Comment = comment.Masked
	return s.db.InTx(ctx, func(ctx context.Context) error {
		// a merge locks both events; the lower id first, as the SLA sweep
		// locks its batches, so that the two never wait on each other
		if in.Action == ActMerge && in.IntoEventID != "" && in.IntoEventID < id {
			var got string
			err := s.db.QueryRow(ctx, "SELECT id FROM events WHERE id = ?"+s.db.Dialect.ForUpdate(), in.IntoEventID).Scan(&got)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("event: lock: %w", err)
			}
		}
		e, _, err := s.visible(ctx, caller, id, true)
		if err != nil {
			return err
		}
		m, err := s.matters.Matter(ctx, e.MatterCode)
		if err != nil {
			return err
		}
		c := &check{p: caller, e: e, m: m}
		t, err := c.may(in.Action, in.TaskID)
		if err != nil {
			return err
		}
		tasks := len(e.Tasks)
		now := s.now().UTC().Truncate(time.Microsecond)
		en := Entry{At: now, Action: in.Action, ActorID: caller.UserID, Actor: caller.Name, TaskID: in.TaskID,
			FromStatus: e.Status, Comment: in.Comment, commentPII: comment.Sealed, Detail: map[string]any{}}
		a := &act{s: s, c: c, t: t, in: in, now: now, en: &en}
		if err := a.apply(ctx); err != nil {
			return err
		}
		e.UpdatedAt = now
		if err := s.saveEvent(ctx, e); err != nil {
			return err
		}
		for i := range e.Tasks {
			if a.changed[e.Tasks[i].ID] {
				if err := s.saveTask(ctx, &e.Tasks[i], now); err != nil {
					return err
				}
			}
		}
		en.ToStatus = e.Status
		if err := s.recordAttached(ctx, caller, e.ID, en, in.AttachmentIDs); err != nil {
			return err
		}
		ch, err := s.change(ctx, e, en, len(e.Tasks)-tasks)
		if err != nil {
			return err
		}
		return s.observe(ctx, ch)
	})
}

// checkAction validates the fields an action needs before anything is read.
func checkAction(in ActionInput) error {
	r, ok := flow[in.Action]
	switch {
	case !ok:
		return unknownAction(in.Action)
	case r.tasks != nil && in.TaskID == "":
		return required("task_id", "任务")
	case slices.Contains(needsComment, in.Action) && in.Comment == "":
		return required("comment", "说明")
	case in.Action == ActMerge && in.IntoEventID == "":
		return required("into_event_id", "合并到的事件")
	case in.Action == ActDispatch && in.LeadUnitID == "":
		return required("lead_unit_id", "主办单位")
	case in.Action == ActWhistle && len(in.UnitIDs) == 0:
		return required("unit_ids", "吹哨单位")
	case (in.Action == ActWhistle || in.Action == ActExtend) && in.Deadline == nil:
		return required("deadline", "期限")
	case in.Action == ActEvaluate && (in.Rating < 1 || in.Rating > 5):
		return errRating.Field("body.rating")
	}
	return nil
}

// act is one action being applied.
type act struct {
	s       *Service
	c       *check
	t       *Task // the task of a task action
	in      ActionInput
	now     time.Time
	en      *Entry
	changed map[string]bool // tasks to write back
}

func (a *act) touch(t *Task) {
	if a.changed == nil {
		a.changed = map[string]bool{}
	}
	a.changed[t.ID] = true
}

func (a *act) apply(ctx context.Context) error {
	e, t := a.c.e, a.t
	switch a.in.Action {
	case ActRegister:
		e.Status, e.RegisteredAt = Registered, &a.now
	case ActReject:
		e.Status, e.Deadline = NotAccepted, nil
	case ActMerge:
		return a.merge(ctx)
	case ActDispatch:
		return a.dispatch(ctx)
	case ActSelfHandle:
		return a.selfHandle(ctx)
	case ActWhistle:
		return a.whistle(ctx)
	case ActReportIn:
		t.Status, t.ReportedInAt, t.AcceptedAt = TaskAccepted, &a.now, &a.now
		a.touch(t)
		return a.startTask(ctx, t)
	case ActAccept:
		t.Status, t.AcceptedAt = TaskAccepted, &a.now
		a.touch(t)
	case ActReturn:
		return a.giveBack(ctx)
	case ActHandle:
		t.Status, t.HandledAt, t.Feedback, t.feedbackPII = TaskHandled, &a.now, a.in.Comment, a.en.commentPII
		a.touch(t)
		return a.maybeDone(ctx)
	case ActExtend, ActApproveExtension, ActDenyExtension:
		return a.extension()
	case ActVerify:
		e.Status, e.ClosedAt = Closed, &a.now // the verify deadline stays: closed on time or not
	case ActReopen:
		return a.reopen(ctx)
	case ActEvaluate:
		e.Status, e.Rating, e.EvaluatedAt = Evaluated, a.in.Rating, &a.now
		a.en.Detail["rating"] = a.in.Rating
	case ActSuspend:
		e.ResumeStatus, e.Status, e.suspendedAt = e.Status, Suspended, &a.now
	case ActResume:
		return a.resume(ctx)
	case ActSupervise:
		return a.supervise()
	case ActEscalate:
		e.centrePath = parentOf(e.centrePath)
		e.CentreCode = access.Scope(e.centrePath).Code()
		a.en.Detail["centre"] = e.CentreCode
		r, err := a.s.regions.Get(ctx, "", e.CentreCode, false)
		if err != nil {
			return fmt.Errorf("event: centre %s: %w", e.CentreCode, err)
		}
		a.en.Detail["centre_name"] = r.Name
	}
	return nil
}
