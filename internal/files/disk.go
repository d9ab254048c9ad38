package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Store keeps the bytes of files under keys the service chooses
// ("2026/11/23/<id>"). Disk is the default; an S3-compatible bucket is the
// same three operations, which is why the service sees no more than this.
type Store interface {
	// Put writes all of r under key, or nothing: when r fails (an upload
	// broken off, a size limit) no object is left behind.
	Put(ctx context.Context, key string, r io.Reader) error
	// Open reads the object under key; ErrMissing when there is none.
	Open(ctx context.Context, key string) (io.ReadSeekCloser, error)
	// Delete removes the object under key; one already gone is no error.
	Delete(ctx context.Context, key string) error
}

// ErrMissing is an object the store does not hold.
var ErrMissing = errors.New("files: object missing")

// Disk is a Store in a folder: each object one file, written to tmp/ first
// and renamed into place, so that a reader never sees half a file.
type Disk struct {
	dir string
}

// NewDisk is the store in dir, which it creates (0700).
func NewDisk(dir string) (*Disk, error) {
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o700); err != nil {
		return nil, fmt.Errorf("files: create folder: %w", err)
	}
	return &Disk{dir: dir}, nil
}

func (d *Disk) path(key string) (string, error) {
	if !filepath.IsLocal(key) || filepath.Dir(key) == "." {
		return "", fmt.Errorf("files: bad key %q", key)
	}
	return filepath.Join(d.dir, filepath.FromSlash(key)), nil
}

// Put writes r to a temporary file, syncs it and renames it to key.
func (d *Disk) Put(ctx context.Context, key string, r io.Reader) (err error) {
	path, err := d.path(key)
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Join(d.dir, "tmp"), "put-*")
	if err != nil {
		return fmt.Errorf("files: put: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = io.Copy(f, readerCtx{ctx, r}); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("files: put: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("files: put: %w", err)
	}
	if err = os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("files: put: %w", err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("files: put: %w", err)
	}
	return nil
}

// Open opens the file of key.
func (d *Disk) Open(_ context.Context, key string) (io.ReadSeekCloser, error) {
	path, err := d.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrMissing, key)
	}
	return f, err
}

// Delete removes the file of key.
func (d *Disk) Delete(_ context.Context, key string) error {
	path, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("files: delete: %w", err)
	}
	return nil
}

// readerCtx stops a copy when its context ends (a client gone mid-upload).
type readerCtx struct {
	ctx context.Context
	r   io.Reader
}

func (r readerCtx) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}
