package epidemic

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/httpx"
)

type measureList struct {
	httpx.Page
	State   string `query:"state" enum:"active,ended,"`
	Kind    string `query:"kind" enum:"centralised_isolation,home_isolation,home_monitoring," doc:"the kind in force today (active measures)"`
	Region  string `query:"region" maxLength:"15" doc:"region code: measures of persons placed in its subtree"`
	Site    string `query:"site" maxLength:"40" doc:"measures holding a room of this isolation site"`
	Person  string `query:"person" maxLength:"40"`
	DueTest bool   `query:"due_test" doc:"a test is due today"`
	Missed  bool   `query:"missed" doc:"a day with too few check-ins"`
}

type measureBody[T any] struct {
	ID   string `path:"id" maxLength:"40"`
	Body T
}

func (s *Service) measureRoutes(r *httpx.Router) {
	tags := []string{"epidemic"}
	httpx.Register(r, huma.Operation{OperationID: "order-measure", Method: http.MethodPost, Path: "/epidemic/measures",
		Summary: "Order the measure the protocol gives for a risk person's category",
		Description: "The protocol in force for the person's disease and category, or the version given; start, end and " +
			"test days from its stages, from start_date (today by default, Beijing). A site puts the centralised stage " +
			"in a room (the first free one when none is named); a full site answers 409 naming the next site with a free " +
			"room in scope.", Tags: tags, DefaultStatus: http.StatusCreated}, "epidemic:write", s.orderMeasure)
	httpx.Register(r, huma.Operation{OperationID: "list-measures", Method: http.MethodGet, Path: "/epidemic/measures",
		Summary: "Measures of the risk persons in the caller's scope, the newest first", Tags: tags}, "epidemic:read",
		s.listMeasures)
	httpx.Register(r, huma.Operation{OperationID: "get-measure", Method: http.MethodGet, Path: "/epidemic/measures/{id}",
		Summary: "One measure with its check-ins, missed days and history", Tags: tags}, "epidemic:read", s.getMeasure)
	httpx.Register(r, huma.Operation{OperationID: "extend-measure", Method: http.MethodPost, Path: "/epidemic/measures/{id}/extend",
		Summary: "Restart a measure's plan from a new exposure, with a reason", Tags: tags}, "epidemic:write", s.extendMeasure)
	httpx.Register(r, huma.Operation{OperationID: "change-measure", Method: http.MethodPost, Path: "/epidemic/measures/{id}/change",
		Summary: "Change the kind of the stage in force from today on, with a reason", Tags: tags}, "epidemic:write",
		s.changeMeasure)
	httpx.Register(r, huma.Operation{OperationID: "release-measure", Method: http.MethodPost, Path: "/epidemic/measures/{id}/release",
		Summary: "Release a person early, with a reason: the room is freed, the episode ends", Tags: tags}, "epidemic:write",
		s.releaseMeasure)
	httpx.Register(r, huma.Operation{OperationID: "assign-measure", Method: http.MethodPost, Path: "/epidemic/measures/{id}/assign",
		Summary: "Give a measure's centralised stage a room of an isolation site", Tags: tags}, "epidemic:write",
		s.assignMeasure)
	httpx.Register(r, huma.Operation{OperationID: "checkin-measure", Method: http.MethodPost, Path: "/epidemic/measures/{id}/checkins",
		Summary:     "Record a daily check-in for a person under a measure (staff)",
		Description: "A temperature of 37.3 °C or more alerts the person's grid workers and township at once.", Tags: tags,
		DefaultStatus: http.StatusCreated}, "epidemic:verify", s.checkinMeasure)
	httpx.Register(r, huma.Operation{OperationID: "own-measures", Method: http.MethodGet, Path: "/public/measures",
		Summary: "The open measures of the resident the caller's account is bound to", Tags: tags}, "public:self", s.ownMeasures)
	httpx.Register(r, huma.Operation{OperationID: "own-checkin", Method: http.MethodPost, Path: "/public/measures/{id}/checkins",
		Summary: "Check in for one's own measure from the app", Tags: tags, DefaultStatus: http.StatusCreated}, "public:self",
		s.ownCheckin)
}

func (s *Service) orderMeasure(ctx context.Context, in *httpx.Body[OrderInput]) (*httpx.Body[Measure], error) {
	return httpx.Result(s.Order(ctx, access.From(ctx), in.Body))
}

func (s *Service) listMeasures(ctx context.Context, in *measureList) (*httpx.Body[httpx.List[Measure]], error) {
	path, err := s.regions.Within(ctx, access.From(ctx).RegionPath, in.Region)
	if err != nil {
		return nil, err
	}
	items, total, err := s.Measures(ctx, MeasureFilter{RegionPath: path, State: in.State, Kind: in.Kind, Site: in.Site,
		Person: in.Person, DueTest: in.DueTest, Missed: in.Missed}, in.Offset(), in.Size)
	return httpx.Result(httpx.List[Measure]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size}, err)
}

