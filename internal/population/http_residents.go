package population

import (
	"context"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/httpx"
)

// ListQuery is the residents list's filters, shared by the list and the export.
type ListQuery struct {
	Q             string `query:"q" doc:"name prefix; or an exact ID number or phone (through the blind index)"`
	Region        string `query:"region" doc:"region code: its subtree, within the caller's scope"`
	Grid          string `query:"grid" doc:"grid code"`
	Household     string `query:"household" doc:"household id: its members"`
	Tag           string `query:"tag" doc:"key-population tag code; elderly_65 and child_0_6 follow the birth date"`
	AgeMin        string `query:"age_min" pattern:"^[0-9]{0,3}$" doc:"age in whole years, at least"`
	AgeMax        string `query:"age_max" pattern:"^[0-9]{0,3}$" doc:"age in whole years, at most"`
	ResidenceType string `query:"residence_type" enum:"registered,resident,floating,"`
	Status        string `query:"status" enum:"active,moved_out,deceased," doc:"default: every status (deleted residents never)"`
}

type listInput struct {
	httpx.Page
	ListQuery
}

type idInput struct {
	ID string `path:"id"`
}

// RevealInput names the fields to show in full.
type RevealInput struct {
	Fields []string `json:"fields,omitempty" doc:"id_number and/or phone; default both"`
}

// filter turns the query into a store filter inside the caller's scope: a
// region or grid beside the scope answers 404, an unknown tag 422.
func (s *Service) filter(ctx context.Context, scope string, in ListQuery) (Filter, error) {
	f := Filter{Q: in.Q, Tag: in.Tag, AgeMin: -1, AgeMax: -1, ResidenceType: in.ResidenceType, Status: in.Status,
		Household: in.Household}
	var err error
	if f.Path, err = s.regions.Within(ctx, scope, in.Region); err != nil {
		return f, err
	}
	if in.Grid != "" {
		if f.GridPath, err = s.regions.Within(ctx, scope, in.Grid); err != nil {
			return f, err
		}
	}
	if f.Tag != "" && tagLabel[f.Tag] == "" {
		return f, apperr.Invalid{apperr.Unknown.On("query.tag", "未知的标签 / unknown tag "+f.Tag)}
	}
	if in.AgeMin != "" {
		f.AgeMin, _ = strconv.Atoi(in.AgeMin)
	}
	if in.AgeMax != "" {
		f.AgeMax, _ = strconv.Atoi(in.AgeMax)
	}
	return f, nil
}

// Routes registers the population routes.
func (s *Service) Routes(r *httpx.Router) {
	tags := []string{"residents"}
	httpx.Register(r, huma.Operation{OperationID: "population-dicts", Method: http.MethodGet, Path: "/dicts/population",
		Summary: "Tags, ethnicities, residence types and statuses with their Chinese labels", Tags: tags}, httpx.Authenticated,
		func(ctx context.Context, _ *struct{}) (*httpx.Body[Dicts], error) { return httpx.Reply(AllDicts()) })
	httpx.Register(r, huma.Operation{OperationID: "list-residents", Method: http.MethodGet, Path: "/residents",
		Summary: "Residents in the caller's scope", Tags: tags}, "resident:read",
		func(ctx context.Context, in *listInput) (*httpx.Body[httpx.List[Resident]], error) {
			p := access.From(ctx)
			f, err := s.filter(ctx, p.RegionPath, in.ListQuery)
			if err != nil {
				return nil, err
			}
			items, total, err := s.List(ctx, p.RegionPath, f, in.Offset(), in.Size)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(httpx.List[Resident]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size})
		})
	httpx.Register(r, huma.Operation{OperationID: "export-residents", Method: http.MethodGet, Path: "/residents/export",
		Summary: "The filtered residents as an xlsx file, masked; unmasked with resident:export_unmasked and a reason", Tags: tags,
		Responses: map[string]*huma.Response{"200": {Description: "xlsx", Content: map[string]*huma.MediaType{xlsxType: {}}}}},
		"resident:read", s.exportHandler)
	httpx.Register(r, huma.Operation{OperationID: "get-resident", Method: http.MethodGet, Path: "/residents/{id}",
		Summary: "One resident, masked", Tags: tags}, "resident:read",
		func(ctx context.Context, in *idInput) (*httpx.Body[Resident], error) {
			res, err := s.Get(ctx, access.From(ctx).RegionPath, in.ID)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(res)
		})
	httpx.Register(r, huma.Operation{OperationID: "create-resident", Method: http.MethodPost, Path: "/residents",
		Summary: "Register a resident", Tags: tags, DefaultStatus: http.StatusCreated}, "resident:write",
		func(ctx context.Context, in *httpx.Body[Input]) (*httpx.Body[Resident], error) {
			res, err := s.Create(ctx, access.From(ctx), in.Body)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(res)
		})
	httpx.Register(r, huma.Operation{OperationID: "update-resident", Method: http.MethodPut, Path: "/residents/{id}",
		Summary: "Update a resident", Tags: tags}, "resident:write",
		func(ctx context.Context, in *struct {
			ID   string `path:"id"`
			Body Input
		}) (*httpx.Body[Resident], error) {
			res, err := s.Update(ctx, access.From(ctx), in.ID, in.Body)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(res)
		})
	httpx.Register(r, huma.Operation{OperationID: "delete-resident", Method: http.MethodDelete, Path: "/residents/{id}",
		Summary: "Delete a resident (kept with its history)", Tags: tags, DefaultStatus: http.StatusNoContent}, "resident:write",
		func(ctx context.Context, in *idInput) (*struct{}, error) {
			return nil, s.Delete(ctx, access.From(ctx), in.ID)
		})
	httpx.Register(r, huma.Operation{OperationID: "reveal-resident", Method: http.MethodPost, Path: "/residents/{id}/reveal",
		Summary: "A resident with ID number and/or phone in full; audited", Tags: tags}, "resident:reveal",
		func(ctx context.Context, in *struct {
			ID   string `path:"id"`
			Body *RevealInput
		}) (*httpx.Body[Resident], error) {
			var fields []string
			if in.Body != nil {
				fields = in.Body.Fields
			}
			res, err := s.Reveal(ctx, access.From(ctx), in.ID, fields)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(res)
		})
	httpx.Register(r, huma.Operation{OperationID: "resident-history", Method: http.MethodGet, Path: "/residents/{id}/history",
		Summary: "A resident's timeline, oldest first", Tags: tags}, "resident:read",
		func(ctx context.Context, in *idInput) (*httpx.Body[[]Event], error) {
			h, err := s.History(ctx, access.From(ctx).RegionPath, in.ID)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(h)
		})
	s.transferRoutes(r)
	s.buildingRoutes(r)
	s.householdRoutes(r)
}
