package apptest

import (
	"context"
	"testing"

	"healthgrid/internal/epidemic/chain"
)

// NewChain is a throw-away chain of two new close contacts of grid joined
// by one exposure: the chain's id and the exposure's.
func (e *Env) NewChain(t testing.TB, grid string) (chainID, exposureID string) {
	t.Helper()
	ctx := context.Background()
	a, b := e.NewRiskPerson(t, grid, "confirmed"), e.NewRiskPerson(t, grid, "close_contact")
	if err := e.App.Chains.AddExposures(ctx, nil, []chain.Exposure{{Source: a, Target: b, Kind: "household",
		Date: e.Clock.Now().AddDate(0, 0, -2).Format("2006-01-02"), Certainty: "confirmed"}}); err != nil {
		t.Fatal(err)
	}
	ex, err := e.App.Chains.PersonExposures(ctx, nil, a)
	if err != nil || len(ex) != 1 {
		t.Fatalf("the exposure just added: %v %v", ex, err)
	}
	return ex[0].Chain, ex[0].ID
}

// NewOutbreak is a throw-away outbreak declared over a new chain of grid,
// in region.
func (e *Env) NewOutbreak(t testing.TB, region, grid string) string {
	t.Helper()
	c, _ := e.NewChain(t, grid)
	o, err := e.App.Chains.Declare(context.Background(), nil, chain.OutbreakInput{Name: "聚集性疫情", Disease: "B27",
		Region: region, Chains: []string{c}})
	if err != nil {
		t.Fatal(err)
	}
	return o.ID
}
