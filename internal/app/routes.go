package app

import (
	"net/http"

	"healthgrid/internal/httpx"
	"healthgrid/web"
)

// ops adds liveness, readiness, metrics and the console.
func (a *App) ops() {
	mux := a.Router.Mux
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if err := a.DB.Ping(r.Context()); err != nil {
			http.Error(w, "database unreachable: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
		if n, err := a.DB.Pending(r.Context()); err != nil || n > 0 {
			http.Error(w, "database not migrated", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ready\n"))
	})
	mux.Handle("GET /metrics", a.publicMetrics())
	mux.Handle("/", httpx.Console(web.Dist))
}
