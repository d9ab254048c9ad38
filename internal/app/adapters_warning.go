package app

import (
	"context"

	"healthgrid/internal/access"
	"healthgrid/internal/epidemic"
	"healthgrid/internal/epidemic/chain"
)

// diseasesOf gives the early warning the disease list, read off the
// epidemic module once it is built (the two are built in turn: epidemic
// counts its cards into the warning's tallies).
type diseasesOf struct{ a *App }

// Diseases is the disease list of the caller at scope.
func (d diseasesOf) Diseases(ctx context.Context, scope string, current bool) ([]epidemic.Disease, error) {
	return d.a.Epidemic.Diseases(ctx, scope, current)
}

// outbreaksOf lets a confirmed warning signal declare its outbreak (chain),
// in the signal's transaction; the CDC grades it after (an empty level is
// IV, 一般).
type outbreaksOf struct{ chains *chain.Service }

// Declare declares in's outbreak and answers its ID.
func (o outbreaksOf) Declare(ctx context.Context, by *access.Principal, in chain.OutbreakInput) (string, error) {
	ob, err := o.chains.Declare(ctx, by, in)
	return ob.ID, err
}
