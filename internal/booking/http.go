package booking

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/httpx"
)

type idInput struct {
	ID string `path:"id" maxLength:"40"`
}

// Routes registers the bookers' routes (under /public) and the office's.
func (s *Service) Routes(r *httpx.Router) {
	pub := []string{"public"}
	httpx.Register(r, huma.Operation{OperationID: "public-services", Method: http.MethodGet, Path: "/public/services",
		Summary: "The services residents may book", Tags: pub}, httpx.Public,
		func(ctx context.Context, _ *struct{}) (*httpx.Body[httpx.Items[Offer]], error) {
			items, err := s.Offers(ctx, true)
			return httpx.Result(httpx.Items[Offer]{Items: items}, err)
		})
	httpx.Register(r, huma.Operation{OperationID: "book", Method: http.MethodPost, Path: "/public/bookings",
		Summary: "Book a home visit or a family-doctor service", Tags: pub, DefaultStatus: http.StatusCreated},
		httpx.Authenticated,
		func(ctx context.Context, in *httpx.Body[Request]) (*httpx.Body[Booking], error) {
			return httpx.Result(s.Book(ctx, access.From(ctx), in.Body))
		})
	httpx.Register(r, huma.Operation{OperationID: "my-bookings", Method: http.MethodGet, Path: "/public/bookings",
		Summary: "The caller's bookings, newest first", Tags: pub}, httpx.Authenticated,
		func(ctx context.Context, in *struct{ httpx.Page }) (*httpx.Body[httpx.List[Booking]], error) {
			items, total, err := s.List(ctx, Filter{UserID: access.From(ctx).UserID}, in.Offset(), in.Size)
			return httpx.Result(httpx.List[Booking]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size}, err)
		})
	httpx.Register(r, huma.Operation{OperationID: "cancel-my-booking", Method: http.MethodPost,
		Path: "/public/bookings/{id}/cancel", Summary: "Cancel one's own booking before it is scheduled", Tags: pub},
		httpx.Authenticated,
		func(ctx context.Context, in *idInput) (*httpx.Body[Booking], error) {
			return httpx.Result(s.CancelMine(ctx, access.From(ctx), in.ID))
		})

	tags := []string{"bookings"}
	httpx.Register(r, huma.Operation{OperationID: "list-bookings", Method: http.MethodGet, Path: "/bookings",
		Summary: "Bookings of the people in the caller's scope, newest first; or those scheduled to the caller (mine)",
		Tags:    tags}, "booking:read",
		func(ctx context.Context, in *struct {
			httpx.Page
			Region  string `query:"region" doc:"region code: bookers living in its subtree"`
			Status  string `query:"status" enum:"requested,scheduled,done,cancelled,"`
			Service string `query:"service" maxLength:"30"`
			Mine    bool   `query:"mine" doc:"only the bookings scheduled to the caller, wherever the booker lives unless region is given: those still to visit first, the soonest first, then the rest, the latest first"`
		}) (*httpx.Body[httpx.List[Booking]], error) {
			p := access.From(ctx)
			path, err := s.regions.Within(ctx, p.RegionPath, in.Region)
			if err != nil {
				return nil, err
			}
			f := Filter{RegionPath: path, Status: in.Status, Service: in.Service}
			if in.Mine {
				f.Member = p.UserID
				if in.Region == "" {
					f.RegionPath = ""
				}
			}
			items, total, err := s.List(ctx, f, in.Offset(), in.Size)
			return httpx.Result(httpx.List[Booking]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size}, err)
		})
	httpx.Register(r, huma.Operation{OperationID: "get-booking", Method: http.MethodGet, Path: "/bookings/{id}",
		Summary: "One booking: the office's in its scope, the booker's, or the member's given it", Tags: tags},
		httpx.Authenticated,
		func(ctx context.Context, in *idInput) (*httpx.Body[Booking], error) {
			return httpx.Result(s.Get(ctx, access.From(ctx), in.ID))
		})
	httpx.Register(r, huma.Operation{OperationID: "schedule-booking", Method: http.MethodPost, Path: "/bookings/{id}/schedule",
		Summary: "Give a booking to a team member at a time; 409 with the next free day when the team's day is full",
		Tags:    tags}, "booking:schedule",
		func(ctx context.Context, in *struct {
			ID   string `path:"id" maxLength:"40"`
			Body Schedule
		}) (*httpx.Body[Booking], error) {
			return httpx.Result(s.Schedule(ctx, access.From(ctx), in.ID, in.Body))
		})
	httpx.Register(r, huma.Operation{OperationID: "cancel-booking", Method: http.MethodPost, Path: "/bookings/{id}/cancel",
		Summary: "Cancel a booking, saying why", Tags: tags}, "booking:schedule",
		func(ctx context.Context, in *struct {
			ID   string `path:"id" maxLength:"40"`
			Body struct {
				Reason string `json:"reason" maxLength:"200"`
			}
		}) (*httpx.Body[Booking], error) {
			return httpx.Result(s.Cancel(ctx, access.From(ctx), in.ID, in.Body.Reason))
		})
	httpx.Register(r, huma.Operation{OperationID: "team-load", Method: http.MethodGet, Path: "/bookings/teams/{unit_id}",
		Summary: "A team's daily capacity and its bookings for the next 14 days", Tags: tags}, "booking:read",
		func(ctx context.Context, in *struct {
			UnitID string `path:"unit_id" maxLength:"40"`
		}) (*httpx.Body[Load], error) {
			if _, err := s.units.Get(ctx, access.From(ctx).RegionPath, in.UnitID); err != nil {
				return nil, err
			}
			return httpx.Result(s.TeamLoad(ctx, in.UnitID))
		})
	httpx.Register(r, huma.Operation{OperationID: "set-team-capacity", Method: http.MethodPut, Path: "/bookings/teams/{unit_id}",
		Summary: "Set how many bookings a team takes in a day", Tags: tags}, "booking:schedule",
		func(ctx context.Context, in *struct {
			UnitID string `path:"unit_id" maxLength:"40"`
			Body   struct {
				PerDay int `json:"per_day" minimum:"0" maximum:"200"`
			}
		}) (*httpx.Body[Load], error) {
			if _, err := s.units.Get(ctx, access.From(ctx).RegionPath, in.UnitID); err != nil {
				return nil, err
			}
			if err := s.SetCapacity(ctx, in.UnitID, in.Body.PerDay); err != nil {
				return nil, err
			}
			return httpx.Result(s.TeamLoad(ctx, in.UnitID))
		})
	httpx.Register(r, huma.Operation{OperationID: "list-services", Method: http.MethodGet, Path: "/booking-services",
		Summary: "The whole service catalogue, inactive services included", Tags: tags}, "booking:read",
		func(ctx context.Context, _ *struct{}) (*httpx.Body[httpx.Items[Offer]], error) {
			items, err := s.Offers(ctx, false)
			return httpx.Result(httpx.Items[Offer]{Items: items}, err)
		})
	httpx.Register(r, huma.Operation{OperationID: "save-service", Method: http.MethodPut, Path: "/booking-services/{code}",
		Summary: "Add a service to the catalogue, or change one", Tags: tags}, "booking:catalogue",
		func(ctx context.Context, in *struct {
			Code string `path:"code" maxLength:"30"`
			Body OfferInput
		}) (*httpx.Body[Offer], error) {
			in.Body.Code = in.Code
			return httpx.Result(s.SaveOffer(ctx, in.Body))
		})
}
