package citizen

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/httpx"
)

type idInput struct {
	ID string `path:"id" maxLength:"40"`
}

type decisionInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body *Decision
}

// decision is the body sent, or none.
func (in *decisionInput) decision() Decision {
	if in.Body == nil {
		return Decision{}
	}
	return *in.Body
}

// Routes registers the resident's binding and reports (under /public) and
// the console's resident accounts.
func (s *Service) Routes(r *httpx.Router) {
	pub := []string{"public"}
	httpx.Register(r, huma.Operation{OperationID: "public-me", Method: http.MethodGet, Path: "/public/me",
		Summary: "The resident's real-name binding and, once linked, their record and household, masked", Tags: pub},
		"public:self",
		func(ctx context.Context, _ *struct{}) (*httpx.Body[Profile], error) {
			return httpx.Result(s.Profile(ctx, access.From(ctx)))
		})
	httpx.Register(r, huma.Operation{OperationID: "bind", Method: http.MethodPost, Path: "/public/me/bind",
		Summary: "Bind the account to the resident's record by name and ID number: linked at once, or a claim",
		Tags:    pub, Errors: []int{429}}, "public:self",
		func(ctx context.Context, in *httpx.Body[BindInput]) (*httpx.Body[BindResult], error) {
			return httpx.Result(s.Bind(ctx, access.From(ctx), in.Body))
		})
	httpx.Register(r, huma.Operation{OperationID: "report", Method: http.MethodPost, Path: "/public/reports",
		Summary: "Report a problem: an event from the app, placed in the grid of its point", Tags: pub,
		DefaultStatus: http.StatusCreated, Errors: []int{429}}, "public:self",
		func(ctx context.Context, in *httpx.Body[ReportInput]) (*httpx.Body[Report], error) {
			return httpx.Result(s.File(ctx, access.From(ctx), in.Body))
		})
	httpx.Register(r, huma.Operation{OperationID: "my-reports", Method: http.MethodGet, Path: "/public/reports",
		Summary: "The caller's reports, newest first", Tags: pub}, "public:self",
		func(ctx context.Context, in *struct{ httpx.Page }) (*httpx.Body[httpx.List[Report]], error) {
			items, total, err := s.Reports(ctx, access.From(ctx), in.Offset(), in.Size)
			return httpx.Result(httpx.List[Report]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size}, err)
		})
	httpx.Register(r, huma.Operation{OperationID: "my-report", Method: http.MethodGet, Path: "/public/reports/{id}",
		Summary: "One of the caller's reports with the steps a resident sees", Tags: pub}, "public:self",
		func(ctx context.Context, in *idInput) (*httpx.Body[Report], error) {
			return httpx.Result(s.Mine(ctx, access.From(ctx), in.ID))
		})
	httpx.Register(r, huma.Operation{OperationID: "rate-report", Method: http.MethodPost, Path: "/public/reports/{id}/rate",
		Summary: "Confirm and rate one's closed report (the event's evaluation)", Tags: pub}, "public:self",
		func(ctx context.Context, in *struct {
			ID   string `path:"id" maxLength:"40"`
			Body Rating
		}) (*httpx.Body[Report], error) {
			return httpx.Result(s.Rate(ctx, access.From(ctx), in.ID, in.Body))
		})

	tags := []string{"resident-accounts"}
	httpx.Register(r, huma.Operation{OperationID: "list-resident-accounts", Method: http.MethodGet, Path: "/resident-accounts",
		Summary: "Residents' accounts living in the caller's scope, with their binding, newest first", Tags: tags},
		"resident_account:confirm",
		func(ctx context.Context, in *struct {
			httpx.Page
			Region  string `query:"region" doc:"region code: accounts living in its subtree"`
			Binding string `query:"binding" enum:"none,linked,claimed,rejected,"`
			Status  string `query:"status" enum:"active,disabled,"`
			Q       string `query:"q" maxLength:"50" doc:"a name, the account's or the one a claim gives (part of it), or a whole mobile number"`
		}) (*httpx.Body[httpx.List[Account]], error) {
			p := access.From(ctx)
			path, err := s.regions.Within(ctx, p.RegionPath, in.Region)
			if err != nil {
				return nil, err
			}
			items, total, err := s.Accounts(ctx, p, Filter{Path: path, Binding: in.Binding, Status: in.Status, Q: in.Q},
				in.Offset(), in.Size)
			return httpx.Result(httpx.List[Account]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size}, err)
		})
	httpx.Register(r, huma.Operation{OperationID: "confirm-resident-claim", Method: http.MethodPost,
		Path: "/resident-accounts/{id}/claims/confirm", Summary: "Confirm a claim: link the account to the resident of its ID number",
		Tags: tags}, "resident_account:confirm",
		func(ctx context.Context, in *decisionInput) (*httpx.Body[Account], error) {
			return httpx.Result(s.Confirm(ctx, access.From(ctx), in.ID, in.decision()))
		})
	httpx.Register(r, huma.Operation{OperationID: "reject-resident-claim", Method: http.MethodPost,
		Path: "/resident-accounts/{id}/claims/reject", Summary: "Refuse a claim; the resident may bind again", Tags: tags},
		"resident_account:confirm",
		func(ctx context.Context, in *decisionInput) (*httpx.Body[Account], error) {
			return httpx.Result(s.Reject(ctx, access.From(ctx), in.ID, in.decision()))
		})
	httpx.Register(r, huma.Operation{OperationID: "disable-resident-account", Method: http.MethodPost,
		Path: "/resident-accounts/{id}/disable", Summary: "Disable a resident's account, ending its sessions", Tags: tags},
		"resident_account:manage",
		func(ctx context.Context, in *idInput) (*httpx.Body[Account], error) {
			return httpx.Result(s.Disable(ctx, access.From(ctx), in.ID))
		})
}
