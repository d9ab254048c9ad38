package org_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
	"healthgrid/internal/org"
	"healthgrid/internal/region"
	"healthgrid/internal/testkit"
)

func TestUnits(t *testing.T) {
	ctx := context.Background()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		now := func() time.Time { return time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC) }
		al := audit.New(audit.Deps{DB: d, Key: []byte("k"), Now: now})
		regions := region.New(region.Deps{DB: d, Audit: al, Now: now})
		if err := regions.Seed(ctx, []region.Input{{Code: "140900000000", Name: "忻州市"},
			{Code: "140902000000", Name: "忻府区"}, {Code: "140921000000", Name: "定襄县"}}); err != nil {
			t.Fatal(err)
		}
		s := org.New(org.Deps{DB: d, Audit: al, Regions: regions, Now: now})
		city, xinfu := "140900000000/", "140900000000/140902000000/"
		cdc, err := s.Create(ctx, city, org.Input{Name: "忻府区疾病预防控制中心", Type: "cdc", RegionCode: "140902000000"})
		if err != nil || cdc.RegionName != "忻府区" || cdc.RegionPath != xinfu {
			t.Fatalf("create: %+v %v", cdc, err)
		}
		dx, _ := s.Create(ctx, city, org.Input{Name: "定襄县人民医院", Type: "hospital", RegionCode: "140921000000"})
		_, err = s.Create(ctx, xinfu, org.Input{Name: " ", Type: "spaceship", RegionCode: "140921000000"})
		var inv apperr.Invalid
		if !errors.As(err, &inv) || len(inv) != 3 {
			t.Fatalf("bad input names three fields: %v", err)
		}
		if _, err := s.Get(ctx, xinfu, dx.ID); !errors.Is(err, org.ErrNotFound) {
			t.Fatalf("out of scope get: %v", err)
		}
		if _, err := s.Update(ctx, xinfu, dx.ID, org.Input{Name: "x", Type: "hospital", RegionCode: "140902000000"}); !errors.Is(err, org.ErrNotFound) {
			t.Fatalf("out of scope update: %v", err)
		}
		if err := s.Delete(ctx, xinfu, dx.ID); !errors.Is(err, org.ErrNotFound) {
			t.Fatalf("out of scope delete: %v", err)
		}
		for _, c := range []struct {
			scope string
			f     org.Filter
			want  int
		}{{city, org.Filter{}, 2}, {xinfu, org.Filter{}, 1}, {city, org.Filter{Type: "hospital"}, 1},
			{city, org.Filter{Q: "疾病"}, 1}, {xinfu, org.Filter{RegionPath: "140900000000/140921000000/"}, 1}} {
			items, total, err := s.List(ctx, c.scope, c.f, 0, 10)
			if err != nil || total != c.want || len(items) != c.want {
				t.Errorf("list %s %+v: %d/%d %v, want %d", c.scope, c.f, len(items), total, err, c.want)
			}
		}
		if err := s.Delete(ctx, city, dx.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, city, dx.ID); !errors.Is(err, org.ErrNotFound) {
			t.Fatalf("deleted: %v", err)
		}
	})
}
