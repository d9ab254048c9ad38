package epidemic

import (
	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/files"
	"healthgrid/internal/httpx"
)

type personList struct {
	PersonFilter
	httpx.Page
}

type actInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body ActInput
}

type assignInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body struct {
		GridCode string `json:"grid_code" maxLength:"20" doc:"a grid in the caller's scope"`
	}
}

type mergeInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body struct {
		Into string `json:"into" maxLength:"40" doc:"the person this record is the same as (usually its merge_of)"`
	}
}

type revealInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body RevealInput
}

type photoInput struct {
	ID       string `path:"id" maxLength:"40"`
	Download bool   `query:"download"`
}

func (s *Service) personRoutes(r *httpx.Router) {
	httpx.Register(r, huma.Operation{OperationID: "list-epidemic-persons", Method: http.MethodGet, Path: "/epidemic/persons",
		Summary: "Risk persons in the caller's scope (a grid worker: their grid's share), the most urgent first",
		Description: "Ordered by state (assigned, visited, verified, decided, reported), then the earliest deadline. ID " +
			"and phone numbers masked (reveal: POST …/{id}/reveal). Merged records are left out.", Tags: tags},
		"epidemic:read", s.listPersons)
	httpx.Register(r, huma.Operation{OperationID: "get-epidemic-person", Method: http.MethodGet, Path: "/epidemic/persons/{id}",
		Summary: "One risk person with the lists that named them, their history, photos and the caller's allowed actions",
		Tags:    tags}, "epidemic:read", s.getPerson)
	httpx.Register(r, huma.Operation{OperationID: "reveal-epidemic-person", Method: http.MethodPost,
		Path: "/epidemic/persons/{id}/reveal", Summary: "Show a person's ID and phone numbers in full",
		Description: "Audited, a refusal too; within the caller's hourly reveals, shared with every module (429 over it).",
		Tags:        tags}, "epidemic:reveal", s.revealPerson)
	for _, a := range []struct{ action, summary, desc string }{
		{ActVisit, "Record the visit to a person (assigned → visited)", ""},
		{ActVerify, "Record a person's verification (assigned or visited → verified)",
			"outcome: found (in the area), not_found, moved_out (with the destination), already_controlled; a point " +
				"and photos (attachment_ids, uploaded with POST /attachments) may go with it. Only in the person's grid's " +
				"scope: a grid worker verifies their own share."},
		{ActDecide, "Record the measure decided for a verified person (verified → decided)", "measure: a measure code, or none."},
		{ActReport, "Report a person's verification back up (verified or decided → reported)", ""},
	} {
		httpx.Register(r, huma.Operation{OperationID: a.action + "-epidemic-person", Method: http.MethodPost,
			Path: "/epidemic/persons/{id}/" + a.action, Summary: a.summary, Description: a.desc + " Refused with 409 " +
				"where the state table does not allow it (allowed_actions tells).", Tags: tags}, flow[a.action].perm,
			s.actOn(a.action))
	}
	httpx.Register(r, huma.Operation{OperationID: "assign-epidemic-person", Method: http.MethodPost,
		Path: "/epidemic/persons/{id}/assign", Summary: "Take a person waiting in a pool to a grid, both in the caller's scope",
		Tags: tags}, "epidemic:write", s.assignPerson)
	httpx.Register(r, huma.Operation{OperationID: "merge-epidemic-person", Method: http.MethodPost,
		Path:    "/epidemic/persons/{id}/merge",
		Summary: "Merge a record into another person of the same disease (a look-alike offered by merge_of)",
		Description: "The record's lists move to the other person, which each list then counts once; the record stays, " +
			"marked merged_into, out of lists and counts. Never done without this request.", Tags: tags},
		"epidemic:write", s.mergePerson)
	httpx.Register(r, huma.Operation{OperationID: "epidemic-person-photo", Method: http.MethodGet,
		Path: "/epidemic/person-photos/{id}", Summary: "A photo of a person's verification, to who sees the person",
		Tags: tags}, "epidemic:read", s.photo)
}

func (s *Service) listPersons(ctx context.Context, in *personList) (*httpx.Body[httpx.List[Person]], error) {
	items, total, err := s.Persons(ctx, access.From(ctx).RegionPath, in.PersonFilter, in.Offset(), in.Size)
	return httpx.Result(httpx.List[Person]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size}, err)
}

func (s *Service) getPerson(ctx context.Context, in *idInput) (*httpx.Body[PersonDetail], error) {
	return httpx.Result(s.Detail(ctx, access.From(ctx), in.ID))
}

func (s *Service) revealPerson(ctx context.Context, in *revealInput) (*httpx.Body[Revealed], error) {
	return httpx.Result(s.Reveal(ctx, access.From(ctx), in.ID, in.Body.Fields))
}

func (s *Service) actOn(action string) func(context.Context, *actInput) (*httpx.Body[PersonDetail], error) {
	return func(ctx context.Context, in *actInput) (*httpx.Body[PersonDetail], error) {
		return httpx.Result(s.Act(ctx, access.From(ctx), in.ID, action, in.Body))
	}
}

func (s *Service) assignPerson(ctx context.Context, in *assignInput) (*httpx.Body[PersonDetail], error) {
	return httpx.Result(s.Assign(ctx, access.From(ctx), in.ID, strings.TrimSpace(in.Body.GridCode)))
}

func (s *Service) mergePerson(ctx context.Context, in *mergeInput) (*httpx.Body[PersonDetail], error) {
	return httpx.Result(s.Merge(ctx, access.From(ctx), in.ID, in.Body.Into))
}

func (s *Service) photo(ctx context.Context, in *photoInput) (*huma.StreamResponse, error) {
	held, err := s.files.Holder(ctx, in.ID)
	person, ok := strings.CutPrefix(held, photoOwner(""))
	if err != nil || !ok {
		return nil, files.ErrNotFound
	}
	if _, err := s.Person(ctx, access.From(ctx).RegionPath, person); err != nil {
		return nil, err
	}
	a, f, err := s.files.OpenHeld(ctx, held, in.ID, false)
	if err != nil {
		return nil, err
	}
	return files.Stream(a, f, in.Download), nil
}
