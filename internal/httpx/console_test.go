package httpx

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

// TestConsole: the console and the app each get their own page for any
// route of theirs; hashed assets are cached for a year and what names them
// (the pages, the app's manifest, service worker and version) is
// revalidated, as WeChat's caching needs.
func TestConsole(t *testing.T) {
	dist := fstest.MapFS{
		"dist/index.html":               {Data: []byte("console")},
		"dist/app/index.html":           {Data: []byte("app")},
		"dist/app/sw.js":                {Data: []byte("sw")},
		"dist/app/manifest.webmanifest": {Data: []byte("{}")},
		"dist/app/version.json":         {Data: []byte("{}")},
		"dist/app/icons/icon-192.png":   {Data: []byte("png")},
		"dist/assets/app-3f2a1b.js":     {Data: []byte("js")},
		"dist/assets/app-3f2a1b.js.gz":  {Data: []byte("gz-js")},
	}
	h := Console(dist)
	for _, c := range []struct {
		path, body, cache string
		status            int
	}{
		{"/", "console", "no-cache", 200},
		{"/events/42", "console", "no-cache", 200},
		{"/index.html", "console", "no-cache", 200},
		{"/app/", "app", "no-cache", 200},
		{"/app/reports/7", "app", "no-cache", 200},
		{"/app/index.html", "app", "no-cache", 200},
		{"/app/sw.js", "sw", "no-cache", 200},
		{"/app/manifest.webmanifest", "{}", "no-cache", 200},
		{"/app/version.json", "{}", "no-cache", 200},
		{"/app/icons/icon-192.png", "png", "", 200},
		{"/assets/app-3f2a1b.js", "js", "public, max-age=31536000, immutable", 200},
		{"/api/v1/nothing", "404 page not found\n", "", 404},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, c.path, nil))
		if rec.Code != c.status || rec.Body.String() != c.body || rec.Header().Get("Cache-Control") != c.cache {
			t.Errorf("%s: %d %q cache %q, want %d %q cache %q", c.path, rec.Code, rec.Body, rec.Header().Get("Cache-Control"), c.status, c.body, c.cache)
		}
	}
	for _, c := range []struct {
		accept, body, encoding string
	}{
		{"gzip, deflate, br", "gz-js", "gzip"},
		{"br;q=1.0, gzip;q=0.8", "gz-js", "gzip"},
		{"gzip;q=0", "js", ""},
		{"", "js", ""},
	} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/assets/app-3f2a1b.js", nil)
		req.Header.Set("Accept-Encoding", c.accept)
		h.ServeHTTP(rec, req)
		if rec.Body.String() != c.body || rec.Header().Get("Content-Encoding") != c.encoding ||
			!strings.HasPrefix(rec.Header().Get("Content-Type"), "text/javascript") || rec.Header().Get("Vary") != "Accept-Encoding" {
			t.Errorf("Accept-Encoding %q: %q encoding %q type %q vary %q", c.accept, rec.Body, rec.Header().Get("Content-Encoding"),
				rec.Header().Get("Content-Type"), rec.Header().Get("Vary"))
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/app", nil))
	if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/app/" {
		t.Errorf("/app: %d → %q, want a redirect to /app/", rec.Code, rec.Header().Get("Location"))
	}
}
