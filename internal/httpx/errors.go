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
// error kinds become HTTP statuses. The problem carries the error's code and
// params (apperr.CodeOf) beside its detail.
func Error(ctx context.Context, err error) error {
	var inv apperr.Invalid
	var many apperr.TooMany
	code, params := apperr.CodeOf(err)
	switch {
	case errors.As(err, &inv):
		m := problemOf(http.StatusUnprocessableEntity, "输入有误 / invalid input", "invalid", nil)
		for _, f := range inv {
			m.Errors = append(m.Errors, &ErrorDetail{Location: f.Field, Message: f.Message, Code: f.Code, Params: f.Params})
		}
		return m
	case errors.As(err, &many):
		h := http.Header{}
		h.Set("Retry-After", strconv.Itoa(many.RetryAfter))
		if params == nil {
			params = map[string]any{"seconds": many.RetryAfter}
		}
		return huma.ErrorWithHeaders(problemOf(http.StatusTooManyRequests, many.Message, code, params), h)
	case errors.Is(err, apperr.ErrNotFound):
		return problemOf(http.StatusNotFound, err.Error(), code, params)
	case errors.Is(err, apperr.ErrConflict):
		return problemOf(http.StatusConflict, err.Error(), code, params)
	case errors.Is(err, apperr.ErrForbidden):
		return problemOf(http.StatusForbidden, err.Error(), code, params)
	case errors.Is(err, apperr.ErrUnauthorized):
		return problemOf(http.StatusUnauthorized, err.Error(), code, params)
	case errors.Is(err, apperr.ErrInvalid):
		return problemOf(http.StatusUnprocessableEntity, err.Error(), code, params)
	case errors.Is(err, context.Canceled):
		return problemOf(499, "request cancelled", codeCancelled, nil)
	}
	slog.ErrorContext(ctx, "internal error", "err", err, "request_id", access.RequestFrom(ctx).ID)
	id := access.RequestFrom(ctx).ID
	return problemOf(http.StatusInternalServerError, "内部错误,请稍后重试 / internal error (request "+id+")",
		"internal", map[string]any{"request": id})
}
