package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"

	"healthgrid/internal/app"
	"healthgrid/internal/audit"
	"healthgrid/internal/auth"
	"healthgrid/internal/bench"
	"healthgrid/internal/config"
	"healthgrid/internal/demo/seed"
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
  healthgrid bench   trace [--rows 30000000]     fill that many check-ins (14 days), time 2-hop contact traces
  healthgrid bench   warning [--n 2000] [--c 50]  two weeks of every disease's counts in every township; time
                                                one evaluation of the city and the CDC's signal queue
  healthgrid version

Every flag can also be set as HEALTHGRID_<FLAG> in the environment.
`

// run executes one command line; ctx ends on SIGTERM/SIGINT.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		return errors.New("no command given")
	}
	cmd, args := args[0], args[1:]
	var what string // bench's
	if cmd == "bench" && len(args) > 0 {
		what, args = args[0], args[1:]
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
	var benchRun func(context.Context, config.Config, io.Writer) error
	switch cmd {
	case "user create":
		fs.StringVar(&user.username, "username", "", "login name")
		fs.StringVar(&user.name, "name", "", "full name")
		fs.StringVar(&user.roles, "role", "", "roles, comma-separated")
		fs.StringVar(&user.region, "region", "", "home region code (data scope)")
		fs.StringVar(&user.phone, "phone", "", "mobile number")
		fs.StringVar(&user.password, "password", "", "initial password (generated when empty)")
	case "bench":
		benchRun = bench.Command(what, fs)
	case "seed":
		fs.IntVar(&residents, "residents", 0, "generated residents to add")
	case "version":
		fmt.Fprintln(stdout, "healthgrid", app.Version)
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
	log := app.NewLogger(cfg.LogLevel)
	if cmd == "bench" {
		return benchRun(ctx, cfg, stdout)
	}
	a, err := app.New(ctx, cfg, app.Options{Log: log})
	if err != nil {
		return err
	}
	defer a.Close()
	switch cmd {
	case "serve":
		return a.Serve(ctx, demoCity(a), func(addr net.Addr) { greet(a.Config, stdout, addr) })
	case "migrate":
		if err := jobs.Migrate(ctx, a.DB); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "database is up to date")
	case "seed":
		if err := seed.Demo(ctx, a); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "demo city seeded")
		if residents > 0 {
			return seed.Residents(ctx, a, residents, stdout)
		}
	case "audit verify":
		return verifyAudit(ctx, a, verify, stdout)
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

// demoCity seeds the demo city before a server in demo mode starts.
func demoCity(a *app.App) func(context.Context) error {
	if !a.Config.Demo {
		return nil
	}
	return func(ctx context.Context) error {
		if err := seed.Demo(ctx, a); err != nil {
			return fmt.Errorf("seed demo city: %w", err)
		}
		return nil
	}
}

// greet prints, once the server listens, the address a person opens and, in
// demo mode, how to log in: the first thing `make run` shows.
func greet(cfg config.Config, out io.Writer, addr net.Addr) {
	host, port, _ := net.SplitHostPort(addr.String())
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	fmt.Fprintf(out, "healthgrid 已就绪 / ready: http://%s/\n", net.JoinHostPort(host, port))
	if cfg.Demo {
		fmt.Fprintf(out, "  演示账号 / demo log-in: admin / %s (also xinfu, dingxiang, street, grid, cdc);\n"+
			"  resident: SMS code to 13800000001, written to %s\n", seed.Password, filepath.Join(cfg.DataDir, "sms-outbox.log"))
	}
}
