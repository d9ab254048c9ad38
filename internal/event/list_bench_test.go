package event_test

import (
	"context"
	"encoding/json"
	"io"
	"testing"

	"healthgrid/internal/event"
	"healthgrid/internal/testkit"
)

// BenchmarkListPage times one page of 100 cases with their tasks, as the
// whistle board reads them, from the list to its JSON: what a page of many
// costs beside its SQL.
func BenchmarkListPage(b *testing.B) {
	e := newEnv(b, testkit.NewSQLite(b))
	ctx := context.Background()
	for range 100 {
		ev := e.report(b, "HJWS-01")
		e.do(b, e.centre, ev.ID, event.ActionInput{Action: "register"})
		e.do(b, e.centre, ev.ID, event.ActionInput{Action: "dispatch", LeadUnitID: e.units["street"], CoUnitIDs: []string{e.units["cdc"]}})
	}
	b.ResetTimer()
	for b.Loop() {
		items, _, err := e.s.List(ctx, e.countyCentre, event.Filter{}, 0, 100)
		if err != nil || len(items) != 100 {
			b.Fatal(len(items), err)
		}
		if err := json.NewEncoder(io.Discard).Encode(items); err != nil {
			b.Fatal(err)
		}
	}
}
