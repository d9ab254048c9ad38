package chain

import (
	"bytes"
	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/httpx"
)

var tags = []string{"epidemic"}

type exposuresInput struct {
	Body struct {
		Items []Exposure `json:"items" minItems:"1" maxItems:"500"`
	}
}

// Added answers exposures added: the chains they are in now.
type Added struct {
	Chains []string `json:"chains"`
}

type personInput struct {
	Person string `query:"person" required:"true" maxLength:"40" doc:"a risk person in the caller's scope"`
}

type removeInput struct {
	ID     string `path:"id" maxLength:"40"`
	Reason string `query:"reason" maxLength:"500" doc:"why it is removed (required)"`
}

type chainList struct {
	ChainFilter
	httpx.Page
}

type graphInput struct {
	ID string `path:"id" maxLength:"40"`
	GraphFilter
}

type idInput struct {
	ID string `path:"id" maxLength:"40"`
}

type outbreakList struct {
	OutbreakFilter
	httpx.Page
}

type actionInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body OutbreakAction
}

// Items is a whole list, unpaged.
type Items[T any] struct {
	Items []T `json:"items"`
}

// Routes registers the chain and outbreak routes.
func (s *Service) Routes(r *httpx.Router) {
	httpx.Register(r, huma.Operation{OperationID: "add-exposures", Method: http.MethodPost, Path: "/epidemic/exposures",
		Summary: "Record exposures between risk persons (source may have infected target), at most 500",
		Description: "Each joins its two persons' chains, merging them if apart. The same pair, kind and day again adds " +
			"nothing (a retry is safe). The caller must see one of each pair; both must be of one disease.", Tags: tags},
		"epidemic:trace", s.addExposures)
	httpx.Register(r, huma.Operation{OperationID: "list-person-exposures", Method: http.MethodGet, Path: "/epidemic/exposures",
		Summary: "A risk person's exposures, the latest first; the other person masked outside the caller's scope",
		Tags:    tags}, "epidemic:trace", s.personExposures)
	httpx.Register(r, huma.Operation{OperationID: "remove-exposure", Method: http.MethodDelete, Path: "/epidemic/exposures/{id}",
		Summary: "Remove an exposure found wrong, saying why; its chain splits if it held it together",
		Tags:    tags, DefaultStatus: http.StatusNoContent}, "epidemic:trace", s.removeExposure)
	httpx.Register(r, huma.Operation{OperationID: "list-chains", Method: http.MethodGet, Path: "/epidemic/chains",
		Summary: "Transmission chains touching the caller's scope (or a region in it), the latest exposure first",
		Description: "active=true: still within follow-up (its latest exposure plus the disease's close-contact " +
			"protocol days, or its incubation period).", Tags: tags}, "epidemic:trace", s.listChains)
	httpx.Register(r, huma.Operation{OperationID: "get-chain", Method: http.MethodGet, Path: "/epidemic/chains/{id}",
		Summary: "A chain's graph: persons with category, grid and generation, exposures with kind, date and certainty",
		Description: "Persons outside the caller's scope show only their category and county. Past the limit the persons " +
			"are grouped by generation (or grid: group=grid) unless group=none.", Tags: tags}, "epidemic:trace", s.getChain)
	httpx.Register(r, huma.Operation{OperationID: "export-chain", Method: http.MethodGet, Path: "/epidemic/chains/{id}/export.csv",
		Summary: "A chain's exposures as CSV, masked as on screen; audited as an export", Tags: tags,
		Responses: map[string]*huma.Response{"200": {Description: "the chain", Content: map[string]*huma.MediaType{"text/csv": {}}}}},
		"epidemic:trace", s.exportChain)
	httpx.Register(r, huma.Operation{OperationID: "list-outbreaks", Method: http.MethodGet, Path: "/epidemic/outbreaks",
		Summary: "Outbreaks (聚集性疫情) in the caller's scope, the latest declared first", Tags: tags}, "epidemic:read",
		s.listOutbreaks)
	httpx.Register(r, huma.Operation{OperationID: "get-outbreak", Method: http.MethodGet, Path: "/epidemic/outbreaks/{id}",
		Summary: "An outbreak with its chains and timeline", Tags: tags}, "epidemic:read", s.getOutbreak)
	httpx.Register(r, huma.Operation{OperationID: "declare-outbreak", Method: http.MethodPost, Path: "/epidemic/outbreaks",
		Summary: "Declare an outbreak over chains or a venue, with its level (I–IV)", Tags: tags,
		DefaultStatus: http.StatusCreated}, "epidemic:write", s.declare)
	httpx.Register(r, huma.Operation{OperationID: "act-on-outbreak", Method: http.MethodPost, Path: "/epidemic/outbreaks/{id}/actions",
		Summary:     "Add chains to an outbreak, change its level, mark it controlled or close it",
		Description: "declared → controlled → closed; 409 where allowed_actions does not list the action.", Tags: tags},
		"epidemic:write", s.act)
}

