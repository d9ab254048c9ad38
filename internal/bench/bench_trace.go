package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"

	"healthgrid/internal/app"
	"healthgrid/internal/epidemic"
	"healthgrid/internal/pii"
)

// traced is how many cases the trace bench traces.
const traced = 12

// The synthetic venues' and visitors' numbers start past the demo's.
const (
	venueBase   = 1_000_000
	visitorBase = 100_000_000
)

// traceBench fills epi_venue_checkins with b.rows synthetic check-ins over
// the 14 days before now (b.rows/10 people, b.rows/1000 venues, so ten
// check-ins a person on average and some seventy a venue a day, times of day uniform,
// stays 30 to 120 minutes, a fifth without time out: the venue's hour), then
// traces cases with 2 hops over their 14 days through the API, as the
// county CDC.
func (b *benchFlags) traceBench(ctx context.Context, a *app.App, base string, out io.Writer) error {
	people, venues := max(b.rows/10, 100), max(b.rows/1000, 10)
	rows := b.rows / venues * venues
	t0 := time.Now()
	if err := fillCheckins(ctx, a, rows, people, venues); err != nil {
		return err
	}
	fmt.Fprintf(out, "fill: %d check-ins, %d people, %d venues in %v\n", rows, people, venues,
		time.Since(t0).Round(time.Second))
	cdc, err := login(base, "cdc")
	if err != nil {
		return err
	}
	sys, err := a.System(ctx)
	if err != nil {
		return err
	}
	var lat []time.Duration
	var close, secondary, truncated int
	for i := range traced {
		// a visitor made a confirmed case: their ID number's index put on the visitor row
		id := benchID(i)
		p, err := a.Epidemic.AddPerson(ctx, sys, epidemic.Candidate{Name: fmt.Sprintf("病例%d", i), IDNumber: id,
			GridCode: "140902001002001", Disease: "B27", Category: "confirmed"})
		if err != nil {
			return err
		}
		if _, err := a.DB.Exec(ctx, "UPDATE epi_visitors SET id_idx = ? WHERE id = ?", a.PII.Index(pii.KindID, id),
			visitorBase+1+i*(people/traced)); err != nil {
			return err
		}
		var res struct {
			Close, Secondary int
			Truncated        bool
		}
		t := time.Now()
		if err := post(http.DefaultClient, base+"/api/v1/epidemic/trace", `{"person_id":"`+p.PersonID+`","hops":2}`, &res,
			cdc); err != nil {
			return err
		}
		lat = append(lat, time.Since(t))
		close, secondary = close+res.Close, secondary+res.Secondary
		if res.Truncated {
			truncated++
		}
	}
	slices.Sort(lat)
	fmt.Fprintf(out, "POST /epidemic/trace hops 2, 14 days: %d cases, p50 %v, max %v; on average %d close and %d secondary "+
		"contacts, %d answers truncated at %d\n", traced, lat[traced/2].Round(time.Millisecond),
		lat[traced-1].Round(time.Millisecond), close/traced, secondary/traced, truncated, 5000)
	return nil
}

// fillCheckins writes the synthetic venues, visitors and check-ins with
// bulk SQL, a million rows a statement, in key order; the visitor index is
// built once after, as a sort, not row by row.
func fillCheckins(ctx context.Context, a *app.App, rows, people, venues int) error {
	now := time.Now().UTC()
	span := int64(14 * 86400)
	from := now.Unix() - span
	exec := func(q string, args ...any) error {
		_, err := a.DB.Exec(ctx, q, args...)
		return err
	}
	const series = `WITH RECURSIVE n (i) AS (SELECT CAST(? AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i < ?) `
	if err := exec(series+`INSERT INTO epi_venues (id, code, name, kind, region_path, default_stay_minutes, qr_token,
		qr_rotated_at, created_at, updated_at) SELECT i + ?, 'BENCH-' || CAST(i AS TEXT), '场所' || CAST(i AS TEXT), 'other',
		'140900000000/140902000000/', 60, 'q', ?, ?, ? FROM n`, 1, venues, venueBase, now, now, now); err != nil {
		return fmt.Errorf("venues: %w", err)
	}
	for lo := 1; lo <= people; lo += 1_000_000 {
		if err := exec(series+`INSERT INTO epi_visitors (id, name, created_at) SELECT i + ?, '访客' || CAST(i AS TEXT), ? FROM n`,
			lo, min(lo+999_999, people), visitorBase, now); err != nil {
			return fmt.Errorf("visitors: %w", err)
		}
	}
	if err := exec("DROP INDEX epi_venue_checkins_visitor"); err != nil {
		return err
	}
	// row i: venue i / per, arriving in order over the 14 days (a step of
	// span/per and a jitter under it), its visitor a square modulo a large
	// prime: a linear spread would give a visitor's rows the same
	// neighbours at every venue, and a trace ten times fewer contacts
	per := int64(rows / venues)
	step := span / per
	for lo := 0; lo < rows; lo += 1_000_000 {
		if err := exec(series+`INSERT INTO epi_venue_checkins (venue_id, time_in, visitor_id, time_out)
			SELECT i / ? + ?, ? + (i % ?) * ? + (i * 7919) % ?, ((i * i) % 1000000007 + i * 7919) % ? + ?,
			CASE WHEN i % 5 = 0 THEN NULL ELSE ? + (i % ?) * ? + (i * 7919) % ? + 1800 + (i * 104729) % 5400 END FROM n
			WHERE i >= 0 ON CONFLICT DO NOTHING`, lo, min(lo+999_999, rows-1), per, venueBase+1, from, per, step, step, people, visitorBase+1,
			from, per, step, step); err != nil {
			return fmt.Errorf("check-ins: %w", err)
		}
	}
	if err := exec("CREATE INDEX epi_venue_checkins_visitor ON epi_venue_checkins (visitor_id, time_in)"); err != nil {
		return err
	}
	return a.DB.Analyze(ctx, "epi_venue_checkins", "epi_visitors", "epi_venues")
}
