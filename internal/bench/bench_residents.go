package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/app"
	"healthgrid/internal/demo/seed"
	"healthgrid/internal/population"
)

// benchCounty is where `bench residents` searches: 忻府区, as its admin xinfu.
const benchCounty = "140902000000"

// residents measures resident searches inside one county at b.c concurrent
// clients: name prefixes, exact ID numbers and phones, stored and age-based
// tags, and the plain list. Run it on a data dir seeded with
// `seed --residents N`; the samples are real residents of the county.
func (b *benchFlags) residents(ctx context.Context, a *app.App, base string, out io.Writer) error {
	var tok struct{ Token string }
	if err := post(http.DefaultClient, base+"/api/v1/auth/login", `{"username":"xinfu","password":"`+seed.Password+`"}`, &tok); err != nil {
		return err
	}
	names, surnames, ids, err := residentSamples(ctx, a)
	if err != nil {
		return err
	}
	if len(names) == 0 {
		return fmt.Errorf("bench residents: no residents in %s (run seed --residents N first)", benchCounty)
	}
	var total int
	if err := a.DB.QueryRow(ctx, "SELECT COUNT(*) FROM residents WHERE deleted_at IS NULL").Scan(&total); err != nil {
		return err
	}
	fmt.Fprintf(out, "%d residents; samples from %s: %d names, %d ID numbers\n", total, benchCounty, len(names), len(ids))
	pick := func(s []string) string { return s[rand.IntN(len(s))] }
	get := func(c *http.Client, query string) error {
		req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/residents?region="+benchCounty+"&"+query, nil)
		req.Header.Set("Authorization", "Bearer "+tok.Token)
		return do(c, req, nil)
	}
	figures := []struct {
		name  string
		query func() string
	}{
		{"q=<2-character name prefix>", func() string { return "q=" + url.QueryEscape(pick(names)) }},
		{"q=<surname>", func() string { return "q=" + url.QueryEscape(pick(surnames)) }},
		{"q=<ID number>", func() string { return "q=" + pick(ids) }},
		{"tag=hypertension", func() string { return "tag=hypertension" }},
		{"tag=elderly_65", func() string { return "tag=elderly_65" }},
		{"(no filter)", func() string { return "" }},
	}
	// a server that has just started reads its pages from disk: warm it as a running one is
	for range 100 {
		for _, f := range figures {
			if err := get(http.DefaultClient, f.query()); err != nil {
				return err
			}
		}
	}
	for _, f := range figures {
		cpu0 := processCPU()
		err := b.http(out, "GET /residents?"+f.name+" in "+benchCounty, func(c *http.Client) error {
			return get(c, f.query())
		})
		if err != nil {
			return err
		}
		// the machine is shared: CPU per request (server and load generator) is the steadier figure
		fmt.Fprintf(out, "  process CPU per request (server + client): %v\n", ((processCPU() - cpu0) / time.Duration(b.n)).Round(time.Microsecond))
	}
	return nil
}

// processCPU is the CPU time (user and system) this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// residentSamples draws residents of random grids of the bench county: their
// names' first two characters, their surnames and their ID numbers (revealed
// through the service, as the system).
func residentSamples(ctx context.Context, a *app.App) (names, surnames, ids []string, err error) {
	sys, err := a.System(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	county, err := a.Regions.Path(ctx, benchCounty)
	if err != nil {
		return nil, nil, nil, err
	}
	cond, args := access.Scope(county).Subtree("path")
	rows, err := a.DB.Query(ctx, "SELECT path FROM regions WHERE level = 'grid' AND "+cond, args...)
	if err != nil {
		return nil, nil, nil, err
	}
	var grids []string
	for rows.Next() {
		var p string
		rows.Scan(&p)
		grids = append(grids, p)
	}
	rows.Close()
	r := rand.New(rand.NewPCG(7, 7))
	for i := 0; i < 200 && len(grids) > 0; i++ {
		items, _, err := a.People.List(ctx, sys.RegionPath, population.Filter{GridPath: grids[r.IntN(len(grids))], AgeMin: -1, AgeMax: -1}, 0, 5)
		if err != nil {
			return nil, nil, nil, err
		}
		for _, it := range items {
			rs := []rune(it.Name)
			names, surnames = append(names, string(rs[:min(2, len(rs))])), append(surnames, string(rs[:1]))
			full, err := a.People.Reveal(ctx, sys, it.ID, []string{"id_number"})
			if err != nil {
				return nil, nil, nil, err
			}
			ids = append(ids, strings.TrimSpace(full.IDNumber))
		}
	}
	return names, surnames, ids, nil
}
