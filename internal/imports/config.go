package imports

import "healthgrid/internal/config"

// SettingsFrom are the import service's settings in the configuration.
func SettingsFrom(cfg config.Config) Settings {
	return Settings{DataDir: cfg.DataDir, ReportTTL: cfg.ImportReportTTL, MaxBytes: int64(cfg.ImportMaxUploadMB) << 20,
		MaxAttempts: cfg.ImportMaxAttempts, Limits: Limits{MaxUnzipped: int64(cfg.ImportMaxUnzippedMB) << 20,
			MaxRatio: int64(cfg.ImportMaxRatio), MaxCell: cfg.ImportMaxCellBytes, MaxRow: cfg.ImportMaxRowBytes, MaxRows: cfg.ImportMaxRows}}
}
