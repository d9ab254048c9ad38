package visit_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/idempotency"
	"healthgrid/internal/testkit"
)

// photo is a 640×480 JPEG of a smooth gradient, as a phone sends it.
func photo(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for y := range 480 {
		for x := range 640 {
			img.Set(x, y, color.RGBA{uint8(x / 3), uint8(y / 2), 160, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// diff is the mean absolute difference of the grey levels of a and b over r.
func diff(a, b image.Image, r image.Rectangle) float64 {
	var sum float64
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ga, gb := color.GrayModel.Convert(a.At(x, y)).(color.Gray), color.GrayModel.Convert(b.At(x, y)).(color.Gray)
			sum += max(float64(ga.Y)-float64(gb.Y), float64(gb.Y)-float64(ga.Y))
		}
	}
	return sum / float64(r.Dx()*r.Dy())
}

// TestVisitOverHTTP: a booking scheduled to the grid worker is recorded as a
// visit with a photo, retried with the same Idempotency-Key; the booking is
// done, the visit listed once, its photo watermarked and the original kept.
func TestVisitOverHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		worker, staff, leader := e.Login(t, "grid_worker"), e.Login(t, "health_staff"), e.Login(t, "leader")
		booking := e.NewBooking(t, "resident", apptest.HomeGrid)
		if st, b := staff.Do("POST", "/api/v1/bookings/"+booking+"/schedule", map[string]any{"member_id": e.NewVisitor(t),
			"at": e.Clock.Now().Add(50 * time.Hour)}); st != 200 {
			t.Fatalf("schedule: %d %s", st, b)
		}
		original := photo(t)
		st, up := apptest.UploadFile(t, worker, "入户.jpg", original)
		if st != 201 {
			t.Fatalf("upload: %d %s", st, up)
		}
		resident := e.NewResident(t, apptest.HomeGrid)
		lng, lat := apptest.GridPoint(apptest.HomeGrid)
		body := map[string]any{"booking_id": booking, "resident_id": resident, "kind": "chronic_followup",
			"notes": "血压 150/95,嘱按时服药;家属电话 13912345678", "lng": lng, "lat": lat, "attachment_ids": []string{up.Str("id")}}
		worker.Header.Set(idempotency.Header, "2f0c8a4e-7d1b-4e6a-9c3d-5b8a1f2e0d7c")
		st, v := worker.Do("POST", "/api/v1/visits", body)
		if st != 201 || v.Str("kind_name") != "慢病随访" || v.Str("booking_id") != booking ||
			v.Str("place_name") != "忻府区·秀容街道·东大街社区第一网格" || !strings.Contains(v.Str("notes"), "139****5678") ||
			v.Get("photos.0.watermarked") != true {
			t.Fatalf("record: %d %s", st, v)
		}
		if st, again := worker.Do("POST", "/api/v1/visits", body); st != 201 || again.Str("id") != v.Str("id") {
			t.Errorf("the retried POST: %d %s, want the first answer", st, again)
		}
		worker.Header.Del(idempotency.Header)
		if _, l := staff.Do("GET", "/api/v1/visits?resident_id="+resident, nil); l.Int("total") != 1 || l.Str("items.0.id") != v.Str("id") {
			t.Errorf("one visit listed: %s", l)
		}
		if _, l := worker.Do("GET", "/api/v1/visits?mine=true", nil); l.Int("total") != 1 || l.Str("items.0.id") != v.Str("id") {
			t.Errorf("the worker's own visits: %s", l)
		}
		if _, l := staff.Do("GET", "/api/v1/visits?mine=true", nil); l.Int("total") != 0 {
			t.Errorf("the staff's own visits: %s", l)
		}
		if _, l := worker.Do("GET", "/api/v1/bookings?mine=true", nil); l.Int("total") != 1 || l.Str("items.0.status") != "done" {
			t.Errorf("the worker's bookings, the visited one done: %s", l)
		}
		if _, b := staff.Do("GET", "/api/v1/bookings/"+booking, nil); b.Str("status") != "done" {
			t.Errorf("the booking: %s, want done", b)
		}
		checkPhoto(t, worker, v.Str("photos.0.url"), original)
		if st, got := worker.Do("GET", v.Str("photos.0.original_url"), nil); st != 200 || !bytes.Equal(got, original) {
			t.Errorf("the original, to its worker: %d, %d bytes, want the upload's %d unchanged", st, len(got), len(original))
		}
		if st, _ := leader.Do("GET", v.Str("photos.0.original_url"), nil); st != http.StatusForbidden {
			t.Errorf("the original to a leader: %d, want 403", st)
		}
		if st, _ := leader.Do("GET", v.Str("photos.0.url"), nil); st != 200 {
			t.Errorf("the watermarked copy to a leader: %d", st)
		}
		if st, _ := worker.Do("GET", "/api/v1/attachments/"+up.Str("id"), nil); st != 404 {
			t.Errorf("a visit's photo through /attachments: %d, want 404 (the visit serves it)", st)
		}
		// the booking is done: a second visit on it is a conflict
		if st, b := worker.Do("POST", "/api/v1/visits", map[string]any{"booking_id": booking, "resident_id": resident,
			"kind": "other", "notes": "再访", "lng": lng, "lat": lat}); st != 409 {
			t.Errorf("a done booking: %d %s, want 409", st, b)
		}
	})
}

