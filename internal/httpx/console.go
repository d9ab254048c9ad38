package httpx

import (
	"bytes"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// appPrefix is where the mobile app lives: its own index.html, manifest and
// service worker; its assets are hashed files under assets/ with the
// console's.
const appPrefix = "app/"

// revalidated are the files a browser must ask for again each time: the
// pages and what names the assets. WeChat's X5 engine keeps anything it may;
// every other file has its content's hash in its name.
var revalidated = map[string]bool{
	"index.html":                       true,
	appPrefix + "index.html":           true,
	appPrefix + "manifest.webmanifest": true,
	appPrefix + "sw.js":                true,
	appPrefix + "version.json":         true,
}

func init() {
	// the app's manifest; Go's table lacks it
	_ = mime.AddExtensionType(".webmanifest", "application/manifest+json")
}

// Console serves the built console and the app: real files as they are
// (hashed assets cached for a year, pages and the app's manifest, service
// worker and version revalidated), and any other path gets its index.html —
// app/index.html under /app/, index.html elsewhere — so that the
// client-side router can take it.
func Console(dist fs.FS) http.Handler {
	sub, _ := fs.Sub(dist, "dist")
	files := http.FileServer(http.FS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			http.NotFound(w, r)
			return
		}
		p := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if p == "app" && r.URL.Path == "/app" {
			http.Redirect(w, r, "/app/", http.StatusMovedPermanently)
			return
		}
		if p != "" && !strings.HasSuffix(p, "index.html") {
			if st, err := fs.Stat(sub, p); err == nil && !st.IsDir() {
				switch {
				case strings.HasPrefix(p, "assets/"):
					w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				case revalidated[p]:
					w.Header().Set("Cache-Control", "no-cache")
				}
				if !servedGzipped(w, r, sub, p) {
					files.ServeHTTP(w, r)
				}
				return
			}
		}
		page := "index.html"
		if p+"/" == appPrefix || strings.HasPrefix(p, appPrefix) {
			page = appPrefix + "index.html"
		}
		index, err := fs.ReadFile(sub, page)
		if err != nil {
			http.Error(w, "the console is not built: run `make build` (or `make run`)", http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(index)
	})
}

// servedGzipped sends the build's gzipped sibling of p (p.gz, written by
// the build) to a client that takes gzip; false when there is none.
func servedGzipped(w http.ResponseWriter, r *http.Request, dist fs.FS, p string) bool {
	w.Header().Add("Vary", "Accept-Encoding")
	if !acceptsGzip(r.Header.Get("Accept-Encoding")) {
		return false
	}
	gz, err := fs.ReadFile(dist, p+".gz")
	if err != nil {
		return false
	}
	if ct := mime.TypeByExtension(path.Ext(p)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	w.Header().Set("Content-Encoding", "gzip")
	http.ServeContent(w, r, p, time.Time{}, bytes.NewReader(gz))
	return true
}

// acceptsGzip reads an Accept-Encoding header: gzip listed, not with q=0.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") || strings.TrimSpace(name) == "*" {
			q := strings.ReplaceAll(params, " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}
