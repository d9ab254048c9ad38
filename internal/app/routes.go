package app

import (
	"context"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/httpx"
	"healthgrid/web"
)

// Meta is what the console needs before login.
type Meta struct {
	Version      string `json:"version"`
	Demo         bool   `json:"demo"`
	TileURL      string `json:"tile_url"`
	SMSLogin     bool   `json:"sms_login"`
	TOTPRequired bool   `json:"totp_required"`
}

// meta registers GET /meta, the platform's own route.
func (a *App) meta() {
	httpx.Register(a.Router, huma.Operation{OperationID: "meta", Method: http.MethodGet, Path: "/meta",
		Summary: "Platform facts the login screen needs", Tags: []string{"meta"}}, httpx.Public,
		func(ctx context.Context, _ *struct{}) (*httpx.Body[Meta], error) {
			return httpx.Reply(Meta{Version: Version, Demo: a.Config.Demo, TileURL: a.Config.TileURL,
				SMSLogin: true, TOTPRequired: a.Config.TOTPRequired})
		})
}

// ops adds liveness, readiness, metrics and the console.
func (a *App) ops() {
	mux := a.Router.Mux
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if err := a.DB.Ping(r.Context()); err != nil {
			http.Error(w, "database unreachable: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
		if n, err := a.DB.Pending(r.Context()); err != nil || n > 0 {
			http.Error(w, "database not migrated", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ready\n"))
	})
	mux.Handle("GET /metrics", a.publicMetrics())
	mux.Handle("/", spa(web.Dist))
}

// spa serves the built console: real files as they are (hashed assets
// cached for a year), any other path under / gets index.html so that the
// client-side router can take it.
func spa(dist fs.FS) http.Handler {
	sub, _ := fs.Sub(dist, "dist")
	files := http.FileServer(http.FS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			http.NotFound(w, r)
			return
		}
		p := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if p != "" {
			if st, err := fs.Stat(sub, p); err == nil && !st.IsDir() {
				if strings.HasPrefix(p, "assets/") {
					w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				}
				files.ServeHTTP(w, r)
				return
			}
		}
		index, err := fs.ReadFile(sub, "index.html")
		if err != nil {
			http.Error(w, "the console is not built: run `make build` (or `make run`)", http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(index)
	})
}
