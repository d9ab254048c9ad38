package access

import "context"

// Request is where a call came from, for the audit log and rate limits: the
// HTTP edge fills it in, a background job (an import) gives its own ID.
type Request struct {
	ID string
	IP string // the client: the peer, or what a trusted proxy says it is
	// TLS is whether the request came over TLS, directly or to a trusted proxy.
	TLS       bool
	UserAgent string
}

type requestKey struct{}

// WithRequest returns ctx carrying r.
func WithRequest(ctx context.Context, r Request) context.Context {
	return context.WithValue(ctx, requestKey{}, r)
}

// RequestFrom is the request's metadata (zero outside a request, e.g. in the CLI).
func RequestFrom(ctx context.Context) Request {
	r, _ := ctx.Value(requestKey{}).(Request)
	return r
}
