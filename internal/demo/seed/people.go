package seed

import (
	"context"
	"fmt"
	"io"
	"time"
)

// demoResidents is how many residents the demo city gets.
const demoResidents = 20_000

// seedPeople generates the demo city's buildings, households and residents,
// inside SeedDemo's transaction.
func (a platform) seedPeople(ctx context.Context) error {
	if err := a.People.Generate(ctx, demoResidents, demoSeed, nil); err != nil {
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
