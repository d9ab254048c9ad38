// Package bench measures the platform at city scale (`healthgrid bench
// <what>`) on a throw-away demo city or the configured database; the figures
// go to docs/benchmarks.md.
package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"slices"
	"sync"
	"time"

	"healthgrid/internal/app"
	"healthgrid/internal/config"
	"healthgrid/internal/demo/seed"
)

// Command registers the flags of `healthgrid bench what` on fs and returns
// what runs it once they are parsed.
func Command(what string, fs *flag.FlagSet) func(ctx context.Context, cfg config.Config, out io.Writer) error {
	b := &benchFlags{what: what}
	b.register(fs)
	return b.run
}

// benchFlags are `healthgrid bench`'s settings.
type benchFlags struct {
	what string // locate, login, regions, import, residents, events, screens or epidemic
	n, c int
	rows int // import: rows in the generated file; events: events generated; screens: the city's events; epidemic: the list's persons (at most 100,000); checkins: check-ins sent
	// format: import: the generated file's, csv or xlsx
	format string
	// screens: the city's residents
	cityResidents int
	// cpuprofile: where to write a CPU profile of the measured part (after setup)
	cpuprofile string
}

func (b *benchFlags) register(fs *flag.FlagSet) {
	n := 20000
	if b.what == "screens" {
		n = 300 // a cell; some two hundred cells
	}
	fs.IntVar(&b.n, "n", n, "operations (screens: of each request as each account)")
	fs.IntVar(&b.c, "c", 50, "concurrent clients")
	fs.IntVar(&b.rows, "rows", 1000000, "rows of the generated residents file (import), events generated (events), the city's events (screens)")
	fs.IntVar(&b.cityResidents, "residents", 3000000, "the city's residents (screens)")
	fs.StringVar(&b.cpuprofile, "cpuprofile", "", "write a CPU profile of the measured part to this file")
	fs.StringVar(&b.format, "format", "csv", "import: the generated file's format, csv or xlsx")
}

