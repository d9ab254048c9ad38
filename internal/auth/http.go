package auth

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/httpx"
)

// Request and response bodies of the login and self-service routes.
type (
	PasswordLogin struct {
		Username string `json:"username" minLength:"1" maxLength:"64"`
		Password string `json:"password" minLength:"1" maxLength:"256" text:"secret"`
	}
	TOTPLogin struct {
		MFAToken string `json:"mfa_token" minLength:"1"`
		Code     string `json:"code" pattern:"^[0-9]{6}$"`
	}
	SMSSend struct {
		Phone   string `json:"phone" minLength:"11" maxLength:"20"`
		Purpose string `json:"purpose,omitempty" enum:"login,register,reset,change_phone" doc:"default login"`
	}
	SMSSent struct {
		RetryAfter int `json:"retry_after" doc:"seconds until another code may be sent"`
	}
	SMSLogin struct {
		Phone string `json:"phone" minLength:"11" maxLength:"20"`
		Code  string `json:"code" pattern:"^[0-9]{6}$"`
	}
	PasswordChange struct {
		OldPassword string `json:"old_password" minLength:"1" text:"secret"`
		NewPassword string `json:"new_password" minLength:"1" maxLength:"256" text:"secret"`
	}
	TOTPProof struct {
		Code string `json:"code" pattern:"^[0-9]{6}$"`
	}
)

type loginOutput struct {
	SetCookie []http.Cookie `header:"Set-Cookie"`
	Body      LoginResult
}

// reply sets the console's cookies on a finished login: the HttpOnly session
// cookie and the readable CSRF cookie the console echoes in X-CSRF-Token.
func (s *Service) reply(ctx context.Context) func(LoginResult, error) (*loginOutput, error) {
	return func(res LoginResult, err error) (*loginOutput, error) {
		if err != nil {
			return nil, err
		}
		out := &loginOutput{Body: res}
		if res.Token != "" {
			secure := s.secureCookies(ctx)
			out.SetCookie = []http.Cookie{
				{Name: httpx.SessionCookie, Value: res.Token, Path: "/", HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode, Expires: *res.ExpiresAt},
				{Name: httpx.CSRFCookie, Value: res.csrf, Path: "/", Secure: secure, SameSite: http.SameSiteStrictMode, Expires: *res.ExpiresAt},
			}
		}
		return out, nil
	}
}

// secureCookies is whether the cookies are sent over TLS only: whenever the
// request came over TLS (directly or to a trusted proxy), and always outside
// demo mode, where a plain-HTTP deployment must not get a usable cookie.
func (s *Service) secureCookies(ctx context.Context) bool {
	return access.RequestFrom(ctx).TLS || !s.set.Demo
}

