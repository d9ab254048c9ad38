// Package calendar is the work calendar of the health commission: weekends,
// China's public holidays and the make-up working days (调休) that go with
// them, and the deadline arithmetic every time limit is computed with.
package calendar

import "healthgrid/internal/apperr"

// Unit is how a time limit is counted.
type Unit string

// The units a limit may be given in.
const (
	WorkingHours Unit = "working_hours"
	WorkingDays  Unit = "working_days"
	NaturalDays  Unit = "natural_days"
)

// Limit is a time limit: an amount of a unit, e.g. 3 working days.
type Limit struct {
	Amount int  `json:"amount" minimum:"1" maximum:"1000"`
	Unit   Unit `json:"unit" enum:"working_hours,working_days,natural_days"`
}

// MaxAmount is the largest amount a limit may have.
const MaxAmount = 1000

// Validate checks the limit; its field errors are named prefix + "amount"
// and prefix + "unit" (e.g. prefix "body.limits.handle.").
func (l Limit) Validate(prefix string) error {
	var bad apperr.Invalid
	if l.Amount < 1 || l.Amount > MaxAmount {
		bad = append(bad, apperr.FieldError{Field: prefix + "amount", Message: "时限应为 1 至 1000 / the amount must be 1 to 1000"})
	}
	if !l.Unit.valid() {
		bad = append(bad, apperr.FieldError{Field: prefix + "unit",
			Message: "时限单位应为工作小时、工作日或自然日 / the unit must be working_hours, working_days or natural_days"})
	}
	if len(bad) > 0 {
		return bad
	}
	return nil
}

func (u Unit) valid() bool {
	return u == WorkingHours || u == WorkingDays || u == NaturalDays
}
