package httpx

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
)

// Error turns a module error into an RFC 9457 problem: the only place where
// error kinds become HTTP statuses.
func Error(ctx context.Context, err error) error {
	var inv apperr.Invalid
	var many apperr.TooMany
	switch {
	case errors.As(err, &inv):
		details := make([]error, len(inv))
		for i, f := range inv {
			details[i] = &huma.ErrorDetail{Location: f.Field, Message: f.Message}
		}
		return huma.Error422UnprocessableEntity("输入有误 / invalid input", details...)
	case errors.As(err, &many):
		h := http.Header{}
		h.Set("Retry-After", strconv.Itoa(many.RetryAfter))
		return huma.ErrorWithHeaders(huma.Error429TooManyRequests(many.Message), h)
	case errors.Is(err, apperr.ErrNotFound):
		return huma.Error404NotFound(err.Error())
	case errors.Is(err, apperr.ErrConflict):
		return huma.Error409Conflict(err.Error())
	case errors.Is(err, apperr.ErrForbidden):
		return huma.Error403Forbidden(err.Error())
	case errors.Is(err, apperr.ErrUnauthorized):
		return huma.Error401Unauthorized(err.Error())
	case errors.Is(err, apperr.ErrInvalid):
		return huma.Error422UnprocessableEntity(err.Error())
	case errors.Is(err, context.Canceled):
		return huma.NewError(499, "request cancelled")
	}
	slog.ErrorContext(ctx, "internal error", "err", err, "request_id", access.RequestFrom(ctx).ID)
	return huma.Error500InternalServerError("内部错误,请稍后重试 / internal error (request " + access.RequestFrom(ctx).ID + ")")
}
