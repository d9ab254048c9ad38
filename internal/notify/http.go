package notify

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/httpx"
)

type listInput struct {
	httpx.Page
	Unread bool `query:"unread" doc:"only the unread ones"`
}

type idInput struct {
	ID string `path:"id"`
}

// UnreadCount is the badge's number.
type UnreadCount struct {
	Unread int `json:"unread"`
}

// ReadAllResult is what marking everything read did.
type ReadAllResult struct {
	Marked int `json:"marked" doc:"notifications newly marked read"`
}

// wsDescription is the push channel's contract, for the OpenAPI description.
const wsDescription = "Upgrades to a WebSocket that pushes the caller's notifications as they are committed. " +
	"Browsers authenticate with the session cookie (same origin only); other clients with `Authorization: Bearer`. " +
	"Each message is one JSON object: `{\"type\":\"unread\",\"unread\":N}` on connecting and whenever a read elsewhere " +
	"changes the count, and `{\"type\":\"notification\",\"notification\":{…as in GET /notifications…},\"unread\":N}` for " +
	"each new one. The server pings every 25 s. It closes with 4401 when the session ends (logout, expiry), 1001 when " +
	"it shuts down and 1013 when the client fell too far behind — reconnect then, and read the inbox again."

// Routes registers the inbox and the push channel; every route acts on the
// caller's own notifications only.
func (s *Service) Routes(r *httpx.Router) {
	tags := []string{"notifications"}
	httpx.Register(r, huma.Operation{OperationID: "list-notifications", Method: http.MethodGet, Path: "/notifications",
		Summary: "The caller's notifications, newest first", Tags: tags}, httpx.Authenticated,
		func(ctx context.Context, in *listInput) (*httpx.Body[httpx.List[Notification]], error) {
			items, total, err := s.List(ctx, access.From(ctx).UserID, in.Unread, in.Offset(), in.Size)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(httpx.List[Notification]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size})
		})
	httpx.Register(r, huma.Operation{OperationID: "notifications-unread", Method: http.MethodGet, Path: "/notifications/unread-count",
		Summary: "How many of the caller's notifications are unread", Tags: tags}, httpx.Authenticated,
		func(ctx context.Context, _ *struct{}) (*httpx.Body[UnreadCount], error) {
			n, err := s.Unread(ctx, access.From(ctx).UserID)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(UnreadCount{Unread: n})
		})
	httpx.Register(r, huma.Operation{OperationID: "get-notification", Method: http.MethodGet, Path: "/notifications/{id}",
		Summary: "One of the caller's notifications", Tags: tags}, httpx.Authenticated,
		func(ctx context.Context, in *idInput) (*httpx.Body[Notification], error) {
			n, err := s.Get(ctx, access.From(ctx).UserID, in.ID)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(n)
		})
	httpx.Register(r, huma.Operation{OperationID: "read-notification", Method: http.MethodPost, Path: "/notifications/{id}/read",
		Summary: "Mark one of the caller's notifications read", Tags: tags}, httpx.Authenticated,
		func(ctx context.Context, in *idInput) (*httpx.Body[Notification], error) {
			n, err := s.Read(ctx, access.From(ctx).UserID, in.ID)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(n)
		})
	httpx.Register(r, huma.Operation{OperationID: "read-all-notifications", Method: http.MethodPost, Path: "/notifications/read-all",
		Summary: "Mark every notification of the caller read", Tags: tags}, httpx.Authenticated,
		func(ctx context.Context, _ *struct{}) (*httpx.Body[ReadAllResult], error) {
			n, err := s.ReadAll(ctx, access.From(ctx).UserID)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(ReadAllResult{Marked: n})
		})
	httpx.Register(r, huma.Operation{OperationID: "notifications-ws", Method: http.MethodGet, Path: "/ws",
		Summary: "WebSocket: the caller's notifications pushed as they happen", Description: wsDescription, Tags: tags,
		Responses: map[string]*huma.Response{"101": {Description: "Switching Protocols: the WebSocket is open"}}},
		httpx.Authenticated,
		func(ctx context.Context, _ *struct{}) (*huma.StreamResponse, error) {
			return &huma.StreamResponse{Body: s.serveWS}, nil
		})
}
