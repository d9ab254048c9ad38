package app

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"healthgrid/internal/config"
	"healthgrid/internal/httpx"
)

// edgeOf is the middleware's view of the edge, from the configuration.
func edgeOf(cfg config.Config, log *slog.Logger, m *httpx.Metrics) (httpx.Edge, error) {
	proxies, err := httpx.ParseProxies(cfg.TrustedProxies)
	if err != nil {
		return httpx.Edge{}, fmt.Errorf("config: HEALTHGRID_TRUSTED_PROXIES: %w", err)
	}
	csp, err := httpx.ConsolePolicy(cfg.TileURL)
	if err != nil {
		return httpx.Edge{}, fmt.Errorf("config: %w", err)
	}
	return httpx.Edge{Proxies: proxies, CSP: csp, Log: log, Metrics: m}, nil
}

// publicMetrics is /metrics on the public listener: served there only behind
// a token and when no separate address is set. Without either setting the
// series are served nowhere: they name every route and its traffic, which is
// no one's business outside the operators.
func (a *App) publicMetrics() http.Handler {
	if a.Config.MetricsAddr == "" && a.Config.MetricsToken != "" {
		return a.metrics
	}
	return http.NotFoundHandler()
}

// serveMetrics serves /metrics on HEALTHGRID_METRICS_ADDR, when it is set,
// until ctx ends.
func (a *App) serveMetrics(ctx context.Context) (stop func(context.Context) error, err error) {
	if a.Config.MetricsAddr == "" {
		return func(context.Context) error { return nil }, nil
	}
	ln, err := net.Listen("tcp", a.Config.MetricsAddr)
	if err != nil {
		return nil, fmt.Errorf("metrics listener: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.metrics)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
			a.Log.ErrorContext(ctx, "metrics listener stopped", "err", err)
		}
	}()
	a.Log.Info("metrics listening", "addr", ln.Addr().String(), "token", a.Config.MetricsToken != "")
	return srv.Shutdown, nil
}
