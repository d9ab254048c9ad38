package epidemic_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/auth"
	"healthgrid/internal/china"
	"healthgrid/internal/epidemic"
)

type stage = epidemic.Stage

// TestMeasureSchedules: the stages of each protocol version laid from the
// start date, the kind in force moving with the injected clock; a new
// version applies to measures ordered after it only, and an older version
// may still be asked for by number.
func TestMeasureSchedules(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx, svc := context.Background(), e.App.Epidemic
		p := auth.System(e.City.Path(apptest.Home))
		d, err := svc.AddLocal(ctx, p, epidemic.LocalInput{Name: "试验病", ReportHours: 24, IncubationDays: 10})
		if err != nil {
			t.Fatal(err)
		}
		person := func() string {
			a, err := svc.AddPerson(ctx, p, epidemic.Candidate{Name: fmt.Sprintf("甲%d", e.Unique()), Disease: d.Code,
				Category: "close_contact", GridCode: apptest.HomeGrid})
			if err != nil {
				t.Fatal(err)
			}
			return a.PersonID
		}
		cases := []struct {
			name     string
			stages   []stage
			start    string
			end      string
			tests    []string
			kindOn   map[int]string // days after the start → kind in force
			checkins []int          // check-ins a day, per stage
		}{
			{"one stage", []stage{{Measure: "home_monitoring", Days: 7, TestDays: []int{1, 3, 7}, CheckinsPerDay: 1}},
				"2026-11-23", "2026-11-29", []string{"2026-11-23", "2026-11-25", "2026-11-29"},
				map[int]string{0: "home_monitoring", 6: "home_monitoring"}, []int{1}},
			{"centralised then home", []stage{{Measure: "centralised_isolation", Days: 7, TestDays: []int{1, 2, 3, 5, 7},
				CheckinsPerDay: 2}, {Measure: "home_monitoring", Days: 3, TestDays: []int{3}, CheckinsPerDay: 1}},
				"2026-11-23", "2026-12-02",
				[]string{"2026-11-23", "2026-11-24", "2026-11-25", "2026-11-27", "2026-11-29", "2026-12-02"},
				map[int]string{0: "centralised_isolation", 6: "centralised_isolation", 7: "home_monitoring", 9: "home_monitoring"},
				[]int{2, 1}},
			{"across a month, starting tomorrow", []stage{{Measure: "home_isolation", Days: 2, CheckinsPerDay: 3},
				{Measure: "home_monitoring", Days: 14, TestDays: []int{14}, CheckinsPerDay: 1}},
				"2026-11-24", "2026-12-09", []string{"2026-12-09"},
				map[int]string{-1: "home_isolation", 0: "home_isolation", 2: "home_monitoring", 20: "home_monitoring"}, []int{3, 1}},
		}
		base := e.Clock.Now()
		for i, c := range cases {
			e.Clock.Set(base)
			pr, err := svc.Supersede(ctx, p, epidemic.ProtocolInput{Disease: d.Code, Category: "close_contact", Stages: c.stages})
			if err != nil || pr.Version != i+1 {
				t.Fatalf("%s: version %d %v", c.name, pr.Version, err)
			}
			m, err := svc.Order(ctx, p, epidemic.OrderInput{PersonID: person(), StartDate: c.start})
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if m.ProtocolVersion != i+1 || m.StartDate != c.start || m.EndDate != c.end || !slices.Equal(m.TestDays, c.tests) {
				t.Errorf("%s: v%d %s–%s tests %v", c.name, m.ProtocolVersion, m.StartDate, m.EndDate, m.TestDays)
			}
			for k, st := range m.Stages {
				if st.CheckinsPerDay != c.checkins[k] {
					t.Errorf("%s: stage %d check-ins %d", c.name, k, st.CheckinsPerDay)
				}
			}
			start, _ := time.ParseInLocation(time.DateOnly, c.start, time.FixedZone("CST", 8*3600))
			for days, kind := range c.kindOn {
				e.Clock.Set(start.Add(10*time.Hour).AddDate(0, 0, days))
				got, err := svc.Measure(ctx, p.RegionPath, m.ID)
				if err != nil || got.Kind != kind {
					t.Errorf("%s: day %+d: %s %v, want %s", c.name, days, got.Kind, err, kind)
				}
			}
		}
		e.Clock.Set(base)
		// the newest version applies by default; an older one by number; the
		// measures ordered before keep theirs
		latest, err := svc.Order(ctx, p, epidemic.OrderInput{PersonID: person()})
		if err != nil || latest.ProtocolVersion != len(cases) || latest.Kind != "home_isolation" {
			t.Errorf("default: %+v %v", latest, err)
		}
		old, err := svc.Order(ctx, p, epidemic.OrderInput{PersonID: person(), ProtocolVersion: 1})
		if err != nil || old.ProtocolVersion != 1 || old.EndDate != "2026-11-29" {
			t.Errorf("version 1 by number: %+v %v", old, err)
		}
		if _, err := svc.Order(ctx, p, epidemic.OrderInput{PersonID: person(), ProtocolVersion: 9}); err == nil {
			t.Error("a version that does not exist")
		}
		list, _, err := svc.Measures(ctx, epidemic.MeasureFilter{RegionPath: p.RegionPath}, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		versions := map[int]int{}
		for _, m := range list {
			versions[m.ProtocolVersion]++
		}
		if versions[1] != 2 || versions[2] != 1 || versions[3] != 2 {
			t.Errorf("versions kept: %v", versions)
		}
	})
}

