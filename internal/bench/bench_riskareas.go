package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/paulmach/orb/geojson"

	"healthgrid/internal/access"
	"healthgrid/internal/app"
	"healthgrid/internal/epidemic/riskarea"
	"healthgrid/internal/epidemic/vaccine"
	"healthgrid/internal/pii"
)

// riskAreasBench measures issue 17's risk areas and vaccination: b.rows
// vaccination records through the JSON route in batches of 10,000 (the
// rate), the same again copied from 忻府区's residents' sealed numbers (every
// one matched and tallied), a county's coverage and the risk map at b.c
// clients, and flagging the residents inside a polygon the size of a
// township.
func (b *benchFlags) riskAreasBench(ctx context.Context, a *app.App, base string, out io.Writer) error {
	cdc, err := login(base, "cdc")
	if err != nil {
		return err
	}
	rows := min(b.rows, 200_000)
	const batch = vaccine.MaxRecords
	var seq atomic.Int64
	// a clinic's system sends its batches two at a time
	n, c := b.n, b.c
	b.n, b.c = (rows+batch-1)/batch, 2
	f, err := b.measure(func(c *http.Client) error {
		i := seq.Add(1)
		body, _ := json.Marshal(map[string]any{"records": benchDoses(i, batch)})
		req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/epidemic/vaccinations", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+cdc)
		return do(c, req, nil)
	})
	b.n, b.c = n, c
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "POST /epidemic/vaccinations: %d records in batches of %d, %d clients, %v: %.0f records/s\n",
		int(seq.Load())*batch, batch, 2, f.took.Round(time.Millisecond), float64(int(seq.Load())*batch)/f.took.Seconds())
	if err := b.sealedImport(ctx, a, out); err != nil {
		return err
	}
	if err := a.DB.Analyze(ctx, "epi_vaccinations", "epi_vaccination_tallies"); err != nil {
		return err
	}
	if err := b.http(out, "GET /epidemic/vaccinations/coverage?region=忻府区&vaccine=covid19 as cdc",
		authGet(base+"/api/v1/epidemic/vaccinations/coverage?region=140902000000&vaccine=covid19", cdc)); err != nil {
		return err
	}
	if err := b.http(out, "GET /epidemic/vaccinations/coverage?region=忻府区 (every vaccine) as cdc",
		authGet(base+"/api/v1/epidemic/vaccinations/coverage?region=140902000000", cdc)); err != nil {
		return err
	}
	if err := b.http(out, "GET /epidemic/risk-map as cdc", authGet(base+"/api/v1/epidemic/risk-map", cdc)); err != nil {
		return err
	}
	return townshipFlagging(ctx, a, out)
}

// benchDoses is the i-th batch: valid invented ID numbers, n doses.
func benchDoses(i int64, n int) []map[string]any {
	r := rand.New(rand.NewPCG(uint64(i), 17))
	out := make([]map[string]any, n)
	for j := range out {
		body := fmt.Sprintf("140902%04d%02d%02d%03d", 1940+r.IntN(80), 1+r.IntN(12), 1+r.IntN(28), r.IntN(1000))
		out[j] = map[string]any{"id_number": body + string(pii.IDCheckDigit(body)), "vaccine": "covid19",
			"dose": fmt.Sprint(1 + r.IntN(3)), "date": "2022-05-01", "unit": "忻府区人民医院接种点"}
	}
	return out
}

// sealedImport copies doses for 忻府区's residents from their sealed
// numbers, as the demo does: every dose matched and counted.
func (b *benchFlags) sealedImport(ctx context.Context, a *app.App, out io.Writer) error {
	path, err := a.Regions.Path(ctx, "140902000000")
	if err != nil {
		return err
	}
	cond, args := access.Scope(path).Subtree("region_path")
	rows, err := a.DB.Query(ctx, "SELECT id_idx, id_enc, birth_ymd FROM residents WHERE "+cond+" AND deleted_at IS NULL", args...)
	if err != nil {
		return err
	}
	var doses []vaccine.Sealed
	for rows.Next() {
		var d vaccine.Sealed
		if err := rows.Scan(&d.IDIdx, &d.IDEnc, &d.BirthYMD); err != nil {
			rows.Close()
			return err
		}
		d.Vaccine, d.Dose, d.Date, d.Unit = "influenza", 1, "2026-10-01", "忻府区疾控中心"
		doses = append(doses, d)
	}
	rows.Close()
	t0 := time.Now()
	for i := 0; i < len(doses); i += vaccine.MaxRecords {
		if _, err := a.Vaccines.ImportSealed(ctx, doses[i:min(i+vaccine.MaxRecords, len(doses))]); err != nil {
			return err
		}
	}
	el := time.Since(t0)
	fmt.Fprintf(out, "vaccine.ImportSealed (matched, tallied), 忻府区's %d residents: %v = %.0f records/s\n", len(doses),
		el.Round(time.Millisecond), float64(len(doses))/el.Seconds())
	return nil
}

// townshipFlagging draws a square of 70% of 秀容街道's bounding box as a
// polygon and times counting the residents inside it.
func townshipFlagging(ctx context.Context, a *app.App, out io.Writer) error {
	sys, err := a.System(ctx)
	if err != nil {
		return err
	}
	var shape []byte
	town, err := a.Regions.Get(ctx, sys.RegionPath, "140902001000", true)
	if err != nil {
		return err
	}
	geom, err := geojson.UnmarshalGeometry(town.Geometry)
	if err == nil {
		b := geom.Geometry().Bound()
		c, dx, dy := b.Center(), (b.Max[0]-b.Min[0])*0.35, (b.Max[1]-b.Min[1])*0.35
		shape, _ = json.Marshal(map[string]any{"type": "Polygon", "coordinates": [][][2]float64{{{c[0] - dx, c[1] - dy},
			{c[0] + dx, c[1] - dy}, {c[0] + dx, c[1] + dy}, {c[0] - dx, c[1] + dy}, {c[0] - dx, c[1] - dy}}}})
	}
	if shape == nil {
		return fmt.Errorf("bench: 秀容街道 has no boundary")
	}
	rs, err := a.RiskAreas.Supersede(ctx, sys, riskarea.RiskRulesetInput{Code: "bench", Name: "bench",
		Downgrades: []riskarea.Downgrade{{From: "high", To: "lifted", Days: 14}}})
	if err != nil {
		return err
	}
	area, err := a.RiskAreas.Create(ctx, sys, riskarea.AreaInput{Name: "bench", Kind: "polygon", Geometry: shape,
		Level: "high", RulesetID: rs.ID})
	if err != nil {
		return err
	}
	t0 := time.Now()
	published, err := a.RiskAreas.Act(ctx, sys, area.ID, riskarea.AreaAction{Action: "publish"})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "publish a township-sized polygon (count the residents inside, notice, audit): %d inside, %v\n",
		published.Residents, time.Since(t0).Round(time.Microsecond))
	const runs = 20
	t0 = time.Now()
	for range runs {
		if _, _, err = a.RiskAreas.Residents(ctx, sys, area.ID, 0, 20); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "its first page of residents inside, masked: %v\n", (time.Since(t0) / runs).Round(time.Microsecond))
	return nil
}
