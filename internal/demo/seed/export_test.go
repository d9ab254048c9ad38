package seed

import (
	"context"

	"healthgrid/internal/app"
)

// SeedOutbreak runs the demo's outbreak seed alone, after a test built the
// chain it declares over.
func SeedOutbreak(ctx context.Context, a *app.App) error {
	p := platform{a}
	cdc, err := p.principal(ctx, "cdc", []string{"dept_handler", "epidemic_officer"})
	if err != nil {
		return err
	}
	return p.seedOutbreak(ctx, cdc)
}
