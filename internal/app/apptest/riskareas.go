package apptest

import (
	"context"
	"fmt"
	"testing"

	"healthgrid/internal/access"
	"healthgrid/internal/epidemic/riskarea"
	"healthgrid/internal/population"
)

// officer is a principal of a county's epidemic command, for fixtures.
func (e *Env) officer(county string) *access.Principal {
	return &access.Principal{UserID: e.City.Users["epidemic_officer"], Name: "疾控", RegionCode: county,
		RegionPath: e.City.Path(county), Perms: map[string]bool{"epidemic:write": true, "epidemic:read": true}}
}

// countyOf is the county of a fixture grid.
func countyOf(grid string) string { return grid[:6] + "000000" }

// NewRuleset is a rule set version of the county in force (a series of its
// own): high → medium after 7 days, medium → low after 3, low → lifted
// after 3.
func (e *Env) NewRuleset(t testing.TB, county string) string {
	t.Helper()
	r, err := e.App.RiskAreas.Supersede(context.Background(), e.officer(county), riskarea.RiskRulesetInput{
		Code: fmt.Sprintf("rules-%d", e.Unique()), Name: "风险区调整规则", Downgrades: []riskarea.Downgrade{
			{From: "high", To: "medium", Days: 7}, {From: "medium", To: "low", Days: 3}, {From: "low", To: "lifted", Days: 3}}})
	if err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// NewRiskArea is a throw-away high-risk area on grid, published when asked.
func (e *Env) NewRiskArea(t testing.TB, grid string, publish bool) string {
	t.Helper()
	ctx, p := context.Background(), e.officer(countyOf(grid))
	a, err := e.App.RiskAreas.Create(ctx, p, riskarea.AreaInput{Name: fmt.Sprintf("风险区%d", e.Unique()), Kind: "grid",
		RegionCode: grid, Level: "high", RulesetID: e.NewRuleset(t, countyOf(grid))})
	if err != nil {
		t.Fatal(err)
	}
	if publish {
		if _, err := e.App.RiskAreas.Act(ctx, p, a.ID, riskarea.AreaAction{Action: "publish"}); err != nil {
			t.Fatal(err)
		}
	}
	return a.ID
}

// NewResidentAt is a throw-away resident of grid living in a building at
// the point (lng, lat), and their ID number.
func (e *Env) NewResidentAt(t testing.TB, grid string, lng, lat float64) (id, idNumber string) {
	t.Helper()
	ctx, sys := context.Background(), e.System(t)
	n := e.Unique()
	b, err := e.App.People.CreateBuilding(ctx, sys.RegionPath, population.BuildingInput{Name: fmt.Sprintf("%d号楼", n),
		Lng: &lng, Lat: &lat, GridCode: grid})
	if err != nil {
		t.Fatal(err)
	}
	idNumber = IDNumber(130000 + n) // clear of the other fixtures (see IDNumber)
	r, err := e.App.People.Create(ctx, sys, population.Input{Name: fmt.Sprintf("居民%d", n), IDNumber: idNumber,
		BuildingID: b.ID})
	if err != nil {
		t.Fatal(err)
	}
	return r.ID, idNumber
}

// NewCase is a confirmed case of B27 admitted now for the resident living
// at the grid's path (the report card's admission, reduced to its row).
func (e *Env) NewCase(t testing.TB, residentID, grid string) {
	t.Helper()
	now := e.Clock.Now().UTC()
	if _, err := e.App.DB.Exec(context.Background(), `INSERT INTO epi_persons (id, disease_code, category, name,
		resident_id, grid_code, region_path, state, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)`,
		fmt.Sprintf("case-%d", e.Unique()), "B27", "confirmed", "病例", residentID, grid, e.City.Path(grid), "verified",
		now, now); err != nil {
		t.Fatal(err)
	}
}
