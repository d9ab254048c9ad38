package epidemic

import (
	"context"
	"slices"
	"strings"
)

// Addresses name a building from minAddress characters on: a shorter
// prefix ("忻府区") names an area, not a building.
const (
	minAddress = 6
	maxAddress = 80
)

// byAddress gives each candidate that has no better clue — no grid code,
// no point — the grid of the building its address names: the building
// whose address is the longest prefix of it ("东大街1号楼" for
// "东大街1号楼3单元201"). A resident the ID number matches still comes
// first (place). Lookups go in bulk, before the list's transaction.
func (s *Service) byAddress(ctx context.Context, cs []Candidate) error {
	var keys []string
	seen := map[string]bool{}
	for _, c := range cs {
		if !needsAddress(c) {
			continue
		}
		for _, p := range prefixes(c.Address) {
			if !seen[p] {
				seen[p] = true
				keys = append(keys, p)
			}
		}
	}
	found := map[string]ResidentMatch{}
	for part := range slices.Chunk(keys, chunk) {
		m, err := s.residents.MatchAddresses(ctx, part)
		if err != nil {
			return err
		}
		for k, v := range m {
			found[k] = v
		}
	}
	if len(found) == 0 {
		return nil
	}
	for i, c := range cs {
		if !needsAddress(c) {
			continue
		}
		ps := prefixes(c.Address)
		for j := len(ps) - 1; j >= 0; j-- {
			if m, ok := found[ps[j]]; ok {
				cs[i].GridCode = m.GridCode
				break
			}
		}
	}
	return nil
}

func needsAddress(c Candidate) bool {
	return c.GridCode == "" && c.Lng == nil && strings.TrimSpace(c.Address) != ""
}

// prefixes are an address's prefixes a building's address may be, shortest
// first, the whole (trimmed) address last.
func prefixes(addr string) []string {
	addr = strings.TrimSpace(addr)
	var out []string
	n := 0
	for i := range addr {
		if n >= minAddress && n <= maxAddress {
			out = append(out, addr[:i])
		}
		n++
	}
	if n >= minAddress && n <= maxAddress {
		out = append(out, addr)
	}
	return out
}
