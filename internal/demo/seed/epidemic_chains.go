package seed

import (
	"context"
	"fmt"

	"healthgrid/internal/access"
	"healthgrid/internal/epidemic/chain"
)

// outbreakName is the demo's outbreak (聚集性疫情): the CDC declared it over
// the chain of the school and market cluster, which the trace seed builds.
const outbreakName = "忻府区学校及农贸市场聚集性疫情"

// seedOutbreak declares the demo's outbreak over the largest active chain
// touching 忻府区 — the cluster the trace seed builds through AddExposures,
// which holds the cluster's index case — as the county CDC would, grade IV
// (一般). Without a chain there is nothing to declare; a second run finds
// the outbreak and adds nothing.
func (a platform) seedOutbreak(ctx context.Context, cdc *access.Principal) error {
	declared, _, err := a.Chains.Outbreaks(ctx, cdc, chain.OutbreakFilter{}, 0, 200)
	if err != nil {
		return err
	}
	for _, o := range declared {
		if o.Name == outbreakName {
			return nil
		}
	}
	chains, _, err := a.Chains.Chains(ctx, cdc, chain.ChainFilter{Region: "140902000000", Active: "true"}, 0, 200)
	if err != nil || len(chains) == 0 {
		return err
	}
	largest := chains[0]
	for _, c := range chains[1:] {
		if c.Size > largest.Size {
			largest = c
		}
	}
	if _, err := a.Chains.Declare(ctx, cdc, chain.OutbreakInput{Name: outbreakName, Disease: largest.Disease,
		Region: "140902000000", Level: "IV", Chains: []string{largest.ID},
		Note: "学校与农贸市场两处暴露相连成一条传播链，经现场流调核实，认定为聚集性疫情"}); err != nil {
		return fmt.Errorf("declare the demo's outbreak: %w", err)
	}
	return nil
}