// checkPhoto: the watermarked copy has the original's size, differs from it
// in the band at its foot and hardly above.
func checkPhoto(t *testing.T, c *testkit.Client, url string, original []byte) {
	t.Helper()
	st, got := c.Do("GET", url, nil)
	if st != 200 || c.Last.Header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("the photo: %d %v", st, c.Last.Header)
	}
	marked, err := jpeg.Decode(bytes.NewReader(got))
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := jpeg.Decode(bytes.NewReader(original))
	if marked.Bounds() != orig.Bounds() {
		t.Fatalf("watermarked %v, original %v", marked.Bounds(), orig.Bounds())
	}
	band, top := image.Rect(0, 430, 640, 480), image.Rect(0, 0, 640, 300)
	if d := diff(marked, orig, band); d < 20 {
		t.Errorf("the foot band differs by %.1f grey levels on average, want a watermark", d)
	}
	if d := diff(marked, orig, top); d > 3 {
		t.Errorf("the top differs by %.1f grey levels on average, want the photo as it was", d)
	}
}

// TestVisitRefusals: a resident beyond the caller's scope, a booking not
// scheduled to the caller, a point that is not a number.
func TestVisitRefusals(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		worker, staff := e.Login(t, "grid_worker"), e.Login(t, "health_staff")
		lng, lat := apptest.GridPoint(apptest.HomeGrid)
		visit := func(c *testkit.Client, resident, booking string) (int, testkit.Body) {
			return c.Do("POST", "/api/v1/visits", map[string]any{"booking_id": booking, "resident_id": resident,
				"kind": "key_population", "notes": "走访", "lng": lng, "lat": lat})
		}
		if st, b := visit(worker, e.NewResident(t, apptest.OtherGrid), ""); st != 404 {
			t.Errorf("a resident of 定襄县: %d %s, want 404", st, b)
		}
		resident := e.NewResident(t, apptest.HomeGrid)
		booking := e.NewBooking(t, "resident", apptest.HomeGrid)
		if st, b := staff.Do("POST", "/api/v1/bookings/"+booking+"/schedule", map[string]any{"member_id": e.NewVisitor(t),
			"at": e.Clock.Now().Add(50 * time.Hour)}); st != 200 {
			t.Fatalf("schedule: %d %s", st, b)
		}
		// scheduled to the grid worker, recorded by the county's health staff
		if st, b := visit(staff, resident, booking); st != 422 || !strings.Contains(b.String(), "body.booking_id") {
			t.Errorf("someone else's booking: %d %s, want 422 on body.booking_id", st, b)
		}
		if st, b := visit(worker, resident, e.NewBooking(t, "resident", apptest.HomeGrid)); st != 422 ||
			!strings.Contains(b.String(), "body.booking_id") {
			t.Errorf("a booking not yet scheduled: %d %s, want 422", st, b)
		}
		if st, b := worker.Do("POST", "/api/v1/visits", `{"resident_id":"`+resident+`","kind":"other","notes":"x","lng":112.7,"lat":NaN}`); st != 422 ||
			!strings.Contains(b.String(), "body.lat") {
			t.Errorf("NaN: %d %s, want 422 on body.lat", st, b)
		}
		if st, b := worker.Do("POST", "/api/v1/visits", map[string]any{"resident_id": resident, "kind": "tea", "notes": "",
			"lng": 200, "lat": lat}); st != 422 || !strings.Contains(b.String(), "body.lng") {
			t.Errorf("out of range: %d %s, want 422 on body.lng", st, b)
		}
		if _, b := staff.Do("GET", "/api/v1/bookings/"+booking, nil); b.Str("status") != "scheduled" {
			t.Errorf("the refused visits left the booking %s", b.Str("status"))
		}
		if _, l := staff.Do("GET", "/api/v1/visits?resident_id="+resident, nil); l.Int("total") != 0 {
			t.Errorf("refused visits were kept: %s", l)
		}
	})
}
