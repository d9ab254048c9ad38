package apptest

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"testing"

	"healthgrid/internal/testkit"
	"healthgrid/internal/visit"
)

// NewVisit records, as the platform, a visit without photos to a new
// resident of grid, and returns the visit's id.
func (e *Env) NewVisit(t testing.TB, grid string) string {
	t.Helper()
	lng, lat := GridPoint(grid)
	v, err := e.App.Visits.Record(context.Background(), e.System(t), visit.Input{ResidentID: e.NewResident(t, grid),
		Kind: "elderly_followup", Notes: "血压 135/85,精神好", Lng: lng, Lat: lat})
	if err != nil {
		t.Fatal(err)
	}
	return v.ID
}

// Upload posts one file to /attachments as multipart/form-data, as the
// console and the app do.
func Upload(t testing.TB, c *testkit.Client, name string, content []byte) (int, testkit.Body) {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	part.Write(content)
	w.Close()
	c.Header.Set("Content-Type", w.FormDataContentType())
	defer c.Header.Del("Content-Type")
	return c.Do(http.MethodPost, "/api/v1/attachments", body.Bytes())
}
