package matter_test

import (
	"context"
	"strings"
	"testing"

	"healthgrid/internal/calendar"
	"healthgrid/internal/db"
	"healthgrid/internal/matter"
	"healthgrid/internal/testkit"
)

// TestSeededCatalogue checks the catalogue the migration seeds: every matter
// would pass the validation an edit gets, sits in a leaf category named by
// its code, and every leaf has matters.
func TestSeededCatalogue(t *testing.T) {
	ctx := context.Background()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		s, _ := newService(t, d)
		items, err := s.List(ctx, matter.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(items) < 25 || len(items) > 35 {
			t.Errorf("%d matters seeded, want 25–35", len(items))
		}
		nodes, err := s.Tree(ctx)
		if err != nil {
			t.Fatal(err)
		}
		leaves := map[string]bool{}
		for _, top := range nodes {
			if len(top.Matters) != 0 || len(top.Children) == 0 {
				t.Errorf("top category %s: %d matters, %d children; want subcategories only", top.Code, len(top.Matters), len(top.Children))
			}
			for _, c := range top.Children {
				leaves[c.Code] = true
				if len(c.Matters) == 0 || len(c.Children) != 0 {
					t.Errorf("category %s %s: %d matters, %d children", c.Code, c.Name, len(c.Matters), len(c.Children))
				}
			}
		}
		urgent, selfHandled := 0, 0
		for _, m := range items {
			if !leaves[m.CategoryCode] || !strings.HasPrefix(m.Code, m.CategoryCode+"-") {
				t.Errorf("%s %s: category %s", m.Code, m.Name, m.CategoryCode)
			}
			if _, err := s.Update(ctx, m.Code, m.Input); err != nil { // the same validation an edit gets
				t.Errorf("%s %s: %v", m.Code, m.Name, err)
			}
			if m.Description == "" || m.RegisterCriteria == "" || m.CloseCriteria == "" || !m.Enabled {
				t.Errorf("%s %s: description and criteria are written, and it is enabled", m.Code, m.Name)
			}
			if _, ok := s.RouteFor(m, "grid"); !ok {
				t.Errorf("%s %s: an event in a grid finds no route", m.Code, m.Name)
			}
			if m.DefaultPriority == "urgent" {
				urgent++
				if m.Limits.Dispatch != (calendar.Limit{Amount: 1, Unit: calendar.WorkingHours}) {
					t.Errorf("%s %s: urgent, yet dispatched within %+v", m.Code, m.Name, m.Limits.Dispatch)
				}
			}
			if m.SelfHandle {
				selfHandled++
			}
		}
		if urgent == 0 || selfHandled == 0 {
			t.Errorf("%d urgent and %d self-handled matters; want some of each", urgent, selfHandled)
		}
		crb, err := s.Get(ctx, "CRB-01")
		if r, ok := s.RouteFor(crb, "grid"); err != nil || !ok || r.Lead != "cdc" || r.Co[0] != "township_health_center" {
			t.Errorf("传染病疫情线索 goes to the county CDC with the township health centre: %+v %v", r, err)
		}
	})
}
