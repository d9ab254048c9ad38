package app

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/auth"
	"healthgrid/internal/event"
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
	Limits       Limits `json:"limits"`
}

// Limits are the server's limits a form checks before it sends: the
// server has the last word, the form the first.
type Limits struct {
	AttachmentImageMB int `json:"attachment_image_mb"`
	AttachmentVideoMB int `json:"attachment_video_mb"`
	Attachments       int `json:"attachments" doc:"files one report or action may carry"`
	PasswordMinLength int `json:"password_min_length"`
	PasswordMaxLength int `json:"password_max_length"`
	PasswordClasses   int `json:"password_classes" doc:"how many of lower-case, upper-case, digits and symbols a password mixes"`
}

// meta registers GET /meta, the platform's own route.
func (a *App) meta() {
	httpx.Register(a.Router, huma.Operation{OperationID: "meta", Method: http.MethodGet, Path: "/meta",
		Summary: "Platform facts the login screen needs", Tags: []string{"meta"}}, httpx.Public,
		func(ctx context.Context, _ *struct{}) (*httpx.Body[Meta], error) {
			return httpx.Reply(Meta{Version: Version, Demo: a.Config.Demo, TileURL: a.Config.TileURL,
				SMSLogin: true, TOTPRequired: a.Config.TOTPRequired, Limits: Limits{AttachmentImageMB: a.Config.AttachmentImageMB,
					AttachmentVideoMB: a.Config.AttachmentVideoMB, Attachments: event.MaxAttachments,
					PasswordMinLength: auth.PasswordMinLen, PasswordMaxLength: auth.PasswordMaxLen, PasswordClasses: auth.PasswordClasses}})
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
