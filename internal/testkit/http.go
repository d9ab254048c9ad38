package testkit

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// Client sends requests straight into an http.Handler — the real router with
// its middleware — as one caller: a bearer token, cookies, or neither.
type Client struct {
	t testing.TB
	h http.Handler
	// Token is sent as "Authorization: Bearer"; Login sets it.
	Token string
	// Cookies are sent with every request; Set-Cookie answers update them.
	Cookies map[string]string
	// Header is added to every request.
	Header http.Header
	// Last is the most recent response, for its headers.
	Last *http.Response
}

// NewClient is an anonymous client of h.
func NewClient(t testing.TB, h http.Handler) *Client {
	return &Client{t: t, h: h, Cookies: map[string]string{}, Header: http.Header{}}
}

// Login logs in with a password and keeps the new session — the token for
// bearer requests and the session and CSRF cookies the console would get —
// in place of any it had.
func (c *Client) Login(username, password string) *Client {
	c.t.Helper()
	c.Token = ""
	clear(c.Cookies)
	status, body := c.Do(http.MethodPost, "/api/v1/auth/login", map[string]string{"username": username, "password": password})
	if status != http.StatusOK || body.Str("token") == "" {
		c.t.Fatalf("login %s: %d %s", username, status, body)
	}
	c.Token = body.Str("token")
	return c
}

// Do sends a request with body encoded as JSON (nil: no body; a string or
// []byte: sent as is) and returns the status and the response body.
func (c *Client) Do(method, path string, body any) (int, Body) {
	c.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(body)
		if err != nil {
			c.t.Fatalf("%s %s: encode body: %v", method, path, err)
		}
		r = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(method, path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range c.Header {
		req.Header[k] = v
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	for name, value := range c.Cookies {
		req.AddCookie(&http.Cookie{Name: name, Value: value})
	}
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	res := rec.Result()
	for _, ck := range res.Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.Cookies, ck.Name)
		} else {
			c.Cookies[ck.Name] = ck.Value
		}
	}
	c.Last = res
	return rec.Code, Body(rec.Body.Bytes())
}

// Body is a response body.
type Body []byte

// String is the body as text, for failure messages.
func (b Body) String() string { return string(b) }

// Decode unmarshals the JSON body into v.
func (b Body) Decode(v any) error { return json.Unmarshal(b, v) }

// Get walks a dotted path of object keys and array indexes
// ("errors.0.location") through the JSON body; nil when absent.
func (b Body) Get(path string) any {
	var v any
	if json.Unmarshal(b, &v) != nil {
		return nil
	}
	for _, key := range strings.Split(path, ".") {
		switch node := v.(type) {
		case map[string]any:
			v = node[key]
		case []any:
			i, err := strconv.Atoi(key)
			if err != nil || i < 0 || i >= len(node) {
				return nil
			}
			v = node[i]
		default:
			return nil
		}
	}
	return v
}

// Str is Get as a string ("" when absent or not a string).
func (b Body) Str(path string) string {
	s, _ := b.Get(path).(string)
	return s
}

// Int is Get as a number (-1 when absent or not a number).
func (b Body) Int(path string) int {
	f, ok := b.Get(path).(float64)
	if !ok {
		return -1
	}
	return int(f)
}