// TestExtendOnExposure: a new exposure restarts the plan from its day, the
// stage running then cut short; an exposure the plan already covers changes
// nothing; the room follows the new centralised end; the history says so.
func TestExtendOnExposure(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx, svc, sys := context.Background(), e.App.Epidemic, e.System(t)
		person := e.NewRiskPerson(t, apptest.HomeGrid, "close_contact")
		m, err := svc.Order(ctx, sys, epidemic.OrderInput{PersonID: person, SiteID: e.NewSite(t, apptest.Home, 1)})
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := svc.Extend(ctx, person, "2026-11-22", "更早的暴露"); ok || err != nil {
			t.Errorf("an earlier exposure: %v %v", ok, err)
		}
		if ok, err := svc.Extend(ctx, person, "2026-11-26", "同住人确诊"); !ok || err != nil {
			t.Fatalf("extend: %v %v", ok, err)
		}
		got, err := svc.MeasureDetail(ctx, sys.RegionPath, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		var spans []string
		for _, st := range got.Stages {
			spans = append(spans, st.Measure[:4]+" "+st.Start+"–"+st.End)
		}
		want := []string{"cent 2026-11-23–2026-11-25", "cent 2026-11-26–2026-12-02", "home 2026-12-03–2026-12-05"}
		if !slices.Equal(spans, want) || got.EndDate != "2026-12-05" || got.Stay == nil || got.Stay.Until != "2026-12-02" {
			t.Errorf("after the exposure: %v end %s stay %+v", spans, got.EndDate, got.Stay)
		}
		if !slices.Equal(got.TestDays, []string{"2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27",
			"2026-11-28", "2026-11-30", "2026-12-02", "2026-12-05"}) {
			t.Errorf("test days: %v", got.TestDays)
		}
		if last := got.History[len(got.History)-1]; last.Action != "extend" || last.Reason != "同住人确诊" {
			t.Errorf("history: %+v", got.History)
		}
		if ok, err := svc.Extend(ctx, e.NewRiskPerson(t, apptest.HomeGrid, "close_contact"), "2026-11-26", "x"); ok || err != nil {
			t.Errorf("a person under no measure: %v %v", ok, err)
		}
	})
}

// TestRetention: a released person's data stays for the retention time
// after the episode ends, and is anonymised after it, once.
func TestRetention(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx, svc, sys := context.Background(), e.App.Epidemic, e.System(t)
		person, _ := e.NewBoundRiskPerson(t, apptest.HomeGrid, "close_contact")
		kept := e.NewMeasure(t, apptest.HomeGrid)
		m, err := svc.Order(ctx, sys, epidemic.OrderInput{PersonID: person})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Checkin(ctx, sys, m.ID, epidemic.CheckinInput{Temperature: 36.8, Note: "住址：东大街3号"}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Release(ctx, sys, m.ID, epidemic.ReasonInput{Reason: "排除"}); err != nil {
			t.Fatal(err)
		}
		retention := e.App.Config.EpidemicRetention
		e.Clock.Advance(retention - time.Hour)
		if n, err := svc.CleanupExpired(ctx); n != 0 || err != nil {
			t.Errorf("before the retention time: %d %v", n, err)
		}
		e.Clock.Advance(2 * time.Hour)
		if n, err := svc.CleanupExpired(ctx); n != 1 || err != nil {
			t.Errorf("after: %d %v", n, err)
		}
		if n, _ := svc.CleanupExpired(ctx); n != 0 {
			t.Errorf("again: %d", n)
		}
		p, err := svc.Person(ctx, sys.RegionPath, person)
		if err != nil || p.Name != epidemic.Anonymised || p.IDNumber != "" || p.ResidentID != "" || p.Phone != "" {
			t.Errorf("anonymised: %+v %v", p, err)
		}
		d, err := svc.MeasureDetail(ctx, sys.RegionPath, m.ID)
		if err != nil || d.Checkins[0].Note != "" || d.Checkins[0].Temperature != 36.8 {
			t.Errorf("the check-ins: %+v %v", d.Checkins, err)
		}
		if k, err := svc.Measure(ctx, sys.RegionPath, kept); err != nil || k.PersonName == epidemic.Anonymised {
			t.Errorf("an open episode kept: %+v %v", k, err)
		}
	})
}

// TestListExtends: a person under a measure named again by a screening list
// has had a new exposure — the plan restarts from the list's day; a report
// card naming them again does not.
func TestListExtends(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx, svc, sys := context.Background(), e.App.Epidemic, e.System(t)
		n := e.Unique()
		id := apptest.IDNumber(40000 + n)
		a, err := svc.AddPerson(ctx, sys, epidemic.Candidate{Name: "再次暴露", IDNumber: id, GridCode: apptest.HomeGrid,
			Disease: "B27", Category: "close_contact"})
		if err != nil {
			t.Fatal(err)
		}
		start := e.Clock.Now().AddDate(0, 0, -3).In(china.Zone).Format(time.DateOnly)
		m, err := svc.Order(ctx, sys, epidemic.OrderInput{PersonID: a.PersonID, StartDate: start})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CreateList(ctx, sys, epidemic.ScreeningInput{Name: "第二批", Deadline: e.Clock.Now().Add(24 * time.Hour),
			Disease: "B27", Category: "close_contact", Persons: []epidemic.ListedPerson{{Name: "再次暴露", IDNumber: id}}}); err != nil {
			t.Fatal(err)
		}
		got, err := svc.MeasureDetail(ctx, sys.RegionPath, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		today := e.Clock.Now().In(china.Zone)
		want := today.AddDate(0, 0, 9).Format(time.DateOnly) // the seeded close-contact plan: 7 + 3 days from today
		if got.EndDate != want || got.EndDate == m.EndDate {
			t.Errorf("named again by a list: ends %s (was %s), want %s", got.EndDate, m.EndDate, want)
		}
		if last := got.History[len(got.History)-1]; last.Action != "extend" {
			t.Errorf("history: %+v", got.History)
		}
	})
}
