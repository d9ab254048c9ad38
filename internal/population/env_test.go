package population_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
	"healthgrid/internal/pii"
	"healthgrid/internal/population"
	"healthgrid/internal/region"
	"healthgrid/internal/testkit"
)

// The test city: two counties, one township, village and two grids each.
const (
	cityPath = "140900000000/"
	xinfu    = "140900000000/140902000000/"
	street   = "140900000000/140902000000/140902001000/"
	grid1    = "140902001002001"
	grid2    = "140902001002002"
	dxGrid   = "140921100001001"
)

// env is a population service on a fresh database with the test city.
type env struct {
	d       *db.DB
	s       *population.Service
	audit   *audit.Log
	regions *region.Service
	clock   *testkit.Clock
	cipher  *pii.Cipher
	admin   *access.Principal // the whole city
	town    *access.Principal // 秀容街道 only
	other   *access.Principal // 定襄县 only
}

func square(lng, lat float64) []byte {
	return fmt.Appendf(nil, `{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}`,
		lng, lat, lng+0.01, lat, lng+0.01, lat+0.01, lng, lat+0.01, lng, lat)
}

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	clock := testkit.NewClock(time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC))
	al := audit.New(d, []byte("k"), clock.Now)
	regions := region.New(d, al, nil, clock.Now)
	if err := regions.Seed(ctx, []region.Input{{Code: "140900000000", Name: "忻州市"},
		{Code: "140902000000", Name: "忻府区"}, {Code: "140902001000", Name: "秀容街道"}, {Code: "140902001002", Name: "东大街社区"},
		{Code: grid1, Name: "东大街社区第一网格", Geometry: square(112.70, 38.40)},
		{Code: grid2, Name: "东大街社区第二网格", Geometry: square(112.71, 38.40)},
		{Code: "140921000000", Name: "定襄县"}, {Code: "140921100000", Name: "晋昌镇"}, {Code: "140921100001", Name: "北关村"},
		{Code: dxGrid, Name: "北关村第一网格", Geometry: square(112.95, 38.48)}}); err != nil {
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
	who := func(name, path string) *access.Principal {
		return &access.Principal{UserID: "u-" + name, Username: name, Name: name + "测试", Roles: []string{"region_admin"}, RegionPath: path}
	}
	return &env{d: d, s: population.New(population.Deps{DB: d, Audit: al, PII: c, Regions: regions, Now: clock.Now}), audit: al, regions: regions, clock: clock,
		cipher: c, admin: who("admin", cityPath), town: who("street", street), other: who("dingxiang", "140900000000/140921000000/")}
}

// with is the service on the same database with other settings.
func (e *env) with(set population.Settings) *population.Service {
	return population.New(population.Deps{DB: e.d, Audit: e.audit, PII: e.cipher, Regions: e.regions, Settings: set, Now: e.clock.Now})
}

// ctx is a context carrying the principal, as a request's would.
// importBatch checks rows as caller and writes them, as the import
// pipeline does a batch at a time.
func (e *env) importBatch(ctx context.Context, caller *access.Principal, mode population.Mode, rows []population.ImportRow) (population.BatchResult, error) {
	c, err := e.s.CheckBatch(ctx, caller, rows)
	if err != nil {
		return population.BatchResult{}, err
	}
	return e.s.WriteBatch(ctx, caller, mode, c)
}

func ctxAs(p *access.Principal) context.Context {
	return access.With(context.Background(), p)
}

// idNumber is a valid fictitious ID number: region (6 digits), birth date
// (yyyymmdd), a sequence number; odd seq → male.
func idNumber(region string, birth, seq int) string {
	s := fmt.Sprintf("%s%08d%03d", region, birth, seq%1000)
	return s + string(pii.IDCheckDigit(s))
}

// eachEnv runs fn on both databases.
func eachEnv(t *testing.T, fn func(t *testing.T, e *env)) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) { fn(t, newEnv(t, d)) })
}
