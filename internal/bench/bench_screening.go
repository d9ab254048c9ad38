package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"healthgrid/internal/app"
	"healthgrid/internal/auth"
	"healthgrid/internal/demo/seed"
	"healthgrid/internal/pii"
)

// verifiers is how many grid workers verify their share at once while the
// county reads the list's progress.
const verifiers = 50

// screeningBench measures a screening list of b.rows persons in 忻府区
// (issue 16): the upload until every person is distributed and a grid
// worker's inbox shows their share, then the county's progress at b.c
// clients while 50 grid workers verify their shares at once.
func (b *benchFlags) screeningBench(ctx context.Context, a *app.App, base string, out io.Writer) error {
	cdc, err := login(base, "cdc")
	if err != nil {
		return err
	}
	all, err := seed.GridCodes(ctx, a)
	if err != nil {
		return err
	}
	var grids []string
	for _, g := range all {
		if strings.HasPrefix(g, "140902") {
			grids = append(grids, g)
		}
	}
	workers, err := gridWorkers(ctx, a, base, grids[:verifiers])
	if err != nil {
		return err
	}
	body, ctype := listFile(b.rows, grids)
	t0 := time.Now()
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/epidemic/screenings", body)
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Authorization", "Bearer "+cdc)
	var list struct {
		ID                string
		Distributed, Pool int
	}
	if err := do(http.DefaultClient, req, &list); err != nil {
		return err
	}
	up := time.Since(t0)
	var inbox struct{ Total int }
	if err := do(http.DefaultClient, bearer(base+"/api/v1/inbox?kind=epidemic_person&size=20", workers[0].token), &inbox); err != nil {
		return err
	}
	fmt.Fprintf(out, "screening list of %d rows: distributed %d, pool %d in %v; a grid worker's inbox shows %d of its share at %v\n",
		b.rows, list.Distributed, list.Pool, up.Round(time.Millisecond), inbox.Total, time.Since(t0).Round(time.Millisecond))

	stop := make(chan struct{})
	var verified atomic.Int64
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.verify(base, list.ID, stop, &verified)
		}()
	}
	t1 := time.Now()
	err = b.http(out, fmt.Sprintf("GET /epidemic/screenings/{id}/progress?region=140902000000 as cdc, while %d grid workers verify",
		verifiers), authGet(base+"/api/v1/epidemic/screenings/"+list.ID+"/progress?region=140902000000", cdc))
	close(stop)
	wg.Wait()
	fmt.Fprintf(out, "meanwhile %d persons verified (%.0f/s)\n", verified.Load(), float64(verified.Load())/time.Since(t1).Seconds())
	return err
}

// worker is a grid worker of the bench, signed in.
type worker struct{ token, grid string }

// gridWorkers creates and signs in a grid worker for each grid.
func gridWorkers(ctx context.Context, a *app.App, base string, grids []string) ([]worker, error) {
	sys, err := a.System(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]worker, len(grids))
	for i, g := range grids {
		name := fmt.Sprintf("benchgrid%02d", i)
		if _, err := a.Auth.CreateUser(ctx, sys, auth.UserInput{Username: name, Name: name, Roles: []string{"grid_worker"},
			RegionCode: g, Password: seed.Password}, true); err != nil {
			return nil, err
		}
		tok, err := login(base, name)
		if err != nil {
			return nil, err
		}
		out[i] = worker{tok, g}
	}
	return out, nil
}

// verify visits and verifies the worker's share of list, a page at a time,
// until stop.
func (w worker) verify(base, list string, stop <-chan struct{}, n *atomic.Int64) {
	c := &http.Client{}
	for {
		var page struct{ Items []struct{ ID string } }
		if err := do(c, bearer(base+"/api/v1/epidemic/persons?state=assigned&size=20&screening="+list, w.token), &page); err != nil ||
			len(page.Items) == 0 {
			return
		}
		for _, p := range page.Items {
			select {
			case <-stop:
				return
			default:
			}
			if post(c, base+"/api/v1/epidemic/persons/"+p.ID+"/visit", `{}`, nil, w.token) != nil ||
				post(c, base+"/api/v1/epidemic/persons/"+p.ID+"/verify", `{"outcome":"found"}`, nil, w.token) != nil {
				return
			}
			n.Add(1)
		}
	}
}

// listFile is a csv list of n invented persons: most named by a grid of
// grids, a tenth by no place at all (the county's pool).
func listFile(n int, grids []string) (io.Reader, string) {
	var csv bytes.Buffer
	csv.WriteString("姓名,身份证号,手机号,网格编码,来源地\n")
	r := rand.New(rand.NewPCG(16, 100))
	for i := range n {
		first := fmt.Sprintf("140902%s%03d", time.Date(1940+r.IntN(80), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0,
			time.UTC).Format("20060102"), r.IntN(1000))
		grid := ""
		if i%10 != 0 {
			grid = grids[r.IntN(len(grids))]
		}
		fmt.Fprintf(&csv, "排查%d,%s,139%08d,%s,K8021次列车\n", i, first+string(pii.IDCheckDigit(first)), r.IntN(1e8), grid)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range map[string]string{"name": "城市级排查演练", "disease": "B27", "category": "close_contact",
		"deadline": time.Now().Add(20 * time.Hour).Format(time.RFC3339)} {
		mw.WriteField(k, v)
	}
	f, _ := mw.CreateFormFile("file", "list.csv")
	f.Write(csv.Bytes())
	mw.Close()
	return &body, mw.FormDataContentType()
}

// bearer is a GET of url as the bearer of token.
func bearer(url, token string) *http.Request {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	return req
}
