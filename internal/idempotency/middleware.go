package idempotency

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/httpx"
)

// Header is the request header that names a write (the draft's).
const Header = "Idempotency-Key"

// Replayed is set on an answer that was kept from an earlier request.
const Replayed = "Idempotent-Replayed"

// The problems the middleware answers with.
var (
	codeKeyInvalid = apperr.Declare("bad_request", "idempotency.key_invalid")
	codeTooLarge   = apperr.Declare("bad_request", "idempotency.body_too_large")
	codeUnreadable = apperr.Declare("bad_request", "idempotency.body_unreadable")
	codeInProgress = apperr.Declare("conflict", "idempotency.in_progress")
	codeKeyReused  = apperr.Declare("invalid", "idempotency.key_reused")
)

// maxKey is the longest key taken; the app sends UUIDs.
const maxKey = 255

// maxAnswer is the largest answer kept. A write's answer is the record it
// made, a few kilobytes; a longer one is sent but not kept, and a retry runs
// the request again.
const maxAnswer = 4 << 20

// Middleware makes every POST and PATCH that carries an Idempotency-Key
// safe to retry. It runs after authentication: keys are the caller's own.
func (s *Store) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, ok := r.Header[Header]
		if !ok || (r.Method != http.MethodPost && r.Method != http.MethodPatch) {
			next.ServeHTTP(w, r)
			return
		}
		key, why := parseKey(raw)
		if why != "" {
			httpx.WriteProblem(w, http.StatusBadRequest, codeKeyInvalid, "Idempotency-Key 请求头无效:"+why+" / invalid Idempotency-Key header: "+why)
			return
		}
		body, err := spool(r.Body, s.maxBody)
		if err != nil {
			if errors.Is(err, errTooLarge) {
				httpx.WriteProblem(w, http.StatusRequestEntityTooLarge, codeTooLarge, "请求内容过大 / the request body is too large")
				return
			}
			httpx.WriteProblem(w, http.StatusBadRequest, codeUnreadable, "无法读取请求内容 / cannot read the request body")
			return
		}
		defer body.Close()
		ctx := r.Context()
		fp, err := fingerprint(r, body)
		if err != nil {
			httpx.WriteProblem(w, http.StatusBadRequest, codeUnreadable, "无法读取请求内容 / cannot read the request body")
			return
		}
		caller := callerOf(access.From(ctx))
		c, kept, err := s.begin(ctx, caller, key, fp)
		if err != nil {
			slog.ErrorContext(ctx, "idempotency", "err", err, "request_id", access.RequestFrom(ctx).ID)
			httpx.WriteProblem(w, http.StatusInternalServerError, "internal", "内部错误,请稍后重试 / internal error (request "+access.RequestFrom(ctx).ID+")")
			return
		}
		switch c {
		case replay:
			kept.write(w)
			return
		case running:
			httpx.WriteProblem(w, http.StatusConflict, codeInProgress,
				"相同的请求正在处理,请稍后重试 / a request with this Idempotency-Key is still being processed")
			return
		case mismatch:
			httpx.WriteProblem(w, http.StatusUnprocessableEntity, codeKeyReused,
				"此 Idempotency-Key 已用于另一个请求 / this Idempotency-Key was used for a different request")
			return
		}
		rec := &recorder{ResponseWriter: w}
		r.Body = body
		defer func() {
			// a panic, a server error or an answer too long to keep: the
			// key is let go, so that a retry runs the request again
			done := context.WithoutCancel(ctx)
			if p := recover(); p != nil {
				s.abandon(done, caller, key)
				panic(p)
			}
			var err error
			if rec.status() >= 500 || rec.overflow {
				err = s.abandon(done, caller, key)
			} else {
				err = s.finish(done, caller, key, rec.answer())
			}
			if err != nil {
				slog.ErrorContext(ctx, "idempotency: keep the answer", "err", err)
			}
		}()
		next.ServeHTTP(rec, r)
	})
}

// parseKey reads the header's one value: a Structured Field string
// ("…", as the draft writes it) or a bare token.
func parseKey(vals []string) (string, string) {
	if len(vals) != 1 {
		return "", "只能有一个 / send it once"
	}
	k := strings.TrimSpace(vals[0])
	if len(k) >= 2 && k[0] == '"' && k[len(k)-1] == '"' {
		k = k[1 : len(k)-1]
	}
	switch {
	case k == "":
		return "", "为空 / empty"
	case len(k) > maxKey:
		return "", "超过 " + strconv.Itoa(maxKey) + " 个字符 / longer than " + strconv.Itoa(maxKey) + " characters"
	case strings.ContainsFunc(k, func(r rune) bool { return r < 0x21 || r > 0x7e || r == '"' || r == '\\' }):
		return "", "只能包含可见的 ASCII 字符 / only printable ASCII characters are allowed"
	}
	return k, ""
}

// callerOf is whose key it is: a user, an API key, or nobody (a retried
// registration; its fingerprint holds the code only the caller knows).
func callerOf(p *access.Principal) string {
	if p == nil {
		return "anonymous"
	}
	return p.Kind + ":" + p.UserID
}

// recorder passes the answer through and keeps a copy.
type recorder struct {
	http.ResponseWriter
	code     int
	buf      bytes.Buffer
	overflow bool
}

func (r *recorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	if !r.overflow && r.buf.Len()+len(b) <= maxAnswer {
		r.buf.Write(b)
	} else {
		r.overflow = true
	}
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the real writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (r *recorder) status() int {
	if r.code == 0 {
		return http.StatusOK
	}
	return r.code
}

func (r *recorder) answer() answer {
	h := r.Header()
	return answer{Status: r.status(), ContentType: h.Get("Content-Type"), Location: h.Get("Location"), Body: r.buf.Bytes()}
}

// write sends a kept answer again.
func (a answer) write(w http.ResponseWriter) {
	h := w.Header()
	if a.ContentType != "" {
		h.Set("Content-Type", a.ContentType)
	}
	if a.Location != "" {
		h.Set("Location", a.Location)
	}
	h.Set(Replayed, "true")
	w.WriteHeader(a.Status)
	w.Write(a.Body)
}
