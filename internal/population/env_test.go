package population_test

import (
	"context"
	"fmt"
	"testing"

	"healthgrid/internal/access"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
	"healthgrid/internal/pii"
	"healthgrid/internal/population"
	"healthgrid/internal/region"
	"healthgrid/internal/testkit"
	"healthgrid/internal/testkit/testcity"
)

// The test city: two counties, one township, village and two grids each.
const (
	cityPath = "140900000000/"
	xinfu    = "140900000000/140902000000/"
	street   = "140900000000/140902000000/140902001000/"
	grid1    = testcity.Grid1
	grid2    = testcity.Grid2
	dxGrid   = testcity.DXGrid
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

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	tc := testcity.New(t, d)
	clock, al, regions, c := tc.Clock, tc.Audit, tc.Regions, tc.PII
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
