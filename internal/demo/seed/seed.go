// Package seed builds the demo city 忻州市 on a wired platform: its regions,
// units, accounts, teams, residents (the demo grid's street as dense as a
// real one), the demo resident's family bound to their account, notices,
// bookings and home visits, and three months of events, each through the
// modules' own services (`healthgrid seed`, `serve --demo`).
package seed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/paulmach/orb/geojson"

	"healthgrid/internal/app"
	"healthgrid/internal/auth"
	"healthgrid/internal/demo"
	"healthgrid/internal/org"
	"healthgrid/internal/region"
)

// Password is every demo account's password (demo mode only).
const Password = "Demo@2026"

// demoSeed is the seed of the demo city's generated geometry.
const demoSeed = 1

// Account is one demo account: its unit by seed key (org.Input.SeedKey).
type Account struct {
	Username, Name, Phone string
	Roles                 []string
	Region, UnitKey       string
}

// Accounts are the demo accounts, one per kind of user.
var Accounts = []Account{
	{"admin", "系统管理员", "", []string{"sysadmin"}, "140900000000", "health_commission:140900000000"},
	{"xinfu", "忻府区管理员", "", []string{"dispatcher", "region_admin"}, "140902000000", "health_commission:140902000000"},
	{"dingxiang", "定襄县管理员", "", []string{"dispatcher", "region_admin"}, "140921000000", "health_commission:140921000000"},
	{"street", "秀容街道管理员", "", []string{"dispatcher", "region_admin"}, "140902001000", "street_office:140902001000"},
	{"grid", "东大街社区网格员", "", []string{"grid_worker"}, "140902001002001", "community_committee:140902001002"},
	{"cdc", "忻府区疾控中心", "", []string{"dept_handler", "epidemic_officer"}, "140902000000", "cdc:140902000000"},
	{"hospital", "忻府区人民医院报卡员", "", []string{"hospital_reporter"}, "140902000000", "hospital:140902000000"},
	{"resident", "居民张三", "13800000001", []string{"resident"}, "140902001002001", ""},
}

// platform is the wired platform the demo city is built on.
type platform struct{ *app.App }

// Demo builds the demo city 忻州市 — real counties, townships and villages,
// generated grids, units and the demo accounts — in one transaction, then
// its events. It does nothing when a region tree exists.
func Demo(ctx context.Context, a *app.App) error { return platform{a}.seedDemo(ctx) }

// Residents adds n generated residents to the city (`seed --residents N`),
// printing progress to out.
func Residents(ctx context.Context, a *app.App, n int, out io.Writer) error {
	return platform{a}.generateResidents(ctx, n, out)
}

// seeded reports whether the region tree has been loaded.
func (a platform) seeded(ctx context.Context) (bool, error) {
	var n int
	err := a.DB.QueryRow(ctx, "SELECT COUNT(*) FROM regions").Scan(&n)
	return n > 0, err
}

func (a platform) seedDemo(ctx context.Context) error {
	if ok, err := a.seeded(ctx); err != nil || ok {
		return err
	}
	city, err := demo.BuildCity(demoSeed)
	if err != nil {
		return err
	}
	nodes := make([]region.Input, len(city.Regions))
	for i, r := range city.Regions {
		nodes[i] = region.Input{Code: r.Code, Name: r.Name}
		if r.Geometry != nil {
			if nodes[i].Geometry, err = geojson.NewGeometry(r.Geometry).MarshalJSON(); err != nil {
				return err
			}
		}
	}
	err = a.DB.InTx(ctx, func(ctx context.Context) error {
		if err := a.Regions.Seed(ctx, nodes); err != nil {
			return err
		}
		sys, err := a.System(ctx)
		if err != nil {
			return err
		}
		for _, u := range city.Units {
			if _, err := a.Units.Create(ctx, sys.RegionPath, org.Input{Name: u.Name, Type: u.Type, RegionCode: u.RegionCode, SeedKey: u.Key}); err != nil {
				return fmt.Errorf("seed unit %s: %w", u.Key, err)
			}
		}
		for _, d := range Accounts {
			in := auth.UserInput{Username: d.Username, Name: d.Name, Phone: &d.Phone, Roles: d.Roles, RegionCode: d.Region, Password: Password}
			if d.UnitKey != "" {
				if in.UnitID, err = a.Units.BySeedKey(ctx, d.UnitKey); err != nil {
					return fmt.Errorf("seed account %s: unit %s: %w", d.Username, d.UnitKey, err)
				}
			}
			if _, err := a.Auth.CreateUser(ctx, sys, in, true); err != nil && !errors.Is(err, auth.ErrUsernameTaken) {
				return fmt.Errorf("seed account %s: %w", d.Username, err)
			}
		}
		if err := a.seedTeams(ctx, city, sys.RegionPath); err != nil {
			return err
		}
		return a.seedPeople(ctx)
	})
	if err != nil {
		return err
	}
	now := time.Now()
	if err := a.seedPublic(ctx, now); err != nil {
		return err
	}
	if err := a.DB.InTx(ctx, func(ctx context.Context) error { return a.seedEpidemic(ctx, now) }); err != nil {
		return fmt.Errorf("seed the epidemic episode: %w", err)
	}
	return a.seedEvents(ctx, now)
}

// seedPublic is the public service's side of the demo city, in one
// transaction: the demo families registered and bound to their accounts,
// the notices, and the bookings and home visits of the demo grid.
func (a platform) seedPublic(ctx context.Context, now time.Time) error {
	return a.DB.InTx(ctx, func(ctx context.Context) error {
		sys, err := a.System(ctx)
		if err != nil {
			return err
		}
		homes, block, err := a.seedFamilies(ctx, sys)
		if err != nil {
			return err
		}
		if err := a.seedNotices(ctx, now); err != nil {
			return err
		}
		return a.seedBookings(ctx, now, homes, block)
	})
}

// GridCodes are the codes of every grid of the city, in order.
func GridCodes(ctx context.Context, a *app.App) ([]string, error) {
	rows, err := a.DB.Query(ctx, "SELECT code FROM regions WHERE level = 'grid' ORDER BY code")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, errors.New("bench import: the city has no grids")
	}
	return out, rows.Err()
}
