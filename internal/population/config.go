package population

import "healthgrid/internal/config"

// SettingsFrom are the population service's settings in the configuration.
func SettingsFrom(cfg config.Config) Settings {
	return Settings{UnmaskedExportMaxRows: cfg.UnmaskedExportMaxRows, RevealsPerHour: cfg.RevealsPerHour,
		RefusalsPerHour: cfg.RefusalsPerHour}
}
