package httpx

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// ServeMetrics serves h as GET /metrics on a listener of its own at addr
// (HEALTHGRID_METRICS_ADDR; "": nowhere) until stop is called; token says,
// for the log, whether h asks for a bearer token.
func ServeMetrics(ctx context.Context, addr string, h http.Handler, token bool,
	log *slog.Logger) (stop func(context.Context) error, err error) {
	if addr == "" {
		return func(context.Context) error { return nil }, nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics listener: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", h)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
			log.ErrorContext(ctx, "metrics listener stopped", "err", err)
		}
	}()
	log.Info("metrics listening", "addr", ln.Addr().String(), "token", token)
	return srv.Shutdown, nil
}
