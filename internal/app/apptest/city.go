package apptest

import (
	"context"
	"fmt"
	"testing"

	"healthgrid/internal/app"
	"healthgrid/internal/auth"
	"healthgrid/internal/demo/seed"
	"healthgrid/internal/org"
	"healthgrid/internal/region"
)

// Codes of the small test city: 忻州市 with two counties, one township,
// village and two grids under each.
const (
	CityCode = "140900000000" // 忻州市
	Home     = "140902000000" // 忻府区: where the role users live
	Other    = "140921000000" // 定襄县: the "other scope"

	HomeTownship  = "140902001000"
	HomeVillage   = "140902001002"
	HomeGrid      = "140902001002001"
	OtherTownship = "140921100000"
	OtherVillage  = "140921100001"
	OtherGrid     = "140921100001001"
)

// Password is every fixture user's password.
const Password = seed.Password

// Usernames beyond the one-per-role users (whose username is the role name).
const (
	Admin      = "admin"       // sysadmin over the whole city: sees everything, an oracle for scope tests
	OtherAdmin = "other_admin" // region_admin of Other
)

// HomeOf is the home region of the fixture user named after a role: the
// first grid for grid workers and residents, the Home county for the rest.
func HomeOf(role string) string {
	if role == "grid_worker" || role == "resident" {
		return HomeGrid
	}
	return Home
}

// City is what the fixture built: ids to put in paths and requests.
type City struct {
	Paths  map[string]string // region code → materialized path
	Units  map[string]string // "type:region code" → unit id
	Users  map[string]string // username → user id
	People map[string]string // "building:", "household:" or "resident:" + grid code → id (see seedPeople)
	Events map[string]string // grid code → the id of an event reported there (see seedEvents)
	Keys   map[string]Key    // county code → a partner API key over it (see seedKeys)
}

// Path is the materialized path of a fixture region.
func (c City) Path(code string) string { return c.Paths[code] }

type node struct {
	code, name string
	lng, lat   float64 // a grid's square: south-west corner; zero for other levels
}

// tree is parents before children. Each grid is a 0.01° square; the two
// counties' grids lie far apart and never overlap.
var tree = []node{
	{CityCode, "忻州市", 0, 0},
	{Home, "忻府区", 0, 0},
	{HomeTownship, "秀容街道", 0, 0},
	{HomeVillage, "东大街社区", 0, 0},
	{HomeGrid, "东大街社区第一网格", 112.70, 38.40},
	{"140902001002002", "东大街社区第二网格", 112.71, 38.40},
	{Other, "定襄县", 0, 0},
	{OtherTownship, "晋昌镇", 0, 0},
	{OtherVillage, "北关村", 0, 0},
	{OtherGrid, "北关村第一网格", 112.95, 38.48},
	{"140921100001002", "北关村第二网格", 112.96, 38.48},
}

// GridPoint is a WGS-84 point inside the grid code (its square's centre).
func GridPoint(code string) (lng, lat float64) {
	for _, n := range tree {
		if n.code == code && n.lng != 0 {
			return n.lng + 0.005, n.lat + 0.005
		}
	}
	panic("apptest: no grid " + code)
}

func square(lng, lat float64) []byte {
	const d = 0.01
	return fmt.Appendf(nil, `{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}`,
		lng, lat, lng+d, lat, lng+d, lat+d, lng, lat+d, lng, lat)
}

// units per county: the county's commission and CDC, a street office or
// township centre, and a clinic or committee in the village.
func unitsOf(county, township, village string, street bool) []org.Input {
	town, vill := "township_health_center", "village_clinic"
	if street {
		town, vill = "street_office", "community_committee"
	}
	return []org.Input{
		{Name: nameOf(county) + "卫生健康局", Type: "health_commission", RegionCode: county},
		{Name: nameOf(county) + "疾控中心", Type: "cdc", RegionCode: county},
		{Name: nameOf(township) + "办", Type: town, RegionCode: township},
		{Name: nameOf(village) + "站", Type: vill, RegionCode: village},
	}
}

func nameOf(code string) string {
	for _, n := range tree {
		if n.code == code {
			return n.name
		}
	}
	return code
}

// build seeds the tree, units and users through the services, as the
// system principal.
func build(t testing.TB, a *app.App) City {
	t.Helper()
	ctx := context.Background()
	nodes := make([]region.Input, len(tree))
	for i, n := range tree {
		nodes[i] = region.Input{Code: n.code, Name: n.name}
		if n.lng != 0 {
			nodes[i].Geometry = square(n.lng, n.lat)
		}
	}
	if err := a.Regions.Seed(ctx, nodes); err != nil {
		t.Fatal(err)
	}
	sys, err := a.System(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := City{Paths: map[string]string{}, Units: map[string]string{}, Users: map[string]string{}}
	for _, n := range tree {
		if c.Paths[n.code], err = a.Regions.Path(ctx, n.code); err != nil {
			t.Fatal(err)
		}
	}
	units := append([]org.Input{{Name: "忻州市卫生健康委员会", Type: "health_commission", RegionCode: CityCode}},
		unitsOf(Home, HomeTownship, HomeVillage, true)...)
	for _, in := range append(units, unitsOf(Other, OtherTownship, OtherVillage, false)...) {
		u, err := a.Units.Create(ctx, sys.RegionPath, in)
		if err != nil {
			t.Fatal(err)
		}
		c.Units[in.Type+":"+in.RegionCode] = u.ID
	}
	users := []auth.UserInput{
		{Username: Admin, Roles: []string{"sysadmin"}, RegionCode: CityCode, UnitID: c.Units["health_commission:"+CityCode]},
		{Username: OtherAdmin, Roles: []string{"region_admin"}, RegionCode: Other, UnitID: c.Units["health_commission:"+Other]},
	}
	for i, r := range auth.Roles {
		in := auth.UserInput{Username: r.Name, Roles: []string{r.Name}, RegionCode: HomeOf(r.Name)}
		switch r.Name {
		case "resident":
			phone := fmt.Sprintf("1380000%04d", i)
			in.Phone = &phone
		case "grid_worker":
			in.UnitID = c.Units["community_committee:"+HomeVillage]
		default:
			in.UnitID = c.Units["health_commission:"+Home]
		}
		users = append(users, in)
	}
	for _, in := range users {
		in.Name, in.Password = in.Username+"测试", Password
		u, err := a.Auth.CreateUser(ctx, sys, in, true)
		if err != nil {
			t.Fatalf("fixture user %s: %v", in.Username, err)
		}
		c.Users[in.Username] = u.ID
	}
	c.People = seedPeople(t, a)
	c.Events = seedEvents(t, a)
	c.Keys = seedKeys(t, a)
	return c
}
