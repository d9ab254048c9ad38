package auth

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/httpx"
)

type userListInput struct {
	httpx.Page
	Region string `query:"region" doc:"region code: the subtree below it, within the caller's scope"`
	Role   string `query:"role"`
	Q      string `query:"q" doc:"username or name prefix, or an exact phone number"`
	Status string `query:"status" enum:"active,disabled,locked,"`
}

type userID struct {
	ID string `path:"id"`
}

func (s *Service) userRoutes(r *httpx.Router) {
	tags := []string{"users"}
	httpx.Register(r, huma.Operation{OperationID: "list-roles", Method: http.MethodGet, Path: "/roles",
		Summary: "The built-in roles and their permissions", Tags: tags}, "user:read",
		func(ctx context.Context, _ *struct{}) (*httpx.Body[[]Role], error) { return httpx.Reply(Roles) })
	httpx.Register(r, huma.Operation{OperationID: "list-users", Method: http.MethodGet, Path: "/users",
		Summary: "Users in the caller's scope", Tags: tags}, "user:read",
		func(ctx context.Context, in *userListInput) (*httpx.Body[httpx.List[User]], error) {
			scope := access.From(ctx).RegionPath
			path, err := s.regions.Within(ctx, scope, in.Region)
			if err != nil {
				return nil, err
			}
			f := Filter{RegionPath: path, Role: in.Role, Q: in.Q, Status: in.Status}
			items, total, err := s.List(ctx, scope, f, in.Offset(), in.Size)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(httpx.List[User]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size})
		})
	httpx.Register(r, huma.Operation{OperationID: "get-user", Method: http.MethodGet, Path: "/users/{id}",
		Summary: "One user", Tags: tags}, "user:read",
		func(ctx context.Context, in *userID) (*httpx.Body[User], error) {
			a, err := s.inScope(ctx, access.From(ctx).RegionPath, in.ID)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(a.User)
		})
	httpx.Register(r, huma.Operation{OperationID: "create-user", Method: http.MethodPost, Path: "/users",
		Summary: "Create a user (must change the password at first login)", Tags: tags, DefaultStatus: http.StatusCreated}, "user:write",
		func(ctx context.Context, in *httpx.Body[UserInput]) (*httpx.Body[Created], error) {
			c, err := s.CreateUser(ctx, access.From(ctx), in.Body, false)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(c)
		})
	httpx.Register(r, huma.Operation{OperationID: "update-user", Method: http.MethodPut, Path: "/users/{id}",
		Summary: "Update a user's profile, roles, region and unit", Tags: tags}, "user:write",
		func(ctx context.Context, in *struct {
			ID   string `path:"id"`
			Body UserInput
		}) (*httpx.Body[User], error) {
			u, err := s.UpdateUser(ctx, access.From(ctx), in.ID, in.Body)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(u)
		})
	for _, enable := range []bool{false, true} {
		id, path, summary := "disable-user", "/users/{id}/disable", "Disable a user, ending all their sessions"
		if enable {
			id, path, summary = "enable-user", "/users/{id}/enable", "Re-enable a user (also clears a lockout)"
		}
		httpx.Register(r, huma.Operation{OperationID: id, Method: http.MethodPost, Path: path, Summary: summary, Tags: tags}, "user:write",
			func(ctx context.Context, in *userID) (*httpx.Body[User], error) {
				u, err := s.SetStatus(ctx, access.From(ctx), in.ID, enable)
				if err != nil {
					return nil, err
				}
				return httpx.Reply(u)
			})
	}
	httpx.Register(r, huma.Operation{OperationID: "reset-password", Method: http.MethodPost, Path: "/users/{id}/reset-password",
		Summary: "Give a user a temporary password (shown once)", Tags: tags}, "user:write",
		func(ctx context.Context, in *userID) (*httpx.Body[map[string]string], error) {
			pw, err := s.ResetPassword(ctx, access.From(ctx), in.ID)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(map[string]string{"password": pw})
		})
}
