package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"healthgrid/internal/app"
	"healthgrid/internal/china"
	"healthgrid/internal/db"
	"healthgrid/internal/demo/seed"
)

// screensBench times what every console and app screen sends as it opens
// (screens, appScreens),
// as every demo account (seed.Accounts) that may open it, on a city grown
// first to b.rows events and b.cityResidents residents: each request b.n times
// from b.c clients. It prints a line a request as it goes, then the table
// of screen × account for docs/benchmarks.md, marking each p99 over the aim
// (100 ms on SQLite, 200 ms on PostgreSQL).
func (b *benchFlags) screensBench(ctx context.Context, a *app.App, base string, out io.Writer) error {
	if err := b.growCity(ctx, a, out); err != nil {
		return err
	}
	aim := 100 * time.Millisecond
	if a.DB.Dialect == db.Postgres {
		aim = 200 * time.Millisecond
	}
	type row struct{ screen, req string }
	var rows []row
	cells := map[row]map[string]cell{}
	for _, acc := range seed.Accounts {
		// signed in just before its turn: a session left idle through the others' turns would expire
		v, err := newViewer(base, acc.Username, time.Now().In(china.Zone))
		if err != nil {
			return err
		}
		for _, s := range everyScreen() {
			reqs := s.reqs(v)
			if !s.shows(v) || v.event == "" && strings.Contains(strings.Join(reqs, " "), "{event}") {
				continue
			}
			for _, r := range reqs {
				k := row{s.name, r}
				if cells[k] == nil {
					cells[k] = map[string]cell{}
					rows = append(rows, k)
				}
				c, err := b.timeRequest(base+"/api/v1"+v.expand(r), v.token)
				if err != nil {
					return fmt.Errorf("%s, %s, GET %s: %w", v.username, s.name, v.expand(r), err)
				}
				cells[k][v.username] = c
				fmt.Fprintf(out, "%-9s %-13s GET %s: %s\n", v.username, s.name, v.expand(r), c.line())
			}
		}
	}
	// rows by screen, in the table's order; each screen's requests as first met
	var sorted []row
	for _, s := range everyScreen() {
		for _, r := range rows {
			if r.screen == s.name {
				sorted = append(sorted, r)
			}
		}
	}
	fmt.Fprintf(out, "\n%d clients, %d requests a cell: p50 / p99 (ms) · req/s · CPU a request (ms); ✗: p99 over %v\n\n| screen | request |",
		b.c, b.n, aim)
	for _, acc := range seed.Accounts {
		fmt.Fprintf(out, " %s |", acc.Username)
	}
	fmt.Fprint(out, "\n|---|---|"+strings.Repeat("---|", len(seed.Accounts))+"\n")
	for _, r := range sorted {
		fmt.Fprintf(out, "| %s | `%s` |", r.screen, r.req)
		for _, acc := range seed.Accounts {
			c, ok := cells[r][acc.Username]
			if !ok {
				fmt.Fprint(out, " |")
				continue
			}
			fmt.Fprintf(out, " %s |", c.cell(aim))
		}
		fmt.Fprintln(out)
	}
	return nil
}

// cell is one request's figure for one account, or the status it was
// answered with when that was not a success (it is then not timed).
type cell struct {
	status int
	f      figure
	// alone: how long one request took when it was too slow to time from b.c clients
	alone time.Duration
}

func (c cell) line() string {
	if c.status != http.StatusOK {
		return fmt.Sprintf("answered %d (not timed)", c.status)
	}
	if c.alone > 0 {
		return fmt.Sprintf("one request took %v: too slow to time from many clients", c.alone.Round(time.Millisecond))
	}
	return fmt.Sprintf("%.0f req/s, p50 %v, p99 %v, CPU %v a request", c.f.rps, c.f.p50.Round(10*time.Microsecond),
		c.f.p99.Round(10*time.Microsecond), c.f.cpu.Round(10*time.Microsecond))
}

func (c cell) cell(aim time.Duration) string {
	if c.status != http.StatusOK {
		return fmt.Sprintf("(%d)", c.status)
	}
	if c.alone > 0 {
		return fmt.Sprintf("one: %.1f s ✗", c.alone.Seconds())
	}
	s := fmt.Sprintf("%s / %s · %.0f · %s", ms(c.f.p50), ms(c.f.p99), c.f.rps, ms(c.f.cpu))
	if c.f.p99 > aim {
		s += " ✗"
	}
	return s
}

// ms is a latency in milliseconds, to two significant digits below 10.
func ms(d time.Duration) string {
	m := float64(d) / float64(time.Millisecond)
	if m < 10 {
		return fmt.Sprintf("%.1f", m)
	}
	return fmt.Sprintf("%.0f", m)
}

// tooSlow is a request too slow to time from many clients: fifty times
// the aim. It is timed once, alone.
const tooSlow = 5 * time.Second