// Routes registers the login, self-service and user-management routes.
func (s *Service) Routes(r *httpx.Router) {
	tags := []string{"auth"}
	httpx.Register(r, huma.Operation{OperationID: "login", Method: http.MethodPost, Path: "/auth/login",
		Summary: "Log in with username and password", Tags: tags, Errors: []int{401, 429}}, httpx.Public,
		func(ctx context.Context, in *httpx.Body[PasswordLogin]) (*loginOutput, error) {
			return s.reply(ctx)(s.Login(ctx, in.Body.Username, in.Body.Password))
		})
	httpx.Register(r, huma.Operation{OperationID: "login-totp", Method: http.MethodPost, Path: "/auth/totp",
		Summary: "Second login step: the TOTP code", Tags: tags, Errors: []int{401, 429}}, httpx.Public,
		func(ctx context.Context, in *httpx.Body[TOTPLogin]) (*loginOutput, error) {
			return s.reply(ctx)(s.LoginTOTP(ctx, in.Body.MFAToken, in.Body.Code))
		})
	httpx.Register(r, huma.Operation{OperationID: "sms-send", Method: http.MethodPost, Path: "/auth/sms/send",
		Summary: "Send a one-time code by SMS: to log in, register, reset the password or change the phone",
		Description: "The answer is the same whether or not the phone has an account. register to a phone that has " +
			"one texts it so instead of a code; login and reset text only an account's phone.",
		Tags: tags, Errors: []int{429}}, httpx.Public,
		func(ctx context.Context, in *httpx.Body[SMSSend]) (*httpx.Body[SMSSent], error) {
			wait, err := s.SendCode(ctx, in.Body.Phone, in.Body.Purpose)
			if err != nil {
				return nil, err
			}
			return httpx.Reply(SMSSent{RetryAfter: wait})
		})
	httpx.Register(r, huma.Operation{OperationID: "sms-login", Method: http.MethodPost, Path: "/auth/sms/login",
		Summary: "Log in with an SMS code", Tags: tags, Errors: []int{401, 429}}, httpx.Public,
		func(ctx context.Context, in *httpx.Body[SMSLogin]) (*loginOutput, error) {
			return s.reply(ctx)(s.LoginSMS(ctx, in.Body.Phone, in.Body.Code))
		})
	httpx.Register(r, huma.Operation{OperationID: "logout", Method: http.MethodPost, Path: "/auth/logout",
		Summary: "End the current session", Tags: tags}, httpx.SelfService,
		func(ctx context.Context, _ *struct{}) (*loginOutput, error) {
			if err := s.Logout(ctx, access.From(ctx)); err != nil {
				return nil, err
			}
			gone, secure := time.Unix(0, 0), s.secureCookies(ctx)
			return &loginOutput{SetCookie: []http.Cookie{
				{Name: httpx.SessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: secure, Expires: gone, MaxAge: -1},
				{Name: httpx.CSRFCookie, Value: "", Path: "/", Secure: secure, Expires: gone, MaxAge: -1},
			}}, nil
		})
	s.selfRoutes(r)
	s.userRoutes(r)
	s.signupRoutes(r)
}

func (s *Service) selfRoutes(r *httpx.Router) {
	tags := []string{"me"}
	httpx.Register(r, huma.Operation{OperationID: "me", Method: http.MethodGet, Path: "/me",
		Summary: "The caller's profile and permissions", Tags: tags}, httpx.SelfService,
		func(ctx context.Context, _ *struct{}) (*httpx.Body[Me], error) {
			me, err := s.Me(ctx, access.From(ctx))
			if err != nil {
				return nil, err
			}
			return httpx.Reply(me)
		})
	httpx.Register(r, huma.Operation{OperationID: "change-password", Method: http.MethodPost, Path: "/me/password",
		Summary: "Change the caller's password", Tags: tags, DefaultStatus: http.StatusNoContent, Errors: []int{429}}, httpx.SelfService,
		func(ctx context.Context, in *httpx.Body[PasswordChange]) (*struct{}, error) {
			return nil, s.ChangePassword(ctx, access.From(ctx), in.Body.OldPassword, in.Body.NewPassword)
		})
	httpx.Register(r, huma.Operation{OperationID: "totp-setup", Method: http.MethodPost, Path: "/me/totp/setup",
		Summary: "Start TOTP enrolment: a new secret and its otpauth:// URL", Tags: tags}, httpx.SelfService,
		func(ctx context.Context, _ *struct{}) (*httpx.Body[TOTPSetup], error) {
			setup, err := s.SetupTOTP(ctx, access.From(ctx))
			if err != nil {
				return nil, err
			}
			return httpx.Reply(setup)
		})
	for _, enable := range []bool{true, false} {
		id, path, summary := "totp-enable", "/me/totp/enable", "Finish TOTP enrolment with a current code"
		if !enable {
			id, path, summary = "totp-disable", "/me/totp/disable", "Turn TOTP off with a current code"
		}
		httpx.Register(r, huma.Operation{OperationID: id, Method: http.MethodPost, Path: path, Summary: summary,
			Tags: tags, DefaultStatus: http.StatusNoContent, Errors: []int{429}}, httpx.SelfService,
			func(ctx context.Context, in *httpx.Body[TOTPProof]) (*struct{}, error) {
				return nil, s.SetTOTP(ctx, access.From(ctx), in.Body.Code, enable)
			})
	}
}
