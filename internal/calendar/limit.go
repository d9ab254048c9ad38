// Package calendar is the work calendar of the health commission: weekends,
// China's public holidays and the make-up working days (调休) that go with
// them, and the deadline arithmetic every time limit is computed with.
package calendar

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
