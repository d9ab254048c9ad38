package event_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"healthgrid/internal/event"
)

func rateOf(r *float64) float64 {
	if r == nil {
		return -1
	}
	return *r
}

// TestStats builds a small month of known cases and checks every count
// and rate against what a person would count by hand.
func TestStats(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		start := e.clock.Now()
		// e1: run through on time and rated 5
		e1 := e.reach(t, event.Evaluated)
		// e2: not accepted; e3: merged into e1 (demand only)
		e.reach(t, event.NotAccepted)
		e3 := e.report(t, "HJWS-01")
		e.do(t, e.centre, e3.ID, event.ActionInput{Action: "merge", IntoEventID: e1.ID})
		// e4: the CDC says not ours, the street office gets it and is late
		e4 := e.reach(t, event.Registered)
		e4 = e.do(t, e.centre, e4.ID, event.ActionInput{Action: "dispatch", LeadUnitID: e.units["cdc"]})
		e.do(t, e.cdc, e4.ID, event.ActionInput{Action: "return", TaskID: e4.Tasks[0].ID, Comment: "非我职责"})
		e.do(t, e.centre, e4.ID, event.ActionInput{Action: "dispatch", LeadUnitID: e.units["street"]})
		// e5: suspended: not due
		e.reach(t, event.Suspended)
		e.clock.Advance(4 * 24 * time.Hour) // past the street office's 3 days on e4

		st, err := e.s.Stats(ctx, e.leader, township, "region", start, e.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		got := st.Total
		counts := [][2]int{{got.Reports, 5}, {got.Cases, 4}, {got.Registered, 3}, {got.Due, 2}, {got.Closed, 1},
			{got.ClosedOnTime, 1}, {got.Overdue, 1}, {got.Tasks, 4}, {got.TasksDue, 3}, {got.TasksOnTime, 2}, {got.Returned, 1},
			{got.Verified, 1}, {got.Reopened, 0}, {got.Rated, 1}}
		for i, c := range counts {
			if c[0] != c[1] {
				t.Errorf("count %d: %d, want %d (%+v)", i, c[0], c[1], got)
			}
		}
		for name, c := range map[string][2]float64{"register": {rateOf(got.RegisterRate), 0.75}, "close": {rateOf(got.CloseRate), 0.5},
			"overdue": {rateOf(got.OverdueRate), 0.5}, "return": {rateOf(got.ReturnRate), 0.25},
			"handle on time": {rateOf(got.HandleOnTimeRate), 2.0 / 3}, "satisfaction": {rateOf(got.Satisfaction), 5},
			"report in": {rateOf(got.ReportInRate), -1}} {
			if c[0] != c[1] {
				t.Errorf("%s rate %v, want %v", name, c[0], c[1])
			}
		}
		if !got.SmallSample || len(st.Rows) != 1 || st.Rows[0].Key != "140902001002" || st.Rows[0].Name != "东大街社区" {
			t.Errorf("rows by region: %+v", st.Rows)
		} else if !reflect.DeepEqual(st.Rows[0].Indicators, got) {
			t.Errorf("the one region's row %+v differs from the total %+v", st.Rows[0].Indicators, got)
		}
		byUnit, err := e.s.Stats(ctx, e.leader, "", "unit", start, e.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range byUnit.Rows {
			switch r.Name {
			case "忻府区疾控中心": // e1's co task on time, e4's returned
				if r.Tasks != 2 || r.Returned != 1 || r.TasksOnTime != 1 {
					t.Errorf("CDC: %+v", r.Indicators)
				}
			case "秀容街道办事处": // e1's lead on time, e4's late and open
				if r.Tasks != 2 || r.TasksDue != 2 || r.TasksOnTime != 1 {
					t.Errorf("street office: %+v", r.Indicators)
				}
			default:
				t.Errorf("unexpected unit row %s", r.Name)
			}
		}
		if other, _ := e.s.Stats(ctx, e.other, "", "matter", start, e.clock.Now()); other.Total.Reports != 0 {
			t.Errorf("another county counts %d", other.Total.Reports)
		}
	})
}
