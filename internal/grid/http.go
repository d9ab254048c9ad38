package grid

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/httpx"
)

type listInput struct {
	Region   string `query:"region" doc:"region code; the grids below it (within the caller's scope)"`
	Geometry bool   `query:"geometry" doc:"include the GeoJSON boundaries (at most 3000 grids)"`
}

type codeInput struct {
	Code string `path:"code" doc:"15-digit grid code"`
}

type boundaryBody struct {
	Geometry json.RawMessage `json:"geometry" doc:"GeoJSON Polygon or MultiPolygon, WGS-84"`
}

type branchesBody struct {
	UnitIDs []string `json:"unit_ids" doc:"ids of party_branch units in the caller's scope; [] unlinks all"`
}

type exportOutput struct {
	ContentDisposition string `header:"Content-Disposition"`
	Body               FeatureCollection
}

// Routes registers the grid and team-member routes.
func (s *Service) Routes(r *httpx.Router) {
	tags := []string{"grids"}
	httpx.Register(r, huma.Operation{OperationID: "list-grids", Method: http.MethodGet, Path: "/grids",
		Summary: "Grids under a region with their figures, for the map", Tags: tags}, "grid:read",
		func(ctx context.Context, in *listInput) (*httpx.Body[httpx.List[Grid]], error) {
			items, err := s.List(ctx, access.From(ctx).RegionPath, in.Region, in.Geometry)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(httpx.List[Grid]{Items: items, Total: len(items), Page: 1, Size: max(len(items), 1)})
		})
	httpx.Register(r, huma.Operation{OperationID: "get-grid", Method: http.MethodGet, Path: "/grids/{code}",
		Summary: "A grid's profile: chain, boundary, area, figures, teams, party branches", Tags: tags}, "grid:read",
		func(ctx context.Context, in *codeInput) (*httpx.Body[Profile], error) {
			p, err := s.Profile(ctx, access.From(ctx).RegionPath, in.Code)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(p)
		})
	httpx.Register(r, huma.Operation{OperationID: "set-grid-boundary", Method: http.MethodPut, Path: "/grids/{code}/boundary",
		Summary: "Replace a grid's boundary: a valid polygon inside its village, overlapping no other grid", Tags: tags}, "grid:write",
		func(ctx context.Context, in *struct {
			Code string `path:"code"`
			Body boundaryBody
		}) (*httpx.Body[Profile], error) {
			p, err := s.SetBoundary(ctx, access.From(ctx).RegionPath, in.Code, in.Body.Geometry)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(p)
		})
	httpx.Register(r, huma.Operation{OperationID: "list-grid-party-branches", Method: http.MethodGet, Path: "/grids/{code}/party-branches",
		Summary: "The party branches linked to a grid itself (or to a community, by its village code)", Tags: tags}, "grid:read",
		func(ctx context.Context, in *codeInput) (*httpx.Body[httpx.List[PartyBranch]], error) {
			items, err := s.PartyBranches(ctx, access.From(ctx).RegionPath, in.Code)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(httpx.List[PartyBranch]{Items: items, Total: len(items), Page: 1, Size: max(len(items), 1)})
		})
	httpx.Register(r, huma.Operation{OperationID: "set-grid-party-branches", Method: http.MethodPut, Path: "/grids/{code}/party-branches",
		Summary: "Link party branches to a grid (or to a community, by its village code)", Tags: tags}, "grid:write",
		func(ctx context.Context, in *struct {
			Code string `path:"code"`
			Body branchesBody
		}) (*httpx.Body[httpx.List[PartyBranch]], error) {
			items, err := s.SetPartyBranches(ctx, access.From(ctx).RegionPath, in.Code, in.Body.UnitIDs)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(httpx.List[PartyBranch]{Items: items, Total: len(items), Page: 1, Size: max(len(items), 1)})
		})
	httpx.Register(r, huma.Operation{OperationID: "export-grid-boundaries", Method: http.MethodGet, Path: "/grids/boundaries",
		Summary: "The grids' boundaries under a region as a GeoJSON FeatureCollection", Tags: tags}, "grid:read",
		func(ctx context.Context, in *struct {
			Region string `query:"region" doc:"region code; the caller's scope when empty"`
		}) (*exportOutput, error) {
			fc, err := s.ExportBoundaries(ctx, access.From(ctx).RegionPath, in.Region)
			if err != nil {
				return nil, err
			}
			name := "grids.geojson"
			if in.Region != "" {
				name = "grids-" + in.Region + ".geojson"
			}
			return &exportOutput{ContentDisposition: `attachment; filename="` + name + `"`, Body: fc}, nil
		})
	httpx.Register(r, huma.Operation{OperationID: "import-grid-boundaries", Method: http.MethodPost, Path: "/grids/boundaries",
		Summary: "Replace grids' boundaries from a FeatureCollection, all or nothing", Tags: tags,
		MaxBodyBytes: 64 << 20}, "grid:write",
		func(ctx context.Context, in *httpx.Body[FeatureCollection]) (*httpx.Body[ImportResult], error) {
			res, err := s.ImportBoundaries(ctx, access.From(ctx).RegionPath, in.Body)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(res)
		})
	s.memberRoutes(r)
}
