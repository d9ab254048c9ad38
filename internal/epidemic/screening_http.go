package epidemic

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"reflect"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/httpx"
)

type requestKey struct{}

// withRequest hands the handler its request: the body is read by the
// handler (a file streamed to disk), not parsed by huma.
var withRequest = huma.Middlewares{func(ctx huma.Context, next func(huma.Context)) {
	req, _ := humago.Unwrap(ctx)
	next(huma.WithValue(ctx, requestKey{}, req))
}}

type screeningPage struct {
	httpx.Page
}

type progressInput struct {
	ID     string `path:"id" maxLength:"40"`
	Region string `query:"region" maxLength:"20" doc:"the region to break down, in the caller's scope; default the caller's own"`
}

type rejectsInput struct {
	ID string `path:"id" maxLength:"40"`
	httpx.Page
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func (s *Service) screeningRoutes(r *httpx.Router) {
	httpx.Register(r, huma.Operation{OperationID: "create-screening", Method: http.MethodPost, Path: "/epidemic/screenings",
		Summary: "Take in a screening list (排查名单) and distribute its persons down the tree",
		Description: "JSON `{name, deadline, disease, category, region?, persons[]}` (at most 5,000 persons), or " +
			"multipart/form-data with the fields `name`, `deadline` (RFC 3339), `disease`, `category`, `region` and " +
			"`file`: csv (UTF-8, UTF-8 with BOM, GB18030/GBK) or xlsx with the columns 姓名/name (required), " +
			"身份证号/id_number, 手机号/phone, 地址/address, 网格编码/grid_code, 来源地/origin, 备注/note — headers in " +
			"Chinese or English, in any order, within the resident import's limits (HEALTHGRID_IMPORT_MAX_*) and at most " +
			"200,000 rows. Each person lands exactly once: the resident the ID number matches → their grid; else the grid " +
			"code (a region's code → that region's pool) or the point → that grid; else the pool of `region` (default " +
			"the caller's). A code outside the city gives a hand-over (协查函). A person already on an open list of the " +
			"disease is named again, not duplicated; one without an ID number resembling another is offered for merge " +
			"(merge_of). A row that cannot be taken is refused with its line, field and reason, the rest kept; a file " +
			"over a limit or with a header that is not a list's is refused whole (422 on body.file). Synchronous: " +
			"the answer comes once every person is placed.",
		Tags: tags, DefaultStatus: http.StatusCreated, Middlewares: withRequest}, "epidemic:write", s.createScreening)
	describeCreate(r.API.OpenAPI())
	httpx.Register(r, huma.Operation{OperationID: "list-screenings", Method: http.MethodGet, Path: "/epidemic/screenings",
		Summary: "Screening lists the caller sees, newest first, each with its progress in the caller's scope",
		Description: "A list is seen where it was created and above, and wherever it placed persons (a grid sees the " +
			"lists that gave it a share, with that share's counts).", Tags: tags}, "epidemic:read", s.listScreenings)
	httpx.Register(r, huma.Operation{OperationID: "get-screening", Method: http.MethodGet, Path: "/epidemic/screenings/{id}",
		Summary: "One screening list with its counts in the caller's scope: received, distributed, pool, verified, overdue",
		Tags:    tags}, "epidemic:read", s.getScreening)
	httpx.Register(r, huma.Operation{OperationID: "screening-progress", Method: http.MethodGet,
		Path:    "/epidemic/screenings/{id}/progress",
		Summary: "A list's progress by child region of `region` (default the caller's), read from the tallies",
		Description: "One item per child region, zeros included; `here` is the region's own pool; `rate` is verified / " +
			"received.", Tags: tags}, "epidemic:read", s.progress)
	httpx.Register(r, huma.Operation{OperationID: "screening-live", Method: http.MethodGet, Path: "/epidemic/screenings/{id}/live",
		Summary: "A list's progress, live (Server-Sent Events)",
		Description: "text/event-stream: an `event: progress` with the counts in the caller's scope at once, then " +
			"whenever they move — at most one a second per list — and a comment every 25 s to keep proxies open.",
		Tags: tags, Responses: map[string]*huma.Response{"200": {Description: "the event stream",
			Content: map[string]*huma.MediaType{"text/event-stream": {}}}}}, "epidemic:read", s.streamProgress)
	httpx.Register(r, huma.Operation{OperationID: "screening-rejects", Method: http.MethodGet,
		Path: "/epidemic/screenings/{id}/rejects", Summary: "The rows of a list that were refused, each with its reason",
		Tags: tags}, "epidemic:read", s.rejects)
	httpx.Register(r, huma.Operation{OperationID: "screening-handovers", Method: http.MethodGet,
		Path: "/epidemic/screenings/{id}/handovers", Summary: "A list's persons outside the city: the hand-overs (协查函)",
		Tags: tags}, "epidemic:read", s.handovers)
	httpx.Register(r, huma.Operation{OperationID: "screening-handover-letters", Method: http.MethodGet,
		Path:    "/epidemic/screenings/{id}/handovers.xlsx",
		Summary: "The hand-over letters (协查函) of a list, printable (xlsx); numbers masked, audited as an export",
		Tags:    tags, Responses: xlsxResponse("the letters")}, "epidemic:read", s.handoverLetters)
	httpx.Register(r, huma.Operation{OperationID: "screening-report", Method: http.MethodGet,
		Path:        "/epidemic/screenings/{id}/report.xlsx",
		Summary:     "The feedback report upward (反馈报表, xlsx): progress by child region and the persons, numbers masked",
		Description: "Audited as an export.", Tags: tags, Responses: xlsxResponse("the report")}, "epidemic:read",
		s.feedbackReport)
}

func xlsxResponse(what string) map[string]*huma.Response {
	return map[string]*huma.Response{"200": {Description: what, Content: map[string]*huma.MediaType{xlsxType: {}}}}
}

// describeCreate documents the two bodies huma does not parse.
func describeCreate(oapi *huma.OpenAPI) {
	item := oapi.Paths["/api/v1/epidemic/screenings"]
	if item == nil || item.Post == nil {
		return
	}
	str := func(doc string) *huma.Schema { return &huma.Schema{Type: "string", Description: doc} }
	item.Post.RequestBody = &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{
		"application/json": {Schema: oapi.Components.Schemas.Schema(reflect.TypeOf(ScreeningInput{}), true, "")},
		"multipart/form-data": {Schema: &huma.Schema{Type: "object", Required: []string{"name", "deadline", "disease",
			"category", "file"}, Properties: map[string]*huma.Schema{
			"name": str("the list's name"), "deadline": str("RFC 3339"), "disease": str("a disease code in force"),
			"category": {Type: "string", Enum: categoryCodes()},
			"region":   str("the region whose pool takes the persons nothing places lower"),
			"file":     {Type: "string", Format: "binary", Description: "csv or xlsx, the columns as described above"},
		}}},
	}}
	item.Post.Errors = append(item.Post.Errors, http.StatusUnprocessableEntity)
}

