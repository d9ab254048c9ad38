package chain

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"

	"healthgrid/internal/access"
)

// Node is a person of a chain. One outside the caller's scope shows only
// their category and county: no name, no person or grid.
type Node struct {
	Key        string `json:"key" doc:"the person's ID in scope; an opaque key (x1, x2 …) outside it"`
	PersonID   string `json:"person_id,omitempty"`
	Name       string `json:"name,omitempty"`
	Category   string `json:"category"`
	Grid       string `json:"grid,omitempty"`
	Region     string `json:"region" doc:"the county (区县) code"`
	InScope    bool   `json:"in_scope"`
	Onset      string `json:"onset,omitempty" doc:"onset date from the person's report card, in scope"`
	Day        string `json:"day" doc:"the earliest exposure that names them"`
	Generation int    `json:"generation" doc:"exposure steps from the chain's first cases (0)"`
}

// Edge is an exposure of a chain, between two nodes' keys.
type Edge struct {
	ID        string `json:"id"`
	Source    string `json:"source"`
	Target    string `json:"target"`
	Kind      string `json:"kind"`
	Date      string `json:"date"`
	Certainty string `json:"certainty"`
	Venue     string `json:"venue,omitempty"`
}

// Group is the persons of a large chain in one generation or one grid.
type Group struct {
	Key        string         `json:"key"`
	Generation int            `json:"generation"`
	Grid       string         `json:"grid,omitempty" doc:"grouped by grid: the grid (in scope) or the county (outside)"`
	Size       int            `json:"size"`
	Categories map[string]int `json:"categories"`
}

// GroupEdge counts the exposures from one group to another.
type GroupEdge struct {
	Source string `json:"source"`
	Target string `json:"target"`
	Count  int    `json:"count"`
}

// Graph is a chain drawn: its persons and exposures, or past the graph
// limit (or when asked) its groups by generation or grid.
type Graph struct {
	Chain      Chain       `json:"chain"`
	Limit      int         `json:"limit" doc:"the size past which the persons are grouped unless group=none"`
	Grouped    string      `json:"grouped" enum:"none,generation,grid"`
	Nodes      []Node      `json:"nodes"`
	Edges      []Edge      `json:"edges"`
	Groups     []Group     `json:"groups"`
	GroupEdges []GroupEdge `json:"group_edges"`
}

// GraphFilter narrows a chain's graph.
type GraphFilter struct {
	From      string `query:"from" pattern:"^(\\d{4}-\\d{2}-\\d{2})?$" doc:"exposures from this day"`
	To        string `query:"to" pattern:"^(\\d{4}-\\d{2}-\\d{2})?$" doc:"exposures until this day"`
	Certainty string `query:"certainty" enum:"confirmed,probable,possible," doc:"the least certainty shown: confirmed only, probable and up, or all"`
	Group     string `query:"group" enum:"none,generation,grid," doc:"how to group; empty: by generation past the limit"`
}

var certaintyRank = map[string]int{"possible": 0, "probable": 1, "confirmed": 2}

// Graph is chain id drawn for by: persons outside by's scope masked.
func (s *Service) Graph(ctx context.Context, by *access.Principal, id string, f GraphFilter) (Graph, error) {
	c, err := s.chain(ctx, by, id)
	if err != nil {
		return Graph{}, err
	}
	g := Graph{Chain: c, Limit: s.settings.GraphLimit, Grouped: cmp.Or(f.Group, "none"), Nodes: []Node{}, Edges: []Edge{},
		Groups: []Group{}, GroupEdges: []GroupEdge{}}
	if f.Group == "" && c.Size > g.Limit {
		g.Grouped = "generation"
	}
	nodes, err := s.nodes(ctx, by, id)
	if err != nil {
		return Graph{}, err
	}
	edges, err := s.edges(ctx, id)
	if err != nil {
		return Graph{}, err
	}
	generations(nodes, edges)
	kept := map[string]bool{}
	for _, e := range edges {
		if (f.From != "" && e.Date < f.From) || (f.To != "" && e.Date > f.To) ||
			certaintyRank[e.Certainty] < certaintyRank[cmp.Or(f.Certainty, "possible")] {
			continue
		}
		kept[e.Source], kept[e.Target] = true, true
		e.Source, e.Target = nodes[e.Source].Key, nodes[e.Target].Key
		g.Edges = append(g.Edges, e)
	}
	for _, n := range nodes {
		if kept[n.PersonID] {
			g.Nodes = append(g.Nodes, *n)
		}
	}
	slices.SortFunc(g.Nodes, func(a, b Node) int {
		return cmp.Or(cmp.Compare(a.Generation, b.Generation), cmp.Compare(a.Day, b.Day), cmp.Compare(a.Key, b.Key))
	})
	for i := range g.Nodes {
		if !g.Nodes[i].InScope {
			g.Nodes[i].PersonID = ""
		}
	}
	if g.Grouped != "none" {
		g.Groups, g.GroupEdges = group(g.Nodes, g.Edges, g.Grouped)
		g.Nodes, g.Edges = []Node{}, []Edge{}
	}
	return g, nil
}

