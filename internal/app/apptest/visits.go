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

// PNG is a whole 1×1 PNG.
var PNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\x0dIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")

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
