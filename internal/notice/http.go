package notice

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/httpx"
)

type listInput struct {
	httpx.Page
	Region string `query:"region" doc:"region code: notices owned in its subtree (within the caller's scope)"`
	Status string `query:"status" enum:"draft,pending,published,withdrawn,"`
	Kind   string `query:"kind" enum:"notice,article,"`
	Q      string `query:"q" maxLength:"50" doc:"title contains"`
}

type idInput struct {
	ID string `path:"id" maxLength:"40"`
}

type stepInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body struct {
		Comment string `json:"comment,omitempty" maxLength:"500" text:"multiline" doc:"reject and withdraw: why"`
	}
}

// readers are who see the office's notices in the console: its writers and
// its reviewers.
const readers = "notice:write|notice:review"

// Routes registers the console's notice routes and the readers' public ones.
func (s *Service) Routes(r *httpx.Router) {
	tags := []string{"notices"}
	httpx.Register(r, huma.Operation{OperationID: "list-notices", Method: http.MethodGet, Path: "/notices",
		Summary: "Notices owned in the caller's scope, drafts included", Tags: tags}, readers,
		func(ctx context.Context, in *listInput) (*httpx.Body[httpx.List[Notice]], error) {
			p := access.From(ctx)
			path, err := s.regions.Within(ctx, p.RegionPath, in.Region)
			if err != nil {
				return nil, err
			}
			items, total, err := s.List(ctx, Filter{RegionPath: path, Status: in.Status, Kind: in.Kind, Q: in.Q},
				in.Offset(), in.Size)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(httpx.List[Notice]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size})
		})
	httpx.Register(r, huma.Operation{OperationID: "get-notice", Method: http.MethodGet, Path: "/notices/{id}",
		Summary: "One notice, as its office sees it", Tags: tags}, readers,
		func(ctx context.Context, in *idInput) (*httpx.Body[Notice], error) {
			return httpx.Result(s.Get(ctx, access.From(ctx), in.ID))
		})
	httpx.Register(r, huma.Operation{OperationID: "notice-reads", Method: http.MethodGet, Path: "/notices/{id}/reads",
		Summary: "How many have read a notice, in a region and each of its children", Tags: tags}, readers,
		func(ctx context.Context, in *struct {
			ID     string `path:"id" maxLength:"40"`
			Region string `query:"region" doc:"region code; the caller's own region when empty"`
		}) (*httpx.Body[RegionReads], error) {
			return httpx.Result(s.Reads(ctx, access.From(ctx), in.ID, in.Region))
		})
	httpx.Register(r, huma.Operation{OperationID: "create-notice", Method: http.MethodPost, Path: "/notices",
		Summary: "Write a draft notice or article", Tags: tags, DefaultStatus: http.StatusCreated}, "notice:write",
		func(ctx context.Context, in *httpx.Body[Input]) (*httpx.Body[Notice], error) {
			return httpx.Result(s.Create(ctx, access.From(ctx), in.Body))
		})
	httpx.Register(r, huma.Operation{OperationID: "update-notice", Method: http.MethodPut, Path: "/notices/{id}",
		Summary: "Rewrite a draft", Tags: tags}, "notice:write",
		func(ctx context.Context, in *struct {
			ID   string `path:"id" maxLength:"40"`
			Body Input
		}) (*httpx.Body[Notice], error) {
			return httpx.Result(s.Update(ctx, access.From(ctx), in.ID, in.Body))
		})
	httpx.Register(r, huma.Operation{OperationID: "delete-notice", Method: http.MethodDelete, Path: "/notices/{id}",
		Summary: "Delete a draft", Tags: tags, DefaultStatus: http.StatusNoContent}, "notice:write",
		func(ctx context.Context, in *idInput) (*struct{}, error) {
			return nil, s.Delete(ctx, access.From(ctx), in.ID)
		})
	for _, st := range []struct{ step, path, perm, summary string }{
		{Submit, "submit", "notice:write", "Submit a draft for review"},
		{Approve, "approve", "notice:review", "Approve and publish (a reviewer other than the author)"},
		{Reject, "reject", "notice:review", "Send a notice back to its author, saying why"},
		{Withdraw, "withdraw", "notice:write", "Take a published notice down, saying why"},
	} {
		httpx.Register(r, huma.Operation{OperationID: st.path + "-notice", Method: http.MethodPost,
			Path: "/notices/{id}/" + st.path, Summary: st.summary, Tags: tags}, st.perm,
			func(ctx context.Context, in *stepInput) (*httpx.Body[Notice], error) {
				return httpx.Result(s.Step(ctx, access.From(ctx), in.ID, st.step, in.Body.Comment))
			})
	}
	httpx.Register(r, huma.Operation{OperationID: "public-notices", Method: http.MethodGet, Path: "/public/notices",
		Summary: "Published notices for the caller's region and those above it, newest first; anonymous: the city-wide ones",
		Tags:    []string{"public"}}, httpx.Public,
		func(ctx context.Context, in *struct {
			httpx.Page
			Kind string `query:"kind" enum:"notice,article," doc:"article: health education"`
		}) (*httpx.Body[PublicList], error) {
			l, err := s.Published(ctx, access.From(ctx), in.Kind, in.Offset(), in.Size)
			l.Page, l.Size = in.Page.Page, in.Size
			return httpx.Result(l, err)
		})
	httpx.Register(r, huma.Operation{OperationID: "public-notice", Method: http.MethodGet, Path: "/public/notices/{id}",
		Summary: "Read a published notice; a logged-in reader's read is recorded", Tags: []string{"public"}}, httpx.Public,
		func(ctx context.Context, in *idInput) (*httpx.Body[Public], error) {
			return httpx.Result(s.Read(ctx, access.From(ctx), in.ID))
		})
}
