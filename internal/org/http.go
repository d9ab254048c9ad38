package org

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/httpx"
)

type listInput struct {
	httpx.Page
	Region string `query:"region" doc:"region code; the subtree below it (within the caller's scope)"`
	Type   string `query:"type"`
	Q      string `query:"q" doc:"name contains"`
}

type idInput struct {
	ID string `path:"id"`
}

// Routes registers the unit routes.
func (s *Service) Routes(r *httpx.Router) {
	tags := []string{"units"}
	httpx.Register(r, huma.Operation{OperationID: "list-units", Method: http.MethodGet, Path: "/units",
		Summary: "Units in the caller's scope", Tags: tags}, "unit:read",
		func(ctx context.Context, in *listInput) (*httpx.Body[httpx.List[Unit]], error) {
			p := access.From(ctx)
			path, err := s.regions.Within(ctx, p.RegionPath, in.Region)
			if err != nil {
				return nil, err
			}
			f := Filter{RegionPath: path, Type: in.Type, Q: in.Q}
			items, total, err := s.List(ctx, p.RegionPath, f, in.Offset(), in.Size)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(httpx.List[Unit]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size})
		})
	httpx.Register(r, huma.Operation{OperationID: "get-unit", Method: http.MethodGet, Path: "/units/{id}",
		Summary: "One unit", Tags: tags}, "unit:read",
		func(ctx context.Context, in *idInput) (*httpx.Body[Unit], error) {
			u, err := s.Get(ctx, access.From(ctx).RegionPath, in.ID)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(u)
		})
	httpx.Register(r, huma.Operation{OperationID: "create-unit", Method: http.MethodPost, Path: "/units",
		Summary: "Create a unit", Tags: tags, DefaultStatus: http.StatusCreated}, "unit:write",
		func(ctx context.Context, in *httpx.Body[Input]) (*httpx.Body[Unit], error) {
			u, err := s.Create(ctx, access.From(ctx).RegionPath, in.Body)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(u)
		})
	httpx.Register(r, huma.Operation{OperationID: "update-unit", Method: http.MethodPut, Path: "/units/{id}",
		Summary: "Update a unit", Tags: tags}, "unit:write",
		func(ctx context.Context, in *struct {
			ID   string `path:"id"`
			Body Input
		}) (*httpx.Body[Unit], error) {
			u, err := s.Update(ctx, access.From(ctx).RegionPath, in.ID, in.Body)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(u)
		})
	httpx.Register(r, huma.Operation{OperationID: "delete-unit", Method: http.MethodDelete, Path: "/units/{id}",
		Summary: "Delete a unit no user belongs to", Tags: tags, DefaultStatus: http.StatusNoContent}, "unit:write",
		func(ctx context.Context, in *idInput) (*struct{}, error) {
			return nil, s.Delete(ctx, access.From(ctx).RegionPath, in.ID)
		})
}