func (s *Service) addExposures(ctx context.Context, in *exposuresInput) (*httpx.Body[Added], error) {
	if len(in.Body.Items) > maxBatch {
		return nil, errBatch.Field("body.items")
	}
	chains, err := s.add(ctx, access.From(ctx), in.Body.Items, "body.items")
	return httpx.Result(Added{Chains: chains}, err)
}

func (s *Service) personExposures(ctx context.Context, in *personInput) (*httpx.Body[Items[PersonExposure]], error) {
	items, err := s.PersonExposures(ctx, access.From(ctx), in.Person)
	return httpx.Result(Items[PersonExposure]{Items: items}, err)
}

func (s *Service) removeExposure(ctx context.Context, in *removeInput) (*struct{}, error) {
	return nil, s.RemoveExposure(ctx, access.From(ctx), in.ID, in.Reason)
}

func (s *Service) listChains(ctx context.Context, in *chainList) (*httpx.Body[httpx.List[Chain]], error) {
	items, total, err := s.Chains(ctx, access.From(ctx), in.ChainFilter, in.Offset(), in.Size)
	return httpx.Result(httpx.List[Chain]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size}, err)
}

func (s *Service) getChain(ctx context.Context, in *graphInput) (*httpx.Body[Graph], error) {
	return httpx.Result(s.Graph(ctx, access.From(ctx), in.ID, in.GraphFilter))
}

func (s *Service) exportChain(ctx context.Context, in *idInput) (*huma.StreamResponse, error) {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF") // Excel reads UTF-8 CSV as such only after a BOM
	if err := s.Export(ctx, access.From(ctx), in.ID, &buf); err != nil {
		return nil, err
	}
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		hc.SetHeader("Content-Type", "text/csv; charset=utf-8")
		hc.SetHeader("Content-Disposition", "attachment; filename=\"chain-"+strings.ReplaceAll(in.ID, "\"", "")+".csv\"")
		hc.SetStatus(http.StatusOK)
		hc.BodyWriter().Write(buf.Bytes())
	}}, nil
}

func (s *Service) listOutbreaks(ctx context.Context, in *outbreakList) (*httpx.Body[httpx.List[Outbreak]], error) {
	items, total, err := s.Outbreaks(ctx, access.From(ctx), in.OutbreakFilter, in.Offset(), in.Size)
	return httpx.Result(httpx.List[Outbreak]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size}, err)
}

func (s *Service) getOutbreak(ctx context.Context, in *idInput) (*httpx.Body[Outbreak], error) {
	return httpx.Result(s.Outbreak(ctx, access.From(ctx), in.ID))
}

func (s *Service) declare(ctx context.Context, in *httpx.Body[OutbreakInput]) (*httpx.Body[Outbreak], error) {
	return httpx.Result(s.Declare(ctx, access.From(ctx), in.Body))
}

func (s *Service) act(ctx context.Context, in *actionInput) (*httpx.Body[Outbreak], error) {
	return httpx.Result(s.Act(ctx, access.From(ctx), in.ID, in.Body))
}
