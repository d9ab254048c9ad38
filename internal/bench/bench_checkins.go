package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"healthgrid/internal/app"
	"healthgrid/internal/apperr"
	"healthgrid/internal/demo/seed"
	"healthgrid/internal/epidemic/venue"
	"healthgrid/internal/pii"
)

// benchVenues is how many venues the check-ins go to: a city has some
// tens of thousands; the rate depends on the rows, not on them.
const benchVenues = 2000

// checkinsBench measures venue check-ins (issue 17): b.rows check-ins of
// b.rows/10 people over the last 14 days at benchVenues venues of 忻府区,
// sent through POST /epidemic/checkins in batches of venue.MaxRows by the
// county CDC from min(b.c, 2) clients (SQLite writes one at a time) (the rate), the tables' size on disk,
// a resend of one batch (all duplicates), then a venue's page of a day's
// check-ins at b.c clients.
func (b *benchFlags) checkinsBench(ctx context.Context, a *app.App, base string, out io.Writer) error {
	cdc, err := login(base, "cdc")
	if err != nil {
		return err
	}
	codes, err := b.benchVenues(ctx, a)
	if err != nil {
		return err
	}
	people := max(b.rows/10, 1)
	now := time.Now()
	t0 := time.Now()
	batches := make([][]byte, 0, b.rows/venue.MaxRows+1)
	r := rand.New(rand.NewPCG(17, 3))
	for lo := 0; lo < b.rows; lo += venue.MaxRows {
		rows := make([]venue.Row, 0, venue.MaxRows)
		for range min(venue.MaxRows, b.rows-lo) {
			in := now.Add(-time.Duration(r.Int64N(int64(14*24*time.Hour - time.Hour)))).Truncate(time.Second)
			row := venue.Row{IDNumber: benchID(r.IntN(people)), VenueCode: codes[r.IntN(len(codes))], TimeIn: in.Format(time.RFC3339)}
			if r.IntN(2) == 0 {
				row.TimeOut = in.Add(time.Duration(10+r.IntN(120)) * time.Minute).Format(time.RFC3339)
			}
			rows = append(rows, row)
		}
		body, _ := json.Marshal(rows)
		batches = append(batches, body)
	}
	fmt.Fprintf(out, "generated %d check-ins of %d people in %d batches: %v\n", b.rows, people, len(batches),
		time.Since(t0).Round(time.Millisecond))
	// a batch is idempotent: one answered 499 (docs/benchmarks.md, "requests
	// cancelled on arrival") is sent again, its rows counted once
	send := func(body []byte) (res venue.Result, err error) {
		for try := 0; try < 3; try++ {
			req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/epidemic/checkins", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+cdc)
			if err = do(http.DefaultClient, req, &res); err == nil || !strings.Contains(err.Error(), ": 499 ") {
				return res, err
			}
		}
		return res, err
	}
	var next, created atomic.Int64
	var wg sync.WaitGroup
	var first error
	var mu sync.Mutex
	t0 = time.Now()
	for range min(b.c, 2) {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(len(batches)); i = next.Add(1) - 1 {
				res, err := send(batches[i])
				if err == nil && len(res.Rejected) > 0 {
					err = fmt.Errorf("batch %d: %d rows refused: %+v", i, len(res.Rejected), res.Rejected[0])
				}
				if err != nil {
					mu.Lock()
					first = err
					mu.Unlock()
					return
				}
				created.Add(int64(res.Created))
			}
		})
	}
	wg.Wait()
	took := time.Since(t0)
	if first != nil {
		return first
	}
	fmt.Fprintf(out, "POST /epidemic/checkins: %d rows (%d created) in %v from %d clients: %.0f rows/s\n", b.rows,
		created.Load(), took.Round(time.Millisecond), min(b.c, 2), float64(b.rows)/took.Seconds())
	size, err := a.DB.TableBytes(ctx, "epi_venue_checkins")
	if err != nil {
		return err
	}
	visitors, err := a.DB.TableBytes(ctx, "epi_visitors")
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "on disk: epi_venue_checkins %.1f MB (%.0f bytes a row, 30 M rows: %.1f GB), epi_visitors %.1f MB (%.0f bytes a visitor)\n",
		float64(size)/1e6, float64(size)/float64(created.Load()), float64(size)/float64(created.Load())*30e6/1e9,
		float64(visitors)/1e6, float64(visitors)/float64(people))
	t0 = time.Now()
	if res, err := send(batches[0]); err != nil || res.Duplicate != strings.Count(string(batches[0]), "venue_code") {
		return fmt.Errorf("the resend: %+v %v", res, err)
	}
	fmt.Fprintf(out, "a resend of %d rows (all duplicates): %v\n", venue.MaxRows, time.Since(t0).Round(time.Millisecond))
	day := now.AddDate(0, 0, -3).Format(time.DateOnly)
	return b.http(out, "GET /epidemic/venues/{code}/checkins?day=… as cdc", func(c *http.Client) error {
		req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/epidemic/venues/"+codes[rand.IntN(len(codes))]+
			"/checkins?day="+day, nil)
		req.Header.Set("Authorization", "Bearer "+cdc)
		return do(c, req, nil)
	})
}

// benchVenues adds the bench's venues in the grids of 忻府区 (a point of the
// county, the grid named) and answers their codes.
func (b *benchFlags) benchVenues(ctx context.Context, a *app.App) ([]string, error) {
	all, err := seed.GridCodes(ctx, a)
	if err != nil {
		return nil, err
	}
	var grids []string
	for _, g := range all {
		if strings.HasPrefix(g, "140902") {
			grids = append(grids, g)
		}
	}
	sys, err := a.System(ctx)
	if err != nil {
		return nil, err
	}
	kinds := strings.Split(venue.KindEnum, ",")
	lng, lat := 112.74097, 38.46675 // 忻州市第一实验小学
	codes := make([]string, benchVenues)
	for i := range codes {
		codes[i] = fmt.Sprintf("BENCH-%05d", i)
		if _, err := a.Venues.Create(ctx, sys, venue.Input{Code: codes[i], Name: fmt.Sprintf("压测场所%d", i),
			Kind: kinds[i%len(kinds)], Lng: &lng, Lat: &lat, GridCode: grids[i%len(grids)], StayMinutes: 30 + i%120}); err != nil &&
			!errors.Is(err, apperr.ErrConflict) { // a data dir benched before
			return nil, err
		}
	}
	return codes, nil
}

// benchID is the ID number of the bench's person p: a birth date of
// 1940–2019 and a sequence number, valid (GB 11643).
func benchID(p int) string {
	birth := time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, p%29000)
	first := fmt.Sprintf("140902%s%03d", birth.Format("20060102"), p/29000%1000)
	return first + string(pii.IDCheckDigit(first))
}