func (s *Service) getMeasure(ctx context.Context, in *idInput) (*httpx.Body[MeasureDetail], error) {
	return httpx.Result(s.MeasureDetail(ctx, access.From(ctx).RegionPath, in.ID))
}

func (s *Service) extendMeasure(ctx context.Context, in *measureBody[ExtendInput]) (*httpx.Body[Measure], error) {
	return httpx.Result(s.ExtendMeasure(ctx, access.From(ctx), in.ID, in.Body))
}

func (s *Service) changeMeasure(ctx context.Context, in *measureBody[ChangeInput]) (*httpx.Body[Measure], error) {
	return httpx.Result(s.Change(ctx, access.From(ctx), in.ID, in.Body))
}

func (s *Service) releaseMeasure(ctx context.Context, in *measureBody[ReasonInput]) (*httpx.Body[Measure], error) {
	return httpx.Result(s.Release(ctx, access.From(ctx), in.ID, in.Body))
}

func (s *Service) assignMeasure(ctx context.Context, in *measureBody[AssignInput]) (*httpx.Body[Measure], error) {
	return httpx.Result(s.AssignRoom(ctx, access.From(ctx), in.ID, in.Body))
}

func (s *Service) checkinMeasure(ctx context.Context, in *measureBody[CheckinInput]) (*httpx.Body[Checkin], error) {
	return httpx.Result(s.Checkin(ctx, access.From(ctx), in.ID, in.Body))
}

func (s *Service) ownMeasures(ctx context.Context, _ *struct{}) (*httpx.Body[Items[MeasureDetail]], error) {
	items, err := s.OwnMeasures(ctx, access.From(ctx))
	return httpx.Result(Items[MeasureDetail]{Items: items}, err)
}

func (s *Service) ownCheckin(ctx context.Context, in *measureBody[CheckinInput]) (*httpx.Body[Checkin], error) {
	return httpx.Result(s.OwnCheckin(ctx, access.From(ctx), in.ID, in.Body))
}

type siteBody struct {
	ID   string `path:"id" maxLength:"40"`
	Body SiteInput
}

func (s *Service) siteRoutes(r *httpx.Router) {
	tags := []string{"epidemic"}
	httpx.Register(r, huma.Operation{OperationID: "list-sites", Method: http.MethodGet, Path: "/epidemic/sites",
		Summary: "Isolation sites (隔离点) in the caller's scope with their occupancy", Tags: tags}, "epidemic:read", s.listSites)
	httpx.Register(r, huma.Operation{OperationID: "create-site", Method: http.MethodPost, Path: "/epidemic/sites",
		Summary: "Add an isolation site", Tags: tags, DefaultStatus: http.StatusCreated}, "epidemic:write", s.createSite)
	httpx.Register(r, huma.Operation{OperationID: "get-site", Method: http.MethodGet, Path: "/epidemic/sites/{id}",
		Summary: "One isolation site with the rooms held", Tags: tags}, "epidemic:read", s.getSite)
	httpx.Register(r, huma.Operation{OperationID: "update-site", Method: http.MethodPut, Path: "/epidemic/sites/{id}",
		Summary: "Replace an isolation site; a room held cannot be removed", Tags: tags}, "epidemic:write", s.updateSite)
	httpx.Register(r, huma.Operation{OperationID: "delete-site", Method: http.MethodDelete, Path: "/epidemic/sites/{id}",
		Summary: "Delete an isolation site that never held anyone", Tags: tags, DefaultStatus: http.StatusNoContent},
		"epidemic:write", s.deleteSite)
}

func (s *Service) listSites(ctx context.Context, _ *struct{}) (*httpx.Body[Items[Site]], error) {
	items, err := s.Sites(ctx, access.From(ctx).RegionPath)
	return httpx.Result(Items[Site]{Items: items}, err)
}

func (s *Service) createSite(ctx context.Context, in *httpx.Body[SiteInput]) (*httpx.Body[Site], error) {
	return httpx.Result(s.CreateSite(ctx, access.From(ctx), in.Body))
}

func (s *Service) getSite(ctx context.Context, in *idInput) (*httpx.Body[Site], error) {
	return httpx.Result(s.Site(ctx, access.From(ctx).RegionPath, in.ID))
}

func (s *Service) updateSite(ctx context.Context, in *siteBody) (*httpx.Body[Site], error) {
	return httpx.Result(s.UpdateSite(ctx, access.From(ctx), in.ID, in.Body))
}

func (s *Service) deleteSite(ctx context.Context, in *idInput) (*struct{}, error) {
	return nil, s.DeleteSite(ctx, access.From(ctx), in.ID)
}
