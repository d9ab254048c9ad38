package chain

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/china"
)

// maxBatch bounds the exposures one request adds; a trace's push is
// bounded by the trace's own cap on contacts.
const maxBatch = 500

// node is a risk person as the graph sees them.
type node struct {
	id, disease, category, name, grid, path string
}

// chainRow is a chain's stored figures.
type chainRow struct {
	id, disease           string
	size, edges           int
	first, latest, active string
}

// AddExposures adds exposures to the graph, each joining its two persons'
// chains, in the transaction ctx carries if any (the trace's push). A
// repeated exposure (same pair, kind and day) adds nothing. by must see at
// least one of each pair's persons; nil is the system.
func (s *Service) AddExposures(ctx context.Context, by *access.Principal, ex []Exposure) error {
	_, err := s.add(ctx, by, ex, "items")
	return err
}

// add is AddExposures naming bad rows under field; it answers the chains the
// exposures are in.
func (s *Service) add(ctx context.Context, by *access.Principal, ex []Exposure, field string) ([]string, error) {
	today := s.now().In(china.Zone).Format(time.DateOnly)
	for i, e := range ex {
		if err := checkExposure(e, today, fmt.Sprintf("%s[%d]", field, i)); err != nil {
			return nil, err
		}
	}
	var chains []string
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.db.LockTx(ctx, graphLock); err != nil {
			return err
		}
		added := 0
		for i, e := range ex {
			id, fresh, err := s.addOne(ctx, by, e, fmt.Sprintf("%s[%d]", field, i))
			if err != nil {
				return err
			}
			if fresh {
				added++
			}
			if !slices.Contains(chains, id) {
				chains = append(chains, id)
			}
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.exposure.add", ObjectType: "chain",
			ObjectID: strings.Join(chains, ","), Detail: map[string]any{"count": len(ex), "added": added}})
	})
	return chains, err
}

func checkExposure(e Exposure, today, at string) error {
	switch {
	case e.Source == "":
		return apperr.Invalid{apperr.Required.On(at+".source", "来源必填 / source required")}
	case e.Target == "":
		return apperr.Invalid{apperr.Required.On(at+".target", "对象必填 / target required")}
	case e.Source == e.Target:
		return errSelf.Field(at + ".target")
	case !slices.Contains(kinds, e.Kind):
		return apperr.Invalid{apperr.Unknown.On(at+".kind", "暴露方式无效 / unknown kind")}
	case !slices.Contains(certainties, e.Certainty):
		return apperr.Invalid{apperr.Unknown.On(at+".certainty", "确定程度无效 / unknown certainty")}
	case e.Kind == "venue" && e.Venue == "":
		return apperr.Invalid{apperr.Required.On(at+".venue", "场所暴露须填场所编码 / a venue exposure names its venue")}
	}
	if d, err := time.Parse(time.DateOnly, e.Date); err != nil || d.Format(time.DateOnly) != e.Date || e.Date > today {
		return errDay.Field(at + ".date")
	}
	return nil
}

// The vocabularies of an exposure.
var (
	kinds       = []string{"venue", "household", "work", "transport", "care", "other"}
	certainties = []string{"confirmed", "probable", "possible"}
)

