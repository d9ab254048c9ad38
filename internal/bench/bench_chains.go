package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"healthgrid/internal/app"
	"healthgrid/internal/db"
	"healthgrid/internal/demo/seed"
	"healthgrid/internal/epidemic/chain"
)

// chainsBench measures the transmission chains (issue 17): b.rows (at most
// 20,000) risk
// persons of 忻府区 joined by exposures into chains of ten, each exposure
// added alone (the update per new exposure); two chains of 5,000 built and
// merged by one exposure; then the county CDC's chain list at b.c clients
// and the 10,000-person chain's graph, grouped and whole.
func (b *benchFlags) chainsBench(ctx context.Context, a *app.App, base string, out io.Writer) error {
	all, err := seed.GridCodes(ctx, a)
	if err != nil {
		return err
	}
	var paths []string
	for _, g := range all {
		if strings.HasPrefix(g, "140902") {
			p, err := a.Regions.Path(ctx, g)
			if err != nil {
				return err
			}
			paths = append(paths, p)
		}
	}
	persons := min(b.rows, 20_000)
	ids, err := benchPersons(ctx, a.DB, paths, persons+10_000)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%d risk persons written\n", len(ids))
	r := rand.New(rand.NewPCG(17, 60))
	day := func() string { return time.Now().AddDate(0, 0, -r.IntN(10)).Format(time.DateOnly) }
	var lat []time.Duration
	start := time.Now()
	for i := 0; i < persons; i++ {
		if i%10 == 0 {
			continue // each tenth person starts a chain
		}
		src := ids[i-i%10+r.IntN(i%10)]
		t := time.Now()
		if err := a.Chains.AddExposures(ctx, nil, []chain.Exposure{{Source: src, Target: ids[i], Kind: "household",
			Date: day(), Certainty: "probable"}}); err != nil {
			return err
		}
		lat = append(lat, time.Since(t))
	}
	report(out, fmt.Sprintf("a chain update per new exposure (%d exposures into %d chains of 10)", len(lat), persons/10), start, lat)
	big := ids[persons:]
	for half := range 2 {
		part := big[half*5000 : (half+1)*5000]
		ex := make([]chain.Exposure, 0, 500)
		for i := 1; i < len(part); i++ {
			ex = append(ex, chain.Exposure{Source: part[r.IntN(i)], Target: part[i], Kind: "work", Date: day(), Certainty: "possible"})
			if len(ex) == 500 || i == len(part)-1 {
				if err := a.Chains.AddExposures(ctx, nil, ex); err != nil {
					return err
				}
				ex = ex[:0]
			}
		}
	}
	t := time.Now()
	if err := a.Chains.AddExposures(ctx, nil, []chain.Exposure{{Source: big[4999], Target: big[5000], Kind: "work", Date: day(),
		Certainty: "confirmed"}}); err != nil {
		return err
	}
	fmt.Fprintf(out, "merge of two chains of 5,000 by one exposure: %v\n", time.Since(t).Round(time.Microsecond))
	if err := a.DB.Analyze(ctx, "epi_chains", "epi_chain_regions", "epi_chain_members", "epi_exposures"); err != nil {
		return err
	}
	cdc, err := login(base, "cdc")
	if err != nil {
		return err
	}
	b.c = max(b.c, 50)
	for _, q := range []string{"region=140902000000&active=true&page=1&size=20", "region=140902001000&page=1&size=20"} {
		if err := b.http(out, "GET /epidemic/chains?"+q+" as cdc", authGet(base+"/api/v1/epidemic/chains?"+q, cdc)); err != nil {
			return err
		}
	}
	ex, err := a.Chains.PersonExposures(ctx, nil, big[0])
	if err != nil || len(ex) == 0 {
		return fmt.Errorf("the big chain: %v", err)
	}
	n, c := b.n, b.c
	b.n, b.c = 20, 2
	defer func() { b.n, b.c = n, c }()
	for _, q := range []string{"", "?group=grid", "?group=none"} {
		if err := b.http(out, "GET /epidemic/chains/{10,000 persons}"+q, authGet(base+"/api/v1/epidemic/chains/"+ex[0].Chain+q, cdc)); err != nil {
			return err
		}
	}
	return nil
}

// report prints a timed series' rate and percentiles.
func report(out io.Writer, name string, start time.Time, lat []time.Duration) {
	el := time.Since(start)
	slices.Sort(lat)
	fmt.Fprintf(out, "%s: %v, %.0f/s, p50 %v, p99 %v, max %v\n", name, el.Round(time.Millisecond), float64(len(lat))/el.Seconds(),
		lat[len(lat)/2].Round(time.Microsecond), lat[len(lat)*99/100].Round(time.Microsecond), lat[len(lat)-1].Round(time.Microsecond))
}

// benchPersons writes n risk persons of B27 spread over paths (grids'),
// straight into the table: the bench measures chains, not admission.
func benchPersons(ctx context.Context, d *db.DB, paths []string, n int) ([]string, error) {
	ids := make([]string, n)
	now := time.Now()
	_, err := d.WriteBulk(ctx, db.Bulk{Head: `INSERT INTO epi_persons (id, disease_code, category, name, grid_code, region_path,
		state, created_at, updated_at)`, Cols: 9}, n, func(i int, dst []any) []any {
		ids[i] = fmt.Sprintf("bench-chain-%07d", i)
		p := paths[i%len(paths)]
		cat := []string{"confirmed", "close_contact", "close_contact", "secondary_contact"}[i%4]
		return append(dst, ids[i], "B27", cat, fmt.Sprintf("链%d", i), p[len(p)-16:len(p)-1], p, "assigned", now, now)
	})
	return ids, err
}
