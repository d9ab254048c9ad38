// Package httpx is the HTTP edge: the router and OpenAPI description (huma),
// authentication and CSRF middleware, permission checks per route, request
// ids, logs and metrics, and the mapping of error kinds to RFC 9457 problems.
package httpx

import (
	"context"
	"errors"
	"math"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
)

// Access levels a route may require besides a permission name.
const (
	Public        = ""              // no login needed
	Authenticated = "authenticated" // any logged-in user
	// SelfService is any logged-in user, even one who must change their
	// password first: the few routes that let them do so.
	SelfService = "self-service"
)

// Authenticator resolves a session token into a principal; auth implements it.
type Authenticator interface {
	Authenticate(ctx context.Context, token string) (*access.Principal, error)
}

// Router is the platform's HTTP router and OpenAPI description.
type Router struct {
	Mux *http.ServeMux
	API huma.API
}

// NewRouter builds the router; version appears in the OpenAPI info.
func NewRouter(version string) *Router {
	mux := http.NewServeMux()
	cfg := huma.DefaultConfig("healthgrid API", version)
	cfg.Info.Description = "忻州市智慧卫健 · 卫生健康精细化治理平台 open API. Authenticate with `Authorization: Bearer <token>` from POST /api/v1/auth/login."
	cfg.OpenAPIPath = "/api/openapi"
	cfg.DocsPath = "/api/docs"
	cfg.SchemasPath = "/api/schemas"
	cfg.CreateHooks = nil // no $schema links in responses
	cfg.Transformers = append(cfg.Transformers, finiteErrors)
	cfg.Components.Schemas = huma.NewMapRegistry("#/components/schemas/", schemaName)
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer"},
		"cookie": {Type: "apiKey", In: "cookie", Name: SessionCookie},
	}
	return &Router{Mux: mux, API: humago.New(mux, cfg)}
}

// finiteErrors keeps a problem body valid JSON when a field error quotes a
// value JSON cannot carry: huma quotes the bad value, and lng=Inf is one.
func finiteErrors(_ huma.Context, _ string, v any) (any, error) {
	if m, ok := v.(*ErrorModel); ok {
		for _, d := range m.Errors {
			if f, ok := d.Value.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
				d.Value = strconv.FormatFloat(f, 'g', -1, 64)
			}
		}
	}
	return v, nil
}

