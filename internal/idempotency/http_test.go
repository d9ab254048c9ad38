package idempotency_test

import (
	"net/http"
	"net/url"
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/idempotency"
)

// TestRetriedReport is the phone's case through the platform: a report sent
// twice with one key is one event, and a step the case has moved past since
// comes back as the 409 it got.
func TestRetriedReport(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		grid := e.Login(t, "grid_worker")
		grid.Header = http.Header{idempotency.Header: {"9b7f6c1e-5d2a-4c8e-a0b1-7e3f2d1c0b9a"}}
		lng, lat := apptest.GridPoint(apptest.HomeGrid)
		report := map[string]any{"source": "grid_worker", "matter_code": "CRB-01", "title": "重试上报的发热聚集",
			"lng": lng, "lat": lat}
		s1, first := grid.Do("POST", "/api/v1/events", report)
		s2, again := grid.Do("POST", "/api/v1/events", report)
		if s1 != 201 || s2 != 201 || again.Str("id") != first.Str("id") ||
			grid.Last.Header.Get(idempotency.Replayed) != "true" {
			t.Fatalf("report twice: %d %s / %d %s", s1, first, s2, again)
		}
		grid.Header = nil
		if s, b := grid.Do("GET", "/api/v1/events?q="+url.QueryEscape("重试上报的发热聚集"), nil); s != 200 || b.Int("total") != 1 {
			t.Errorf("the worker's reports: %d %s", s, b)
		}
		grid.Header = http.Header{idempotency.Header: {"9b7f6c1e-5d2a-4c8e-a0b1-7e3f2d1c0b9a"}}
		if s, b := grid.Do("POST", "/api/v1/events", map[string]any{"source": "grid_worker", "matter_code": "CRB-01",
			"title": "另一件事", "lng": lng, "lat": lat}); s != 422 || b.Str("code") != "idempotency.key_reused" {
			t.Errorf("the key for another report: %d %s", s, b)
		}
	})
}

// TestRetriedUpload is the outbox's photo: uploaded again under its own key
// after the answer was lost, it is the same attachment (the multipart
// boundary differs on each try), and the report that follows carries it.
func TestRetriedUpload(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		grid := e.Login(t, "grid_worker")
		grid.Header = http.Header{idempotency.Header: {"4f1d2c3b-0a9e-4d8c-b7a6-5e4f3d2c1b0a-p0"}}
		s1, first := apptest.UploadFile(t, grid, "现场.png", apptest.PNG)
		s2, again := apptest.UploadFile(t, grid, "现场.png", apptest.PNG)
		if s1 != 201 || s2 != 201 || first.Str("id") == "" || again.Str("id") != first.Str("id") ||
			grid.Last.Header.Get(idempotency.Replayed) != "true" {
			t.Fatalf("upload twice: %d %s / %d %s", s1, first, s2, again)
		}
		grid.Header = http.Header{idempotency.Header: {"4f1d2c3b-0a9e-4d8c-b7a6-5e4f3d2c1b0a"}}
		lng, lat := apptest.GridPoint(apptest.HomeGrid)
		if s, b := grid.Do("POST", "/api/v1/events", map[string]any{"source": "grid_worker", "matter_code": "HJWS-01",
			"title": "重试上传的照片", "lng": lng, "lat": lat, "attachment_ids": []string{first.Str("id")}}); s != 201 {
			t.Errorf("the report with the photo: %d %s", s, b)
		}
	})
}
