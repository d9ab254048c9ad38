package imports

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/httpx"
)

type idInput struct {
	ID string `path:"id"`
}

type kindInput struct {
	Kind string `query:"kind" enum:"residents" default:"residents"`
}

type fileOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

type requestKey struct{}

// Routes registers the import routes. All need resident:import; a job is
// seen only inside the subtree of the user who started it.
func (s *Service) Routes(r *httpx.Router) {
	tags := []string{"imports"}
	const perm = "resident:import"
	upload := huma.Operation{OperationID: "create-import", Method: http.MethodPost, Path: "/imports",
		Summary: "Upload a residents file (csv UTF-8/GB18030, or xlsx) and start importing it",
		Description: "multipart/form-data: `kind` (residents), `mode` (insert: an existing ID number rejects the row; " +
			"upsert: it updates the resident) and `file`. The file's type is told by its content. A header the import " +
			"cannot use is refused here (422); everything else is reported per row by the job.",
		Tags: tags, DefaultStatus: http.StatusAccepted,
		// The body is streamed to disk by the handler, not parsed by huma:
		// the middleware only hands the handler its request.
		Middlewares: huma.Middlewares{func(ctx huma.Context, next func(huma.Context)) {
			req, _ := humago.Unwrap(ctx)
			next(huma.WithValue(ctx, requestKey{}, req))
		}},
	}
	httpx.Register(r, upload, perm, func(ctx context.Context, _ *struct{}) (*httpx.Body[Job], error) {
		req, _ := ctx.Value(requestKey{}).(*http.Request)
		j, err := s.upload(ctx, access.From(ctx), req)
		if err != nil {
			return nil, err
		}
		return httpx.Reply(j)
	})
	describeUpload(r.API.OpenAPI(), s.set.MaxBytes)
	httpx.Register(r, huma.Operation{OperationID: "list-imports", Method: http.MethodGet, Path: "/imports",
		Summary: "Import jobs in the caller's scope, newest first", Tags: tags}, perm,
		func(ctx context.Context, in *httpx.Page) (*httpx.Body[httpx.List[Job]], error) {
			items, total, err := s.List(ctx, access.From(ctx).RegionPath, in.Offset(), in.Size)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(httpx.List[Job]{Items: items, Total: total, Page: in.Page, Size: in.Size})
		})
	httpx.Register(r, huma.Operation{OperationID: "import-template", Method: http.MethodGet, Path: "/imports/template",
		Summary: "The residents template (xlsx): headers, an example row, and what each column takes", Tags: tags}, perm,
		func(ctx context.Context, _ *kindInput) (*fileOutput, error) {
			var b strings.Builder
			if err := WriteTemplate(&b); err != nil {
				return nil, err
			}
			return &fileOutput{ContentType: xlsxType, ContentDisposition: disposition("居民信息导入模板.xlsx"), Body: []byte(b.String())}, nil
		})
	httpx.Register(r, huma.Operation{OperationID: "import-columns", Method: http.MethodGet, Path: "/imports/columns",
		Summary: "What a residents file must look like: its columns (the template's) and the largest upload", Tags: tags}, perm,
		func(ctx context.Context, _ *kindInput) (*httpx.Body[FileSpec], error) {
			return httpx.Reply(s.fileSpec())
		})
	httpx.Register(r, huma.Operation{OperationID: "get-import", Method: http.MethodGet, Path: "/imports/{id}",
		Summary: "One import job: status, counts and progress", Tags: tags}, perm,
		func(ctx context.Context, in *idInput) (*httpx.Body[Job], error) {
			j, err := s.Get(ctx, access.From(ctx).RegionPath, in.ID)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(j)
		})
	httpx.Register(r, huma.Operation{OperationID: "import-errors", Method: http.MethodGet, Path: "/imports/{id}/errors",
		Summary:     "The job's error report (xlsx): each rejected row with its line, column and reason, ID and phone masked",
		Description: "Audited. 410 Gone once the report has expired.", Tags: tags,
		Responses: map[string]*huma.Response{"200": {Description: "the report", Content: map[string]*huma.MediaType{xlsxType: {}}},
			"410": {Description: "the report expired and was deleted"}}}, perm,
		func(ctx context.Context, in *idInput) (*huma.StreamResponse, error) {
			f, name, err := s.Report(ctx, access.From(ctx), in.ID)
			if err == ErrGone {
				return gone(), nil
			}
			if err != nil {
				return nil, err
			}
			return &huma.StreamResponse{Body: func(hc huma.Context) {
				defer f.Close()
				hc.SetHeader("Content-Type", xlsxType)
				hc.SetHeader("Content-Disposition", disposition(name))
				hc.SetStatus(http.StatusOK)
				io.Copy(hc.BodyWriter(), f)
			}}, nil
		})
}