// addOne adds one exposure: the chain it is in, and whether it is new.
func (s *Service) addOne(ctx context.Context, by *access.Principal, e Exposure, at string) (string, bool, error) {
	persons, err := s.lockPersons(ctx, e.Source, e.Target)
	if err != nil {
		return "", false, err
	}
	src, ok1 := persons[e.Source]
	dst, ok2 := persons[e.Target]
	switch {
	case !ok1 || (by != nil && !by.Covers(src.path) && !by.Covers(dst.path)):
		return "", false, errPerson.Field(at + ".source")
	case !ok2:
		return "", false, errPerson.Field(at + ".target")
	case src.disease != dst.disease:
		return "", false, errMixed.Field(at + ".target")
	}
	if e.Kind == "venue" {
		var one int
		if err := s.db.QueryRow(ctx, "SELECT 1 FROM epi_venues WHERE code = ?", e.Venue).Scan(&one); err != nil {
			return "", false, s.db.ScanErr(err, errVenue.Field(at+".venue"))
		}
	}
	var known string
	err = s.db.QueryRow(ctx, "SELECT chain_id FROM epi_exposures WHERE source_id = ? AND target_id = ? AND kind = ? AND day = ?",
		e.Source, e.Target, e.Kind, e.Date).Scan(&known)
	if err == nil {
		return known, false, nil
	}
	if err := s.db.ScanErr(err, nil); err != nil {
		return "", false, fmt.Errorf("chain: exposure: %w", err)
	}
	c, err := s.union(ctx, src, dst)
	if err != nil {
		return "", false, err
	}
	actor := "system"
	if by != nil {
		actor = by.Username
	}
	now := s.now()
	if _, err := s.db.Exec(ctx, `INSERT INTO epi_exposures (id, source_id, target_id, kind, day, certainty, venue_code, ref,
		chain_id, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`, uuid.Must(uuid.NewV7()).String(), e.Source,
		e.Target, e.Kind, e.Date, e.Certainty, e.Venue, e.Ref, c.id, actor, now); err != nil {
		return "", false, fmt.Errorf("chain: add exposure: %w", err)
	}
	c.edges++
	c.first, c.latest = minDay(c.first, e.Date), max(c.latest, e.Date)
	return c.id, true, s.saveChain(ctx, &c)
}

func minDay(a, b string) string {
	if a == "" || b < a {
		return b
	}
	return a
}

// lockPersons reads the two persons, row-locked on PostgreSQL in id order,
// so that two exposures of one person queue up.
func (s *Service) lockPersons(ctx context.Context, a, b string) (map[string]node, error) {
	rows, err := s.db.Query(ctx, `SELECT id, disease_code, category, name, grid_code, region_path FROM epi_persons
		WHERE id IN (?, ?) AND merged_into IS NULL ORDER BY id`+s.db.Dialect.ForUpdate(), a, b)
	if err != nil {
		return nil, fmt.Errorf("chain: persons: %w", err)
	}
	defer rows.Close()
	out := map[string]node{}
	for rows.Next() {
		var n node
		if err := rows.Scan(&n.id, &n.disease, &n.category, &n.name, &n.grid, &n.path); err != nil {
			return nil, err
		}
		out[n.id] = n
	}
	return out, rows.Err()
}

// union puts a and b in one chain: a new one if neither is in any, the
// chain of the one that is, or — both in chains — the larger of the two,
// the smaller relabelled into it. The chains are row-locked in id order
// and the members read again under the lock: a concurrent split or merge
// moved them, then it starts over.
func (s *Service) union(ctx context.Context, a, b node) (chainRow, error) {
	for {
		of, err := s.chainsOf(ctx, a.id, b.id)
		if err != nil {
			return chainRow{}, err
		}
		ids := uniq(of[a.id], of[b.id])
		locked, err := s.lockChains(ctx, ids)
		if err != nil {
			return chainRow{}, err
		}
		again, err := s.chainsOf(ctx, a.id, b.id)
		if err != nil {
			return chainRow{}, err
		}
		if len(locked) != len(ids) || again[a.id] != of[a.id] || again[b.id] != of[b.id] {
			continue
		}
		var c chainRow
		switch len(locked) {
		case 0:
			c = chainRow{id: uuid.Must(uuid.NewV7()).String(), disease: a.disease}
			if err := s.insertChain(ctx, c); err != nil {
				return chainRow{}, err
			}
		case 1:
			c = locked[0]
		default:
			big, small := locked[0], locked[1]
			if small.size > big.size || (small.size == big.size && small.id < big.id) {
				big, small = small, big
			}
			if err := s.absorb(ctx, &big, small); err != nil {
				return chainRow{}, err
			}
			c = big
		}
		d := regionsTally.Deltas()
		for _, n := range []node{a, b} {
			if of[n.id] != "" {
				continue
			}
			if _, err := s.db.Exec(ctx, "INSERT INTO epi_chain_members (person_id, chain_id) VALUES (?, ?)", n.id, c.id); err != nil {
				return chainRow{}, fmt.Errorf("chain: member: %w", err)
			}
			d.Add([]any{n.path, c.id}, 1)
			c.size++
		}
		return c, d.Apply(ctx, s.db)
	}
}

