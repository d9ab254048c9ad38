package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"healthgrid/internal/audit"
	"healthgrid/internal/auth"
	"healthgrid/internal/config"
	"healthgrid/internal/jobs"
)

const usage = `healthgrid — 忻州市智慧卫健 · 卫生健康精细化治理平台

Usage:
  healthgrid serve   [--addr :8080] [--data ./data] [--db DSN] [--demo]
  healthgrid migrate [--data …] [--db …]
  healthgrid seed    [--data …] [--db …]          build the demo city
                     [--residents N]              and add N generated residents
  healthgrid user create --username U --name N --role R[,R] --region CODE [--phone P] [--password P]
  healthgrid audit verify [--anchors FILE] [--anchor-public-key KEY]
                     check the chain, and against every signed anchor of its head
  healthgrid audit public-key                    the anchor key's public half, for verifiers
  healthgrid bench   locate|login|regions|residents [--n N] [--c C]
  healthgrid bench   import [--rows 1000000] [--format csv|xlsx]
                                                 import a generated residents file; compare with a raw bulk load
  healthgrid bench   hostile                      upload the zip bombs of issue 13; time the refusals, peak memory
  healthgrid bench   events [--rows 1000000]     generate events, then time lists, a county's indicators and actions
  healthgrid bench   screens [--rows 1000000] [--residents 3000000] [--n 300] [--c 50]
                                                grow the city to that size, then time every console screen's
                                                first requests as every demo account
  healthgrid version

Every flag can also be set as HEALTHGRID_<FLAG> in the environment.
`

// Run executes one command line; ctx ends on SIGTERM/SIGINT.
func Run(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		return errors.New("no command given")
	}
	cmd, args := args[0], args[1:]
	var bench benchFlags
	if cmd == "bench" && len(args) > 0 {
		bench.what, args = args[0], args[1:]
	}
	if cmd == "user" || cmd == "audit" {
		if len(args) == 0 {
			return fmt.Errorf("%s: which sub-command? (see healthgrid help)", cmd)
		}
		cmd, args = cmd+" "+args[0], args[1:]
	}
	cfg := config.Default()
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.Flags(fs)
	var user struct{ username, name, roles, region, phone, password string }
	var residents int
	var verify verifyFlags
	switch cmd {
	case "user create":
		fs.StringVar(&user.username, "username", "", "login name")
		fs.StringVar(&user.name, "name", "", "full name")
		fs.StringVar(&user.roles, "role", "", "roles, comma-separated")
		fs.StringVar(&user.region, "region", "", "home region code (data scope)")
		fs.StringVar(&user.phone, "phone", "", "mobile number")
		fs.StringVar(&user.password, "password", "", "initial password (generated when empty)")
	case "bench":
		bench.register(fs)
	case "seed":
		fs.IntVar(&residents, "residents", 0, "generated residents to add")
	case "version":
		fmt.Fprintln(stdout, "healthgrid", Version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	case "audit verify":
		fs.StringVar(&verify.anchors, "anchors", "", "anchor log to check against (default: the file anchor sink)")
		fs.StringVar(&verify.publicKey, "anchor-public-key", "", "public key the anchors were signed with (default: this host's anchor key)")
	case "serve", "migrate", "audit public-key":
	default:
		fmt.Fprint(stdout, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.Check(); err != nil {
		return err
	}
	log := newLogger(cfg.LogLevel)
	if cmd == "bench" {
		return bench.run(ctx, cfg, stdout)
	}
	a, err := New(ctx, cfg, Options{Log: log})
	if err != nil {
		return err
	}
	defer a.Close()
	switch cmd {
	case "serve":
		return a.Serve(ctx, stdout)
	case "migrate":
		if err := jobs.Migrate(ctx, a.DB); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "database is up to date")
	case "seed":
		if err := a.SeedDemo(ctx); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "demo city seeded")
		if residents > 0 {
			return a.GenerateResidents(ctx, residents, stdout)
		}
	case "audit verify":
		return a.verifyAudit(ctx, verify, stdout)
	case "audit public-key":
		fmt.Fprintln(stdout, audit.PublicKeyText(a.Anchors.PublicKey()))
	case "user create":
		sys, err := a.System(ctx)
		if err != nil {
			return err
		}
		c, err := a.Auth.CreateUser(ctx, sys, auth.UserInput{Username: user.username, Name: user.name, Phone: &user.phone,
			Roles: strings.Split(user.roles, ","), RegionCode: user.region, Password: user.password}, false)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created user %s (%s)\n", c.Username, c.ID)
		if c.InitialPassword != "" {
			fmt.Fprintf(stdout, "initial password (shown once, must be changed at first login): %s\n", c.InitialPassword)
		}
	}
	return nil
}

func newLogger(level string) *slog.Logger {
	var l slog.Level
	l.UnmarshalText([]byte(level))
	return slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}

// Serve seeds the demo city when asked, starts the jobs and the HTTP server,
// tells a person on out where to open it once it is ready, and shuts both
// down gracefully when ctx ends.
func (a *App) Serve(ctx context.Context, out io.Writer) error {
	start := time.Now()
	if a.Config.Demo {
		if err := a.SeedDemo(ctx); err != nil {
			return fmt.Errorf("seed demo city: %w", err)
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
	stopMetrics, err := a.serveMetrics(ctx)
	if err != nil {
		ln.Close()
		a.Jobs.Stop(context.Background())
		return err
	}
	srv := &http.Server{Handler: a.Handler, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	a.Log.Info("healthgrid listening", "addr", ln.Addr().String(), "db", string(a.DB.Dialect), "demo", a.Config.Demo,
		"startup_ms", time.Since(start).Milliseconds(), "version", Version)
	a.greet(out, ln.Addr())
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

// greet prints, once the server listens, the address a person opens and, in
// demo mode, how to log in: the first thing `make run` shows.
func (a *App) greet(out io.Writer, addr net.Addr) {
	host, port, _ := net.SplitHostPort(addr.String())
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	fmt.Fprintf(out, "healthgrid 已就绪 / ready: http://%s/\n", net.JoinHostPort(host, port))
	if a.Config.Demo {
		fmt.Fprintf(out, "  演示账号 / demo log-in: admin / %s (also xinfu, dingxiang, street, grid, cdc);\n"+
			"  resident: SMS code to 13800000001, written to %s\n", DemoPassword, filepath.Join(a.Config.DataDir, "sms-outbox.log"))
	}
}
