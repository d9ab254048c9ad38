package auth

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/httpx"
)

// signupRoutes are the resident's: sign up, reset the password by SMS,
// change the phone.
func (s *Service) signupRoutes(r *httpx.Router) {
	tags := []string{"public"}
	httpx.Register(r, huma.Operation{OperationID: "register", Method: http.MethodPost, Path: "/public/register",
		Summary: "Sign up as a resident with an SMS code, and log in", Tags: tags, DefaultStatus: http.StatusCreated,
		Errors: []int{401, 429}}, httpx.Public,
		func(ctx context.Context, in *httpx.Body[Registration]) (*loginOutput, error) {
			return s.reply(ctx)(s.Register(ctx, in.Body))
		})
	httpx.Register(r, huma.Operation{OperationID: "reset-password-sms", Method: http.MethodPost, Path: "/public/password/reset",
		Summary: "Set a new password with an SMS code; every session ends", Tags: tags, DefaultStatus: http.StatusNoContent,
		Errors: []int{401, 429}}, httpx.Public,
		func(ctx context.Context, in *httpx.Body[PasswordReset]) (*struct{}, error) {
			return nil, s.ResetBySMS(ctx, in.Body)
		})
	httpx.Register(r, huma.Operation{OperationID: "change-phone", Method: http.MethodPost, Path: "/me/phone",
		Summary: "Change the caller's phone: a code to the old phone and one to the new", Tags: []string{"me"},
		DefaultStatus: http.StatusNoContent}, httpx.Authenticated,
		func(ctx context.Context, in *httpx.Body[PhoneChange]) (*struct{}, error) {
			return nil, s.ChangePhone(ctx, access.From(ctx), in.Body)
		})
}
