package event_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/db"
	"healthgrid/internal/event"
	"healthgrid/internal/files"
	"healthgrid/internal/testkit"
)

// eachAttachEnv is eachEnv with the attachments kept on disk.
func eachAttachEnv(t *testing.T, fn func(t *testing.T, e *env, f *files.Service)) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		disk, err := files.NewDisk(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		// the service without attachments answers who may read an event as well
		f := files.New(files.Deps{DB: d, Store: disk, Limits: files.DefaultLimits, Events: e.s, Now: e.clock.Now})
		e.deps.Attachments = f
		e.s = event.New(e.deps)
		fn(t, e, f)
	})
}

var photo = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")

func upload(t *testing.T, f *files.Service, p *access.Principal, name string) string {
	t.Helper()
	a, err := f.Upload(context.Background(), p, name, bytes.NewReader(photo))
	if err != nil {
		t.Fatal(err)
	}
	return a.ID
}

// handling is a case dispatched to the CDC, which has signed for it.
func (e *env) handling(t *testing.T) (event.Event, string) {
	t.Helper()
	ev := e.report(t, "CRB-01")
	e.do(t, e.centre, ev.ID, event.ActionInput{Action: "register"})
	ev = e.do(t, e.centre, ev.ID, event.ActionInput{Action: "dispatch", LeadUnitID: e.units["cdc"]})
	task := taskOf(t, ev, e.units["cdc"]).ID
	return e.do(t, e.cdc, ev.ID, event.ActionInput{Action: "accept", TaskID: task}), task
}

// A report and the steps after it carry photos: the event lists them with
// the step each came with, and each timeline entry its own.
func TestAttachmentsFollowTheCase(t *testing.T) {
	eachAttachEnv(t, func(t *testing.T, e *env, f *files.Service) {
		ctx := context.Background()
		lng, lat := 112.705, 38.405
		shots := []string{upload(t, f, e.grid, "现场1.png"), upload(t, f, e.grid, "现场2.png")}
		ev, err := e.s.Create(ctx, e.grid, event.Input{Source: "grid_worker", MatterCode: "CRB-01", Title: "发热聚集",
			Lng: &lng, Lat: &lat, AttachmentIDs: append(shots, shots[0])}) // a repeated id counts once
		if err != nil {
			t.Fatal(err)
		}
		if len(ev.Attachments) != 2 || ev.Attachments[0].Action != "report" || ev.Attachments[0].Name != "现场1.png" ||
			ev.Attachments[0].UploadedBy != "grid" || !slices.Equal(ev.Timeline[0].Attachments, shots) {
			t.Fatalf("report: %+v, timeline %+v", ev.Attachments, ev.Timeline)
		}
		e.do(t, e.centre, ev.ID, event.ActionInput{Action: "register"})
		ev = e.do(t, e.centre, ev.ID, event.ActionInput{Action: "dispatch", LeadUnitID: e.units["cdc"]})
		task := taskOf(t, ev, e.units["cdc"]).ID
		e.do(t, e.cdc, ev.ID, event.ActionInput{Action: "accept", TaskID: task})
		done := upload(t, f, e.cdc, "消毒后.png")
		ev = e.do(t, e.cdc, ev.ID, event.ActionInput{Action: "handle", TaskID: task, Comment: "已消毒", AttachmentIDs: []string{done}})
		last := ev.Attachments[len(ev.Attachments)-1]
		if len(ev.Attachments) != 3 || last.ID != done || last.Action != "handle" || last.TaskID != task ||
			!slices.Equal(ev.Timeline[len(ev.Timeline)-1].Attachments, []string{done}) {
			t.Fatalf("handle: %+v", ev.Attachments)
		}
		check := upload(t, f, e.grid, "核查.png")
		ev = e.do(t, e.grid, ev.ID, event.ActionInput{Action: "verify", AttachmentIDs: []string{check}})
		if ev.Status != event.Closed || ev.Attachments[3].Action != "verify" {
			t.Fatalf("verify with photo: %s %+v", ev.Status, ev.Attachments)
		}
		// the county's CDC reads the grid's photos; the other county reads nothing
		if _, r, err := f.Open(ctx, e.cdc, shots[0]); err != nil {
			t.Errorf("the CDC opens the report's photo: %v", err)
		} else {
			r.Close()
		}
		if _, _, err := f.Open(ctx, e.other, done); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("the other county opens the CDC's photo: %v", err)
		}
	})
}