// nodes are a chain's persons by person ID, keyed and masked for by.
func (s *Service) nodes(ctx context.Context, by *access.Principal, id string) (map[string]*Node, error) {
	rows, err := s.db.Query(ctx, `SELECT p.id, p.name, p.category, p.grid_code, p.region_path,
		COALESCE((SELECT MIN(r.onset_date) FROM epi_reports r WHERE r.person_id = p.id AND r.onset_date <> ''), '')
		FROM epi_chain_members m JOIN epi_persons p ON p.id = m.person_id WHERE m.chain_id = ? ORDER BY p.id`, id)
	if err != nil {
		return nil, fmt.Errorf("chain: nodes: %w", err)
	}
	defer rows.Close()
	out, masked := map[string]*Node{}, 0
	for rows.Next() {
		var n Node
		var path string
		if err := rows.Scan(&n.PersonID, &n.Name, &n.Category, &n.Grid, &path, &n.Onset); err != nil {
			return nil, err
		}
		n.Key, n.Region, n.InScope = n.PersonID, access.Scope(path).County().Code(), by.Covers(path)
		if !n.InScope {
			masked++
			n.Key, n.Name, n.Grid, n.Onset = "x"+strconv.Itoa(masked), "", "", ""
		}
		out[n.PersonID] = &n
	}
	return out, rows.Err()
}

func (s *Service) edges(ctx context.Context, id string) ([]Edge, error) {
	rows, err := s.db.Query(ctx, `SELECT id, source_id, target_id, kind, day, certainty, venue_code FROM epi_exposures
		WHERE chain_id = ? ORDER BY day, id`, id)
	if err != nil {
		return nil, fmt.Errorf("chain: edges: %w", err)
	}
	defer rows.Close()
	out := []Edge{}
	for rows.Next() {
		var e Edge
		if err := rows.Scan(&e.ID, &e.Source, &e.Target, &e.Kind, &e.Date, &e.Certainty, &e.Venue); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// generations sets each node's generation — steps along the exposures from
// the first cases, those no exposure names as its target — and its day,
// the earliest exposure naming it. A node only a cycle reaches counts from
// the nearest node reached, one more.
func generations(nodes map[string]*Node, edges []Edge) {
	out, adj, in := map[string][]string{}, map[string][]string{}, map[string]int{}
	for _, e := range edges {
		out[e.Source] = append(out[e.Source], e.Target)
		adj[e.Source], adj[e.Target] = append(adj[e.Source], e.Target), append(adj[e.Target], e.Source)
		in[e.Target]++
		for _, p := range []string{e.Source, e.Target} {
			if n := nodes[p]; n != nil && (n.Day == "" || e.Date < n.Day) {
				n.Day = e.Date
			}
		}
	}
	gen := map[string]int{}
	var queue []string
	for _, p := range slices.Sorted(func(yield func(string) bool) {
		for p := range nodes {
			if !yield(p) {
				return
			}
		}
	}) {
		if in[p] == 0 {
			gen[p], queue = 0, append(queue, p)
		}
	}
	walk := func(next map[string][]string) {
		for len(queue) > 0 {
			p := queue[0]
			queue = queue[1:]
			for _, q := range next[p] {
				if _, ok := gen[q]; !ok {
					gen[q], queue = gen[p]+1, append(queue, q)
				}
			}
		}
	}
	walk(out)
	if len(gen) == 0 && len(edges) > 0 {
		gen[edges[0].Source], queue = 0, []string{edges[0].Source}
	}
	for p := range gen {
		queue = append(queue, p)
	}
	slices.Sort(queue)
	walk(adj)
	for p, n := range nodes {
		n.Generation = gen[p]
	}
}

// group folds nodes and edges into groups by generation or grid.
func group(nodes []Node, edges []Edge, by string) ([]Group, []GroupEdge) {
	groupOf, at := map[string]string{}, map[string]int{}
	var groups []Group
	for _, n := range nodes {
		g := Group{Key: "g" + strconv.Itoa(n.Generation), Generation: n.Generation}
		if by == "grid" {
			g = Group{Key: cmp.Or(n.Grid, n.Region), Grid: cmp.Or(n.Grid, n.Region), Generation: n.Generation}
		}
		i, ok := at[g.Key]
		if !ok {
			g.Categories = map[string]int{}
			i, at[g.Key] = len(groups), len(groups)
			groups = append(groups, g)
		}
		groups[i].Size++
		groups[i].Categories[n.Category]++
		groups[i].Generation = min(groups[i].Generation, n.Generation)
		groupOf[n.Key] = g.Key
	}
	count := map[[2]string]int{}
	for _, e := range edges {
		count[[2]string{groupOf[e.Source], groupOf[e.Target]}]++
	}
	out := []GroupEdge{}
	for k, n := range count {
		out = append(out, GroupEdge{Source: k[0], Target: k[1], Count: n})
	}
	slices.SortFunc(out, func(a, b GroupEdge) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Target, b.Target))
	})
	slices.SortFunc(groups, func(a, b Group) int {
		return cmp.Or(cmp.Compare(a.Generation, b.Generation), cmp.Compare(a.Key, b.Key))
	})
	return groups, out
}
