package files_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/testkit"
)

// TestAttachmentsOverHTTP: a grid worker uploads a photo and reports with
// it, a department signs for its task with another; who reads them, and
// what is refused.
func TestAttachmentsOverHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		grid, centre, handler := e.Login(t, "grid_worker"), e.Login(t, "dispatcher"), e.Login(t, "dept_handler")
		status, a := apptest.UploadFile(t, grid, "现场照片.png", apptest.PNG)
		if status != 201 || a.Str("name") != "现场照片.png" || a.Str("content_type") != "image/png" || a.Int("size") != len(apptest.PNG) ||
			a.Str("url") != "/api/v1/attachments/"+a.Str("id") || a.Str("created_at") == "" {
			t.Fatalf("upload: %d %s", status, a)
		}
		url := a.Str("url")
		status, got := grid.Do("GET", url, nil)
		if h := grid.Last.Header; status != 200 || !bytes.Equal(got, apptest.PNG) || h.Get("Content-Type") != "image/png" ||
			!strings.HasPrefix(h.Get("Content-Disposition"), "inline;") ||
			!strings.Contains(h.Get("Content-Disposition"), "filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.png") {
			t.Fatalf("download: %d %v", status, grid.Last.Header)
		}
		grid.Header.Set("Range", "bytes=0-7")
		status, got = grid.Do("GET", url+"?download=true", nil)
		grid.Header.Del("Range")
		if status != http.StatusPartialContent || string(got) != "\x89PNG\r\n\x1a\n" ||
			!strings.HasPrefix(grid.Last.Header.Get("Content-Disposition"), "attachment;") {
			t.Errorf("a range: %d %q %v", status, got, grid.Last.Header)
		}
		if status, b := centre.Do("GET", url, nil); status != 404 {
			t.Errorf("someone else reads an unlinked upload: %d %s", status, b)
		}

		for name, content := range map[string][]byte{"setup.exe": []byte("MZ\x90\x00\x03\x00\x00\x00"), "photo.mp4": apptest.PNG,
			"empty.jpg": nil, "big.jpg": append([]byte("\xFF\xD8\xFF\xE0"), make([]byte, 10<<20)...)} {
			if status, b := apptest.UploadFile(t, grid, name, content); status != 422 || b.Str("errors.0.location") != "body.file" ||
				!strings.Contains(b.Str("errors.0.message"), name) {
				t.Errorf("%s: %d %s", name, status, b)
			}
		}
		if status, b := grid.Do("POST", "/api/v1/attachments", map[string]any{"file": "x"}); status != 422 {
			t.Errorf("a JSON body: %d %s", status, b)
		}
		if status, b := apptest.UploadFile(t, e.Login(t, "leader"), "a.png", apptest.PNG); status != 403 {
			t.Errorf("a leader has no part to attach to: %d %s", status, b)
		}

		lng, lat := apptest.GridPoint(apptest.HomeGrid)
		status, ev := grid.Do("POST", "/api/v1/events", map[string]any{"source": "grid_worker", "matter_code": "HJWS-01",
			"title": "楼道堆放杂物", "lng": lng, "lat": lat, "attachment_ids": []string{a.Str("id")}})
		if status != 201 || ev.Str("attachments.0.id") != a.Str("id") || ev.Str("attachments.0.action") != "report" ||
			ev.Str("attachments.0.url") != url || ev.Str("timeline.0.attachments.0") != a.Str("id") {
			t.Fatalf("report with a photo: %d %s", status, ev)
		}
		id := ev.Str("id")
		for c, want := range map[*testkit.Client]int{centre: 200, grid: 200, e.Login(t, apptest.OtherAdmin): 404} {
			if status, _ := c.Do("GET", url, nil); status != want {
				t.Errorf("the linked photo: %d, want %d", status, want)
			}
		}

		task := e.DispatchEvent(t, id, e.City.Units["health_commission:"+apptest.Home])
		accept := map[string]any{"action": "accept", "task_id": task, "attachment_ids": []string{a.Str("id")}}
		if status, b := handler.Do("POST", "/api/v1/events/"+id+"/actions", accept); status != 422 ||
			b.Str("errors.0.location") != "body.attachment_ids" {
			t.Errorf("signing for a task with the grid's photo: %d %s", status, b)
		}
		_, mine := apptest.UploadFile(t, handler, "到场.png", apptest.PNG)
		accept["attachment_ids"] = []string{mine.Str("id")}
		status, b := handler.Do("POST", "/api/v1/events/"+id+"/actions", accept)
		if status != 200 || b.Str("tasks.0.status") != "accepted" || b.Str("attachments.1.action") != "accept" ||
			b.Str("attachments.1.task_id") != task || b.Str("attachments.1.uploaded_by") != "dept_handler测试" {
			t.Errorf("signing for it with a photo: %d %s", status, b)
		}
		if status, b := handler.Do("POST", "/api/v1/events/"+id+"/actions", map[string]any{"action": "handle", "task_id": task,
			"comment": "已清理", "attachment_ids": make([]string, 10)}); status != 422 || !strings.Contains(fmt.Sprint(b), "attachment_ids") {
			t.Errorf("ten attachments: %d %s", status, b)
		}
	})
}
