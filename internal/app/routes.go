package app

import (
	"context"
	"net/http"

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
	mux.Handle("/", httpx.Console(web.Dist))
}
