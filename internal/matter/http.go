package matter

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/httpx"
)

type listInput struct {
	httpx.Page
	Q        string `query:"q" doc:"name or code contains"`
	Category string `query:"category" doc:"category code; its subcategories too"`
	Enabled  string `query:"enabled" enum:"true,false" doc:"only enabled (true) or disabled (false) matters"`
}

type codeInput struct {
	Code string `path:"code"`
}

// Routes registers the matter catalogue routes: reads for anyone signed in
// (reporters choose a matter), writes with matter:write.
func (s *Service) Routes(r *httpx.Router) {
	tags := []string{"matters"}
	httpx.Register(r, huma.Operation{OperationID: "list-matters", Method: http.MethodGet, Path: "/matters",
		Summary: "Matters of the catalogue, in category order", Tags: tags}, httpx.Authenticated,
		func(ctx context.Context, in *listInput) (*httpx.Body[httpx.List[Matter]], error) {
			f := Filter{Q: in.Q, Category: in.Category}
			if in.Enabled != "" {
				on := in.Enabled == "true"
				f.Enabled = &on
			}
			items, err := s.List(ctx, f)
			if err != nil {
				return nil, err
			}
			page := items[min(in.Offset(), len(items)):min(in.Offset()+in.Size, len(items))]
			return httpx.Reply(httpx.List[Matter]{Items: page, Total: len(items), Page: in.Page.Page, Size: in.Size})
		})
	httpx.Register(r, huma.Operation{OperationID: "matter-tree", Method: http.MethodGet, Path: "/matters/tree",
		Summary: "The category tree with each category's matters", Tags: tags}, httpx.Authenticated,
		func(ctx context.Context, _ *struct{}) (*httpx.Body[[]Node], error) {
			nodes, err := s.Tree(ctx)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(nodes)
		})
	httpx.Register(r, huma.Operation{OperationID: "get-matter", Method: http.MethodGet, Path: "/matters/{code}",
		Summary: "One matter, enabled or not", Tags: tags}, httpx.Authenticated,
		func(ctx context.Context, in *codeInput) (*httpx.Body[Matter], error) {
			m, err := s.Get(ctx, in.Code)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(m)
		})
	httpx.Register(r, huma.Operation{OperationID: "create-matter", Method: http.MethodPost, Path: "/matters",
		Summary: "Add a matter", Tags: tags, DefaultStatus: http.StatusCreated}, "matter:write",
		func(ctx context.Context, in *httpx.Body[CreateInput]) (*httpx.Body[Matter], error) {
			m, err := s.Create(ctx, in.Body)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(m)
		})
	httpx.Register(r, huma.Operation{OperationID: "update-matter", Method: http.MethodPut, Path: "/matters/{code}",
		Summary: "Update or disable a matter (matters are never deleted: events refer to them)", Tags: tags}, "matter:write",
		func(ctx context.Context, in *struct {
			Code string `path:"code"`
			Body Input
		}) (*httpx.Body[Matter], error) {
			m, err := s.Update(ctx, in.Code, in.Body)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(m)
		})
	s.categoryRoutes(r)
}

// categoryRoutes registers the writes on the category tree (it is read
// through /matters/tree).
func (s *Service) categoryRoutes(r *httpx.Router) {
	tags := []string{"matters"}
	httpx.Register(r, huma.Operation{OperationID: "create-matter-category", Method: http.MethodPost, Path: "/matter-categories",
		Summary: "Add a matter category", Tags: tags, DefaultStatus: http.StatusCreated}, "matter:write",
		func(ctx context.Context, in *httpx.Body[CreateCategoryInput]) (*httpx.Body[Category], error) {
			c, err := s.CreateCategory(ctx, in.Body)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(c)
		})
	httpx.Register(r, huma.Operation{OperationID: "update-matter-category", Method: http.MethodPut, Path: "/matter-categories/{code}",
		Summary: "Rename, re-sort or move a matter category", Tags: tags}, "matter:write",
		func(ctx context.Context, in *struct {
			Code string `path:"code"`
			Body CategoryInput
		}) (*httpx.Body[Category], error) {
			c, err := s.UpdateCategory(ctx, in.Code, in.Body)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(c)
		})
	httpx.Register(r, huma.Operation{OperationID: "delete-matter-category", Method: http.MethodDelete, Path: "/matter-categories/{code}",
		Summary: "Delete an empty matter category", Tags: tags, DefaultStatus: http.StatusNoContent}, "matter:write",
		func(ctx context.Context, in *codeInput) (*struct{}, error) {
			return nil, s.DeleteCategory(ctx, in.Code)
		})
}