// A link takes the caller's own uploads not yet attached, or refuses —
// and then the action is not taken.
func TestAttachmentLinkRules(t *testing.T) {
	eachAttachEnv(t, func(t *testing.T, e *env, f *files.Service) {
		ctx := context.Background()
		ev, task := e.handling(t)
		mine, theirs := upload(t, f, e.cdc, "cdc.png"), upload(t, f, e.grid, "grid.png")
		used := upload(t, f, e.grid, "used.png")
		another := event.Input{Source: "grid_worker", MatterCode: "HJWS-01", Title: "另一件", GridCode: grid1, AttachmentIDs: []string{used}}
		if _, err := e.s.Create(ctx, e.grid, another); err != nil {
			t.Fatal(err)
		}
		var inv apperr.Invalid
		if _, err := e.s.Create(ctx, e.grid, another); !errors.As(err, &inv) || inv[0].Field != "body.attachment_ids" ||
			!strings.Contains(inv[0].Message, "已随其他") || !strings.Contains(inv[0].Message, used) {
			t.Errorf("a report with a photo attached already: %v", err)
		}
		tooMany := make([]string, event.MaxAttachments+1)
		for i := range tooMany {
			tooMany[i] = fmt.Sprintf("id-%d", i)
		}
		for _, c := range []struct {
			name string
			in   event.ActionInput
			say  string
		}{
			{"someone else's", event.ActionInput{Action: "handle", TaskID: task, Comment: "好", AttachmentIDs: []string{mine, theirs}}, theirs},
			{"the grid's, attached already", event.ActionInput{Action: "handle", TaskID: task, Comment: "好", AttachmentIDs: []string{used}}, used},
			{"unknown", event.ActionInput{Action: "handle", TaskID: task, Comment: "好", AttachmentIDs: []string{"no-such-id"}}, "no-such-id"},
			{"too many", event.ActionInput{Action: "handle", TaskID: task, Comment: "好", AttachmentIDs: tooMany}, "最多"},
			{"an action without photos", event.ActionInput{Action: "extend", TaskID: task, Comment: "好",
				Deadline: ev.Tasks[0].Deadline, AttachmentIDs: []string{mine}}, "申请延期不能附带"},
		} {
			_, err := e.s.Act(ctx, e.cdc, ev.ID, c.in)
			if !errors.As(err, &inv) || inv[0].Field != "body.attachment_ids" || !strings.Contains(inv[0].Message, c.say) {
				t.Errorf("%s: %v; want a 422 on body.attachment_ids saying %q", c.name, err, c.say)
			}
		}
		got, err := e.s.Get(ctx, e.cdc, ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Tasks[0].Status != event.TaskAccepted || len(got.Timeline) != len(ev.Timeline) || len(got.Attachments) != 0 {
			t.Fatalf("a refused link took the action: task %s, %d entries (was %d), attachments %+v",
				got.Tasks[0].Status, len(got.Timeline), len(ev.Timeline), got.Attachments)
		}
		// the refused link left the caller's own upload free to attach
		got = e.do(t, e.cdc, ev.ID, event.ActionInput{Action: "handle", TaskID: task, Comment: "好", AttachmentIDs: []string{mine}})
		if len(got.Attachments) != 1 || got.Attachments[0].ID != mine {
			t.Errorf("handle after the refusals: %+v", got.Attachments)
		}
	})
}

// Scope: an unlinked upload is its uploader's; a linked one is the event's
// readers', which the event service alone decides.
func TestAttachmentScope(t *testing.T) {
	eachAttachEnv(t, func(t *testing.T, e *env, f *files.Service) {
		ctx := context.Background()
		id := upload(t, f, e.grid, "p.png")
		for _, p := range []*access.Principal{e.centre, e.cdc, e.other} {
			if _, _, err := f.Open(ctx, p, id); !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("%s opens the grid's unlinked upload: %v", p.Username, err)
			}
		}
		lng, lat := 112.705, 38.405
		if _, err := e.s.Create(ctx, e.grid, event.Input{Source: "grid_worker", MatterCode: "HJWS-01", Title: "垃圾",
			Lng: &lng, Lat: &lat, AttachmentIDs: []string{id}}); err != nil {
			t.Fatal(err)
		}
		for p, want := range map[*access.Principal]bool{e.grid: true, e.centre: true, e.countyCentre: true, e.leader: true,
			e.cdc: true, e.street: true, e.other: false} {
			_, r, err := f.Open(ctx, p, id)
			if (err == nil) != want || err != nil && !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("%s opens the linked photo: %v, want allowed %v", p.Username, err, want)
			}
			if r != nil {
				r.Close()
			}
		}
	})
}
