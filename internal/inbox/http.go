package inbox

import (
	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/httpx"
)

// Routes registers GET /inbox and GET /inbox/counts.
func (s *Service) Routes(r *httpx.Router) {
	httpx.Register(r, huma.Operation{OperationID: "inbox", Method: http.MethodGet, Path: "/inbox",
		Summary: "Everything waiting for the caller or their unit, overdue first, then by deadline",
		Tags:    []string{"inbox"}}, httpx.Authenticated,
		func(ctx context.Context, in *struct {
			httpx.Page
			Kind string `query:"kind" maxLength:"30" pattern:"^[a-z_]*$" doc:"only items of this kind: event, event_task, booking, …"`
			Q    string `query:"q" maxLength:"50" doc:"a case number or its beginning (SJ2026…), else words of the title, the place or the matter's name"`
		}) (*httpx.Body[httpx.List[Item]], error) {
			f := Filter{Kind: in.Kind, Q: strings.TrimSpace(in.Q)}
			items, total, err := s.List(ctx, access.From(ctx), f, in.Offset(), in.Size)
			return httpx.Result(httpx.List[Item]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size}, err)
		})
	httpx.Register(r, huma.Operation{OperationID: "inbox-counts", Method: http.MethodGet, Path: "/inbox/counts",
		Summary: "How many items wait for the caller, per kind and action, and how many are overdue or due soon",
		Tags:    []string{"inbox"}}, httpx.Authenticated,
		func(ctx context.Context, _ *struct{}) (*httpx.Body[Counts], error) {
			out, err := s.Counts(ctx, access.From(ctx))
			return httpx.Result(out, err)
		})
}
