package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/app"
	"healthgrid/internal/china"
	"healthgrid/internal/demo/seed"
	"healthgrid/internal/event"
	"healthgrid/internal/matter"
)

// benchTownship is a township of benchCounty, for the narrower lists.
const benchTownship = "140902001000"

// events measures the workflow at city scale: b.rows generated events,
// then lists at b.c concurrent clients as 忻府区's admin, a county's
// indicators for a month, and register actions per second.
func (b *benchFlags) events(ctx context.Context, a *app.App, base string, out io.Writer) error {
	target, err := eventTarget(ctx, a)
	if err != nil {
		return err
	}
	t0 := time.Now()
	if err := a.Events.Generate(ctx, b.rows, 1, target); err != nil {
		return err
	}
	if err := a.Events.AnalyzeEvents(ctx); err != nil {
		return err
	}
	el := time.Since(t0)
	fmt.Fprintf(out, "generated %d events in %v (%.0f/s)\n", b.rows, el.Round(time.Millisecond), float64(b.rows)/el.Seconds())
	var tok struct{ Token string }
	if err := post(http.DefaultClient, base+"/api/v1/auth/login", `{"username":"xinfu","password":"`+seed.Password+`"}`, &tok); err != nil {
		return err
	}
	get := func(path string) func(*http.Client) error {
		return func(c *http.Client) error {
			req, _ := http.NewRequest(http.MethodGet, base+path, nil)
			req.Header.Set("Authorization", "Bearer "+tok.Token)
			return do(c, req, nil)
		}
	}
	for _, q := range []string{"region=" + benchCounty, "region=" + benchCounty + "&status=dispatched",
		"region=" + benchCounty + "&overdue=true", "region=" + benchCounty + "&matter=HJWS-01", "region=" + benchTownship} {
		if err := b.http(out, "GET /events?"+q, get("/api/v1/events?"+q)); err != nil {
			return err
		}
	}
	month := time.Now().In(china.Zone).AddDate(0, -1, 0)
	from := time.Date(month.Year(), month.Month(), 1, 0, 0, 0, 0, china.Zone)
	stats := fmt.Sprintf("/api/v1/events/stats?region=%s&from=%s&to=%s", benchCounty, from.Format("2006-01-02"),
		from.AddDate(0, 1, -1).Format("2006-01-02"))
	n, c := b.n, b.c
	b.n, b.c = 20, 1
	err = b.http(out, "GET "+stats+" (one client)", get(stats))
	b.n, b.c = n, c
	if err != nil {
		return err
	}
	return b.registerActions(ctx, a, base, tok.Token, out)
}

// registerActions registers reported events of the bench county, each once,
// from b.c clients.
func (b *benchFlags) registerActions(ctx context.Context, a *app.App, base, token string, out io.Writer) error {
	rows, err := a.DB.Query(ctx, "SELECT id FROM events WHERE status = 'reported' AND region_path >= ? AND region_path < ?",
		"140900000000/"+benchCounty+"/", "140900000000/"+benchCounty+"/~")
	if err != nil {
		return err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) == 0 {
		return fmt.Errorf("bench events: no reported events in %s", benchCounty)
	}
	n := b.n
	b.n = min(n, len(ids))
	defer func() { b.n = n }()
	var next atomic.Int64
	return b.http(out, "POST /events/{id}/actions register", func(c *http.Client) error {
		id := ids[next.Add(1)-1]
		req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/events/"+id+"/actions", strings.NewReader(`{"action":"register"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		return do(c, req, nil)
	})
}

// eventTarget is the whole demo city for generated events: every grid, the
// matters, and per county the units a case there may be sent to.
func eventTarget(ctx context.Context, a *app.App) (event.GenerateTarget, error) {
	t := event.GenerateTarget{Paths: map[string]string{}, Units: map[string][]string{}}
	var err error
	if t.Grids, err = seed.GridCodes(ctx, a); err != nil {
		return t, err
	}
	for _, g := range t.Grids {
		if t.Paths[g], err = a.Regions.Path(ctx, g); err != nil {
			return t, err
		}
	}
	rows, err := a.DB.Query(ctx, `SELECT id, region_path FROM units WHERE type IN ('cdc', 'street_office',
		'township_health_center', 'community_health_center', 'hospital') ORDER BY id`)
	if err != nil {
		return t, err
	}
	for rows.Next() {
		var id, path string
		if err := rows.Scan(&id, &path); err != nil {
			rows.Close()
			return t, err
		}
		county := string(access.Scope(path).Head(access.County))
		t.Units[county] = append(t.Units[county], id)
	}
	rows.Close()
	ms, err := a.Matters.List(ctx, matter.Filter{})
	for _, m := range ms {
		t.Matters = append(t.Matters, m.Code)
	}
	return t, err
}
