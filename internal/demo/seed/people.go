package seed

import (
	"context"
	"fmt"
	"io"
	"time"

	"healthgrid/internal/population"
)

// demoResidents is how many residents the rest of the demo city gets: two
// or three a grid, so that the first start stays quick.
const demoResidents = 20_000

// demoDense are the streets the demo is shown on, filled as real grids are:
// the demo grid worker's community, then the rest of their street.
var demoDense = []population.Dense{
	{Code: "140902001002", From: 380, To: 520}, // 东大街社区
	{Code: "140902001000", From: 220, To: 420}, // 秀容街道
}

// seedPeople generates the demo city's buildings, households and residents,
// inside SeedDemo's transaction.
func (a platform) seedPeople(ctx context.Context) error {
	if err := a.People.Generate(ctx, demoResidents, demoSeed, nil, demoDense...); err != nil {
		return fmt.Errorf("seed residents: %w", err)
	}
	return nil
}

// generateResidents adds n generated residents to the city. Each run draws
// new people: the seed follows the number of residents already there.
func (a platform) generateResidents(ctx context.Context, n int, out io.Writer) error {
	var have int64
	if err := a.DB.QueryRow(ctx, "SELECT COUNT(*) FROM residents").Scan(&have); err != nil {
		return err
	}
	start := time.Now()
	err := a.People.Generate(ctx, n, demoSeed+1+have, func(done int) {
		el := time.Since(start)
		fmt.Fprintf(out, "residents: %d/%d in %v (%.0f/s)\n", done, n, el.Round(time.Second), float64(done)/el.Seconds())
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "generated %d residents in %v\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}
