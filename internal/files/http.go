package files

import (
	"context"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/httpx"
)

type requestKey struct{}

type downloadInput struct {
	ID       string `path:"id"`
	Download bool   `query:"download" doc:"save it (Content-Disposition: attachment) rather than show it"`
}

// Routes registers upload and download. Uploading needs a part in the
// event workflow (report, handle or verify) or a resident's own report
// (public:self); downloading, event:read or public:self and the attachment
// in the caller's reach (a resident's: their uploads and their reports').
func (s *Service) Routes(r *httpx.Router) {
	tags := []string{"attachments"}
	upload := huma.Operation{OperationID: "upload-attachment", Method: http.MethodPost, Path: "/attachments",
		Summary: "Upload a photo or short video to attach to a report or an action",
		Description: fmt.Sprintf("multipart/form-data with one `file`: JPEG, PNG, WebP or HEIC/HEIF photos up to %d MB, "+
			"MP4 or MOV videos up to %d MB, the type told by the content. The upload is the caller's alone until a report "+
			"(POST /events, POST /public/reports), an action (accept, return, handle, verify) or a home visit (POST /visits) names it in "+
			"`attachment_ids`; "+
			"one no report or action takes is deleted after a day.", s.limits.Image>>20, s.limits.Video>>20),
		Tags: tags, DefaultStatus: http.StatusCreated,
		// the body is streamed to the store, not parsed by huma
		Middlewares: huma.Middlewares{func(ctx huma.Context, next func(huma.Context)) {
			req, _ := humago.Unwrap(ctx)
			next(huma.WithValue(ctx, requestKey{}, req))
		}},
	}
	httpx.Register(r, upload, httpx.AnyOf("event:report", "event:handle", "event:verify", "visit:record", "public:self"),
		func(ctx context.Context, _ *struct{}) (*httpx.Body[Attachment], error) {
			req, _ := ctx.Value(requestKey{}).(*http.Request)
			a, err := s.receive(ctx, access.From(ctx), req)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(a)
		})
	s.describeUpload(r.API.OpenAPI())
	httpx.Register(r, huma.Operation{OperationID: "get-attachment", Method: http.MethodGet, Path: "/attachments/{id}",
		Summary: "Download an attachment (Range requests served)", Tags: tags,
		Description: "Its uploader may read it until it is attached; then whoever may read the event. " +
			"Anything else answers 404.",
		Responses: Responses()}, httpx.AnyOf("event:read", "public:self"),
		func(ctx context.Context, in *downloadInput) (*huma.StreamResponse, error) {
			a, f, err := s.Open(ctx, access.From(ctx), in.ID)
			if err != nil {
				return nil, err
			}
			return Stream(a, f, in.Download), nil
		})
}

// Responses are a download's: the file, or the range asked for.
func Responses() map[string]*huma.Response {
	media := map[string]*huma.MediaType{}
	for _, ct := range ContentTypes {
		media[ct] = &huma.MediaType{Schema: &huma.Schema{Type: "string", Format: "binary"}}
	}
	return map[string]*huma.Response{"200": {Description: "the file", Content: media},
		"206": {Description: "the range asked for", Content: media}}
}

// Stream serves f, the content of a, inline or to save (download), with its
// name, its digest as the ETag (the watermarked copy's its own) and Range
// requests.
func Stream(a Attachment, f io.ReadSeekCloser, download bool) *huma.StreamResponse {
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		defer f.Close()
		req, w := humago.Unwrap(hc)
		h := w.Header()
		h.Set("Content-Type", a.ContentType)
		disposition := "inline"
		if download {
			disposition = "attachment"
		}
		h.Set("Content-Disposition", Disposition(disposition, a.Name))
		etag := a.SHA256
		if a.served != "" {
			etag += "-" + a.served
		}
		h.Set("ETag", `"`+etag+`"`)
		h.Set("Cache-Control", "private, max-age=86400")
		h.Set("X-Content-Type-Options", "nosniff")
		http.ServeContent(w, req, "", a.CreatedAt, f)
	}}
}

// describeUpload documents the multipart body huma does not parse.
func (s *Service) describeUpload(oapi *huma.OpenAPI) {
	item := oapi.Paths["/api/v1/attachments"]
	if item == nil || item.Post == nil {
		return
	}
	item.Post.RequestBody = &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{
		"multipart/form-data": {Schema: &huma.Schema{Type: "object", Required: []string{"file"},
			Properties: map[string]*huma.Schema{
				"file": {Type: "string", Format: "binary", Description: "one photo or video; its name is kept for download"},
			}}},
	}}
	item.Post.Errors = append(item.Post.Errors, http.StatusUnprocessableEntity)
}

// receive streams the one file of a multipart body to the store.
func (s *Service) receive(ctx context.Context, caller *access.Principal, r *http.Request) (Attachment, error) {
	if r == nil {
		return Attachment{}, fmt.Errorf("attachment: no request")
	}
	limit := s.limits.Body()
	_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || params["boundary"] == "" {
		return Attachment{}, apperr.Invalid{apperr.Multipart.On("body", "须以 multipart/form-data 上传 / the body must be multipart/form-data")}
	}
	mr := multipart.NewReader(http.MaxBytesReader(nil, r.Body, limit), params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return Attachment{}, apperr.Invalid{apperr.Required.On("body.file", "请选择要上传的文件 / file is required")}
		}
		if err != nil {
			return Attachment{}, apperr.Invalid{apperr.Multipart.On("body", "无法读取上传内容 / cannot read the multipart body: "+err.Error())}
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		defer part.Close()
		return s.Upload(ctx, caller, part.FileName(), part)
	}
}

// Disposition is a Content-Disposition header that keeps a Chinese name:
// the UTF-8 name (RFC 6266, RFC 5987 encoding) and, for old clients, the
// name itself when it is plain ASCII, else "attachment" and its extension.
func Disposition(kind, name string) string {
	unquotable := func(s string) bool {
		return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r > 0x7e || r == '"' || r == '\\' })
	}
	fallback := name
	if unquotable(name) {
		fallback = "attachment"
		if ext := strings.ToLower(filepath.Ext(name)); !unquotable(ext) {
			fallback += ext
		}
	}
	var enc strings.Builder
	for _, b := range []byte(name) {
		if 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || strings.IndexByte("!#$&+-.^_`|~", b) >= 0 {
			enc.WriteByte(b)
		} else {
			fmt.Fprintf(&enc, "%%%02X", b)
		}
	}
	return fmt.Sprintf(`%s; filename="%s"; filename*=UTF-8''%s`, kind, fallback, enc.String())
}
