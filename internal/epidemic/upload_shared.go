package epidemic

import (
	"context"
	"net/http"
)

// WithRequest hands a handler of the module's subpackages its request, for
// a multipart body it reads itself (SaveUpload).
var WithRequest = withRequest

// RequestOf is the request WithRequest handed on, nil without it.
func RequestOf(ctx context.Context) *http.Request {
	req, _ := ctx.Value(requestKey{}).(*http.Request)
	return req
}
