package seed

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/paulmach/orb/geojson"

	"healthgrid/internal/access"
	"healthgrid/internal/epidemic/riskarea"
	"healthgrid/internal/epidemic/vaccine"
)

// The demo's risk area and vaccinations (issue 17): the county's rule set
// in two versions — version 0 superseded by version 1 when the province
// shortened the days —, a high-risk area drawn around 忻州市第一实验小学 in
// 东大街社区 and published five days ago with its notice, and the
// vaccination ledgers of 秀容街道's clinics over its residents.

// schoolGrid is the grid of 东大街社区 around the school; the area is a
// square about its middle, a third of its width on each side.
const schoolGrid = grid2

// demoVaccinated is how many residents of 秀容街道 the ledgers name.
const demoVaccinated = 1500

func (a platform) seedRiskAreas(ctx context.Context, cdc *access.Principal, now time.Time) error {
	at := func(t time.Time) *riskarea.Service { return a.RiskAreas.WithClock(func() time.Time { return t }) }
	rules := func(days int) []riskarea.Downgrade {
		return []riskarea.Downgrade{{From: "high", To: "medium", Days: days}, {From: "medium", To: "low", Days: 3},
			{From: "low", To: "lifted", Days: 3}}
	}
	if _, err := at(now.AddDate(0, 0, -30)).Supersede(ctx, cdc, riskarea.RiskRulesetInput{Code: "xinfu", Name: "忻府区风险区域调整规则",
		Downgrades: rules(14), Note: "高风险区连续14天无新增降为中风险区"}); err != nil {
		return err
	}
	v1, err := at(now.AddDate(0, 0, -20)).Supersede(ctx, cdc, riskarea.RiskRulesetInput{Code: "xinfu", Name: "忻府区风险区域调整规则",
		Downgrades: rules(7), Note: "按省联防联控机制要求，高风险区连续7天无新增降为中风险区"})
	if err != nil {
		return err
	}
	shape, err := a.schoolSquare(ctx, cdc)
	if err != nil {
		return err
	}
	drawn := now.AddDate(0, 0, -5).Add(-2 * time.Hour)
	area, err := at(drawn).Create(ctx, cdc, riskarea.AreaInput{Name: "忻州市第一实验小学及周边", Kind: "polygon", Geometry: shape,
		Level: "high", RulesetID: v1.ID, Note: "学校聚集性疫情，校园及周边居民区划为高风险区"})
	if err != nil {
		return fmt.Errorf("the school's area: %w", err)
	}
	if _, err := at(drawn.Add(2*time.Hour)).Act(ctx, cdc, area.ID, riskarea.AreaAction{Action: "publish",
		Note: "经县联防联控机制研判发布"}); err != nil {
		return err
	}
	return a.seedVaccinations(ctx, now)
}

// schoolSquare is the area's polygon: a square about the middle of the
// school's grid.
func (a platform) schoolSquare(ctx context.Context, cdc *access.Principal) (json.RawMessage, error) {
	g, err := a.Regions.Get(ctx, cdc.RegionPath, schoolGrid, true)
	if err != nil {
		return nil, err
	}
	geom, err := geojson.UnmarshalGeometry(g.Geometry)
	if err != nil {
		return nil, err
	}
	b := geom.Geometry().Bound()
	c, dx, dy := b.Center(), (b.Max[0]-b.Min[0])/6, (b.Max[1]-b.Min[1])/6
	return json.Marshal(map[string]any{"type": "Polygon", "coordinates": [][][2]float64{{{c[0] - dx, c[1] - dy},
		{c[0] + dx, c[1] - dy}, {c[0] + dx, c[1] + dy}, {c[0] - dx, c[1] + dy}, {c[0] - dx, c[1] - dy}}}})
}

// ledger units: where 秀容街道's people are vaccinated.
var ledgerUnits = []string{"秀容街道社区卫生服务中心预防接种门诊", "忻府区人民医院接种点", "忻州市人民医院预防接种门诊"}

// seedVaccinations copies the clinics' ledgers for demoVaccinated
// residents of 秀容街道: children their programme's doses, grown-ups
// COVID-19 doses, the old an influenza dose. The ledgers' ID numbers are
// the residents' own, sealed: they are copied sealed, never opened.
func (a platform) seedVaccinations(ctx context.Context, now time.Time) error {
	path, err := a.Regions.Path(ctx, "140902001000")
	if err != nil {
		return err
	}
	cond, args := access.Scope(path).Subtree("region_path")
	rows, err := a.DB.Query(ctx, `SELECT id_idx, id_enc, birth_ymd FROM residents WHERE `+cond+`
		AND deleted_at IS NULL ORDER BY id LIMIT ?`, append(args, demoVaccinated)...)
	if err != nil {
		return err
	}
	var doses []vaccine.Sealed
	r := rand.New(rand.NewPCG(demoSeed, 17))
	for rows.Next() {
		var idx, enc string
		var birth int
		if err := rows.Scan(&idx, &enc, &birth); err != nil {
			rows.Close()
			return err
		}
		born := time.Date(birth/10000, time.Month(birth/100%100), birth%100, 0, 0, 0, 0, time.UTC)
		add := func(v string, n int, on time.Time) {
			if on.Before(now) && !on.Before(born) {
				doses = append(doses, vaccine.Sealed{IDIdx: idx, IDEnc: enc, BirthYMD: birth, Vaccine: v, Dose: n,
					Date: on.Format(time.DateOnly), Unit: ledgerUnits[r.IntN(len(ledgerUnits))]})
			}
		}
		age := now.Year() - born.Year()
		switch {
		case age <= 6:
			for n, months := range []int{0, 1, 6} {
				add("hepb", n+1, born.AddDate(0, months, 0))
			}
			add("bcg", 1, born)
			if r.IntN(10) < 9 {
				add("mmr", 1, born.AddDate(0, 8, 0))
			}
		default:
			first := time.Date(2021, time.Month(3+r.IntN(8)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
			for n := range r.IntN(4) {
				add("covid19", n+1, first.AddDate(0, 2*n, 0))
			}
			if age >= 60 && r.IntN(2) == 0 {
				add("influenza", 1, now.AddDate(0, -2, -r.IntN(30)))
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	_, err = a.Vaccines.ImportSealed(ctx, doses)
	return err
}
