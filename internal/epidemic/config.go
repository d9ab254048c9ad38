package epidemic

import (
	"time"

	"healthgrid/internal/config"
)

// Settings are the module's tuning knobs.
type Settings struct {
	// SweepEvery is how often the measures' sweep runs (missed check-ins,
	// measures done, rooms past their stay).
	SweepEvery time.Duration
	// Retention is how long after an episode ends its personal data is
	// anonymised.
	Retention time.Duration
	// ListWalk is how many index entries a page of the review list may walk
	// per card the sort of its matches would read, before it sorts instead
	// (see pageIndex); 0 is DefaultListWalk.
	ListWalk int
}

// SettingsFrom reads the module's settings from cfg.
func SettingsFrom(cfg config.Config) Settings {
	return Settings{SweepEvery: cfg.EpidemicSweepEvery, Retention: cfg.EpidemicRetention}
}
