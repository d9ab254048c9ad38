package grid

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/httpx"
)

type memberListInput struct {
	httpx.Page
	Region string `query:"region" doc:"region code: members living or serving a grid below it (within the caller's scope)"`
	Grid   string `query:"grid" doc:"grid code: members serving this grid"`
	Type   string `query:"type" enum:"grid_worker,health_service,volunteer,police,"`
	Duty   string `query:"duty" enum:"on_duty,off_duty,leave,"`
	Q      string `query:"q" doc:"name contains, or an exact mobile number"`
}

type memberID struct {
	ID string `path:"id"`
}

type gridsBody struct {
	GridCodes []string `json:"grid_codes" doc:"the grids served, inside the member's home region; [] clears them"`
}

func (s *Service) memberRoutes(r *httpx.Router) {
	tags := []string{"team-members"}
	httpx.Register(r, huma.Operation{OperationID: "list-team-members", Method: http.MethodGet, Path: "/team-members",
		Summary: "Team members (三队伍一人员) the caller may see", Tags: tags}, "grid:read",
		func(ctx context.Context, in *memberListInput) (*httpx.Body[httpx.List[Member]], error) {
			p := access.From(ctx)
			path, err := s.regions.Within(ctx, p.RegionPath, in.Region)
			if err != nil {
				return nil, err
			}
			if in.Grid != "" {
				if _, err := s.grid(ctx, p.RegionPath, in.Grid); err != nil {
					return nil, err
				}
			}
			f := MemberFilter{RegionPath: path, GridCode: in.Grid, Type: in.Type, Duty: in.Duty, Q: in.Q}
			items, total, err := s.ListMembers(ctx, p.RegionPath, f, in.Offset(), in.Size)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(httpx.List[Member]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size})
		})
	httpx.Register(r, huma.Operation{OperationID: "get-team-member", Method: http.MethodGet, Path: "/team-members/{id}",
		Summary: "One team member", Tags: tags}, "grid:read",
		func(ctx context.Context, in *memberID) (*httpx.Body[Member], error) {
			m, err := s.Member(ctx, access.From(ctx).RegionPath, in.ID)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(m)
		})
	httpx.Register(r, huma.Operation{OperationID: "create-team-member", Method: http.MethodPost, Path: "/team-members",
		Summary: "Add a team member", Tags: tags, DefaultStatus: http.StatusCreated}, "grid:write",
		func(ctx context.Context, in *httpx.Body[MemberInput]) (*httpx.Body[Member], error) {
			m, err := s.CreateMember(ctx, access.From(ctx).RegionPath, in.Body)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(m)
		})
	httpx.Register(r, huma.Operation{OperationID: "update-team-member", Method: http.MethodPut, Path: "/team-members/{id}",
		Summary: "Update a team member", Tags: tags}, "grid:write",
		func(ctx context.Context, in *struct {
			ID   string `path:"id"`
			Body MemberInput
		}) (*httpx.Body[Member], error) {
			m, err := s.UpdateMember(ctx, access.From(ctx).RegionPath, in.ID, in.Body)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(m)
		})
	httpx.Register(r, huma.Operation{OperationID: "delete-team-member", Method: http.MethodDelete, Path: "/team-members/{id}",
		Summary: "Remove a team member", Tags: tags, DefaultStatus: http.StatusNoContent}, "grid:write",
		func(ctx context.Context, in *memberID) (*struct{}, error) {
			return nil, s.DeleteMember(ctx, access.From(ctx).RegionPath, in.ID)
		})
	httpx.Register(r, huma.Operation{OperationID: "set-team-member-grids", Method: http.MethodPut, Path: "/team-members/{id}/grids",
		Summary: "Assign a team member to grids", Tags: tags}, "grid:write",
		func(ctx context.Context, in *struct {
			ID   string `path:"id"`
			Body gridsBody
		}) (*httpx.Body[Member], error) {
			m, err := s.SetMemberGrids(ctx, access.From(ctx).RegionPath, in.ID, in.Body.GridCodes)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(m)
		})
}
