package population

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/httpx"
)

type buildingListInput struct {
	httpx.Page
	Region string `query:"region" doc:"region or grid code: its subtree, within the caller's scope"`
	Q      string `query:"q" doc:"name or address contains"`
}

type householdListInput struct {
	httpx.Page
	Region   string `query:"region" doc:"region or grid code: its subtree, within the caller's scope"`
	Building string `query:"building" doc:"building id"`
}

// Buildings and households share the residents' permissions: they are the
// same population data.
func (s *Service) buildingRoutes(r *httpx.Router) {
	tags := []string{"buildings"}
	httpx.Register(r, huma.Operation{OperationID: "list-buildings", Method: http.MethodGet, Path: "/buildings",
		Summary: "Buildings in the caller's scope", Tags: tags}, "resident:read",
		func(ctx context.Context, in *buildingListInput) (*httpx.Body[httpx.List[Building]], error) {
			p := access.From(ctx)
			path, err := s.regions.Within(ctx, p.RegionPath, in.Region)
			if err != nil {
				return nil, err
			}
			items, total, err := s.ListBuildings(ctx, p.RegionPath, path, in.Q, in.Offset(), in.Size)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(httpx.List[Building]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size})
		})
	httpx.Register(r, huma.Operation{OperationID: "get-building", Method: http.MethodGet, Path: "/buildings/{id}",
		Summary: "One building", Tags: tags}, "resident:read",
		func(ctx context.Context, in *idInput) (*httpx.Body[Building], error) {
			b, err := s.GetBuilding(ctx, access.From(ctx).RegionPath, in.ID)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(b)
		})
	httpx.Register(r, huma.Operation{OperationID: "create-building", Method: http.MethodPost, Path: "/buildings",
		Summary: "Add a building (grid from grid_code or from the point)", Tags: tags, DefaultStatus: http.StatusCreated}, "resident:write",
		func(ctx context.Context, in *httpx.Body[BuildingInput]) (*httpx.Body[Building], error) {
			b, err := s.CreateBuilding(ctx, access.From(ctx).RegionPath, in.Body)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(b)
		})
	httpx.Register(r, huma.Operation{OperationID: "update-building", Method: http.MethodPut, Path: "/buildings/{id}",
		Summary: "Update a building", Tags: tags}, "resident:write",
		func(ctx context.Context, in *struct {
			ID   string `path:"id"`
			Body BuildingInput
		}) (*httpx.Body[Building], error) {
			b, err := s.UpdateBuilding(ctx, access.From(ctx).RegionPath, in.ID, in.Body)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(b)
		})
	httpx.Register(r, huma.Operation{OperationID: "delete-building", Method: http.MethodDelete, Path: "/buildings/{id}",
		Summary: "Delete a building without households or residents", Tags: tags, DefaultStatus: http.StatusNoContent}, "resident:write",
		func(ctx context.Context, in *idInput) (*struct{}, error) {
			return nil, s.DeleteBuilding(ctx, access.From(ctx).RegionPath, in.ID)
		})
}

func (s *Service) householdRoutes(r *httpx.Router) {
	tags := []string{"households"}
	httpx.Register(r, huma.Operation{OperationID: "list-households", Method: http.MethodGet, Path: "/households",
		Summary: "Households in the caller's scope", Tags: tags}, "resident:read",
		func(ctx context.Context, in *householdListInput) (*httpx.Body[httpx.List[Household]], error) {
			p := access.From(ctx)
			path, err := s.regions.Within(ctx, p.RegionPath, in.Region)
			if err != nil {
				return nil, err
			}
			items, total, err := s.ListHouseholds(ctx, p.RegionPath, path, in.Building, in.Offset(), in.Size)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(httpx.List[Household]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size})
		})
	httpx.Register(r, huma.Operation{OperationID: "get-household", Method: http.MethodGet, Path: "/households/{id}",
		Summary: "One household", Tags: tags}, "resident:read",
		func(ctx context.Context, in *idInput) (*httpx.Body[Household], error) {
			h, err := s.GetHousehold(ctx, access.From(ctx).RegionPath, in.ID)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(h)
		})
	httpx.Register(r, huma.Operation{OperationID: "create-household", Method: http.MethodPost, Path: "/households",
		Summary: "Add a household to a building; the head moves in", Tags: tags, DefaultStatus: http.StatusCreated}, "resident:write",
		func(ctx context.Context, in *httpx.Body[HouseholdInput]) (*httpx.Body[Household], error) {
			h, err := s.CreateHousehold(ctx, access.From(ctx), in.Body)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(h)
		})
	httpx.Register(r, huma.Operation{OperationID: "update-household", Method: http.MethodPut, Path: "/households/{id}",
		Summary: "Change a household's room or head", Tags: tags}, "resident:write",
		func(ctx context.Context, in *struct {
			ID   string `path:"id"`
			Body HouseholdInput
		}) (*httpx.Body[Household], error) {
			h, err := s.UpdateHousehold(ctx, access.From(ctx), in.ID, in.Body)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(h)
		})
	httpx.Register(r, huma.Operation{OperationID: "delete-household", Method: http.MethodDelete, Path: "/households/{id}",
		Summary: "Delete a household without residents", Tags: tags, DefaultStatus: http.StatusNoContent}, "resident:write",
		func(ctx context.Context, in *idInput) (*struct{}, error) {
			return nil, s.DeleteHousehold(ctx, access.From(ctx).RegionPath, in.ID)
		})
}
