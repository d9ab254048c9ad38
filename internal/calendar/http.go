package calendar

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/china"
	"healthgrid/internal/httpx"
)

type yearInput struct {
	Year int `query:"year" minimum:"2000" maximum:"2100" doc:"the year; this year (Asia/Shanghai) when omitted"`
}

type setYearInput struct {
	Year int `path:"year" minimum:"2000" maximum:"2100"`
	Body struct {
		Days []Day `json:"days" maxItems:"366" doc:"every override of the year; days left out follow the weekend rule"`
	}
}

type deadlineInput struct {
	From   time.Time `query:"from" doc:"RFC 3339; now when omitted"`
	Amount int       `query:"amount" required:"true" minimum:"1" maximum:"1000"`
	Unit   Unit      `query:"unit" required:"true" enum:"working_hours,working_days,natural_days"`
}

// Preview is a deadline computed for the console.
type Preview struct {
	From     time.Time `json:"from"`
	Deadline time.Time `json:"deadline"`
}

// Routes registers the calendar routes.
func (s *Service) Routes(r *httpx.Router) {
	tags := []string{"calendar"}
	httpx.Register(r, huma.Operation{OperationID: "get-calendar", Method: http.MethodGet, Path: "/calendar",
		Summary: "One year of the work calendar: holidays, make-up workdays, office hours", Tags: tags}, httpx.Authenticated,
		func(ctx context.Context, in *yearInput) (*httpx.Body[YearView], error) {
			year := in.Year
			if year == 0 {
				year = s.thisYear()
			}
			v, err := s.Year(ctx, year)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(v)
		})
	httpx.Register(r, huma.Operation{OperationID: "set-calendar-year", Method: http.MethodPut, Path: "/calendar/{year}",
		Summary: "Replace the holidays and make-up workdays of a year", Tags: tags}, "calendar:write",
		func(ctx context.Context, in *setYearInput) (*httpx.Body[YearView], error) {
			if err := s.SetYear(ctx, access.From(ctx), in.Year, in.Body.Days); err != nil {
				return nil, err
			}
			v, err := s.Year(ctx, in.Year)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(v)
		})
	httpx.Register(r, huma.Operation{OperationID: "calendar-deadline", Method: http.MethodGet, Path: "/calendar/deadline",
		Summary: "When a time limit starting at from runs out", Tags: tags}, httpx.Authenticated,
		func(ctx context.Context, in *deadlineInput) (*httpx.Body[Preview], error) {
			from := in.From
			if from.IsZero() {
				from = s.now()
			}
			d, err := s.Deadline(ctx, from, Limit{Amount: in.Amount, Unit: in.Unit})
			if err != nil {
				return nil, err
			}
			return httpx.Reply(Preview{From: from.In(china.Zone), Deadline: d})
		})
}