func uniq(ids ...string) []string {
	var out []string
	for _, id := range ids {
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// chainsOf is the chain of each person in one, by person.
func (s *Service) chainsOf(ctx context.Context, a, b string) (map[string]string, error) {
	rows, err := s.db.Query(ctx, "SELECT person_id, chain_id FROM epi_chain_members WHERE person_id IN (?, ?)", a, b)
	if err != nil {
		return nil, fmt.Errorf("chain: members: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var p, c string
		if err := rows.Scan(&p, &c); err != nil {
			return nil, err
		}
		out[p] = c
	}
	return out, rows.Err()
}

const chainCols = "id, disease_code, size, edges, first_date, latest_date, active_until"

func scanChain(row interface{ Scan(...any) error }) (chainRow, error) {
	var c chainRow
	err := row.Scan(&c.id, &c.disease, &c.size, &c.edges, &c.first, &c.latest, &c.active)
	return c, err
}

// lockChains reads the chains of ids (sorted), row-locked on PostgreSQL.
func (s *Service) lockChains(ctx context.Context, ids []string) ([]chainRow, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := s.db.Query(ctx, "SELECT "+chainCols+" FROM epi_chains WHERE id IN (?"+strings.Repeat(", ?", len(ids)-1)+
		") ORDER BY id"+s.db.Dialect.ForUpdate(), anys(ids)...)
	if err != nil {
		return nil, fmt.Errorf("chain: lock chains: %w", err)
	}
	defer rows.Close()
	var out []chainRow
	for rows.Next() {
		c, err := scanChain(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// absorb relabels small's members, edges, regions and outbreaks into big
// and deletes small: the cost of a merge is the smaller side's size.
func (s *Service) absorb(ctx context.Context, big *chainRow, small chainRow) error {
	for _, q := range []string{
		"UPDATE epi_chain_members SET chain_id = ? WHERE chain_id = ?",
		"UPDATE epi_exposures SET chain_id = ? WHERE chain_id = ?",
		`UPDATE epi_outbreak_chains SET chain_id = ? WHERE chain_id = ? AND NOT EXISTS (SELECT 1 FROM epi_outbreak_chains o
			WHERE o.outbreak_id = epi_outbreak_chains.outbreak_id AND o.chain_id = ?)`,
	} {
		args := []any{big.id, small.id}
		if strings.Contains(q, "NOT EXISTS") {
			args = append(args, big.id)
		}
		if _, err := s.db.Exec(ctx, q, args...); err != nil {
			return fmt.Errorf("chain: merge: %w", err)
		}
	}
	// the regions' rows move as they are, every level at once: a relabel,
	// not a delta the tally would spread up each path again
	if _, err := s.db.Exec(ctx, `INSERT INTO epi_chain_regions (region_path, chain_id, n)
		SELECT region_path, ?, n FROM epi_chain_regions WHERE chain_id = ? AND n <> 0
		ON CONFLICT (region_path, chain_id) DO UPDATE SET n = epi_chain_regions.n + excluded.n`, big.id, small.id); err != nil {
		return fmt.Errorf("chain: merge regions: %w", err)
	}
	big.size += small.size
	big.edges += small.edges
	big.first, big.latest = minDay(big.first, small.first), max(big.latest, small.latest)
	return s.dropChain(ctx, small.id)
}
