package app

import (
	"fmt"
	"log/slog"
	"net/http"

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
