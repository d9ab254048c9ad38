package app

import (
	"context"

	"healthgrid/internal/epidemic"
)

// diseasesOf gives the early warning the disease list, read off the
// epidemic module once it is built (the two are built in turn: epidemic
// counts its cards into the warning's tallies).
type diseasesOf struct{ a *App }

// Diseases is the disease list of the caller at scope.
func (d diseasesOf) Diseases(ctx context.Context, scope string, current bool) ([]epidemic.Disease, error) {
	return d.a.Epidemic.Diseases(ctx, scope, current)
}
