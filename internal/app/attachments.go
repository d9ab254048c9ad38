package app

import (
	"context"
	"path/filepath"
	"time"

	"healthgrid/internal/config"
	"healthgrid/internal/db"
	"healthgrid/internal/files"
	"healthgrid/internal/httpx"
)

// newFiles is the events' attachments service, its files in <data>/files.
func newFiles(d *db.DB, cfg config.Config, a *App, now func() time.Time) (*files.Service, error) {
	disk, err := files.NewDisk(filepath.Join(cfg.DataDir, "files"))
	if err != nil {
		return nil, err
	}
	limits := files.Limits{Image: int64(cfg.AttachmentImageMB) << 20, Video: int64(cfg.AttachmentVideoMB) << 20}
	return files.New(d, disk, limits, readable{a}, now), nil
}

// readable gives the attachments the workflow's rule of who may read an
// event. It asks a.Events when asked: the workflow is built with the
// attachments, so it does not exist yet when they are.
type readable struct{ a *App }

// Readable is event.Service.Readable.
func (r readable) Readable(ctx context.Context, caller *httpx.Principal, eventID string) error {
	return r.a.Events.Readable(ctx, caller, eventID)
}
