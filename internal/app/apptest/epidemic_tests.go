package apptest

import (
	"context"
	"fmt"
	"testing"

	"healthgrid/internal/epidemic"
	"healthgrid/internal/population"
)

// NewTestSubject registers a throw-away resident in grid and answers their
// id and ID number, to send test results of.
func (e *Env) NewTestSubject(t testing.TB, grid string) (id, idNumber string) {
	t.Helper()
	n := e.Unique()
	idNumber = IDNumber(5000 + n)
	r, err := e.App.People.Create(context.Background(), e.System(t), population.Input{Name: fmt.Sprintf("受检者%d", n),
		IDNumber: idNumber, GridCode: grid})
	if err != nil {
		t.Fatal(err)
	}
	return r.ID, idNumber
}

// NewTest is the id of a throw-away negative result of a new resident of grid.
func (e *Env) NewTest(t testing.TB, grid string) string {
	t.Helper()
	_, idNumber := e.NewTestSubject(t, grid)
	ctx, sys := context.Background(), e.System(t)
	if _, err := e.App.Epidemic.IngestTests(ctx, sys, []epidemic.TestRow{{IDNumber: idNumber, Name: "受检者",
		SampledAt: e.Clock.Now().Add(-3 * 3600e9).Format("2006-01-02T15:04:05Z07:00"), Kind: "nucleic_acid",
		Pathogen: "SARS-CoV-2", Result: "negative", Institution: "忻州市人民医院"}}); err != nil {
		t.Fatal(err)
	}
	items, _, err := e.App.Epidemic.Tests(ctx, epidemic.TestFilter{Path: sys.RegionPath, Q: idNumber}, 0, 1)
	if err != nil || len(items) != 1 {
		t.Fatalf("the test just sent: %v %v", items, err)
	}
	return items[0].ID
}
