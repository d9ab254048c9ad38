package event

import (
	"cmp"
	"context"
	"healthgrid/internal/access"
	"slices"
)

// Candidate is a unit an event may be dispatched or whistled to.
type Candidate struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Type       string `json:"type"`
	RegionCode string `json:"region_code"`
	RegionName string `json:"region_name"`
	// Suggested is the role the matter's routing gives the unit at the
	// centre's level: the nearest unit above the grid of each routed type.
	Suggested string `json:"suggested" enum:"lead,co,"`
	// OnLine: the unit sits in the event's region or one above it (else
	// elsewhere in the centre's area)
	OnLine bool `json:"on_line"`
}

// Route is who a matter names at one region level: the unit type that
// leads and those that co-handle.
type Route struct {
	Lead string
	Co   []string
}

// Candidates are the units the event may be sent to — suggested ones
// first, then the nearest — for a caller who can see it.
func (s *Service) Candidates(ctx context.Context, caller *access.Principal, id string) ([]Candidate, error) {
	e, _, err := s.visible(ctx, caller, id, false)
	if err != nil {
		return nil, err
	}
	m, err := s.matters.Matter(ctx, e.MatterCode)
	if err != nil {
		return nil, err
	}
	units, err := s.units.Reachable(ctx, e.RegionPath, e.centrePath)
	if err != nil {
		return nil, err
	}
	route := m.Routes[access.Scope(e.centrePath).Level().String()]
	out := make([]Candidate, len(units))
	depth := make([]int, len(units))
	nearest := map[string]int{} // unit type → index of the deepest unit of it on the line
	for i, u := range units {
		out[i] = Candidate{ID: u.ID, Name: u.Name, Type: u.Type, RegionCode: u.RegionCode, RegionName: u.RegionName,
			OnLine: access.Scope(u.RegionPath).Covers(e.RegionPath)}
		depth[i] = len(u.RegionPath)
		if j, ok := nearest[u.Type]; out[i].OnLine && (!ok || depth[i] > depth[j]) {
			nearest[u.Type] = i
		}
	}
	if i, ok := nearest[route.Lead]; ok && route.Lead != "" {
		out[i].Suggested = "lead"
	}
	for _, t := range route.Co {
		if i, ok := nearest[t]; ok && out[i].Suggested == "" {
			out[i].Suggested = "co"
		}
	}
	rank := func(i int) int {
		switch c := out[i]; {
		case c.Suggested == "lead":
			return 0
		case c.Suggested == "co":
			return 1
		case c.OnLine:
			return 2
		}
		return 3
	}
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	// suggested first, then the units on the event's line, nearest first
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Or(rank(a)-rank(b), depth[b]-depth[a]) })
	sorted := make([]Candidate, len(out))
	for i, j := range order {
		sorted[i] = out[j]
	}
	return sorted, nil
}
