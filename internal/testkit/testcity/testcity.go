// Package testcity is the small city the modules' store tests run on:
// 忻州市 with 忻府区 › 秀容街道 › 东大街社区 and its two grids, and 定襄县 ›
// 晋昌镇 › 北关村 with one grid; the tests' field-encryption keys; and the
// clock they start at.
package testcity

import (
	"context"
	"fmt"
	"testing"
	"time"

	"healthgrid/internal/audit"
	"healthgrid/internal/db"
	"healthgrid/internal/pii"
	"healthgrid/internal/region"
	"healthgrid/internal/testkit"
)

// The grids of the test city.
const (
	Grid1  = "140902001002001" // 东大街社区第一网格
	Grid2  = "140902001002002" // 东大街社区第二网格
	DXGrid = "140921100001001" // 北关村第一网格, in the other county
)

// Env is what a module's test environment is built on.
type Env struct {
	Clock   *testkit.Clock
	Audit   *audit.Log
	Regions *region.Service
	PII     *pii.Cipher
}

// New seeds the test city on d, with its grids' boundaries located, at
// 2026-11-23 10:00 Beijing time.
func New(t testing.TB, d *db.DB) Env {
	t.Helper()
	ctx := context.Background()
	clock := testkit.NewClock(time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC))
	al := audit.New(audit.Deps{DB: d, Key: []byte("k"), Now: clock.Now})
	regions := region.New(region.Deps{DB: d, Audit: al, Now: clock.Now})
	if err := regions.Seed(ctx, []region.Input{{Code: "140900000000", Name: "忻州市"},
		{Code: "140902000000", Name: "忻府区"}, {Code: "140902001000", Name: "秀容街道"}, {Code: "140902001002", Name: "东大街社区"},
		{Code: Grid1, Name: "东大街社区第一网格", Geometry: Square(112.70, 38.40)},
		{Code: Grid2, Name: "东大街社区第二网格", Geometry: Square(112.71, 38.40)},
		{Code: "140921000000", Name: "定襄县"}, {Code: "140921100000", Name: "晋昌镇"}, {Code: "140921100001", Name: "北关村"},
		{Code: DXGrid, Name: "北关村第一网格", Geometry: Square(112.95, 38.48)}}); err != nil {
		t.Fatal(err)
	}
	if err := regions.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	var k pii.Keys
	for i := range 32 {
		k.Enc[i], k.Index[i] = byte(i+1), byte(i+101)
	}
	c, err := pii.New(k)
	if err != nil {
		t.Fatal(err)
	}
	return Env{Clock: clock, Audit: al, Regions: regions, PII: c}
}

// Square is a GeoJSON square of 0.01° from its south-west corner.
func Square(lng, lat float64) []byte {
	return fmt.Appendf(nil, `{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}`,
		lng, lat, lng+0.01, lat, lng+0.01, lat+0.01, lng, lat+0.01, lng, lat)
}
