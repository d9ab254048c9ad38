package region

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/httpx"
)

type listInput struct {
	Parent   string `query:"parent" doc:"parent code; empty: the caller's home region itself"`
	Geometry bool   `query:"geometry" doc:"include GeoJSON boundaries"`
}

type getInput struct {
	Code string `path:"code"`
}

type locateInput struct {
	Lng float64 `query:"lng" required:"true" minimum:"-180" maximum:"180" doc:"WGS-84 longitude"`
	Lat float64 `query:"lat" required:"true" minimum:"-90" maximum:"90" doc:"WGS-84 latitude"`
}

// Located is the answer of grids/locate: for staff the grid in their scope
// and its chain; for residents and partners the grid's code and name only.
type Located struct {
	Grid  Ref      `json:"grid"`
	Chain []Region `json:"chain,omitempty" doc:"from the root region down to the grid; staff only"`
}

// Ref names a region.
type Ref struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Routes registers the region routes.
func (s *Service) Routes(r *httpx.Router) {
	tags := []string{"regions"}
	httpx.Register(r, huma.Operation{OperationID: "list-regions", Method: http.MethodGet, Path: "/regions",
		Summary: "Children of a region in the caller's scope", Tags: tags}, "region:read",
		func(ctx context.Context, in *listInput) (*httpx.Body[httpx.List[Region]], error) {
			p := access.From(ctx)
			var items []Region
			if in.Parent == "" {
				home, err := s.Get(ctx, p.RegionPath, p.RegionCode, in.Geometry)
				if err != nil {
					return nil, err
				}
				items = []Region{home}
			} else {
				var err error
				if items, err = s.Children(ctx, p.RegionPath, in.Parent, in.Geometry); err != nil {
					return nil, err
				}
			}
			return httpx.Reply(httpx.List[Region]{Items: items, Total: len(items), Page: 1, Size: max(len(items), 1)})
		})
	httpx.Register(r, huma.Operation{OperationID: "get-region", Method: http.MethodGet, Path: "/regions/{code}",
		Summary: "One region with its boundary", Tags: tags}, "region:read",
		func(ctx context.Context, in *getInput) (*httpx.Body[Region], error) {
			reg, err := s.Get(ctx, access.From(ctx).RegionPath, in.Code, true)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(reg)
		})
	httpx.Register(r, huma.Operation{OperationID: "create-region", Method: http.MethodPost, Path: "/regions",
		Summary: "Create a region under one in the caller's scope", Tags: tags, DefaultStatus: http.StatusCreated}, "region:write",
		func(ctx context.Context, in *httpx.Body[Input]) (*httpx.Body[Region], error) {
			reg, err := s.Create(ctx, access.From(ctx).RegionPath, in.Body)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(reg)
		})
	httpx.Register(r, huma.Operation{OperationID: "update-region", Method: http.MethodPut, Path: "/regions/{code}",
		Summary: "Rename a region or replace its boundary", Tags: tags}, "region:write",
		func(ctx context.Context, in *struct {
			Code string `path:"code"`
			Body Input
		}) (*httpx.Body[Region], error) {
			reg, err := s.Update(ctx, access.From(ctx).RegionPath, in.Code, in.Body)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(reg)
		})
	httpx.Register(r, huma.Operation{OperationID: "locate-grid", Method: http.MethodGet, Path: "/grids/locate",
		Summary: "The grid containing a WGS-84 point: in the caller's scope with its region chain for staff, its code and name for residents and partners",
		Tags:    tags}, httpx.Authenticated, s.locate)
	s.publicRoutes(r)
}

// locate answers grids/locate. Staff locate within their scope only, so that
// a point outside it answers 404 like anything else there; residents and
// partners, whose scope is not a subtree of staff work, learn the grid's code
// and name and nothing of the tree above it.
func (s *Service) locate(ctx context.Context, in *locateInput) (*httpx.Body[Located], error) {
	p := access.From(ctx)
	scope := ""
	if p.Kind == "staff" {
		scope = p.RegionPath
	}
	g, chain, err := s.Locate(ctx, scope, in.Lng, in.Lat)
	if err != nil {
		return nil, err
	}
	out := Located{Grid: Ref{Code: g.Code, Name: g.Name}}
	if p.Kind == "staff" {
		out.Chain = chain
	}
	return httpx.Reply(out)
}
