package app

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"healthgrid/internal/audit"
	"healthgrid/internal/httpx"
)

// NewLogger is the platform's JSON log on stderr, from level (debug, info, warn, error).
func NewLogger(level string) *slog.Logger {
	var l slog.Level
	l.UnmarshalText([]byte(level))
	return slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}

// Serve runs prepare (the demo city is seeded there; nil: nothing), starts
// the jobs and the HTTP server, tells ready (nil: nobody) the address once it
// listens, and shuts both down gracefully when ctx ends.
func (a *App) Serve(ctx context.Context, prepare func(context.Context) error, ready func(net.Addr)) error {
	start := time.Now()
	if prepare != nil {
		if err := prepare(ctx); err != nil {
			return err
		}
	}
	if err := a.Jobs.Start(ctx, a.DB, a.Log); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		a.Jobs.Stop(context.Background())
		return err
	}
	stopMetrics, err := httpx.ServeMetrics(ctx, a.Config.MetricsAddr, a.metrics, a.Config.MetricsToken != "",
		a.Log)
	if err != nil {
		ln.Close()
		a.Jobs.Stop(context.Background())
		return err
	}
	srv := &http.Server{Handler: a.Handler, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	a.Log.Info("healthgrid listening", "addr", ln.Addr().String(), "db", string(a.DB.Dialect), "demo", a.Config.Demo,
		"startup_ms", time.Since(start).Milliseconds(), "version", Version)
	if ready != nil {
		ready(ln.Addr())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	actx, stopAnchors := context.WithCancel(ctx)
	defer stopAnchors()
	anchoring := make(chan struct{})
	go func() { a.Anchors.Run(actx); close(anchoring) }()
	select {
	case err := <-errc:
		stopMetrics(context.Background())
		a.Jobs.Stop(context.Background())
		return err
	case <-ctx.Done():
	}
	a.Log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	herr := srv.Shutdown(sctx)
	merr := stopMetrics(sctx)
	jerr := a.Jobs.Stop(sctx)
	// push channels are hijacked, so srv.Shutdown leaves them open; the
	// notifications close them, after the jobs, and let the SMS under way go out
	a.Notify.Shutdown(sctx)
	// nothing is audited any more: the last head is anchored
	<-anchoring
	_, aerr := a.Anchors.Anchor(sctx, audit.AnchorShutdown)
	return errors.Join(herr, merr, jerr, aerr)
}
