package apperr_test

import (
	"errors"
	"fmt"
	"testing"

	"healthgrid/internal/apperr"
)

var errTaken = apperr.New(apperr.ErrConflict, "test.taken", "编码已被使用 / code already in use")

func TestCodedErrors(t *testing.T) {
	// the detail reads as the fmt.Errorf("…: %w", kind) it replaces
	if got, want := errTaken.Error(), fmt.Errorf("编码已被使用 / code already in use: %w", apperr.ErrConflict).Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	one := errTaken.With(apperr.P{"code": "HJWS"}, "")
	wrapped := fmt.Errorf("matter HJWS: %w", one)
	if !errors.Is(wrapped, errTaken) || !errors.Is(wrapped, apperr.ErrConflict) || errors.Is(wrapped, apperr.ErrNotFound) {
		t.Errorf("errors.Is does not see the sentinel and kind through %v", wrapped)
	}
	if code, p := apperr.CodeOf(wrapped); code != "test.taken" || p["code"] != "HJWS" {
		t.Errorf("CodeOf = %q %v", code, p)
	}
	if code, _ := apperr.CodeOf(fmt.Errorf("x: %w", apperr.ErrForbidden)); code != "forbidden" {
		t.Errorf("generic code %q", code)
	}
	if code, _ := apperr.CodeOf(errors.New("boom")); code != "internal" {
		t.Errorf("no kind: %q", code)
	}
	many := apperr.New(apperr.ErrTooMany, "test.wait", "").Wait(30, "请稍后 / wait")
	if code, p := apperr.CodeOf(many); code != "test.wait" || p["seconds"] != 30 || !errors.Is(many, apperr.ErrTooMany) {
		t.Errorf("TooMany: %q %v", code, p)
	}
	if f := (*apperr.Error)(nil).On("body.x", "m"); f.Code != "" || f.Field != "body.x" {
		t.Errorf("nil On: %+v", f)
	}
	if c := apperr.Codes(); c["test.taken"] != "conflict" || c["test.wait"] != "too_many" || c["internal"] != "internal" {
		t.Errorf("Codes lacks declared codes: %v", c)
	}
	defer func() {
		if recover() == nil {
			t.Error("a code declared twice does not panic")
		}
	}()
	apperr.New(apperr.ErrConflict, "test.taken", "")
}
