package trace

import (
	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/httpx"
)

var tags = []string{"epidemic"}

type runInput struct {
	Body Input
}

type listInput struct {
	Person string `query:"person" maxLength:"40" doc:"one case's traces"`
	httpx.Page
}

type idInput struct {
	ID string `path:"id" maxLength:"40"`
}

type pushInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body PushInput
}

// Routes registers tracing's routes.
func (s *Service) Routes(r *httpx.Router) {
	httpx.Register(r, huma.Operation{OperationID: "run-trace", Method: http.MethodPost, Path: "/epidemic/trace",
		Summary: "Trace a case's close contacts (venue check-ins, household) and, with hops 2, theirs",
		Description: "The case must be in the caller's scope (404 otherwise). The window defaults to the disease's incubation " +
			"before the onset or the first positive sample, to now; two stays are a contact when each arrived no later " +
			"than window_minutes after the other left. Recorded and audited with its parameters, not its contacts.",
		Tags: tags}, "epidemic:trace", s.run)
	httpx.Register(r, huma.Operation{OperationID: "list-traces", Method: http.MethodGet, Path: "/epidemic/traces",
		Summary: "Recent traces of cases in the caller's scope, the newest first", Tags: tags}, "epidemic:trace", s.list)
	httpx.Register(r, huma.Operation{OperationID: "get-trace", Method: http.MethodGet, Path: "/epidemic/traces/{id}",
		Summary: "One trace's record: its case, parameters, counts and push", Tags: tags}, "epidemic:trace", s.get)
	httpx.Register(r, huma.Operation{OperationID: "push-trace", Method: http.MethodPost, Path: "/epidemic/traces/{id}/push",
		Summary: "Push a trace's contacts down as screening lists (close and secondary contacts) and record their exposures",
		Description: "The contacts are found again from the trace's parameters; contacts selects some by key. Once per trace: " +
			"a second push answers the first (repeated).", Tags: tags}, "epidemic:trace", s.pushRoute)
}

func (s *Service) run(ctx context.Context, in *runInput) (*httpx.Body[Result], error) {
	in.Body.PersonID, in.Body.ResidentID = strings.TrimSpace(in.Body.PersonID), strings.TrimSpace(in.Body.ResidentID)
	return httpx.Result(s.Run(ctx, access.From(ctx), in.Body))
}

func (s *Service) list(ctx context.Context, in *listInput) (*httpx.Body[httpx.List[Record]], error) {
	items, total, err := s.Traces(ctx, access.From(ctx), in.Person, in.Offset(), in.Size)
	return httpx.Result(httpx.List[Record]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size}, err)
}

func (s *Service) get(ctx context.Context, in *idInput) (*httpx.Body[Record], error) {
	return httpx.Result(s.Trace(ctx, access.From(ctx), in.ID))
}

func (s *Service) pushRoute(ctx context.Context, in *pushInput) (*httpx.Body[Pushed], error) {
	return httpx.Result(s.Push(ctx, access.From(ctx), in.ID, in.Body))
}
