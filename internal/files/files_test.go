package files_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/db"
	"healthgrid/internal/files"
	"healthgrid/internal/testkit"
)

// noEvents: these tests link nothing (see internal/event for links).
type noEvents struct{}

func (noEvents) Readable(context.Context, *access.Principal, string) error { return apperr.ErrNotFound }

type env struct {
	s     *files.Service
	dir   string
	clock *testkit.Clock
}

func newEnv(t *testing.T, d *db.DB) *env {
	dir := t.TempDir()
	disk, err := files.NewDisk(dir)
	if err != nil {
		t.Fatal(err)
	}
	clock := testkit.NewClock(time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC))
	return &env{s: files.New(files.Deps{DB: d, Store: disk, Limits: files.Limits{Image: 1 << 20, Video: 2 << 20}, Events: noEvents{}, Now: clock.Now}), dir: dir, clock: clock}
}

// stored is every file the disk store holds, temporary ones included.
func (e *env) stored(t *testing.T) []string {
	var out []string
	filepath.WalkDir(e.dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return err
	})
	return out
}

var (
	grid  = &access.Principal{UserID: "u-grid", Name: "网格员"}
	other = &access.Principal{UserID: "u-other", Name: "其他人"}
)

// sized is a file of the head's type, n bytes long.
func sized(head []byte, n int) []byte {
	return append(append([]byte{}, head...), bytes.Repeat([]byte{0xA5}, n-len(head))...)
}

func TestUploadAndOpen(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		e, ctx := newEnv(t, d), context.Background()
		body := sized(jpegHead, 300<<10)
		a, err := e.s.Upload(ctx, grid, `C:\Users\网格员\现场照片.jpg`, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(body)
		if a.Name != "现场照片.jpg" || a.ContentType != "image/jpeg" || a.Size != int64(len(body)) ||
			a.SHA256 != hex.EncodeToString(sum[:]) || a.URL != "/api/v1/attachments/"+a.ID || a.UploadedBy != "网格员" {
			t.Fatalf("upload: %+v", a)
		}
		got, f, err := e.s.Open(ctx, grid, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		content, _ := io.ReadAll(f)
		f.Close()
		if !bytes.Equal(content, body) || got.ID != a.ID {
			t.Errorf("read back %d bytes of %d", len(content), len(body))
		}
		if _, _, err := e.s.Open(ctx, other, a.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("someone else opens an unlinked upload: %v", err)
		}
		if _, _, err := e.s.Open(ctx, grid, "0198a0de-0000-7000-8000-000000000000"); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("no such attachment: %v", err)
		}
	})
}

// A file past its type's limit, of a type not taken, or broken off is
// refused naming the file, and leaves neither row nor file.
func TestUploadRefused(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		e, ctx := newEnv(t, d), context.Background()
		for _, c := range []struct {
			name string
			r    io.Reader
			why  string
		}{
			{"大照片.jpg", bytes.NewReader(sized(jpegHead, 1<<20+1)), "1 MB"},
			{"long.mov", bytes.NewReader(sized(iphoneMV, 2<<20+1)), "2 MB"},
			{"setup.exe", strings.NewReader("MZ\x90\x00\x03\x00\x00\x00"), "Windows"},
			{"photo.mp4", bytes.NewReader(pngHead), "PNG"},
			{"empty.png", strings.NewReader(""), "空文件"},
			{"cut.jpg", io.MultiReader(bytes.NewReader(sized(jpegHead, 4096)), failing{}), "中断"},
		} {
			_, err := e.s.Upload(ctx, grid, c.name, c.r)
			var inv apperr.Invalid
			if !errors.As(err, &inv) || inv[0].Field != "body.file" || !strings.Contains(inv[0].Message, c.name) ||
				!strings.Contains(inv[0].Message, c.why) {
				t.Errorf("%s: %v; want a 422 on body.file naming it and saying %q", c.name, err, c.why)
			}
		}
		if left := e.stored(t); len(left) > 0 {
			t.Errorf("refused uploads left files: %v", left)
		}
		var n int
		d.QueryRow(ctx, "SELECT COUNT(*) FROM attachments").Scan(&n)
		if n != 0 {
			t.Errorf("refused uploads left %d rows", n)
		}
		// exactly the limit is fine
		for _, body := range [][]byte{sized(pngHead, 1<<20), sized(android, 2<<20)} {
			if _, err := e.s.Upload(ctx, grid, "full", bytes.NewReader(body)); err != nil {
				t.Errorf("%d bytes, at the limit: %v", len(body), err)
			}
		}
	})
}

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, errors.New("connection reset by peer") }

// Uploads no report or action took are deleted after a day, rows and files.
func TestCleanupUnlinked(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		e, ctx := newEnv(t, d), context.Background()
		old, err := e.s.Upload(ctx, grid, "old.png", bytes.NewReader(pngHead))
		if err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(20 * time.Hour)
		fresh, err := e.s.Upload(ctx, grid, "fresh.png", bytes.NewReader(pngHead))
		if err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(5 * time.Hour)
		if n, err := e.s.CleanupExpired(ctx); err != nil || n != 1 {
			t.Fatalf("cleanup: %d, %v; want the one older than a day", n, err)
		}
		if _, _, err := e.s.Open(ctx, grid, old.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("the old upload is still there: %v", err)
		}
		if _, f, err := e.s.Open(ctx, grid, fresh.ID); err != nil {
			t.Errorf("the fresh upload went too: %v", err)
		} else {
			f.Close()
		}
		if left := e.stored(t); len(left) != 1 || filepath.Base(left[0]) != fresh.ID {
			t.Errorf("files left: %v", left)
		}
	})
}

// The disk store writes whole files or none, and keeps keys inside its folder.
func TestDisk(t *testing.T) {
	dir, ctx := t.TempDir(), context.Background()
	disk, err := files.NewDisk(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := disk.Put(ctx, "2026/11/23/a", strings.NewReader("whole")); err != nil {
		t.Fatal(err)
	}
	if err := disk.Put(ctx, "2026/11/23/b", io.MultiReader(strings.NewReader("half"), failing{})); err == nil {
		t.Error("a failing reader was stored")
	}
	for _, key := range []string{"../escape", "/etc/passwd", "flat"} {
		if err := disk.Put(ctx, key, strings.NewReader("x")); err == nil {
			t.Errorf("key %q accepted", key)
		}
	}
	if _, err := disk.Open(ctx, "2026/11/23/b"); !errors.Is(err, files.ErrMissing) {
		t.Errorf("the broken-off object: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "tmp"))
	if len(entries) > 0 {
		t.Errorf("temporary files left: %d", len(entries))
	}
	if err := disk.Delete(ctx, "2026/11/23/a"); err != nil {
		t.Fatal(err)
	}
	if err := disk.Delete(ctx, "2026/11/23/a"); err != nil {
		t.Errorf("deleting twice: %v", err)
	}
}
