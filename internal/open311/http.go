package open311

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
)

// Prefix is where the endpoint is mounted.
const Prefix = "/open311/v2/"

// maxBody bounds a POSTed form: text fields only (media travel as media_url).
const maxBody = 64 << 10

// Handler serves every route under Prefix. Each resource takes the spec's
// format suffix, .json or .xml.
func (a *API) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, format, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, Prefix), ".")
		if !ok || format != "json" && format != "xml" {
			a.fail(w, r, "json", notFound("不支持的资源或格式 / no such resource: use .json or .xml"))
			return
		}
		id, one := strings.CutPrefix(name, "requests/")
		switch {
		case r.Method == http.MethodGet && name == "discovery":
			a.discovery(w, r, format)
		case r.Method == http.MethodGet && name == "services":
			a.services(w, r, format)
		case r.Method == http.MethodGet && name == "requests":
			a.list(w, r, format)
		case r.Method == http.MethodPost && name == "requests":
			a.post(w, r, format)
		case r.Method == http.MethodGet && one && id != "" && !strings.Contains(id, "/"):
			a.one(w, r, format, id)
		case name == "discovery" || name == "services" || name == "requests" || one:
			a.fail(w, r, format, apiError{Code: http.StatusMethodNotAllowed, Description: "不支持的方法 / method not allowed: " + r.Method})
		default:
			a.fail(w, r, format, notFound("不支持的资源 / no such resource: "+name))
		}
	})
}

// apiError is one entry of the spec's error list; as an error, its status.
type apiError struct {
	XMLName     xml.Name `json:"-" xml:"error"`
	Code        int      `json:"code" xml:"code"`
	Description string   `json:"description" xml:"description"`
}

func (e apiError) Error() string { return e.Description }

func notFound(msg string) apiError { return apiError{Code: http.StatusNotFound, Description: msg} }

// paramOf names, in the spec's terms, a field the workflow rejected.
var paramOf = map[string]string{
	"body.matter_code": "service_code", "body.lng": "long", "body.lat": "lat", "body.grid_code": "lat",
	"body.title": "description", "body.description": "description", "body.address": "address_string",
	"body.reporter_name": "last_name", "body.reporter_phone": "phone",
}

// fail answers err as the spec's list of errors with its HTTP status: 400
// naming each bad field, 403 for a missing, wrong or revoked key, 404 for
// what is absent or outside the key's region, 429 past the brute-force limit.
func (a *API) fail(w http.ResponseWriter, r *http.Request, format string, err error) {
	var list []apiError
	var one apiError
	var inv apperr.Invalid
	var many apperr.TooMany
	switch {
	case errors.As(err, &one):
		list = []apiError{one}
	case errors.As(err, &inv):
		for _, f := range inv {
			name := f.Field
			if p, ok := paramOf[name]; ok {
				name = p
			}
			list = append(list, apiError{Code: http.StatusBadRequest, Description: name + ": " + f.Message})
		}
	case errors.As(err, &many):
		w.Header().Set("Retry-After", strconv.Itoa(many.RetryAfter))
		list = []apiError{{Code: http.StatusTooManyRequests, Description: many.Message}}
	case errors.Is(err, apperr.ErrUnauthorized):
		list = []apiError{{Code: http.StatusForbidden, Description: "api_key: 无效或已吊销 / invalid or revoked"}}
	case errors.Is(err, apperr.ErrNotFound):
		list = []apiError{notFound(err.Error())}
	case errors.Is(err, apperr.ErrConflict):
		list = []apiError{{Code: http.StatusConflict, Description: err.Error()}}
	default:
		id := access.RequestFrom(r.Context()).ID
		slog.ErrorContext(r.Context(), "open311: internal error", "err", err, "request_id", id)
		list = []apiError{{Code: http.StatusInternalServerError, Description: "内部错误，请稍后重试 / internal error (request " + id + ")"}}
	}
	write(w, format, list[0].Code, "errors", list)
}

// write answers items as a JSON array, or as XML under root.
func write[T any](w http.ResponseWriter, format string, status int, root string, items []T) {
	if items == nil {
		items = []T{}
	}
	if format == "xml" {
		writeXML(w, status, struct {
			XMLName xml.Name
			Items   []T
		}{XMLName: xml.Name{Local: root}, Items: items})
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(items)
}

func writeXML(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(status)
	w.Write([]byte(xml.Header))
	xml.NewEncoder(w).Encode(v)
}

// form reads the query and, for a POST, the url-encoded or multipart body.
func form(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(maxBody)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		return apiError{Code: http.StatusBadRequest, Description: "无法读取表单 / the form could not be read: " + err.Error()}
	}
	return nil
}

// caller is the principal of the request's api_key; required says whether
// the resource may be read without one.
func (a *API) caller(ctx context.Context, r *http.Request, required bool) (*access.Principal, error) {
	key := strings.TrimSpace(r.Form.Get("api_key"))
	if key == "" {
		if required {
			return nil, apiError{Code: http.StatusForbidden, Description: "api_key: 缺少 api_key / api_key is required"}
		}
		return nil, nil
	}
	return a.keys.Authenticate(ctx, key)
}

// jurisdiction checks the optional jurisdiction_id: a top-level region (the
// city), and the caller's own when a key is given.
func (a *API) jurisdiction(ctx context.Context, r *http.Request, p *access.Principal) error {
	id := r.Form.Get("jurisdiction_id")
	if id == "" {
		return nil
	}
	path, err := a.regions.Path(ctx, id)
	if errors.Is(err, apperr.ErrNotFound) || err == nil && (access.Scope(path).Level() != access.City || p != nil && !access.Scope(path).Covers(p.RegionPath)) {
		return notFound("jurisdiction_id: 未知的辖区 / no such jurisdiction " + id)
	}
	return err
}

// prepare reads the form, the key and the jurisdiction of a request.
func (a *API) prepare(w http.ResponseWriter, r *http.Request, keyRequired bool) (*access.Principal, error) {
	if err := form(w, r); err != nil {
		return nil, err
	}
	p, err := a.caller(r.Context(), r, keyRequired)
	if err != nil {
		return nil, err
	}
	return p, a.jurisdiction(r.Context(), r, p)
}
