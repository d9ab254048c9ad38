package files

import (
	"path/filepath"

	"healthgrid/internal/config"
)

// LimitsFrom are the largest attachments the configuration accepts.
func LimitsFrom(cfg config.Config) Limits {
	return Limits{Image: int64(cfg.AttachmentImageMB) << 20, Video: int64(cfg.AttachmentVideoMB) << 20}
}

// DiskFrom is the configuration's store of attachments: <data>/files.
func DiskFrom(cfg config.Config) (*Disk, error) {
	return NewDisk(filepath.Join(cfg.DataDir, "files"))
}
