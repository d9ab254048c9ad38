package citizen

import (
	"context"
	"errors"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/event"
)

// Source is the events' source of what residents report from the app.
const Source = "resident_app"

// ReportInput is a problem a resident reports.
type ReportInput struct {
	MatterCode    string   `json:"matter_code" minLength:"1" maxLength:"40" doc:"a matter of the catalogue (GET /matters)"`
	Title         string   `json:"title" minLength:"1" maxLength:"100"`
	Description   string   `json:"description,omitempty" maxLength:"4000" text:"multiline"`
	Lng           float64  `json:"lng" minimum:"73" maximum:"136" doc:"WGS-84, as the browser's geolocation gives it (not a map vendor's GCJ-02)"`
	Lat           float64  `json:"lat" minimum:"3" maximum:"54"`
	Address       string   `json:"address,omitempty" maxLength:"200"`
	AttachmentIDs []string `json:"attachment_ids,omitempty" maxItems:"9" doc:"the caller's uploads (POST /attachments)"`
}

// Step is one step of a report a resident sees.
type Step struct {
	Step string    `json:"step" enum:"received,accepted,not_accepted,handled,closed,rated"`
	At   time.Time `json:"at"`
	Unit string    `json:"unit,omitempty" doc:"handled: the unit that handled it"`
}

// Report is a resident's report as they see it: no staff, no internal comments.
type Report struct {
	ID          string   `json:"id" doc:"the event's id"`
	Number      string   `json:"number" doc:"the event's case number"`
	Status      string   `json:"status" enum:"received,accepted,not_accepted,handled,closed"`
	Rated       bool     `json:"rated"`
	Rating      int      `json:"rating,omitempty"`
	MatterCode  string   `json:"matter_code"`
	MatterName  string   `json:"matter_name"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Address     string   `json:"address"`
	Lng         *float64 `json:"lng,omitempty"`
	Lat         *float64 `json:"lat,omitempty"`
	GridName    string   `json:"grid_name"`
	// Attachments are the photos the resident sent
	Attachments []string  `json:"attachments,omitempty"`
	Steps       []Step    `json:"steps,omitempty" doc:"one report only, oldest first"`
	ReportedAt  time.Time `json:"reported_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// statusOf is the event's status in the resident's words.
func statusOf(st string) string {
	switch st {
	case event.Reported:
		return "received"
	case event.NotAccepted:
		return "not_accepted"
	case event.PendingVerify:
		return "handled"
	case event.Closed, event.Evaluated:
		return "closed"
	}
	return "accepted"
}

// stepOf are the timeline's actions a resident sees, and as which step.
var stepOf = map[event.Action]string{event.ActReport: "received", event.ActRegister: "accepted",
	event.ActSelfHandle: "accepted", event.ActReject: "not_accepted", event.ActHandle: "handled",
	event.ActVerify: "closed", event.ActEvaluate: "rated"}

// view is an event as its reporter sees it; steps only with the timeline.
func view(e event.Event) Report {
	r := Report{ID: e.ID, Number: e.Number, Status: statusOf(e.Status), Rated: e.Status == event.Evaluated, Rating: e.Rating,
		MatterCode: e.MatterCode, MatterName: e.MatterName, Title: e.Title, Description: e.Description, Address: e.Address,
		Lng: e.Lng, Lat: e.Lat, GridName: e.GridName, ReportedAt: e.ReportedAt, UpdatedAt: e.UpdatedAt}
	units := map[string]string{}
	for _, t := range e.Tasks {
		units[t.ID] = t.UnitName
	}
	for _, en := range e.Timeline {
		step, ok := stepOf[en.Action]
		if !ok || len(r.Steps) > 0 && r.Steps[len(r.Steps)-1].Step == step {
			continue
		}
		s := Step{Step: step, At: en.At}
		if step == "handled" {
			s.Unit = units[en.TaskID]
		}
		r.Steps = append(r.Steps, s)
		if en.Action == event.ActReport {
			r.Attachments = en.Attachments
		}
	}
	return r
}

// File reports a problem through the event intake, as the caller, from
// anywhere in the city: the point places it in its grid.
func (s *Service) File(ctx context.Context, p *access.Principal, in ReportInput) (Report, error) {
	if err := s.limit(ctx, "report", p, reportsPerUser, reportsPerIP); err != nil {
		return Report{}, err
	}
	wide, err := s.everywhere(ctx, p)
	if err != nil {
		return Report{}, err
	}
	id, err := s.events.Report(ctx, wide, event.Input{Source: Source, MatterCode: in.MatterCode, Title: in.Title,
		Description: in.Description, Lng: &in.Lng, Lat: &in.Lat, Address: in.Address, AttachmentIDs: in.AttachmentIDs})
	if err != nil {
		return Report{}, err
	}
	return s.Mine(ctx, p, id)
}

// Mine is one of the caller's own reports.
func (s *Service) Mine(ctx context.Context, p *access.Principal, id string) (Report, error) {
	e, err := s.events.Get(ctx, p, id)
	if errors.Is(err, apperr.ErrNotFound) || err == nil && e.ReporterID != p.UserID {
		return Report{}, ErrNoReport
	}
	if err != nil {
		return Report{}, err
	}
	return view(e), nil
}

// Reports is a page of the caller's own reports, newest first.
func (s *Service) Reports(ctx context.Context, p *access.Principal, offset, limit int) ([]Report, int, error) {
	wide, err := s.everywhere(ctx, p)
	if err != nil {
		return nil, 0, err
	}
	items, total, err := s.events.List(ctx, wide, event.Filter{Reporter: p.UserID}, offset, limit)
	out := make([]Report, len(items))
	for i, e := range items {
		out[i] = view(e)
	}
	return out, total, err
}

// Rating is a resident's rating of a closed report.
type Rating struct {
	Rating  int    `json:"rating" minimum:"1" maximum:"5" doc:"satisfaction 1–5"`
	Comment string `json:"comment,omitempty" maxLength:"500" text:"multiline"`
}

// Rate confirms and rates the caller's closed report: the event's evaluation.
func (s *Service) Rate(ctx context.Context, p *access.Principal, id string, in Rating) (Report, error) {
	r, err := s.Mine(ctx, p, id)
	if err != nil {
		return Report{}, err
	}
	if r.Status != "closed" || r.Rated {
		return Report{}, errNotClosed
	}
	if _, err := s.events.Act(ctx, p, id, event.ActionInput{Action: event.ActEvaluate, Rating: in.Rating,
		Comment: in.Comment}); err != nil {
		return Report{}, err
	}
	return s.Mine(ctx, p, id)
}
