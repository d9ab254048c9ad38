package epidemic_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/epidemic"
	"healthgrid/internal/population"
)

// placed is where a person should land: a grid, or a region's pool, and
// the hand-over's destination.
type placed struct {
	grid, region, handover string
	pooled                 bool
}

var (
	grids    = []string{apptest.HomeGrid, apptest.PeopleGrid, apptest.OtherGrid, "140921100001002"}
	regions  = []string{apptest.HomeTownship, apptest.HomeVillage, apptest.Other, apptest.OtherTownship}
	outsides = []string{"110101000000", "310115000000"}
)

// oracle places a row by the rules, by brute force: the resident the ID
// number names; else the grid code (a region's code: its pool; one outside
// the city: a hand-over, waiting in the uploader's pool); else the grid the
// point lies in; else the grid of the building whose address is the longest
// prefix of the row's; else the uploader's pool.
func oracle(p epidemic.ListedPerson, residents, buildings map[string]string, pool string) placed {
	if g, ok := residents[p.IDNumber]; ok && p.IDNumber != "" {
		return placed{grid: g, region: g}
	}
	switch {
	case p.GridCode == "":
	case contains(grids, p.GridCode):
		return placed{grid: p.GridCode, region: p.GridCode}
	case contains(regions, p.GridCode):
		return placed{region: p.GridCode, pooled: true}
	default:
		return placed{region: pool, pooled: true, handover: p.GridCode}
	}
	if p.Lng != nil {
		for _, g := range grids {
			if lng, lat := apptest.GridPoint(g); lng == *p.Lng && lat == *p.Lat {
				return placed{grid: g, region: g}
			}
		}
		return placed{region: pool, pooled: true}
	}
	best := ""
	for addr := range buildings {
		if strings.HasPrefix(p.Address, addr) && len(addr) > len(best) {
			best = addr
		}
	}
	if best != "" {
		return placed{grid: buildings[best], region: buildings[best]}
	}
	return placed{region: pool, pooled: true}
}

func contains(ss []string, v string) bool {
	for _, s := range ss {
		if s == v {
			return true
		}
	}
	return false
}

// TestDistributionProperty: random residents, then random lists — rows with
// and without ID numbers, named twice in a list and again by a later list,
// grid and region codes, codes outside the city, points in and out of the
// grids. Every person lands exactly once, where the oracle says; a person
// named again keeps where they first landed; the tallies are the recount.
func TestDistributionProperty(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		rng := rand.New(rand.NewPCG(16, 53))
		sys, officer := e.System(t), e.Principal(t, "epidemic_officer")
		pool := apptest.Home
		residents := map[string]string{} // ID number → grid
		for i := range 30 {
			id, g := apptest.ImportID(600000+i), grids[rng.IntN(len(grids))]
			if _, err := e.App.People.Create(ctx, sys, population.Input{Name: fmt.Sprintf("居民%d", i), IDNumber: id,
				GridCode: g}); err != nil {
				t.Fatal(err)
			}
			residents[id] = g
		}
		// buildings, one address inside another's, and one the list never names
		buildings := map[string]string{}
		for i, addr := range []string{"忻府区东大街1号楼", "忻府区东大街1号楼东侧平房", "定襄县北关村三组", "忻府区和平街5号楼"} {
			g := grids[i%len(grids)]
			if _, err := e.App.People.CreateBuilding(ctx, sys.RegionPath, population.BuildingInput{Name: fmt.Sprintf("楼%d", i),
				Address: addr, GridCode: g}); err != nil {
				t.Fatal(err)
			}
			buildings[addr] = g
		}
		addresses := []string{"", "忻府区东大街1号楼3单元201", "忻府区东大街1号楼东侧平房2间", "定襄县北关村三组", "忻府区东大街",
			"忻府区未知路9号"}
		first := map[string]placed{} // ID number → where its person landed first
		for list := range 4 {
			var in []epidemic.ListedPerson
			want := map[string]placed{} // the person's name → where
			seen := map[string]bool{}
			for row := range 40 {
				p := epidemic.ListedPerson{Name: fmt.Sprintf("L%dR%d", list, row)}
				switch rng.IntN(5) {
				case 0, 1:
					p.IDNumber = apptest.ImportID(600000 + rng.IntN(45)) // a resident's, or not
				case 2:
					if len(in) > 0 { // a row of this list again
						p.IDNumber = in[rng.IntN(len(in))].IDNumber
					}
				}
				switch rng.IntN(6) {
				case 0:
					p.GridCode = grids[rng.IntN(len(grids))]
				case 1:
					p.GridCode = regions[rng.IntN(len(regions))]
				case 2:
					p.GridCode = outsides[rng.IntN(len(outsides))]
				case 3:
					lng, lat := apptest.GridPoint(grids[rng.IntN(len(grids))])
					if rng.IntN(3) == 0 {
						lng, lat = 100, 30
					}
					p.Lng, p.Lat = &lng, &lat
				}
				p.Address = addresses[rng.IntN(len(addresses))]
				in = append(in, p)
				switch {
				case p.IDNumber == "":
					want[p.Name] = oracle(p, residents, buildings, pool)
				case seen[p.IDNumber]:
				case first[p.IDNumber] != (placed{}):
					seen[p.IDNumber] = true
				default:
					seen[p.IDNumber] = true
					first[p.IDNumber] = oracle(p, residents, buildings, pool)
					want[p.Name] = first[p.IDNumber]
				}
			}
			c, err := e.App.Epidemic.CreateList(ctx, officer, epidemic.ScreeningInput{Name: fmt.Sprintf("名单%d", list),
				Deadline: e.Clock.Now().Add(time.Hour), Disease: "B27", Category: "close_contact", Persons: in})
			if err != nil {
				t.Fatal(err)
			}
			got, total, err := e.App.Epidemic.Persons(ctx, sys.RegionPath, epidemic.PersonFilter{Screening: c.ID}, 0, 200)
			if err != nil {
				t.Fatal(err)
			}
			if named := distinct(in); total != named {
				t.Fatalf("list %d: %d persons, want %d", list, total, named)
			}
			for _, p := range got {
				w, ok := want[p.Name]
				if !ok {
					continue // named by an earlier list: checked there
				}
				g := placed{grid: p.GridCode, region: p.RegionCode, handover: p.HandoverTo, pooled: p.Pooled}
				if g != w {
					t.Errorf("list %d: %s landed %+v, want %+v", list, p.Name, g, w)
				}
				delete(want, p.Name)
			}
			if len(want) > 0 {
				t.Errorf("list %d: never landed: %v", list, want)
			}
			checkTallies(t, e.App.DB, c.ID, fmt.Sprintf("list %d", list))
		}
	})
}

// distinct is how many persons a list names: each ID number once, each row
// without one.
func distinct(in []epidemic.ListedPerson) int {
	ids, n := map[string]bool{}, 0
	for _, p := range in {
		if p.IDNumber == "" {
			n++
		} else if !ids[p.IDNumber] {
			ids[p.IDNumber] = true
			n++
		}
	}
	return n
}
