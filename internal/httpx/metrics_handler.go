package httpx

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// MetricsHandler serves the registry's series, only to the bearer of token
// when one is set.
func MetricsHandler(reg *prometheus.Registry, token string) http.Handler {
	series := promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
	if token == "" {
		return series
	}
	want := []byte("Bearer " + token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := r.Header.Get("Authorization")
		if len(got) > 7 && strings.EqualFold(got[:7], "bearer ") {
			got = "Bearer " + strings.TrimSpace(got[7:])
		}
		if subtle.ConstantTimeCompare([]byte(got), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "metrics need the bearer token of HEALTHGRID_METRICS_TOKEN", http.StatusUnauthorized)
			return
		}
		series.ServeHTTP(w, r)
	})
}
