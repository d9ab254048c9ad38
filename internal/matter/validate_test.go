package matter

import (
	"slices"
	"testing"

	"healthgrid/internal/calendar"
)

func TestCheck(t *testing.T) {
	hours := calendar.Limit{Amount: 4, Unit: calendar.WorkingHours}
	valid := func() Input {
		return Input{CategoryCode: "CRB", Name: "聚集性病例", DefaultPriority: "urgent",
			Routing: map[string]Route{"county": {Lead: "cdc", Co: []string{"township_health_center"}}},
			Limits:  Limits{Dispatch: hours, Handle: hours, Verify: hours}}
	}
	for _, c := range []struct {
		name  string
		edit  func(in *Input)
		field []string
	}{
		{"valid", func(*Input) {}, nil},
		{"no name", func(in *Input) { in.Name = "" }, []string{"body.name"}},
		{"long name", func(in *Input) { in.Name = string(make([]rune, 101)) }, []string{"body.name"}},
		{"long criteria", func(in *Input) { in.CloseCriteria = string(make([]rune, 2001)) }, []string{"body.close_criteria"}},
		{"priority", func(in *Input) { in.DefaultPriority = "high" }, []string{"body.default_priority"}},
		{"no routing", func(in *Input) { in.Routing = nil }, []string{"body.routing"}},
		{"unknown level", func(in *Input) { in.Routing["city"] = Route{Lead: "cdc"} }, []string{"body.routing.city"}},
		{"no lead", func(in *Input) { in.Routing["county"] = Route{Co: []string{"cdc"}} }, []string{"body.routing.county.lead"}},
		{"unknown lead", func(in *Input) { in.Routing["grid"] = Route{Lead: "army"} }, []string{"body.routing.grid.lead"}},
		{"unknown co", func(in *Input) { in.Routing["county"] = Route{Lead: "cdc", Co: []string{"hospital", "army"}} },
			[]string{"body.routing.county.co[1]"}},
		{"co repeats the lead", func(in *Input) { in.Routing["county"] = Route{Lead: "cdc", Co: []string{"cdc"}} },
			[]string{"body.routing.county.co[0]"}},
		{"co twice", func(in *Input) { in.Routing["county"] = Route{Lead: "cdc", Co: []string{"hospital", "hospital"}} },
			[]string{"body.routing.county.co[1]"}},
		{"zero amount", func(in *Input) { in.Limits.Handle.Amount = 0 }, []string{"body.limits.handle.amount"}},
		{"huge amount", func(in *Input) { in.Limits.Dispatch.Amount = 1001 }, []string{"body.limits.dispatch.amount"}},
		{"unknown unit", func(in *Input) { in.Limits.Verify.Unit = "fortnights" }, []string{"body.limits.verify.unit"}},
		{"empty limit", func(in *Input) { in.Limits.Verify = calendar.Limit{} },
			[]string{"body.limits.verify.amount", "body.limits.verify.unit"}},
		{"many at once", func(in *Input) { in.Name, in.Routing, in.Limits.Dispatch.Amount = " ", nil, -1 },
			[]string{"body.limits.dispatch.amount", "body.name", "body.routing"}},
	} {
		in := valid()
		c.edit(&in)
		normalise(&in)
		var got []string
		for _, f := range check(in) {
			got = append(got, f.Field)
		}
		if !slices.Equal(got, c.field) {
			t.Errorf("%s: %v, want %v", c.name, got, c.field)
		}
	}
}

func TestCodes(t *testing.T) {
	for code, ok := range map[string]bool{"HJWS-01": true, "QT-001": true, "A1-10": true, "hjws-01": false,
		"HJWS01": false, "HJWS-1": false, "HJWS-0001": false, "1A-01": false, "": false, "ABCDEFGHIJK-01": false} {
		if got := checkCode(code) == nil; got != ok {
			t.Errorf("matter code %q: valid %v, want %v", code, got, ok)
		}
	}
	for code, ok := range map[string]bool{"HJWS": true, "QT": true, "Q": false, "qt": false, "Q-T": false, "ABCDEFGHIJK": false} {
		if got := checkCategoryCode(code) == nil; got != ok {
			t.Errorf("category code %q: valid %v, want %v", code, got, ok)
		}
	}
}
