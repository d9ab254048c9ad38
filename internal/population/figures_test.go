package population_test

import (
	"testing"
	"time"

	"healthgrid/internal/population"
)

// TestGridFiguresKept: a grid's figures, once counted, are kept — a change
// made behind the service's back (another instance) shows within five
// minutes, one made through it at once, whichever kind of row it writes.
func TestGridFiguresKept(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := ctxAs(e.town)
		counts := func() population.Counts {
			t.Helper()
			c, err := e.s.GridCounts(ctx, []string{grid1, grid2})
			if err != nil {
				t.Fatal(err)
			}
			return c[grid1]
		}
		if c := counts(); c != (population.Counts{}) {
			t.Fatalf("an empty grid: %+v", c)
		}
		lng, lat := 112.705, 38.405
		b, err := e.s.CreateBuilding(ctx, street, population.BuildingInput{Name: "3号楼", Lng: &lng, Lat: &lat})
		if err != nil || b.GridCode != grid1 {
			t.Fatalf("building: %+v %v", b, err)
		}
		if c := counts(); c.Buildings != 1 {
			t.Errorf("a new building is not counted at once: %+v", c)
		}
		h, err := e.s.CreateHousehold(ctx, e.town, population.HouseholdInput{BuildingID: b.ID, Room: "101"})
		if err != nil {
			t.Fatal(err)
		}
		if c := counts(); c.Households != 1 {
			t.Errorf("a new household is not counted at once: %+v", c)
		}
		old, err := e.s.Create(ctx, e.town, population.Input{Name: "老人", IDNumber: idNumber("140902", 19500101, 5), GridCode: grid1})
		if err != nil {
			t.Fatal(err)
		}
		if c := counts(); c.Residents != 1 || c.KeyPopulations != 1 {
			t.Errorf("a new resident is not counted at once: %+v", c)
		}
		// behind the service's back: kept for five minutes
		if _, err := e.d.Exec(ctx, "UPDATE buildings SET region_path = '-' WHERE id = ?", b.ID); err != nil {
			t.Fatal(err)
		}
		if c := counts(); c.Buildings != 1 {
			t.Errorf("the kept figures were not used: %+v", c)
		}
		e.clock.Advance(5*time.Minute + time.Second)
		if c := counts(); c.Buildings != 0 || c.Residents != 1 {
			t.Errorf("figures outlived five minutes: %+v", c)
		}
		if err := e.s.Delete(ctx, e.town, old.ID); err != nil {
			t.Fatal(err)
		}
		if c := counts(); c.Residents != 0 || c.KeyPopulations != 0 {
			t.Errorf("a deleted resident is still counted: %+v", c)
		}
		if err := e.s.DeleteHousehold(ctx, street, h.ID); err != nil {
			t.Fatal(err)
		}
		if c := counts(); c.Households != 0 {
			t.Errorf("a deleted household is still counted: %+v", c)
		}
		if _, err := e.d.Exec(ctx, "UPDATE buildings SET region_path = (SELECT path FROM regions WHERE code = ?) WHERE id = ?", grid1, b.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.UpdateBuilding(ctx, street, b.ID, population.BuildingInput{Name: "3号楼", GridCode: grid2}); err != nil {
			t.Fatal(err)
		}
		if _, n, err := e.s.ListBuildings(ctx, street, street+"140902001002/140902001002002/", "", 0, 10); err != nil || n != 1 {
			t.Errorf("the moved building's new grid lists %d (%v)", n, err)
		}
		checkTallies(t, e)
		if err := e.s.DeleteBuilding(ctx, street, b.ID); err != nil {
			t.Fatal(err)
		}
		if _, n, err := e.s.ListBuildings(ctx, street, street, "", 0, 10); err != nil || n != 0 {
			t.Errorf("after the delete the street lists %d (%v)", n, err)
		}
		checkTallies(t, e)
	})
}
