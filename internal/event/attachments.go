package event

import (
	"context"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/files"
)

// Attachments keeps the photos and videos that reports and actions carry;
// files.Service implements it.
type Attachments interface {
	// Link gives the uploader's own unlinked uploads to an event and its
	// timeline entry, in the transaction ctx carries; any other id refuses
	// the whole link with a 422 on field.
	Link(ctx context.Context, field, uploader string, ids []string, eventID, entryID string) error
	// Linked is an event's attachments, oldest first.
	Linked(ctx context.Context, eventID string) ([]files.Attachment, error)
}

// Attachment is a photo or video of an event, with the step it came with.
type Attachment struct {
	files.Attachment
	Action Action `json:"action" doc:"the step it came with: report, accept, return, handle or verify"`
	TaskID string `json:"task_id,omitempty" doc:"the task of that step, if any"`
}

// MaxAttachments is how many files one report or action may carry.
const MaxAttachments = 9

// attachable are the actions that may carry photos or videos besides the
// report itself: a department signing for a task or giving it back shows
// what it found, handling shows the work done, and verification is "with
// photo" (现场核查拍照).
var attachable = []Action{ActAccept, ActReturn, ActHandle, ActVerify}

// checkAttachments refuses attachment_ids an action does not take, or too many.
func checkAttachments(action Action, ids []string) error {
	switch {
	case len(ids) == 0:
		return nil
	case action != ActReport && !slices.Contains(attachable, action):
		return errNotAttachable.Withf(apperr.P{"action": string(action)}, "%s不能附带照片或视频,只有上报、签收、回退、处置反馈和核查结案可以 / "+
			"%s takes no attachments: only a report, accept, return, handle and verify do", actionLabel[action], action).Field("body.attachment_ids")
	case len(ids) > MaxAttachments:
		return errTooManyFiles.Withf(apperr.P{"max": MaxAttachments}, "最多附带 %d 个文件 / at most %d attachments",
			MaxAttachments, MaxAttachments).Field("body.attachment_ids")
	}
	return nil
}

// recordAttached appends a timeline entry and links the caller's uploads
// ids to the event and to that entry, in the transaction of the step.
func (s *Service) recordAttached(ctx context.Context, caller *access.Principal, eventID string, en Entry, ids []string) error {
	if len(ids) == 0 {
		return s.record(ctx, eventID, en)
	}
	if s.attachments == nil {
		return fmt.Errorf("event: attachments are not kept by this service")
	}
	en.id = uuid.Must(uuid.NewV7()).String()
	if err := s.record(ctx, eventID, en); err != nil {
		return err
	}
	return s.attachments.Link(ctx, "body.attachment_ids", caller.UserID, ids, eventID, en.id)
}

// Readable answers ErrNotFound unless the caller may read event id: the
// rule for its attachments too.
func (s *Service) Readable(ctx context.Context, caller *access.Principal, id string) error {
	e, _, err := s.visible(ctx, caller, id, false)
	if err == nil && !caller.Can("event:read") && e.ReporterID != caller.UserID { // a resident: their own reports only
		return ErrNotFound
	}
	return err
}

// attachmentsOf fills in an event's attachments with the step each came
// with, and each timeline entry's attachment ids.
func (s *Service) attachmentsOf(ctx context.Context, e *Event) error {
	if s.attachments == nil {
		return nil
	}
	linked, err := s.attachments.Linked(ctx, e.ID)
	if err != nil {
		return err
	}
	entries := map[string]*Entry{}
	for i := range e.Timeline {
		entries[e.Timeline[i].id] = &e.Timeline[i]
	}
	for _, a := range linked {
		at := Attachment{Attachment: a}
		if en := entries[a.EntryID]; en != nil {
			at.Action, at.TaskID = en.Action, en.TaskID
			en.Attachments = append(en.Attachments, a.ID)
		}
		e.Attachments = append(e.Attachments, at)
	}
	return nil
}
