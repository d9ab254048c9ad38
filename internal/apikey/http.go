package apikey

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/httpx"
)

type listInput struct {
	httpx.Page
	Region string `query:"region" doc:"region code: keys over its subtree, within the caller's scope"`
	Status string `query:"status" enum:"active,revoked,"`
}

type idInput struct {
	ID string `path:"id"`
}

// Routes registers the key administration routes.
func (s *Service) Routes(r *httpx.Router) {
	tags := []string{"api-keys"}
	httpx.Register(r, huma.Operation{OperationID: "list-api-keys", Method: http.MethodGet, Path: "/api-keys",
		Summary: "Partner systems' API keys in the caller's scope, newest first", Tags: tags}, "apikey:manage",
		func(ctx context.Context, in *listInput) (*httpx.Body[httpx.List[Key]], error) {
			scope := access.From(ctx).RegionPath
			path, err := s.regions.Within(ctx, scope, in.Region)
			if err != nil {
				return nil, err
			}
			items, total, err := s.List(ctx, scope, Filter{Path: path, Status: in.Status}, in.Offset(), in.Size)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(httpx.List[Key]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size})
		})
	httpx.Register(r, huma.Operation{OperationID: "create-api-key", Method: http.MethodPost, Path: "/api-keys",
		Summary: "Issue an API key to a partner system; the secret is in this answer only", Tags: tags,
		DefaultStatus: http.StatusCreated}, "apikey:manage",
		func(ctx context.Context, in *httpx.Body[Input]) (*httpx.Body[Created], error) {
			c, err := s.Create(ctx, access.From(ctx), in.Body)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(c)
		})
	httpx.Register(r, huma.Operation{OperationID: "get-api-key", Method: http.MethodGet, Path: "/api-keys/{id}",
		Summary: "One API key (never its secret)", Tags: tags}, "apikey:manage",
		func(ctx context.Context, in *idInput) (*httpx.Body[Key], error) {
			k, err := s.Get(ctx, access.From(ctx).RegionPath, in.ID)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(k)
		})
	httpx.Register(r, huma.Operation{OperationID: "revoke-api-key", Method: http.MethodPost, Path: "/api-keys/{id}/revoke",
		Summary: "Revoke an API key: refused from the next call on", Tags: tags, Errors: []int{409}}, "apikey:manage",
		func(ctx context.Context, in *idInput) (*httpx.Body[Key], error) {
			k, err := s.Revoke(ctx, access.From(ctx), in.ID)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(k)
		})
}
