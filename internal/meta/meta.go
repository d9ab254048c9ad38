// Package meta is the platform's own route, GET /meta: the facts a client
// needs before login — the version, whether this is the demo, the map's
// tiles, how one may log in — and the server's limits a form checks before
// it sends.
package meta

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/auth"
	"healthgrid/internal/config"
	"healthgrid/internal/event"
	"healthgrid/internal/httpx"
)

// Meta is what the console and the app read before login.
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

// Service answers GET /meta from the configuration.
type Service struct{ meta Meta }

// New is the route's answer, fixed at start.
func New(version string, cfg config.Config) *Service {
	return &Service{Meta{Version: version, Demo: cfg.Demo, TileURL: cfg.TileURL, SMSLogin: true, TOTPRequired: cfg.TOTPRequired,
		Limits: Limits{AttachmentImageMB: cfg.AttachmentImageMB, AttachmentVideoMB: cfg.AttachmentVideoMB,
			Attachments: event.MaxAttachments, PasswordMinLength: auth.PasswordMinLen, PasswordMaxLength: auth.PasswordMaxLen,
			PasswordClasses: auth.PasswordClasses}}}
}

// Routes registers GET /meta.
func (s *Service) Routes(r *httpx.Router) {
	httpx.Register(r, huma.Operation{OperationID: "meta", Method: http.MethodGet, Path: "/meta",
		Summary: "Platform facts the login screen needs", Tags: []string{"meta"}}, httpx.Public,
		func(context.Context, *struct{}) (*httpx.Body[Meta], error) { return httpx.Reply(s.meta) })
}
