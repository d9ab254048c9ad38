package httpx

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
)

// Cookie names used by the console.
const (
	SessionCookie = "hg_session"
	CSRFCookie    = "hg_csrf"
	CSRFHeader    = "X-CSRF-Token"
)

// Metrics are the HTTP metrics, registered once by the app.
type Metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewMetrics registers the HTTP metrics on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "healthgrid_http_requests_total", Help: "HTTP requests by route and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "healthgrid_http_request_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route", "method"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the real writer (WebSockets, flushing).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Middleware wraps next with request ids, security headers, recovery, JSON
// access logs, metrics, authentication (Bearer token or session cookie) and
// CSRF checks for cookie-authenticated writes.
func Middleware(next http.Handler, auth Authenticator, e Edge) http.Handler {
	log, m := e.Log, e.Metrics
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		reqID := r.Header.Get("X-Request-Id")
		if reqID == "" || len(reqID) > 64 {
			reqID = newRequestID()
		}
		w.Header().Set("X-Request-Id", reqID)
		ip, tls := e.Proxies.Origin(r)
		e.secure(w.Header(), tls)
		sw := &statusWriter{ResponseWriter: w}
		ctx := access.WithRequest(r.Context(), access.Request{ID: reqID, IP: ip, TLS: tls, UserAgent: r.UserAgent()})
		// the mux records the matched pattern on the request it is handed,
		// which is this copy, not r
		inner := r.WithContext(ctx)
		defer func() {
			if p := recover(); p != nil {
				log.ErrorContext(ctx, "panic", "request_id", reqID, "panic", p, "stack", string(debug.Stack()))
				if sw.status == 0 {
					problem(sw, problemOf(http.StatusInternalServerError, "internal error (request "+reqID+")", "internal", map[string]any{"request": reqID}))
				}
			}
			route := inner.Pattern
			if route == "" {
				route = "other"
			}
			elapsed := time.Since(start)
			if m != nil {
				m.requests.WithLabelValues(route, r.Method, strconv.Itoa(sw.status)).Inc()
				m.duration.WithLabelValues(route, r.Method).Observe(elapsed.Seconds())
			}
			if r.URL.Path != "/healthz" && r.URL.Path != "/metrics" {
				log.InfoContext(ctx, "request", "request_id", reqID, "method", r.Method, "path", r.URL.Path,
					"status", sw.status, "bytes", sw.bytes, "ms", float64(elapsed.Microseconds())/1000,
					"user", username(access.From(ctx)))
			}
		}()
		token, viaCookie := bearer(r)
		if token != "" {
			p, err := auth.Authenticate(ctx, token)
			if err != nil && !errors.Is(err, apperr.ErrUnauthorized) && !errors.Is(err, apperr.ErrTooMany) {
				// the session could not be read (the database busy or away, the
				// request cancelled): not "logged out", which would send a phone
				// back to its sign-in screen, but "try again"
				if ctx.Err() != nil { // the client has gone: nobody reads the answer
					problem(sw, problemOf(499, "request cancelled", codeCancelled, nil))
					return
				}
				log.ErrorContext(ctx, "authenticate", "request_id", reqID, "err", err)
				sw.Header().Set("Retry-After", "1")
				problem(sw, problemOf(http.StatusServiceUnavailable, "暂时无法验证登录状态，请稍后重试 / the session "+
					"cannot be checked now; try again", codeSessionUnavailable, nil))
				return
			}
			if err == nil {
				p.ViaCookie = viaCookie
				// a principal without a CSRF token (an API key) never writes through a cookie
				if viaCookie && !safeMethod(r.Method) && (p.CSRF == "" ||
					subtle.ConstantTimeCompare([]byte(r.Header.Get(CSRFHeader)), []byte(p.CSRF)) != 1) {
					problem(sw, problemOf(http.StatusForbidden, "CSRF token missing or wrong: send the hg_csrf cookie's value in X-CSRF-Token", codeCSRF, nil))
					return
				}
				ctx = access.With(ctx, p)
				inner = r.WithContext(ctx)
			}
		}
		next.ServeHTTP(sw, inner)
	})
}

// username is who made a request, for the log; "" when anonymous.
func username(p *access.Principal) string {
	if p == nil {
		return ""
	}
	return p.Username
}

// bearer is the session token: the Authorization header, else the cookie.
func bearer(r *http.Request) (token string, viaCookie bool) {
	if h := r.Header.Get("Authorization"); len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:]), false
	}
	if c, err := r.Cookie(SessionCookie); err == nil {
		return c.Value, true
	}
	return "", false
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// WriteProblem answers a request a middleware refuses with a coded problem
// (its code declared with apperr.Declare).
func WriteProblem(w http.ResponseWriter, status int, code, detail string) {
	problem(w, problemOf(status, detail, code, nil))
}

func problem(w http.ResponseWriter, m *ErrorModel) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(m.Status)
	json.NewEncoder(w).Encode(m)
}

func newRequestID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}
