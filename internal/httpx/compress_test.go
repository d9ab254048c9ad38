package httpx

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestCompress: JSON of 1 KB or more is gzipped for a client that takes it,
// and comes back whole; a short answer, an image and a client without gzip
// get the bytes as they are.
func TestCompress(t *testing.T) {
	long := `{"items":[` + strings.Repeat(`{"title":"楼道堆物"},`, 100) + `{}]}`
	h := Compress(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/long":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, long)
		case "/short":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"ok":true}`)
		case "/photo":
			w.Header().Set("Content-Type", "image/jpeg")
			io.WriteString(w, strings.Repeat("x", 4096))
		}
	}))
	for _, c := range []struct {
		path, accept string
		gzipped      bool
	}{
		{"/long", "gzip, deflate, br", true},
		{"/long", "", false},
		{"/short", "gzip", false},
		{"/photo", "gzip", false},
	} {
		req := httptest.NewRequest(http.MethodGet, c.path, nil)
		req.Header.Set("Accept-Encoding", c.accept)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		got := rec.Header().Get("Content-Encoding") == "gzip"
		if got != c.gzipped {
			t.Errorf("%s with %q: gzipped %v, want %v", c.path, c.accept, got, c.gzipped)
			continue
		}
		body := rec.Body.String()
		if got {
			zr, err := gzip.NewReader(rec.Body)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(zr)
			body = string(b)
			if rec.Body.Len() > len(long)/4 {
				t.Errorf("%s: %d bytes gzipped of %d", c.path, rec.Body.Len(), len(long))
			}
		}
		if c.path == "/long" && body != long {
			t.Errorf("%s with %q: the body came back changed", c.path, c.accept)
		}
	}
}