func categoryCodes() []any {
	out := make([]any, len(Categories))
	for i, c := range Categories {
		out[i] = c.Code
	}
	return out
}

// maxJSONList bounds a JSON list's body: 5,000 persons of a few hundred
// bytes each.
const maxJSONList = 8 << 20

func (s *Service) createScreening(ctx context.Context, _ *struct{}) (*httpx.Body[Created], error) {
	req, _ := ctx.Value(requestKey{}).(*http.Request)
	if req == nil {
		return nil, errors.New("epidemic: no request")
	}
	caller := access.From(ctx)
	if mt, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type")); mt == "multipart/form-data" {
		return httpx.Result(s.CreateFromUpload(ctx, caller, req))
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, req.Body, maxJSONList))
	if err != nil {
		return nil, apperr.Field("body", "请求体过大或无法读取 / the body is too large or unreadable")
	}
	var in ScreeningInput
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return nil, apperr.Field("body", "JSON 格式错误 / invalid JSON: "+err.Error())
	}
	if len(in.Persons) > 5000 {
		return nil, errTooBig.Withf(apperr.P{"rows": 5000}, "JSON 名单最多 5000 人，更多请上传文件 / at most 5,000 "+
			"persons as JSON: upload a file").Field("body.persons")
	}
	return httpx.Result(s.CreateList(ctx, caller, in))
}

func (s *Service) listScreenings(ctx context.Context, in *screeningPage) (*httpx.Body[httpx.List[Screening]], error) {
	items, total, err := s.Screenings(ctx, access.From(ctx).RegionPath, in.Offset(), in.Size)
	return httpx.Result(httpx.List[Screening]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size}, err)
}

func (s *Service) getScreening(ctx context.Context, in *idInput) (*httpx.Body[Screening], error) {
	return httpx.Result(s.Screening(ctx, access.From(ctx).RegionPath, in.ID))
}

func (s *Service) progress(ctx context.Context, in *progressInput) (*httpx.Body[Progress], error) {
	return httpx.Result(s.Progress(ctx, access.From(ctx).RegionPath, in.ID, in.Region))
}

func (s *Service) rejects(ctx context.Context, in *rejectsInput) (*httpx.Body[httpx.List[Reject]], error) {
	items, total, err := s.Rejects(ctx, access.From(ctx).RegionPath, in.ID, in.Offset(), in.Size)
	return httpx.Result(httpx.List[Reject]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size}, err)
}

func (s *Service) handovers(ctx context.Context, in *idInput) (*httpx.Body[Items[Handover]], error) {
	items, err := s.Handovers(ctx, access.From(ctx).RegionPath, in.ID)
	return httpx.Result(Items[Handover]{Items: items}, err)
}

func (s *Service) feedbackReport(ctx context.Context, in *idInput) (*huma.StreamResponse, error) {
	return s.xlsx(ctx, in.ID, s.FeedbackReport)
}

func (s *Service) handoverLetters(ctx context.Context, in *idInput) (*huma.StreamResponse, error) {
	return s.xlsx(ctx, in.ID, s.HandoverLetters)
}

// xlsx answers the workbook write makes, built before the answer starts so
// that a refusal is still a problem, not half a file.
func (s *Service) xlsx(ctx context.Context, id string, write func(context.Context, *access.Principal, string, io.Writer) (string, error)) (*huma.StreamResponse, error) {
	var buf bytes.Buffer
	name, err := write(ctx, access.From(ctx), id, &buf)
	if err != nil {
		return nil, err
	}
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		hc.SetHeader("Content-Type", xlsxType)
		hc.SetHeader("Content-Disposition", fmt.Sprintf("attachment; filename=\"screening.xlsx\"; filename*=UTF-8''%s",
			url.PathEscape(name)))
		hc.SetStatus(http.StatusOK)
		hc.BodyWriter().Write(buf.Bytes())
	}}, nil
}
