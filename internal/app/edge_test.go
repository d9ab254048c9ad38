package app_test

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/config"
	"healthgrid/internal/db"
	"healthgrid/internal/testkit"
)

// proxy is the trusted reverse proxy of the edge tests; testkit's requests
// come from 192.0.2.1, which is not one.
const (
	proxy        = "10.0.0.7"
	metricsToken = "metrics-token-0123456789"
)

// edgeEnv is an app behind the proxy, its metrics behind the token.
func edgeEnv(t *testing.T, d db.Dialect) *apptest.Env {
	return apptest.NewWith(t, d, func(c *config.Config) {
		c.TrustedProxies, c.MetricsToken = proxy+"/32", metricsToken
	})
}

// eachEdge runs fn on an edgeEnv of each database.
func eachEdge(t *testing.T, fn func(t *testing.T, e *apptest.Env)) {
	for _, d := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(d), func(t *testing.T) { fn(t, edgeEnv(t, d)) })
	}
}

// send is one request from the peer remote, over TLS or not, with headers.
func send(t *testing.T, h http.Handler, method, path string, body any, remote string, overTLS bool, header map[string]string) (*http.Response, testkit.Body) {
	t.Helper()
	var r io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		r = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(method, path, r)
	req.RemoteAddr = remote + ":40000"
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	if overTLS {
		req.TLS = &tls.ConnectionState{}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result(), testkit.Body(rec.Body.Bytes())
}

// lastIP is the address the audit log holds for the newest record of actor.
func lastIP(t *testing.T, e *apptest.Env, actor string) string {
	t.Helper()
	st, b := e.Login(t, apptest.Admin).Do(http.MethodGet, "/api/v1/audit?size=1&actor="+actor, nil)
	if st != http.StatusOK {
		t.Fatalf("audit: %d %s", st, b)
	}
	return b.Str("items.0.ip")
}

// TestClientAddress: forwarding headers count only from a trusted proxy,
// for the audit log's address and for the cookies' Secure flag.
func TestClientAddress(t *testing.T) {
	eachEdge(t, func(t *testing.T, e *apptest.Env) {
		login := map[string]string{"username": "leader", "password": apptest.Password}
		forged := map[string]string{"X-Forwarded-For": "198.51.100.66", "X-Real-IP": "198.51.100.66", "X-Forwarded-Proto": "https"}
		for _, c := range []struct {
			name, peer string
			overTLS    bool
			header     map[string]string
			ip         string
			secure     bool
		}{
			{"a client forging every header", "203.0.113.9", false, forged, "203.0.113.9", false},
			{"loopback forging them", "127.0.0.1", false, forged, "127.0.0.1", false},
			{"the trusted proxy, over plain HTTP", proxy, false,
				map[string]string{"X-Forwarded-For": "1.1.1.1, 198.51.100.7"}, "198.51.100.7", false},
			{"the trusted proxy, TLS to it", proxy, false,
				map[string]string{"X-Forwarded-For": "198.51.100.8", "X-Forwarded-Proto": "https"}, "198.51.100.8", true},
			{"the trusted proxy with X-Real-IP", proxy, false, map[string]string{"X-Real-IP": "198.51.100.9"}, "198.51.100.9", false},
			{"direct TLS", "203.0.113.10", true, nil, "203.0.113.10", true},
		} {
			res, b := send(t, e.App.Handler, http.MethodPost, "/api/v1/auth/login", login, c.peer, c.overTLS, c.header)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: login %d %s", c.name, res.StatusCode, b)
			}
			if ip := lastIP(t, e, "leader"); ip != c.ip {
				t.Errorf("%s: audited from %s, want %s", c.name, ip, c.ip)
			}
			cookies := res.Cookies()
			if len(cookies) != 2 {
				t.Fatalf("%s: cookies %v", c.name, cookies)
			}
			for _, ck := range cookies {
				if ck.Secure != c.secure {
					t.Errorf("%s: cookie %s Secure=%v in demo mode, want %v", c.name, ck.Name, ck.Secure, c.secure)
				}
			}
			if hsts := res.Header.Get("Strict-Transport-Security"); (hsts != "") != c.secure {
				t.Errorf("%s: Strict-Transport-Security %q", c.name, hsts)
			}
		}
	})
}