// schemaName qualifies a module's type with its package (region.Input →
// RegionInput, epidemic/vaccine.Record → EpidemicVaccineRecord) so that two
// modules may both have an Input.
func schemaName(t reflect.Type, hint string) string {
	name := huma.DefaultSchemaNamer(t, hint)
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	pkg, ok := strings.CutPrefix(t.PkgPath(), "healthgrid/internal/")
	if !ok || pkg == "httpx" || strings.HasPrefix(strings.ToLower(name), strings.ReplaceAll(pkg, "/", "")) {
		return name
	}
	var prefix strings.Builder
	for _, part := range strings.Split(pkg, "/") {
		prefix.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return prefix.String() + name
}

// AnyOf is the access of a route open to whoever holds any one of perms.
func AnyOf(perms ...string) string { return strings.Join(perms, "|") }

// Register adds an operation under /api/v1 guarded by access: Public,
// Authenticated, SelfService, a permission name such as "user:write", or
// AnyOf several.
// Every route goes through here, so the permission of every route is known
// to the OpenAPI description and to the permission-matrix tests.
func Register[I, O any](r *Router, op huma.Operation, access string, h func(context.Context, *I) (*O, error)) {
	op.Path = "/api/v1" + op.Path
	if op.Metadata == nil {
		op.Metadata = map[string]any{}
	}
	op.Metadata["access"] = access
	describeAccess(&op, access)
	if access != Public {
		op.Security = []map[string][]string{{"bearer": {}}, {"cookie": {}}}
		op.Errors = append(op.Errors, http.StatusUnauthorized, http.StatusForbidden)
	}
	// The access check is an operation middleware so that it runs before huma
	// parses and validates the input: a caller who may not use the route gets
	// 401/403, never a 422 that describes what the route expects.
	op.Middlewares = append(op.Middlewares, func(ctx huma.Context, next func(huma.Context)) {
		if err := check(ctx.Context(), access); err != nil {
			var m *ErrorModel
			if !errors.As(err, &m) {
				m = problemOf(http.StatusInternalServerError, err.Error(), "internal", nil)
			}
			huma.WriteErr(r.API, ctx, m.Status, m.Detail, m)
			return
		}
		next(ctx)
	}, finiteBody(r.API))
	huma.Register(r.API, op, func(ctx context.Context, in *I) (*O, error) {
		if bad := CheckInput(in); len(bad) > 0 {
			return nil, Error(ctx, bad)
		}
		out, err := h(ctx, in)
		if err != nil {
			return nil, Error(ctx, err)
		}
		return out, nil
	})
}

func check(ctx context.Context, need string) error {
	if need == Public {
		return nil
	}
	p := access.From(ctx)
	switch {
	case p == nil:
		return problemOf(http.StatusUnauthorized, "请先登录 / login required", codeLoginRequired, nil)
	case need == SelfService:
		return nil
	case p.Pending != "":
		return problemOf(http.StatusForbidden, p.Pending, pendingCodes[p.Pending], nil)
	case need == Authenticated || slices.ContainsFunc(strings.Split(need, "|"), p.Can):
		return nil
	}
	return Error(ctx, apperr.ErrForbidden)
}

// describeAccess shows the route's access in the OpenAPI description, so
// that a client reads it instead of copying it: x-access is public,
// authenticated, self-service or permission, and x-permissions lists the
// permissions of which any one lets the caller in.
func describeAccess(op *huma.Operation, access string) {
	if op.Extensions == nil {
		op.Extensions = map[string]any{}
	}
	switch access {
	case Public:
		op.Extensions["x-access"] = "public"
	case Authenticated, SelfService:
		op.Extensions["x-access"] = access
	default:
		op.Extensions["x-access"] = "permission"
		op.Extensions["x-permissions"] = strings.Split(access, "|")
	}
}

// Access is the access level a registered operation requires.
func Access(op *huma.Operation) (string, bool) {
	a, ok := op.Metadata["access"].(string)
	return a, ok
}

// List is the envelope of every list response.
type List[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
	Page  int `json:"page"`
	Size  int `json:"size"`
}

// Page is the paging input of every list route.
type Page struct {
	Page int `query:"page" minimum:"1" default:"1" doc:"page number, from 1"`
	Size int `query:"size" minimum:"1" maximum:"200" default:"20" doc:"page size, at most 200"`
}

// maxOffset is past every list the platform holds, and small enough that an
// offset plus a page size stays far from overflowing.
const maxOffset = 1 << 40

// Offset is the number of rows before the page. A page number so large that
// the product would overflow (and wrap to a negative offset, which SQLite
// reads as 0: page 1) gives maxOffset, so its page is empty like any other
// page past the end.
func (p Page) Offset() int {
	if p.Page <= 1 || p.Size <= 0 {
		return 0
	}
	if p.Page-1 > maxOffset/p.Size {
		return maxOffset
	}
	return (p.Page - 1) * p.Size
}

// Body wraps a response body, the shape huma expects.
type Body[T any] struct {
	Body T
}

// Reply wraps v as a response body.
func Reply[T any](v T) (*Body[T], error) { return &Body[T]{Body: v}, nil }

// Items is a whole, unpaged list (a catalogue): {"items": [...]}.
type Items[T any] struct {
	Items []T `json:"items"`
}

// Result is Reply for a service call's two results: the error, if any, as it
// is (Register maps it to a problem), else v as the response body.
func Result[T any](v T, err error) (*Body[T], error) {
	if err != nil {
		return nil, err
	}
	return Reply(v)
}
