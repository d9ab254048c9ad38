package population

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/httpx"
)

type transferList struct {
	httpx.Page
	Direction string `query:"direction" enum:"incoming,outgoing" default:"incoming" doc:"incoming: requests for residents the caller's region holds; outgoing: the region's own requests"`
	Status    string `query:"status" enum:"pending,approved,refused," doc:"default: every status"`
}

type transferDecision struct {
	ID   string `path:"id"`
	Body Decision
}

// transferRoutes registers the transfer requests' routes. One request has
// no GET of its own: /residents/transfers/{id} would overlap
// /residents/{id}/history in the router; the list carries everything.
func (s *Service) transferRoutes(r *httpx.Router) {
	tags := []string{"residents"}
	httpx.Register(r, huma.Operation{OperationID: "request-transfer", Method: http.MethodPost, Path: "/residents/transfers",
		Summary: "Ask the region holding a resident to transfer them to a grid of the caller's", Tags: tags,
		DefaultStatus: http.StatusCreated}, "resident:write", s.requestTransferHandler)
	httpx.Register(r, huma.Operation{OperationID: "list-transfers", Method: http.MethodGet, Path: "/residents/transfers",
		Summary: "Transfer requests the caller's region holds (incoming) or asked (outgoing)", Tags: tags}, "resident:read",
		s.listTransfersHandler)
	httpx.Register(r, huma.Operation{OperationID: "approve-transfer", Method: http.MethodPost, Path: "/residents/transfers/{id}/approve",
		Summary: "Approve an incoming request: the resident moves to the requested grid", Tags: tags}, "resident:write",
		s.decisionHandler(s.ApproveTransfer))
	httpx.Register(r, huma.Operation{OperationID: "refuse-transfer", Method: http.MethodPost, Path: "/residents/transfers/{id}/refuse",
		Summary: "Refuse an incoming request", Tags: tags}, "resident:write", s.decisionHandler(s.RefuseTransfer))
}

func (s *Service) requestTransferHandler(ctx context.Context, in *httpx.Body[TransferInput]) (*httpx.Body[Transfer], error) {
	t, err := s.RequestTransfer(ctx, access.From(ctx), in.Body)
	if err != nil {
		return nil, err
	}
	return httpx.Reply(t)
}

func (s *Service) listTransfersHandler(ctx context.Context, in *transferList) (*httpx.Body[httpx.List[Transfer]], error) {
	items, total, err := s.Transfers(ctx, access.From(ctx), in.Direction, in.Status, in.Offset(), in.Size)
	if err != nil {
		return nil, err
	}
	return httpx.Reply(httpx.List[Transfer]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size})
}

func (s *Service) decisionHandler(decide func(context.Context, *access.Principal, string, Decision) (Transfer, error)) func(context.Context, *transferDecision) (*httpx.Body[Transfer], error) {
	return func(ctx context.Context, in *transferDecision) (*httpx.Body[Transfer], error) {
		t, err := decide(ctx, access.From(ctx), in.ID, in.Body)
		if err != nil {
			return nil, err
		}
		return httpx.Reply(t)
	}
}