// run measures one figure on a throw-away demo data dir (or the configured
// database) and prints it. Figures go to docs/benchmarks.md.
func (b *benchFlags) run(ctx context.Context, cfg config.Config, out io.Writer) error {
	cfg.Demo = true
	// the residents bench reveals its thousand sample ID numbers as the system
	cfg.RevealsPerHour = max(cfg.RevealsPerHour, 1<<20)
	cfg.CheckinRowsPerHour = max(cfg.CheckinRowsPerHour, 1<<30)
	if cfg.DB == "" && cfg.DataDir == config.Default().DataDir {
		dir, err := os.MkdirTemp("", "healthgrid-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cfg.DataDir = dir
	}
	t0 := time.Now()
	a, err := app.New(ctx, cfg, app.Options{Log: app.NewLogger("error")})
	if err != nil {
		return err
	}
	defer a.Close()
	if err := seed.Demo(ctx, a); err != nil {
		return err
	}
	fmt.Fprintf(out, "setup (open, migrate, seed if empty): %v\n", time.Since(t0).Round(time.Millisecond))
	if err := a.Regions.Rebuild(ctx); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: a.Handler}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	if b.cpuprofile != "" {
		f, err := os.Create(b.cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	switch b.what {
	case "locate":
		return b.locate(a, out)
	case "login":
		return b.http(out, "POST /auth/login", func(c *http.Client) error {
			return post(c, base+"/api/v1/auth/login", `{"username":"xinfu","password":"`+seed.Password+`"}`, nil)
		})
	case "regions":
		var tok struct{ Token string }
		if err := post(http.DefaultClient, base+"/api/v1/auth/login", `{"username":"admin","password":"`+seed.Password+`"}`, &tok); err != nil {
			return err
		}
		parents := []string{"140900000000", "140902000000", "140921000000", "140902001000"}
		return b.http(out, "GET /regions?parent=…", func(c *http.Client) error {
			req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/regions?parent="+parents[rand.IntN(len(parents))], nil)
			req.Header.Set("Authorization", "Bearer "+tok.Token)
			return do(c, req, nil)
		})
	case "import":
		return b.importBench(ctx, a, base, out)
	case "hostile":
		return hostileBench(ctx, a, base, out)
	case "residents":
		return b.residents(ctx, a, base, out)
	case "events":
		return b.events(ctx, a, base, out)
	case "screens":
		return b.screensBench(ctx, a, base, out)
	case "epidemic":
		return b.epidemicBench(ctx, a, base, out)
	case "checkins":
		return b.checkinsBench(ctx, a, base, out)
	case "trace":
		return b.traceBench(ctx, a, base, out)
	case "chains":
		return b.chainsBench(ctx, a, base, out)
	case "warning":
		return b.warningBench(ctx, a, base, out)
	case "riskareas":
		return b.riskAreasBench(ctx, a, base, out)
	}
	return fmt.Errorf("bench: unknown figure %q (locate, login, regions, import, hostile, residents, events, screens, epidemic, checkins, trace, chains, warning or riskareas)",
		b.what)
}

// locate measures grids/locate lookups over random points in the city's bounding box.
func (b *benchFlags) locate(a *app.App, out io.Writer) error {
	r := rand.New(rand.NewPCG(1, 2))
	pts := make([][2]float64, 100000)
	for i := range pts {
		pts[i] = [2]float64{111.0 + r.Float64()*2.6, 37.9 + r.Float64()*1.7}
	}
	start, hits := time.Now(), 0
	for i := 0; i < b.n; i++ {
		p := pts[i%len(pts)]
		if _, ok := a.Regions.LocateCode(p[0], p[1]); ok {
			hits++
		}
	}
	el := time.Since(start)
	fmt.Fprintf(out, "grids/locate (in memory, 1 core): %d lookups in %v = %.0f/s, %.1f%% inside a grid\n",
		b.n, el.Round(time.Millisecond), float64(b.n)/el.Seconds(), 100*float64(hits)/float64(b.n))
	return nil
}

// http runs op b.n times from b.c concurrent clients and prints throughput and latency percentiles.
func (b *benchFlags) http(out io.Writer, name string, op func(*http.Client) error) error {
	f, err := b.measure(op)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s: %d requests, %d clients, %v: %.0f req/s, p50 %v, p99 %v\n", name, b.n, b.c, f.took.Round(time.Millisecond),
		f.rps, f.p50.Round(time.Microsecond), f.p99.Round(time.Microsecond))
	return nil
}

// figure is what a measured operation gave: throughput, latency percentiles
// and the CPU this process (server and load generator) spent on each — the
// steadier figure on a shared machine.
type figure struct {
	took          time.Duration
	rps           float64
	p50, p99, max time.Duration
	cpu           time.Duration
}

// measure runs op b.n times from b.c concurrent clients.
func (b *benchFlags) measure(op func(*http.Client) error) (figure, error) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: b.c}}
	defer client.CloseIdleConnections()
	lat := make([]time.Duration, b.n)
	var wg sync.WaitGroup
	var firstErr error
	var mu sync.Mutex
	next := make(chan int)
	start, cpu0 := time.Now(), processCPU()
	for w := 0; w < b.c; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				t := time.Now()
				if err := op(client); err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
				}
				lat[i] = time.Since(t)
			}
		}()
	}
	for i := 0; i < b.n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	el := time.Since(start)
	if firstErr != nil {
		return figure{}, firstErr
	}
	slices.Sort(lat)
	return figure{took: el, rps: float64(b.n) / el.Seconds(), p50: lat[b.n/2], p99: lat[b.n*99/100], max: lat[b.n-1],
		cpu: (processCPU() - cpu0) / time.Duration(b.n)}, nil
}

// post sends a JSON body, as the bearer of token if one is given.
func post(c *http.Client, url, body string, v any, token ...string) error {
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewBufferString(body))
	req.Header.Set("Content-Type", "application/json")
	if len(token) > 0 {
		req.Header.Set("Authorization", "Bearer "+token[0])
	}
	return do(c, req, v)
}

func do(c *http.Client, req *http.Request, v any) error {
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		b, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("%s %s: %d %s", req.Method, req.URL.Path, resp.StatusCode, b)
	}
	if v != nil {
		return json.NewDecoder(resp.Body).Decode(v)
	}
	io.Copy(io.Discard, resp.Body)
	return nil
}
