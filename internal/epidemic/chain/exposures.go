package chain

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"healthgrid/internal/access"
	"healthgrid/internal/audit"
	"healthgrid/internal/epidemic"
)

// PersonExposure is an exposure of one person, the other side masked
// outside the caller's scope.
type PersonExposure struct {
	ID        string `json:"id"`
	Direction string `json:"direction" enum:"in,out" doc:"in: the person was exposed by other; out: the person exposed other"`
	Other     Node   `json:"other"`
	Kind      string `json:"kind"`
	Date      string `json:"date"`
	Certainty string `json:"certainty"`
	Venue     string `json:"venue,omitempty"`
	Ref       string `json:"ref,omitempty"`
	Chain     string `json:"chain"`
}

// PersonExposures are the exposures of a person in by's scope, the latest
// first.
func (s *Service) PersonExposures(ctx context.Context, by *access.Principal, person string) ([]PersonExposure, error) {
	var path string
	if err := s.db.QueryRow(ctx, "SELECT region_path FROM epi_persons WHERE id = ?", person).Scan(&path); err != nil ||
		!covers(by, path) {
		return nil, firstErr(s.db.ScanErr(err, nil), epidemic.ErrPersonNotFound)
	}
	rows, err := s.db.Query(ctx, `SELECT e.id, CASE WHEN e.target_id = ? THEN 'in' ELSE 'out' END, p.id, p.name, p.category,
		p.grid_code, p.region_path, e.kind, e.day, e.certainty, e.venue_code, e.ref, e.chain_id
		FROM epi_exposures e JOIN epi_persons p ON p.id = CASE WHEN e.target_id = ? THEN e.source_id ELSE e.target_id END
		WHERE e.source_id = ? OR e.target_id = ? ORDER BY e.day DESC, e.id`, person, person, person, person)
	if err != nil {
		return nil, fmt.Errorf("chain: person exposures: %w", err)
	}
	defer rows.Close()
	out := []PersonExposure{}
	for rows.Next() {
		var e PersonExposure
		var opath string
		if err := rows.Scan(&e.ID, &e.Direction, &e.Other.PersonID, &e.Other.Name, &e.Other.Category, &e.Other.Grid, &opath,
			&e.Kind, &e.Date, &e.Certainty, &e.Venue, &e.Ref, &e.Chain); err != nil {
			return nil, err
		}
		e.Other.Key, e.Other.Region, e.Other.InScope = e.Other.PersonID, access.Scope(opath).County().Code(), covers(by, opath)
		if !e.Other.InScope {
			e.Other = Node{Key: "x1", Category: e.Other.Category, Region: e.Other.Region}
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Export writes a chain's graph as the caller sees it (persons outside
// their scope masked) as CSV: a row per exposure with both persons.
// Audited as an export.
func (s *Service) Export(ctx context.Context, by *access.Principal, id string, w io.Writer) error {
	g, err := s.Graph(ctx, by, id, GraphFilter{Group: "none"})
	if err != nil {
		return err
	}
	nodes := map[string]Node{}
	for _, n := range g.Nodes {
		nodes[n.Key] = n
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"日期", "方式", "确定程度", "场所", "来源", "来源类别", "来源区县", "来源网格", "对象", "对象类别", "对象区县", "对象网格"})
	for _, e := range g.Edges {
		a, b := nodes[e.Source], nodes[e.Target]
		cw.Write([]string{e.Date, e.Kind, e.Certainty, e.Venue, cellName(a), a.Category, a.Region, a.Grid, cellName(b), b.Category,
			b.Region, b.Grid})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return s.audit.Write(ctx, audit.Record{Action: "epidemic.chain.export", ObjectType: "chain", ObjectID: id,
		Detail: map[string]any{"rows": len(g.Edges), "masked": g.Chain.Size - g.Chain.InScope}})
}

// cellName is a person's name in a spreadsheet; a masked one's key, not a
// formula a spreadsheet would run.
func cellName(n Node) string {
	if n.Name == "" {
		return "（辖区外）" + n.Key
	}
	if strings.ContainsAny(n.Name[:1], "=+-@") {
		return "'" + n.Name
	}
	return n.Name
}
