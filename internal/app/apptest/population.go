package apptest

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/app"
	"healthgrid/internal/pii"
	"healthgrid/internal/population"
	"healthgrid/internal/testkit"
)

// IDNumber is the n-th fictitious but valid national ID number of the test
// city: born in 忻府区 on a date that depends on n, male for odd n. The
// date repeats every 21,000 (the 50 years, 12 months and 28 days), so each
// further 21,000 shifts the sequence number by 14: distinct for n below
// 1,050,000, and the same as ever below 21,000.
func IDNumber(n int) string {
	seq := (n%1000 + 14*(n/21000)) % 1000
	s := fmt.Sprintf("140902%04d%02d%02d%03d", 1950+n%50, 1+n%12, 1+n%28, seq)
	return s + string(pii.IDCheckDigit(s))
}

// PeopleGrid is the home county's grid with the population fixture (the
// second grid of 东大街社区; the first stays empty for tests counting it).
const PeopleGrid = "140902001002002"

// seedPeople adds, in PeopleGrid and in OtherGrid, a building, a resident
// and a household headed by them: "building:", "resident:" and "household:"
// followed by the grid code name their ids.
func seedPeople(t testing.TB, a *app.App) map[string]string {
	t.Helper()
	ctx := context.Background()
	sys, err := a.System(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for i, g := range []string{PeopleGrid, OtherGrid} {
		b, err := a.People.CreateBuilding(ctx, sys.RegionPath, population.BuildingInput{Name: "1号楼", Address: nameOf(g) + "1号楼", GridCode: g})
		if err != nil {
			t.Fatal(err)
		}
		r, err := a.People.Create(ctx, sys, population.Input{Name: "户主" + nameOf(g), IDNumber: IDNumber(900 + i), BuildingID: b.ID,
			Tags: []string{"hypertension"}})
		if err != nil {
			t.Fatal(err)
		}
		h, err := a.People.CreateHousehold(ctx, sys, population.HouseholdInput{BuildingID: b.ID, Room: "101", HeadResidentID: r.ID})
		if err != nil {
			t.Fatal(err)
		}
		out["building:"+g], out["resident:"+g], out["household:"+g] = b.ID, r.ID, h.ID
	}
	return out
}

// NewResident registers a throw-away resident in grid and returns its id.
func (e *Env) NewResident(t testing.TB, grid string) string {
	t.Helper()
	r, err := e.App.People.Create(context.Background(), e.System(t), population.Input{
		Name: fmt.Sprintf("居民%d", e.Unique()), IDNumber: IDNumber(1000 + e.Unique()), GridCode: grid, Tags: []string{"diabetes_t2"}})
	if err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// NewBuilding adds a throw-away building in grid and returns its id.
func (e *Env) NewBuilding(t testing.TB, grid string) string {
	t.Helper()
	b, err := e.App.People.CreateBuilding(context.Background(), e.System(t).RegionPath,
		population.BuildingInput{Name: fmt.Sprintf("%d号楼", e.Unique()), GridCode: grid})
	if err != nil {
		t.Fatal(err)
	}
	return b.ID
}

// NewHousehold adds a throw-away household (in a new building) in grid and returns its id.
func (e *Env) NewHousehold(t testing.TB, grid string) string {
	t.Helper()
	h, err := e.App.People.CreateHousehold(context.Background(), e.System(t),
		population.HouseholdInput{BuildingID: e.NewBuilding(t, grid), Room: "101"})
	if err != nil {
		t.Fatal(err)
	}
	return h.ID
}

// NewTransfer registers a throw-away resident in grid from and files, as
// an officer of grid toGrid, a request to move them there; it returns the
// request's id.
func (e *Env) NewTransfer(t testing.TB, from, toGrid string) string {
	t.Helper()
	ctx := context.Background()
	n := e.Unique()
	id, name := IDNumber(3000+n), fmt.Sprintf("迁移%d", n)
	if _, err := e.App.People.Create(ctx, e.System(t), population.Input{Name: name, IDNumber: id, GridCode: from}); err != nil {
		t.Fatal(err)
	}
	asker := &access.Principal{UserID: "apptest", Username: "apptest", Name: "迁入方", Roles: []string{"region_admin"},
		RegionPath: e.City.Path(toGrid)}
	tr, err := e.App.People.RequestTransfer(access.With(ctx, asker), asker,
		population.TransferInput{IDNumber: id, Name: name, ToGridCode: toGrid, Reason: "随家人迁入"})
	if err != nil {
		t.Fatal(err)
	}
	return tr.ID
}

// ResidentsExport downloads a residents export and returns its table,
// header first.
func ResidentsExport(t testing.TB, c *testkit.Client, path string) [][]string {
	t.Helper()
	st, b := c.Do(http.MethodGet, path, nil)
	if st != http.StatusOK || !strings.Contains(c.Last.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("export %s: %d %s", path, st, b)
	}
	x, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows("居民")
	for i, r := range rows {
		if len(r) > 1 && r[0] == "姓名" {
			return rows[i:]
		}
	}
	t.Fatalf("no table in %q", rows)
	return nil
}