// TestSecurityHeaders: every response, console, API, Open311 and errors
// alike, carries the security headers; the API docs page keeps its own policy.
func TestSecurityHeaders(t *testing.T) {
	e := edgeEnv(t, db.SQLite)
	for _, path := range []string{"/", "/login", "/api/v1/meta", "/api/v1/me", "/api/v1/nope", "/api/openapi.json",
		"/open311/v2/discovery.json", "/healthz", "/metrics"} {
		res, _ := send(t, e.App.Handler, http.MethodGet, path, nil, "203.0.113.9", false, nil)
		h := res.Header
		csp := h.Values("Content-Security-Policy")
		if len(csp) != 1 || !strings.Contains(csp[0], "default-src 'self'") || !strings.Contains(csp[0], "frame-ancestors 'none'") ||
			strings.Contains(csp[0], "unsafe-eval") {
			t.Errorf("%s: Content-Security-Policy %q", path, csp)
		}
		for k, v := range map[string]string{"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
			"Referrer-Policy": "same-origin", "Strict-Transport-Security": ""} {
			if got := h.Get(k); got != v {
				t.Errorf("%s: %s %q, want %q", path, k, got, v)
			}
		}
	}
	res, _ := send(t, e.App.Handler, http.MethodGet, "/api/docs", nil, "203.0.113.9", true, nil)
	if csp := res.Header.Values("Content-Security-Policy"); len(csp) != 1 || !strings.Contains(csp[0], "default-src 'none'") ||
		!strings.Contains(csp[0], "frame-ancestors 'none'") {
		t.Errorf("/api/docs: Content-Security-Policy %q", csp)
	}
	if res.Header.Get("Strict-Transport-Security") == "" || res.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("/api/docs over TLS: %v", res.Header)
	}
}

// TestMetrics: the series are served to the token only, not at all by
// default, and each is named by the route's pattern.
func TestMetrics(t *testing.T) {
	bare := apptest.New(t, db.SQLite)
	if res, b := send(t, bare.App.Handler, http.MethodGet, "/metrics", nil, "127.0.0.1", false, nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("/metrics without a token or an address: %d %.100s", res.StatusCode, b)
	}
	apart := apptest.NewWith(t, db.SQLite, func(c *config.Config) { c.MetricsToken, c.MetricsAddr = metricsToken, "127.0.0.1:0" })
	if res, _ := send(t, apart.App.Handler, http.MethodGet, "/metrics", nil, "127.0.0.1", false,
		map[string]string{"Authorization": "Bearer " + metricsToken}); res.StatusCode != http.StatusNotFound {
		t.Errorf("/metrics on the public listener with a metrics address set: %d", res.StatusCode)
	}
	e := edgeEnv(t, db.SQLite)
	for _, auth := range []string{"", "Bearer wrong-token-0123456789", metricsToken} {
		if res, _ := send(t, e.App.Handler, http.MethodGet, "/metrics", nil, "203.0.113.9", false,
			map[string]string{"Authorization": auth}); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("/metrics with %q: %d", auth, res.StatusCode)
		}
	}
	c := e.Login(t, "region_admin")
	c.Do(http.MethodGet, "/api/v1/units/"+e.City.Units["cdc:"+apptest.Home], nil)
	c.Do(http.MethodGet, "/api/v1/meta", nil)
	c.Do(http.MethodGet, "/no/such/page", nil)
	res, b := send(t, e.App.Handler, http.MethodGet, "/metrics", nil, "203.0.113.9", false,
		map[string]string{"Authorization": "bearer " + metricsToken})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/metrics with the token: %d", res.StatusCode)
	}
	for _, series := range []string{
		`healthgrid_http_requests_total{method="GET",route="GET /api/v1/units/{id}",status="200"} 1`,
		`healthgrid_http_requests_total{method="GET",route="GET /api/v1/meta",status="200"} 1`,
		`healthgrid_http_requests_total{method="POST",route="POST /api/v1/auth/login",status="200"}`,
		`healthgrid_http_requests_total{method="GET",route="/",`,
		`healthgrid_http_request_seconds_count{method="GET",route="GET /api/v1/units/{id}"} 1`,
	} {
		if !strings.Contains(b.String(), series) {
			t.Errorf("metrics lack %s", series)
		}
	}
	if strings.Contains(b.String(), `route="other"`) {
		t.Errorf("a matched request counted as other:\n%s", grepLines(b.String(), "healthgrid_http_requests_total"))
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