// describeUpload documents the multipart body huma does not parse.
func describeUpload(oapi *huma.OpenAPI, maxBytes int64) {
	item := oapi.Paths["/api/v1/imports"]
	if item == nil || item.Post == nil {
		return
	}
	item.Post.RequestBody = &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{
		"multipart/form-data": {Schema: &huma.Schema{Type: "object", Required: []string{"kind", "mode", "file"},
			Properties: map[string]*huma.Schema{
				"kind": {Type: "string", Enum: []any{KindResidents}},
				"mode": {Type: "string", Enum: []any{"insert", "upsert"}},
				"file": {Type: "string", Format: "binary", Description: fmt.Sprintf("csv (UTF-8, UTF-8 with BOM, or GB18030/GBK) or xlsx; "+
					"at most %d MB. A file over an import limit (HEALTHGRID_IMPORT_MAX_*) gives a job that failed at once", maxBytes>>20)},
			}}},
	}}
	item.Post.Errors = append(item.Post.Errors, http.StatusUnprocessableEntity)
}

func gone() *huma.StreamResponse {
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		hc.SetHeader("Content-Type", "application/problem+json")
		hc.SetStatus(http.StatusGone)
		json.NewEncoder(hc.BodyWriter()).Encode(map[string]any{"status": http.StatusGone, "title": "Gone",
			"detail": "错误报告已过期并删除 / the error report has expired and was deleted"})
	}}
}

func disposition(name string) string {
	return fmt.Sprintf("attachment; filename=%q; filename*=UTF-8''%s", asciiName(name), url.PathEscape(name))
}

func asciiName(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return "import" + name[i:]
	}
	return "import"
}

// upload streams the multipart body: the file straight into the imports
// folder, the small fields into memory.
func (s *Service) upload(ctx context.Context, caller *access.Principal, r *http.Request) (Job, error) {
	if r == nil {
		return Job{}, fmt.Errorf("imports: no request")
	}
	limit := s.set.MaxBytes + 1<<20
	if r.ContentLength > limit {
		return Job{}, tooBig(s.set.MaxBytes)
	}
	_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || params["boundary"] == "" {
		return Job{}, apperr.Invalid{apperr.Multipart.On("body", "须以 multipart/form-data 上传 / the body must be multipart/form-data")}
	}
	mr := multipart.NewReader(http.MaxBytesReader(nil, r.Body, limit), params["boundary"])
	in := Upload{}
	defer func() {
		if in.file != nil && in.file.path != "" {
			os.Remove(in.file.path) // not handed to a job
		}
	}()
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return Job{}, tooBig(s.set.MaxBytes)
			}
			return Job{}, apperr.Invalid{apperr.Multipart.On("body", "无法读取上传内容 / cannot read the multipart body: "+err.Error())}
		}
		switch part.FormName() {
		case "kind", "mode":
			v, _ := io.ReadAll(io.LimitReader(part, 64))
			if part.FormName() == "kind" {
				in.Kind = strings.TrimSpace(string(v))
			} else {
				in.Mode = strings.TrimSpace(string(v))
			}
		case "file":
			if in.file != nil {
				return Job{}, apperr.Field("body.file", "只能上传一个文件 / one file per import")
			}
			in.FileName = part.FileName()
			if in.file, err = s.store(part); err != nil {
				return Job{}, err
			}
		}
		part.Close()
	}
	j, err := s.Create(ctx, caller, &in)
	if err != nil {
		return Job{}, err
	}
	in.file = nil // the job owns it now
	return j, nil
}

func tooBig(max int64) error {
	return apperr.Field("body.file", fmt.Sprintf("文件超过 %d MB 上限 / the file is larger than %d MB", max>>20, max>>20))
}
