package files_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
	"testing"

	"healthgrid/internal/db"
	"healthgrid/internal/files"
	"healthgrid/internal/testkit"
)

// grey is a w×h PNG of one grey.
func grey(t *testing.T, w, h int) []byte {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 128
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func read(t *testing.T, f io.ReadCloser) []byte {
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestHoldWatermarked: Prepare marks a copy of a PNG and passes over a HEIC,
// Hold gives both to the owner; the original stays byte for byte, the copy
// has the size of the original and light pixels in its foot band only; a
// cleanup leaves held uploads; Release drops copies no owner took.
func TestHoldWatermarked(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		e, ctx := newEnv(t, d), context.Background()
		original := grey(t, 400, 300)
		photo, err := e.s.Upload(ctx, grid, "门口.png", bytes.NewReader(original))
		if err != nil {
			t.Fatal(err)
		}
		heic, err := e.s.Upload(ctx, grid, "a.heic", bytes.NewReader([]byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic")))
		if err != nil {
			t.Fatal(err)
		}
		ids := []string{photo.ID, heic.ID}
		lines := []string{"2026-12-07 14:32", "忻府区·秀容街道·东大街社区第一网格", "王医生"}
		if _, err := e.s.Prepare(ctx, "body.attachment_ids", other.UserID, ids, "visit/x", lines); err != nil {
			t.Fatal(err)
		}
		if err := e.s.Hold(ctx, "body.attachment_ids", other.UserID, ids, "visit/x", nil); err == nil ||
			!strings.Contains(err.Error(), photo.ID) {
			t.Errorf("someone else's uploads held: %v", err)
		}
		marks, err := e.s.Prepare(ctx, "body.attachment_ids", grid.UserID, ids, "visit/1", lines)
		if err != nil || len(marks) != 1 || marks[photo.ID] == "" {
			t.Fatalf("prepare: %v %v, want the PNG alone marked", marks, err)
		}
		if err := e.s.Hold(ctx, "body.attachment_ids", grid.UserID, ids, "visit/1", marks); err != nil {
			t.Fatal(err)
		}
		held, err := e.s.Held(ctx, "visit/1")
		if err != nil || len(held) != 2 || !held[0].Marked() || held[1].Marked() {
			t.Fatalf("held: %+v %v", held, err)
		}
		if who, err := e.s.Holder(ctx, photo.ID); who != "visit/1" || err != nil {
			t.Errorf("holder: %q %v", who, err)
		}
		_, f, err := e.s.OpenHeld(ctx, "visit/1", photo.ID, true)
		if err != nil || !bytes.Equal(read(t, f), original) {
			t.Fatalf("the original changed: %v", err)
		}
		_, f, err = e.s.OpenHeld(ctx, "visit/1", photo.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(read(t, f)))
		if err != nil || img.Bounds() != image.Rect(0, 0, 400, 300) {
			t.Fatalf("the copy: %v %v", img.Bounds(), err)
		}
		light := func(r image.Rectangle) (n int) {
			for y := r.Min.Y; y < r.Max.Y; y++ {
				for x := r.Min.X; x < r.Max.X; x++ {
					if color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y > 200 {
						n++
					}
				}
			}
			return n
		}
		if top, foot := light(image.Rect(0, 0, 400, 200)), light(image.Rect(0, 240, 400, 300)); top != 0 || foot < 100 {
			t.Errorf("white text: %d pixels above the band, %d in it", top, foot)
		}
		if _, _, err := e.s.OpenHeld(ctx, "visit/2", photo.ID, false); err == nil {
			t.Error("another owner opened the photo")
		}
		if _, _, err := e.s.Open(ctx, grid, photo.ID); err == nil {
			t.Error("a held photo opened through Open: its owner serves it")
		}
		e.clock.Advance(2 * files.UnlinkedTTL)
		if _, err := e.s.CleanupExpired(ctx); err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.s.OpenHeld(ctx, "visit/1", photo.ID, false); err != nil {
			t.Errorf("the cleanup took a held photo: %v", err)
		}
		// a copy made for an owner whose transaction did not commit
		spare, _ := e.s.Upload(ctx, grid, "b.png", bytes.NewReader(original))
		before := len(e.stored(t))
		marks, err = e.s.Prepare(ctx, "body.attachment_ids", grid.UserID, []string{spare.ID}, "visit/3", lines)
		if err != nil || len(e.stored(t)) != before+1 {
			t.Fatalf("prepare: %v, %d files, want %d", err, len(e.stored(t)), before+1)
		}
		e.s.Release(ctx, marks)
		if n := len(e.stored(t)); n != before {
			t.Errorf("release left %d files, want %d", n, before)
		}
	})
}

// TestWatermarkRefusesBadImage: a PNG whose header passes the sniff but
// whose pixels do not decode is refused on the caller's field.
func TestWatermarkRefusesBadImage(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		e, ctx := newEnv(t, d), context.Background()
		bad := append(grey(t, 10, 10)[:40], make([]byte, 64)...)
		a, err := e.s.Upload(ctx, grid, "坏.png", bytes.NewReader(bad))
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.s.Prepare(ctx, "body.attachment_ids", grid.UserID, []string{a.ID}, "visit/1", []string{"x"})
		if err == nil || !strings.Contains(err.Error(), "cannot watermark") {
			t.Errorf("a broken PNG: %v", err)
		}
	})
}
