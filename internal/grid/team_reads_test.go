package grid_test

import (
	"context"
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/grid"
	"healthgrid/internal/testkit"
)

// TestTeamListReads: a team list reads the members of its subtree and
// those of the regions above it that serve its grids, not every member of
// the city: 300 members of another county add less than a tenth of a read
// each (pages on SQLite, rows and index scans on PostgreSQL). Looking into
// the grids of every member outside the subtree read all the demo city's
// 14,410 members for each list of a county, a township or a grid.
func TestTeamListReads(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx, city := context.Background(), e.City.Path(apptest.CityCode)
		add := func(grids ...string) {
			t.Helper()
			if _, err := e.App.Grids.CreateMember(ctx, city, grid.MemberInput{Type: "volunteer", Name: "志愿者",
				Phone: apptest.Phone(e.Unique()), GridCodes: grids}); err != nil {
				t.Fatal(err)
			}
		}
		add(apptest.HomeGrid)
		add(apptest.HomeGrid, apptest.OtherGrid) // lives in the city, serves a grid of each county
		lists := []string{e.City.Path(apptest.Home), e.City.Path(apptest.HomeTownship), e.City.Path(apptest.HomeGrid)}
		reads := func() []int {
			var out []int
			for _, path := range lists {
				out = append(out, testkit.Reads(t, e.App.DB, func(ctx context.Context) {
					if _, n, err := e.App.Grids.ListMembers(ctx, path, grid.MemberFilter{}, 0, 20); err != nil || n != 2 {
						t.Fatalf("%s: %d members, %v", path, n, err)
					}
				}))
			}
			return out
		}
		before := reads()
		const others = 300
		for range others {
			add(apptest.OtherGrid)
		}
		for i, after := range reads() {
			if after-before[i] >= others/10 {
				t.Errorf("%s: %d reads with %d members elsewhere, %d without", lists[i], after, others, before[i])
			}
		}
	})
}
