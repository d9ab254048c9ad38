package notify

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"healthgrid/internal/event"
)

// A resident who reported a case hears of it in their own words, in the
// app, and only where it concerns them: never who acted or what the staff
// wrote on the case. The staff's rules (rules.go) leave residents out.

// reportLink is the app's page of a resident's report.
func reportLink(eventID string) string { return "/app/reports/" + eventID }

// residentNote is what a resident hears of change c to a case they
// reported (own) or that their report was merged into; false: nothing.
// Their case closed, ready to rate, is the one they must act on.
func residentNote(c event.Change, own bool) (Note, bool) {
	head := c.Number + " " + strings.TrimSpace(c.Title)
	closed := c.Status == event.Closed && c.FromStatus != event.Closed
	switch {
	case closed && own:
		return Note{Kind: "report_closed", Title: "您反映的问题已办结，请评价",
			Body: head + "\n请在“我的反映”中确认办理结果，并对本次办理作出评价。", Link: reportLink(c.EventID)}, true
	case closed:
		return Note{Kind: "report_closed", Title: "您反映的问题已办结",
			Body: "您反映的问题已并入案卷 " + c.Number + " 一并办理，该案卷已办结。", Link: "/app/reports"}, true
	case own && c.Action == event.ActReject:
		return Note{Kind: "report_rejected", Title: "您反映的问题未予受理", Body: head, Link: reportLink(c.EventID)}, true
	case own && c.Action == event.ActMerge:
		return Note{Kind: "report_merged", Title: "您反映的问题已并入同一案卷办理", Body: head, Link: reportLink(c.EventID)}, true
	}
	return Note{}, false
}

// residents are the deliveries to the residents among the reporters of c.
func (r *resolver) residents(ctx context.Context, c event.Change) ([]delivery, error) {
	closed := c.Status == event.Closed && c.FromStatus != event.Closed
	if !closed && c.Action != event.ActReject && c.Action != event.ActMerge {
		return nil, nil // nothing a resident hears of: no directory query
	}
	var ids []string
	if c.ReporterID != "" {
		ids = append(ids, c.ReporterID)
	}
	if closed {
		ids = append(ids, c.MergedReporters...)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	people, err := r.find(ctx, Query{IDs: ids})
	if err != nil {
		return nil, err
	}
	var out []delivery
	for _, p := range people {
		if p.Kind != KindResident || p.ID == c.ActorID {
			continue
		}
		own := p.ID == c.ReporterID
		note, ok := residentNote(c, own)
		if !ok {
			continue
		}
		n := Notification{ID: uuid.Must(uuid.NewV7()).String(), Kind: note.Kind, Title: note.Title, Body: note.Body,
			Link: note.Link, Priority: event.Normal, CreatedAt: c.At}
		if own {
			n.EventID = c.EventID
		}
		out = append(out, delivery{to: p, n: n})
	}
	return out, nil
}
