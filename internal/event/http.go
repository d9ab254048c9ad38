package event

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/china"
	"healthgrid/internal/httpx"
)

type listInput struct {
	httpx.Page
	Status  string `query:"status" enum:"reported,registered,not_accepted,merged,dispatched,self_handling,pending_verify,closed,evaluated,suspended,"`
	Matter  string `query:"matter" doc:"matter code"`
	Region  string `query:"region" doc:"region or grid code: its subtree, within the caller's scope"`
	Source  string `query:"source" enum:"grid_worker,resident,hotline_12345,upper_assignment,system_alert,open311,resident_app,"`
	Overdue bool   `query:"overdue" doc:"only events past a deadline (their own stage's or an open task's)"`
	From    string `query:"from" pattern:"^(\\d{4}-\\d{2}-\\d{2})?$" doc:"reported on or after this day (China time), yyyy-mm-dd"`
	To      string `query:"to" pattern:"^(\\d{4}-\\d{2}-\\d{2})?$" doc:"reported on or before this day (China time), yyyy-mm-dd"`
	Q       string `query:"q" maxLength:"100" doc:"a case number or its beginning (SJ2026…), else words in the title or address"`
	Whistle bool   `query:"whistle" doc:"only events a whistle (吹哨) summoned departments to"`
	Mine    bool   `query:"mine" doc:"only events with an open task of the caller's unit (or the caller's grids' own)"`
	Order   string `query:"order" enum:"reported,deadline," doc:"reported (default): newest first; deadline: the most urgent open deadline first"`
}

type duplicatesInput struct {
	Matter string  `query:"matter" required:"true" doc:"matter code"`
	Lng    float64 `query:"lng" required:"true" minimum:"73" maximum:"136" doc:"WGS-84"`
	Lat    float64 `query:"lat" required:"true" minimum:"3" maximum:"54"`
}

type idInput struct {
	ID string `path:"id"`
}

type actionInput struct {
	ID   string `path:"id"`
	Body ActionInput
}

// filter turns the query into a Filter inside the caller's scope.
func (s *Service) filter(ctx context.Context, scope string, in *listInput) (Filter, error) {
	f := Filter{Status: in.Status, Matter: in.Matter, Source: in.Source, Overdue: in.Overdue, Mine: in.Mine,
		Q: in.Q, Whistle: in.Whistle, ByDeadline: in.Order == "deadline"}
	var err error
	if in.Region != "" {
		if f.Path, err = s.regions.Within(ctx, scope, in.Region); err != nil {
			return f, err
		}
	}
	day := func(field, v string, next bool) (*time.Time, error) {
		if v == "" {
			return nil, nil
		}
		d, err := time.ParseInLocation("2006-01-02", v, china.Zone)
		if err != nil {
			return nil, errDate.Field("query." + field)
		}
		if next {
			d = d.AddDate(0, 0, 1)
		}
		return &d, nil
	}
	if f.From, err = day("from", in.From, false); err != nil {
		return f, err
	}
	f.To, err = day("to", in.To, true)
	return f, err
}

// Routes registers the event routes.
func (s *Service) Routes(r *httpx.Router) {
	tags := []string{"events"}
	s.statsRoutes(r, tags)
	httpx.Register(r, huma.Operation{OperationID: "list-events", Method: http.MethodGet, Path: "/events",
		Summary: "Events in the caller's scope, newest first", Tags: tags}, "event:read",
		func(ctx context.Context, in *listInput) (*httpx.Body[httpx.List[Event]], error) {
			p := access.From(ctx)
			f, err := s.filter(ctx, p.RegionPath, in)
			if err != nil {
				return nil, err
			}
			items, total, err := s.List(ctx, p, f, in.Offset(), in.Size)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(httpx.List[Event]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size})
		})
	httpx.Register(r, huma.Operation{OperationID: "create-event", Method: http.MethodPost, Path: "/events",
		Summary: "Report a problem", Tags: tags, DefaultStatus: http.StatusCreated}, "event:report",
		func(ctx context.Context, in *httpx.Body[Input]) (*httpx.Body[Event], error) {
			e, err := s.Create(ctx, access.From(ctx), in.Body)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(e)
		})
	httpx.Register(r, huma.Operation{OperationID: "event-duplicates", Method: http.MethodGet, Path: "/events/duplicates",
		Summary: "Likely duplicates of a report: the matter's events of the last 72 hours within 100 m", Tags: tags}, "event:read",
		func(ctx context.Context, in *duplicatesInput) (*httpx.Body[[]Duplicate], error) {
			out, err := s.Duplicates(ctx, access.From(ctx), in.Matter, in.Lng, in.Lat)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(out)
		})
	httpx.Register(r, huma.Operation{OperationID: "get-event", Method: http.MethodGet, Path: "/events/{id}",
		Summary: "One event with its tasks, timeline and the caller's allowed actions", Tags: tags}, "event:read",
		func(ctx context.Context, in *idInput) (*httpx.Body[Event], error) {
			e, err := s.Get(ctx, access.From(ctx), in.ID)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(e)
		})
	httpx.Register(r, huma.Operation{OperationID: "reveal-event", Method: http.MethodPost, Path: "/events/{id}/reveal",
		Summary: "One event with the ID and mobile numbers in it in full; audited", Tags: tags,
		Description: "The reporter's phone, and the numbers typed into the title, description, address, reporter's name, " +
			"tasks' feedback and timeline's comments, which every other answer masks."}, "event:reveal",
		func(ctx context.Context, in *idInput) (*httpx.Body[Event], error) {
			e, err := s.Reveal(ctx, access.From(ctx), in.ID)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(e)
		})
	httpx.Register(r, huma.Operation{OperationID: "event-units", Method: http.MethodGet, Path: "/events/{id}/units",
		Summary: "The units an event may be dispatched or whistled to, the matter's suggestions first", Tags: tags}, "event:read",
		func(ctx context.Context, in *idInput) (*httpx.Body[[]Candidate], error) {
			out, err := s.Candidates(ctx, access.From(ctx), in.ID)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(out)
		})
	httpx.Register(r, huma.Operation{OperationID: "event-action", Method: http.MethodPost, Path: "/events/{id}/actions",
		Summary: "Take an action on an event", Tags: tags,
		Description: "Refused with 409 and the reason when the event's state does not allow it, 403 when the caller may not."},
		"event:read",
		func(ctx context.Context, in *actionInput) (*httpx.Body[Event], error) {
			e, err := s.Act(ctx, access.From(ctx), in.ID, in.Body)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(e)
		})
}