// timeRequest warms a request up (a server that has just started reads its
// pages from disk) and times it; one the console is refused is not timed.
func (b *benchFlags) timeRequest(u, token string) (cell, error) {
	get := func(c *http.Client) (int, error) {
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := c.Do(req)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		_, err = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, err
	}
	alone := &http.Client{Timeout: 10 * time.Minute}
	for i := range 5 {
		t0 := time.Now()
		status, err := get(alone)
		if err != nil {
			return cell{}, err
		}
		if status != http.StatusOK {
			if i == 0 && status < 500 {
				return cell{status: status}, nil
			}
			return cell{}, fmt.Errorf("answered %d", status)
		}
		if took := time.Since(t0); took > tooSlow {
			return cell{status: status, alone: took}, nil
		}
	}
	f, err := b.measure(func(c *http.Client) error {
		status, err := get(c)
		if err == nil && status != http.StatusOK {
			err = fmt.Errorf("answered %d", status)
		}
		return err
	})
	return cell{status: http.StatusOK, f: f}, err
}

// newViewer signs a demo account in and finds what its screens' requests
// name: its home region, the newest event it may read and how many cases
// were whistled in its area in the last 30 days.
func newViewer(base, username string, now time.Time) (*viewer, error) {
	var login struct{ Token string }
	if err := post(http.DefaultClient, base+"/api/v1/auth/login", `{"username":"`+username+`","password":"`+seed.Password+`"}`, &login); err != nil {
		return nil, err
	}
	v := &viewer{username: username, token: login.Token, today: now.Format("2006-01-02"),
		month: now.Format("2006-01") + "-01", from30: now.AddDate(0, 0, -29).Format("2006-01-02"), year: now.Format("2006")}
	get := func(path string, out any) error {
		req, _ := http.NewRequest(http.MethodGet, base+"/api/v1"+path, nil)
		req.Header.Set("Authorization", "Bearer "+v.token)
		return do(http.DefaultClient, req, out)
	}
	var me struct {
		Kind        string   `json:"kind"`
		RegionCode  string   `json:"region_code"`
		Permissions []string `json:"permissions"`
	}
	if err := get("/me", &me); err != nil {
		return nil, err
	}
	v.kind, v.perms, v.home = me.Kind, me.Permissions, me.RegionCode
	v.level, v.parent = levelOf(v.home)
	if !(screen{perms: []string{"event:read"}}).opens(v.perms) {
		return v, nil
	}
	var list struct {
		Items []struct {
			ID       string `json:"id"`
			GridCode string `json:"grid_code"`
		} `json:"items"`
		Total int `json:"total"`
	}
	if err := get("/events?page=1&size=1", &list); err != nil {
		return nil, err
	}
	if len(list.Items) > 0 {
		v.event, v.eventGrid = list.Items[0].ID, list.Items[0].GridCode
		_, v.eventVillage = levelOf(v.eventGrid)
	}
	if err := get("/events?whistle=true&from="+url.QueryEscape(v.from30)+"&page=1&size=1", &list); err != nil {
		return nil, err
	}
	v.whistled = list.Total
	return v, nil
}

// levelOf is the level of a statistical region code and the code above it,
// read off the code (12 digits: 2 province, 2 city, 2 county, 3 township,
// 3 village; a grid adds 3).
func levelOf(code string) (level, parent string) {
	switch {
	case len(code) == 15:
		return "grid", code[:12]
	case len(code) != 12:
		return "", ""
	case strings.HasSuffix(code, "00000000"):
		return "city", code[:2] + "0000000000"
	case strings.HasSuffix(code, "000000"):
		return "county", code[:4] + "00000000"
	case strings.HasSuffix(code, "000"):
		return "township", code[:6] + "000000"
	}
	return "village", code[:9] + "000"
}

// growCity brings the database to b.rows events and b.cityResidents residents,
// generating only what is missing, so that the city is built once and
// measured as often as wanted: `bench events`' events (in steps of 100,000,
// with the time each took), then `seed --residents`' residents.
func (b *benchFlags) growCity(ctx context.Context, a *app.App, out io.Writer) error {
	var events, residents int
	if err := a.DB.QueryRow(ctx, "SELECT COUNT(*) FROM events").Scan(&events); err != nil {
		return err
	}
	if events < b.rows {
		target, err := eventTarget(ctx, a)
		if err != nil {
			return err
		}
		t0 := time.Now()
		for have := events; have < b.rows; {
			n := min(100_000, b.rows-have)
			if err := a.Events.Generate(ctx, n, uint64(have)+1, target); err != nil {
				return err
			}
			have += n
			el := time.Since(t0)
			fmt.Fprintf(out, "events: %d/%d in %v (%.0f/s)\n", have-events, b.rows-events, el.Round(time.Second), float64(have-events)/el.Seconds())
		}
		if err := a.Events.AnalyzeEvents(ctx); err != nil {
			return err
		}
		fmt.Fprintf(out, "generated %d events in %v\n", b.rows-events, time.Since(t0).Round(time.Second))
	}
	if err := a.DB.QueryRow(ctx, "SELECT COUNT(*) FROM residents WHERE deleted_at IS NULL").Scan(&residents); err != nil {
		return err
	}
	if residents < b.cityResidents {
		if err := seed.Residents(ctx, a, b.cityResidents-residents, out); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "city: %d events, %d residents\n", max(events, b.rows), max(residents, b.cityResidents))
	return nil
}
