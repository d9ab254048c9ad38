package apptest

import (
	"context"
	"fmt"
	"testing"

	"healthgrid/internal/apikey"
	"healthgrid/internal/app"
)

// Key is a fixture API key: its id and its secret.
type Key struct{ ID, Secret string }

// seedKeys issues a partner API key over each county, as the system.
func seedKeys(t testing.TB, a *app.App) map[string]Key {
	t.Helper()
	ctx := context.Background()
	sys, err := a.System(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]Key{}
	for _, county := range []string{Home, Other} {
		c, err := a.APIKeys.Create(ctx, sys, apikey.Input{Name: nameOf(county) + "12345热线", RegionCode: county})
		if err != nil {
			t.Fatal(err)
		}
		out[county] = Key{ID: c.ID, Secret: c.Secret}
	}
	return out
}

// NewKey issues a throw-away API key over region, as the system.
func (e *Env) NewKey(t testing.TB, region string) Key {
	t.Helper()
	c, err := e.App.APIKeys.Create(context.Background(), e.System(t), apikey.Input{Name: fmt.Sprintf("合作系统%d", e.Unique()),
		RegionCode: region})
	if err != nil {
		t.Fatal(err)
	}
	return Key{ID: c.ID, Secret: c.Secret}
}
