package population

import (
	"fmt"

	"healthgrid/internal/apperr"
)

// Settings are the population module's limits, from the configuration; a
// zero field takes its default.
type Settings struct {
	UnmaskedExportMaxRows int // most residents one unmasked export may hold
	RevealsPerHour        int // reveals per user per hour
	RefusalsPerHour       int // registrations refused for scope per user per hour
	// FewRows is below how many matches a whole county's (or the city's)
	// age range is read off the birth index and sorted, where the engine is
	// told which index to read (see Service.forPage)
	FewRows int
}

// Defaults of Settings.
const (
	DefaultUnmaskedExportMaxRows = 10000
	DefaultRevealsPerHour        = 100
	DefaultRefusalsPerHour       = 100
	DefaultFewRows               = 2000
)

func (s Settings) withDefaults() Settings {
	if s.UnmaskedExportMaxRows <= 0 {
		s.UnmaskedExportMaxRows = DefaultUnmaskedExportMaxRows
	}
	if s.RevealsPerHour <= 0 {
		s.RevealsPerHour = DefaultRevealsPerHour
	}
	if s.RefusalsPerHour <= 0 {
		s.RefusalsPerHour = DefaultRefusalsPerHour
	}
	if s.FewRows <= 0 {
		s.FewRows = DefaultFewRows
	}
	return s
}

var errTooManyRefusals = apperr.New(apperr.ErrTooMany, "resident.too_many_refusals", "")

func tooManyRefusals(wait int) string {
	return fmt.Sprintf("因辖区外身份证号被拒的登记过多，请%d秒后再试 / too many registrations refused for scope; try again in %d s", wait, wait)
}
