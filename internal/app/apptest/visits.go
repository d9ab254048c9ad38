package apptest

import (
	"bytes"
	"context"
	"testing"

	"healthgrid/internal/visit"
)

// NewVisit records, as the platform, a visit with a photo to a new
// resident of grid.
func (e *Env) NewVisit(t testing.TB, grid string) visit.Visit {
	t.Helper()
	ctx, sys := context.Background(), e.System(t)
	photo, err := e.App.Files.Upload(ctx, sys, "入户.png", bytes.NewReader(PNG))
	if err != nil {
		t.Fatal(err)
	}
	lng, lat := GridPoint(grid)
	v, err := e.App.Visits.Record(ctx, sys, visit.Input{ResidentID: e.NewResident(t, grid), Kind: "elderly_followup",
		Notes: "血压 135/85,精神好", Lng: lng, Lat: lat, AttachmentIDs: []string{photo.ID}})
	if err != nil {
		t.Fatal(err)
	}
	return v
}
