package audit

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/httpx"
)

type listInput struct {
	httpx.Page
	Actor      string    `query:"actor" doc:"username"`
	Action     string    `query:"action" doc:"action, or a prefix ending in '.' such as 'auth.'"`
	ObjectType string    `query:"object_type"`
	ObjectID   string    `query:"object_id"`
	Outcome    string    `query:"outcome" enum:"success,failure,"`
	From       time.Time `query:"from" doc:"RFC 3339, inclusive"`
	To         time.Time `query:"to" doc:"RFC 3339, exclusive"`
}

// Routes registers the audit routes.
func (l *Log) Routes(r *httpx.Router) {
	httpx.Register(r, huma.Operation{OperationID: "list-audit", Method: http.MethodGet, Path: "/audit",
		Summary: "Audit records in the caller's scope, newest first", Tags: []string{"audit"}}, "audit:read",
		func(ctx context.Context, in *listInput) (*httpx.Body[httpx.List[Entry]], error) {
			p := access.From(ctx)
			f := Filter{Actor: in.Actor, Action: in.Action, ObjectType: in.ObjectType, ObjectID: in.ObjectID,
				Outcome: in.Outcome, From: in.From, To: in.To}
			items, total, err := l.List(ctx, p.RegionPath, f, in.Offset(), in.Size)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(httpx.List[Entry]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size})
		})
	httpx.Register(r, huma.Operation{OperationID: "verify-audit", Method: http.MethodGet, Path: "/audit/verify",
		Summary: "Verify the whole audit hash chain", Tags: []string{"audit"}}, "audit:verify",
		func(ctx context.Context, _ *struct{}) (*httpx.Body[Verification], error) {
			v, err := l.Verify(ctx)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(v)
		})
}
