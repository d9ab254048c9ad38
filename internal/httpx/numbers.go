package httpx

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"
)

// finiteBody refuses a JSON body holding a number no float64 can hold
// (1e999) or the NaN and Infinity some encoders write (Python's does), which
// are not JSON: decoding fails on either, and huma would answer 400 for the
// body as a whole; this answers 422 naming the field, as a NaN in a query
// gets from CheckInput. The body is read once here and handed on unchanged.
func finiteBody(api huma.API) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		op := ctx.Operation()
		if ct := ctx.Header("Content-Type"); op.RequestBody == nil || ct != "" && !strings.Contains(ct, "json") ||
			ct == "" && op.RequestBody.Content["application/json"] == nil {
			next(ctx) // no body, or not JSON (an upload is streamed by its handler)
			return
		}
		req, _ := humago.Unwrap(ctx)
		if op.BodyReadTimeout > 0 {
			ctx.SetReadDeadline(time.Now().Add(op.BodyReadTimeout))
		}
		buf, _ := io.ReadAll(io.LimitReader(req.Body, op.MaxBodyBytes+1))
		// the deadline was the body's: left on the connection, net/http's
		// background read hits it while the handler still works and cancels
		// the request's context (a batch taking over 5 s answered 499)
		ctx.SetReadDeadline(time.Time{})
		req.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(buf), req.Body), req.Body}
		if int64(len(buf)) <= op.MaxBodyBytes && mayOverflow(buf) {
			if loc, n, ok := overflowing(buf); ok {
				m := problemOf(http.StatusUnprocessableEntity, "输入有误 / invalid input", "invalid", nil)
				m.Errors = []*ErrorDetail{{Location: loc, Message: "应为有限数值 / must be a finite number", Value: n, Code: codeNotFinite}}
				huma.WriteErr(api, ctx, m.Status, m.Detail, m)
				return
			}
		}
		next(ctx)
	}
}

// mayOverflow is a quick look for a number that could pass a float64's
// range — a digit string of 300 or more, or an exponent of three digits —
// or a NaN or Infinity.
func mayOverflow(b []byte) bool {
	if bytes.Contains(b, []byte("NaN")) || bytes.Contains(b, []byte("Infinity")) {
		return true
	}
	run := 0
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9':
			if run++; run >= 300 {
				return true
			}
		case (c == 'e' || c == 'E') && run > 0:
			j := i + 1
			if j < len(b) && (b[j] == '+' || b[j] == '-') {
				j++
			}
			for j < len(b) && b[j] == '0' {
				j++
			}
			k := j
			for k < len(b) && b[k] >= '0' && b[k] <= '9' {
				k++
			}
			if k-j >= 3 {
				return true
			}
			run = 0
		case c == '.':
		default:
			run = 0
		}
	}
	return false
}

// maxDepth bounds the walk, as encoding/json bounds its own nesting.
const maxDepth = 10000

// overflowing finds the first number in the JSON body that is infinite as a
// float64, or a NaN or Infinity where a value should be, and names its
// location as huma does (body.items[0].lng).
func overflowing(body []byte) (loc, number string, found bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var walk func(path string, depth int) error
	walk = func(path string, depth int) error {
		if depth > maxDepth {
			return fmt.Errorf("too deep")
		}
		at := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			rest := bytes.TrimLeft(body[at:], " \t\r\n:,")
			for _, word := range []string{"NaN", "Infinity", "-Infinity", "+Infinity"} {
				if bytes.HasPrefix(rest, []byte(word)) {
					loc, number, found = path, word, true
				}
			}
			return err
		}
		switch t := tok.(type) {
		case json.Number:
			if f, err := strconv.ParseFloat(string(t), 64); math.IsInf(f, 0) && err != nil {
				loc, number, found = path, string(t), true
				return io.EOF
			}
		case json.Delim:
			for i := 0; dec.More(); i++ {
				at := fmt.Sprintf("%s[%d]", path, i)
				if t == '{' {
					key, err := dec.Token()
					if err != nil {
						return err
					}
					at = fmt.Sprintf("%s.%v", path, key)
				}
				if err := walk(at, depth+1); err != nil {
					return err
				}
			}
			_, err := dec.Token()
			return err
		}
		return nil
	}
	walk("body", 0)
	return loc, number, found
}
