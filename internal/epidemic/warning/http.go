package warning

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/httpx"
)

var tags = []string{"epidemic"}

// Items is a whole list, unpaged.
type Items[T any] struct {
	Items []T `json:"items"`
}

type signalList struct {
	SignalFilter
	httpx.Page
}

type idInput struct {
	ID string `path:"id" maxLength:"40"`
}

type actionInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body ActionInput
}

type methodQuery struct {
	Disease string `query:"disease" maxLength:"20"`
}

// Routes registers the early warning's routes.
func (s *Service) Routes(r *httpx.Router) {
	httpx.Register(r, huma.Operation{OperationID: "post-counts", Method: http.MethodPost, Path: "/epidemic/counts",
		Summary: "Post daily counts of a source (fever clinics, pharmacies, school absence) per region, date and disease or syndrome",
		Description: "At most 1,000 items; each bad item is refused with its index and nothing is written. The same source, " +
			"region, date and disease posted again replaces its count (idempotent).", Tags: tags}, "epidemic:report", s.postCounts)
	httpx.Register(r, huma.Operation{OperationID: "list-signals", Method: http.MethodGet, Path: "/epidemic/signals",
		Summary: "Warning signals (预警信号) in the caller's area, the newest day first", Tags: tags}, "epidemic:read", s.listSignals)
	httpx.Register(r, huma.Operation{OperationID: "signal-response", Method: http.MethodGet, Path: "/epidemic/signals/response",
		Summary: "Response times per county CDC: from a signal to its first action, median and 90th percentile", Tags: tags},
		"epidemic:read", s.responses)
	httpx.Register(r, huma.Operation{OperationID: "evaluate-signals", Method: http.MethodPost, Path: "/epidemic/signals/evaluate",
		Summary: "Run every method over the caller's area for a day (yesterday when none)", Tags: tags}, "epidemic:write", s.evaluateNow)
	httpx.Register(r, huma.Operation{OperationID: "get-signal", Method: http.MethodGet, Path: "/epidemic/signals/{id}",
		Summary: "One signal with the series behind it", Tags: tags}, "epidemic:read", s.getSignal)
	httpx.Register(r, huma.Operation{OperationID: "act-on-signal", Method: http.MethodPost, Path: "/epidemic/signals/{id}/actions",
		Summary: "预警处置: verify (核实), then dismiss (排除, with a reason) or confirm (确认: an outbreak, and an event)",
		Tags:    tags}, "epidemic:write", s.act)
	httpx.Register(r, huma.Operation{OperationID: "list-warning-methods", Method: http.MethodGet, Path: "/epidemic/warning/methods",
		Summary: "The detection methods per disease and level — defaults and configured — and the settings", Tags: tags},
		"epidemic:read", s.listMethods)
	httpx.Register(r, huma.Operation{OperationID: "set-warning-method", Method: http.MethodPut, Path: "/epidemic/warning/methods",
		Summary: "Configure a method of a disease at a level (the city level only)", Tags: tags}, "epidemic:write", s.setMethod)
	httpx.Register(r, huma.Operation{OperationID: "set-warning-settings", Method: http.MethodPut, Path: "/epidemic/warning/settings",
		Summary: "The suppression window and whether a confirmed signal opens an event (the city level only)", Tags: tags},
		"epidemic:write", s.setSettings)
}

func (s *Service) postCounts(ctx context.Context, in *httpx.Body[CountsInput]) (*httpx.Body[CountsResult], error) {
	return httpx.Result(s.PostCounts(ctx, access.From(ctx), in.Body))
}

func (s *Service) listSignals(ctx context.Context, in *signalList) (*httpx.Body[httpx.List[Signal]], error) {
	items, total, err := s.Signals(ctx, access.From(ctx), in.SignalFilter, in.Offset(), in.Size)
	return httpx.Result(httpx.List[Signal]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size}, err)
}

func (s *Service) responses(ctx context.Context, in *ResponseQuery) (*httpx.Body[Items[UnitResponse]], error) {
	items, err := s.Responses(ctx, access.From(ctx), *in)
	return httpx.Result(Items[UnitResponse]{Items: items}, err)
}

func (s *Service) evaluateNow(ctx context.Context, in *httpx.Body[EvaluateInput]) (*httpx.Body[EvaluateResult], error) {
	return httpx.Result(s.Evaluate(ctx, access.From(ctx), in.Body))
}

func (s *Service) getSignal(ctx context.Context, in *idInput) (*httpx.Body[SignalDetail], error) {
	return httpx.Result(s.SignalDetail(ctx, access.From(ctx), in.ID))
}

func (s *Service) act(ctx context.Context, in *actionInput) (*httpx.Body[Signal], error) {
	return httpx.Result(s.Act(ctx, access.From(ctx), in.ID, in.Body))
}

func (s *Service) listMethods(ctx context.Context, in *methodQuery) (*httpx.Body[Config], error) {
	return httpx.Result(s.Config(ctx, in.Disease))
}

func (s *Service) setMethod(ctx context.Context, in *httpx.Body[MethodInput]) (*httpx.Body[Method], error) {
	return httpx.Result(s.SetMethod(ctx, access.From(ctx), in.Body))
}

func (s *Service) setSettings(ctx context.Context, in *httpx.Body[Settings]) (*httpx.Body[Settings], error) {
	return httpx.Result(s.SetSettings(ctx, access.From(ctx), in.Body))
}
