package epidemic

import (
	"slices"
	"testing"

	"healthgrid/internal/apperr"
)

// TestPlan lays protocols' stages on the calendar: stages end to end, test
// days counted from each stage's first day, across a month's end.
func TestPlan(t *testing.T) {
	closeContact := Protocol{Stages: []Stage{
		{Measure: "centralised_isolation", Days: 7, TestDays: []int{1, 2, 3, 5, 7}, CheckinsPerDay: 2},
		{Measure: "home_monitoring", Days: 3, TestDays: []int{3}, CheckinsPerDay: 1}}}
	for _, c := range []struct {
		name  string
		p     Protocol
		start string
		want  []Step
	}{
		{"close contact, 7+3", closeContact, "2026-12-28", []Step{
			{"centralised_isolation", "2026-12-28", "2027-01-03",
				[]string{"2026-12-28", "2026-12-29", "2026-12-30", "2027-01-01", "2027-01-03"}, 2},
			{"home_monitoring", "2027-01-04", "2027-01-06", []string{"2027-01-06"}, 1}}},
		{"one day, no tests", Protocol{Stages: []Stage{{Measure: "home_monitoring", Days: 1, TestDays: []int{}}}},
			"2028-02-29", []Step{{"home_monitoring", "2028-02-29", "2028-02-29", []string{}, 0}}},
		{"21 days of monitoring", Protocol{Stages: []Stage{{Measure: "home_monitoring", Days: 21, TestDays: []int{21}}}},
			"2026-02-10", []Step{{"home_monitoring", "2026-02-10", "2026-03-02", []string{"2026-03-02"}, 0}}},
	} {
		got, err := c.p.Plan(c.start)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(got, c.want, func(a, b Step) bool {
			return a.Measure == b.Measure && a.Start == b.Start && a.End == b.End && slices.Equal(a.TestDates, b.TestDates) &&
				a.CheckinsPerDay == b.CheckinsPerDay
		}) {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
	if _, err := closeContact.Plan("2026-13-01"); err == nil {
		t.Error("a plan from no date")
	}
}

// TestCheckStages refuses a test day outside its stage, naming the stage.
func TestCheckStages(t *testing.T) {
	err := checkStages([]Stage{{Days: 7, TestDays: []int{1, 7}}, {Days: 3, TestDays: []int{4}}})
	inv, _ := err.(apperr.Invalid)
	if len(inv) != 1 || inv[0].Field != "body.stages[1].test_days" || inv[0].Code != "epidemic.protocol_stages" {
		t.Errorf("a test day 4 of a 3-day stage: %v", err)
	}
	if err := checkStages([]Stage{{Days: 7, TestDays: []int{1, 7}}}); err != nil {
		t.Errorf("valid stages: %v", err)
	}
}
