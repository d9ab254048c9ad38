package apptest

import (
	"context"
	"fmt"
	"testing"

	"healthgrid/internal/auth"
	"healthgrid/internal/epidemic"
)

// NewLocalDisease adds a throw-away local disease (地方病种) of county, with
// a protocol in force for close contacts, and answers its code.
func (e *Env) NewLocalDisease(t testing.TB, county string) string {
	t.Helper()
	code, _ := e.newLocal(t, county)
	return code
}

// NewLocalProtocol is the protocol of a throw-away local disease of county.
func (e *Env) NewLocalProtocol(t testing.TB, county string) string {
	t.Helper()
	_, id := e.newLocal(t, county)
	return id
}

func (e *Env) newLocal(t testing.TB, county string) (code, protocol string) {
	t.Helper()
	ctx := context.Background()
	p := auth.System(e.City.Path(county))
	d, err := e.App.Epidemic.AddLocal(ctx, p, epidemic.LocalInput{Name: fmt.Sprintf("地方病%d", e.Unique()), ReportHours: 24, IncubationDays: 10})
	if err != nil {
		t.Fatal(err)
	}
	pr, err := e.App.Epidemic.Supersede(ctx, p, epidemic.ProtocolInput{Disease: d.Code, Category: "close_contact",
		Stages: []epidemic.Stage{{Measure: "home_monitoring", Days: 10, TestDays: []int{1, 10}, CheckinsPerDay: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	return d.Code, pr.ID
}
