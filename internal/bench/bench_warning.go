package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"healthgrid/internal/app"
	"healthgrid/internal/china"
	"healthgrid/internal/demo/seed"
	"healthgrid/internal/epidemic"
	"healthgrid/internal/epidemic/warning"
)

// warningDays are the days of counts the warning bench writes before the
// day it evaluates: EARS C3 reads eleven.
const warningDays = 14

// warningBench measures the early warning at city scale (issue 17): the
// report cards' daily counts of every 乙 and 丙 disease in every township
// of the city for two weeks — a case count on about a third of the days,
// written through the cards' hook (CountCase) — then one evaluation of
// every method over every disease and region for yesterday, as the
// scheduled job runs it (the signals raised), the same again (all
// suppressed), and the county CDC's queue at b.c clients.
func (b *benchFlags) warningBench(ctx context.Context, a *app.App, base string, out io.Writer) error {
	sys, err := a.System(ctx)
	if err != nil {
		return err
	}
	diseases, err := a.Epidemic.Diseases(ctx, sys.RegionPath, false)
	if err != nil {
		return err
	}
	var codes []string
	for _, d := range diseases {
		if (d.Class == "B" || d.Class == "C") && d.ManagedAs == "" {
			codes = append(codes, d.Code)
		}
	}
	grids, err := seed.GridCodes(ctx, a)
	if err != nil {
		return err
	}
	// one grid of each township: a township's count is its grids' sum
	var paths []string
	seen := map[string]bool{}
	for _, g := range grids {
		if seen[g[:9]] {
			continue
		}
		seen[g[:9]] = true
		p, err := a.Regions.Path(ctx, g)
		if err != nil {
			return err
		}
		paths = append(paths, p)
	}
	now := time.Now()
	yesterday := now.In(china.Zone).AddDate(0, 0, -1)
	r := rand.New(rand.NewPCG(17, 2026))
	t0, written := time.Now(), 0
	for _, p := range paths {
		err := a.DB.InTx(ctx, func(ctx context.Context) error {
			for _, code := range codes {
				for d := range warningDays + 1 {
					if r.IntN(3) != 0 {
						continue
					}
					day := yesterday.AddDate(0, 0, d-warningDays).Format(time.DateOnly)
					n := 1 + r.IntN(3)
					if d == warningDays && r.IntN(20) == 0 {
						n += 6 // a few outbreaks on the day evaluated
					}
					if err := a.Warning.CountCase(ctx, epidemic.CountedCase{ID: "bench", Disease: code, RegionPath: p, Day: day},
						int64(n)); err != nil {
						return err
					}
					written++
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "counts: %d townships × %d diseases × %d days, %d daily counts written in %v\n", len(paths), len(codes),
		warningDays+1, written, time.Since(t0).Round(time.Millisecond))
	if err := a.DB.Analyze(ctx, "epi_warning_counts"); err != nil {
		return err
	}
	in := warning.EvaluateInput{Date: yesterday.Format(time.DateOnly)}
	for _, run := range []string{"first (signals raised)", "again (all suppressed)"} {
		t1 := time.Now()
		res, err := a.Warning.Evaluate(ctx, sys, in)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "evaluate %s, the city, %s: %d series, %d flagged, %d raised in %v\n", in.Date, run, res.Evaluated,
			res.Flagged, len(res.Raised), time.Since(t1).Round(time.Millisecond))
	}
	cdc, err := login(base, "cdc")
	if err != nil {
		return err
	}
	return b.http(out, "GET /epidemic/signals?status=active as cdc", authGet(base+"/api/v1/epidemic/signals?status=active", cdc))
}
