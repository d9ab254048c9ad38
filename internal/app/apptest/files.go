package apptest

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"testing"

	"healthgrid/internal/event"
	"healthgrid/internal/testkit"
)

// PNG is a whole 1×1 PNG.
var PNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\x0dIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")

// UploadFile posts one file to /attachments as multipart/form-data, as the
// console does.
func UploadFile(t testing.TB, c *testkit.Client, name string, content []byte) (int, testkit.Body) {
	t.Helper()
	return PostFile(t, c, "/api/v1/attachments", name, content)
}

// PostFile posts one file, as the form field file, to path as
// multipart/form-data.
func PostFile(t testing.TB, c *testkit.Client, path, name string, content []byte) (int, testkit.Body) {
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
	return c.Do(http.MethodPost, path, body.Bytes())
}

// PhotoIn is the id of a photo reported with a new event in grid.
func (e *Env) PhotoIn(t testing.TB, grid string) string {
	t.Helper()
	ctx, sys := context.Background(), e.System(t)
	a, err := e.App.Files.Upload(ctx, sys, "现场.png", bytes.NewReader(PNG))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.App.Events.Create(ctx, sys, event.Input{Source: "grid_worker", MatterCode: "HJWS-01", Title: "楼道堆放杂物",
		GridCode: grid, AttachmentIDs: []string{a.ID}}); err != nil {
		t.Fatal(err)
	}
	return a.ID
}
