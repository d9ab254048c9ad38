package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/paulmach/orb/geojson"

	"healthgrid/internal/auth"
	"healthgrid/internal/demo"
	"healthgrid/internal/org"
	"healthgrid/internal/region"
)

// DemoPassword is every demo account's password (demo mode only).
const DemoPassword = "Demo@2026"

// demoSeed is the seed of the demo city's generated geometry.
const demoSeed = 1

type demoAccount struct {
	username, name, phone string
	roles                 []string
	region, unitKey       string
}

var demoAccounts = []demoAccount{
	{"admin", "系统管理员", "", []string{"sysadmin"}, "140900000000", "health_commission:140900000000"},
	{"xinfu", "忻府区管理员", "", []string{"dispatcher", "region_admin"}, "140902000000", "health_commission:140902000000"},
	{"dingxiang", "定襄县管理员", "", []string{"dispatcher", "region_admin"}, "140921000000", "health_commission:140921000000"},
	{"street", "秀容街道管理员", "", []string{"dispatcher", "region_admin"}, "140902001000", "street_office:140902001000"},
	{"grid", "东大街社区网格员", "", []string{"grid_worker"}, "140902001002001", "community_committee:140902001002"},
	{"cdc", "忻府区疾控中心", "", []string{"dept_handler", "epidemic_officer"}, "140902000000", "cdc:140902000000"},
	{"resident", "居民张三", "13800000001", []string{"resident"}, "140902001002001", ""},
}

// Seeded reports whether the region tree has been loaded.
func (a *App) Seeded(ctx context.Context) (bool, error) {
	var n int
	err := a.DB.QueryRow(ctx, "SELECT COUNT(*) FROM regions").Scan(&n)
	return n > 0, err
}

// SeedDemo builds the demo city 忻州市 — real counties, townships and
// villages, generated grids, units and the demo accounts — in one
// transaction. It does nothing when a region tree exists.
func (a *App) SeedDemo(ctx context.Context) error {
	if ok, err := a.Seeded(ctx); err != nil || ok {
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
		for _, d := range demoAccounts {
			in := auth.UserInput{Username: d.username, Name: d.name, Phone: &d.phone, Roles: d.roles, RegionCode: d.region, Password: DemoPassword}
			if d.unitKey != "" {
				if in.UnitID, err = a.Units.BySeedKey(ctx, d.unitKey); err != nil {
					return fmt.Errorf("seed account %s: unit %s: %w", d.username, d.unitKey, err)
				}
			}
			if _, err := a.Auth.CreateUser(ctx, sys, in, true); err != nil && !errors.Is(err, auth.ErrUsernameTaken) {
				return fmt.Errorf("seed account %s: %w", d.username, err)
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
	return a.seedEvents(ctx, time.Now())
}
