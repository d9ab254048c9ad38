package apptest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"healthgrid/internal/china"
	"healthgrid/internal/epidemic/warning"
	"healthgrid/internal/region"
)

// NewSignal raises a throw-away warning signal in a new grid of village —
// a fever clinic's count of 3 today over a fixed threshold of 1 at grid
// level, configured and evaluated as the platform — and answers its id.
// Each is a new grid, so that no signal suppresses the next.
func (e *Env) NewSignal(t testing.TB, village string) string {
	t.Helper()
	return e.NewSignalOf(t, village, "fever")
}

// NewSignalOf is NewSignal of disease (a disease code or a syndrome).
func (e *Env) NewSignalOf(t testing.TB, village, disease string) string {
	t.Helper()
	ctx, sys := context.Background(), e.System(t)
	code := fmt.Sprintf("%s%03d", village, 500+e.Unique()%500)
	if _, err := e.App.Regions.Create(ctx, sys.RegionPath, region.Input{Code: code, Name: "预警网格"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.App.Warning.SetMethod(ctx, sys, warning.MethodInput{Disease: disease, Level: "grid", Method: warning.Fixed,
		Source: "fever_clinic", Enabled: true, Params: warning.Params{Threshold: 1}}); err != nil {
		t.Fatal(err)
	}
	today := e.Clock.Now().In(china.Zone).Format(time.DateOnly)
	if _, err := e.App.Warning.PostCounts(ctx, sys, warning.CountsInput{Source: "fever_clinic", Items: []warning.CountItem{
		{Region: code, Date: today, Disease: disease, Count: 3}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.App.Warning.Evaluate(ctx, sys, warning.EvaluateInput{Date: today}); err != nil {
		t.Fatal(err)
	}
	got, _, err := e.App.Warning.Signals(ctx, sys, warning.SignalFilter{Region: code}, 0, 1)
	if err != nil || len(got) != 1 {
		t.Fatalf("the signal of grid %s: %v %v", code, got, err)
	}
	return got[0].ID
}
