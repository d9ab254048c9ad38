package chain

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"healthgrid/internal/access"
)

// covers reports whether by sees path; nil is the system, which sees all.
func covers(by *access.Principal, path string) bool { return by == nil || by.Covers(path) }

// OutbreakFilter narrows the outbreak list.
type OutbreakFilter struct {
	Region  string `query:"region" maxLength:"20"`
	Disease string `query:"disease" maxLength:"20"`
	Status  string `query:"status" enum:"declared,controlled,closed,"`
}

const outbreakCols = `id, name, disease_code, region_path, level, status, venue_code, signal_id, note, declared_by,
	declared_at, closed_at`

func scanOutbreak(row interface{ Scan(...any) error }) (Outbreak, string, error) {
	var o Outbreak
	var path string
	err := row.Scan(&o.ID, &o.Name, &o.Disease, &path, &o.Level, &o.Status, &o.Venue, &o.SignalID, &o.Note, &o.DeclaredBy,
		&o.DeclaredAt, &o.ClosedAt)
	o.Region = access.Scope(path).Code()
	o.Allowed = []string{}
	for _, a := range []string{"add_chains", "set_level", "control", "close"} {
		if slices.Contains(outbreakFlow[a].from, o.Status) {
			o.Allowed = append(o.Allowed, a)
		}
	}
	return o, path, err
}

// Outbreaks are the outbreaks in by's scope (or f's region within it), the
// latest declared first.
func (s *Service) Outbreaks(ctx context.Context, by *access.Principal, f OutbreakFilter, offset, limit int) ([]Outbreak, int, error) {
	scope, err := s.regions.Within(ctx, by.RegionPath, f.Region)
	if err != nil {
		return nil, 0, err
	}
	cond, args := access.Scope(scope).Subtree("region_path")
	where := " FROM epi_outbreaks WHERE " + cond
	if f.Disease != "" {
		where, args = where+" AND disease_code = ?", append(args, f.Disease)
	}
	if f.Status != "" {
		where, args = where+" AND status = ?", append(args, f.Status)
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*)"+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("chain: count outbreaks: %w", err)
	}
	rows, err := s.db.Query(ctx, "SELECT "+outbreakCols+where+" ORDER BY declared_at DESC, id LIMIT ? OFFSET ?",
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("chain: outbreaks: %w", err)
	}
	out := []Outbreak{}
	for rows.Next() {
		o, _, err := scanOutbreak(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	for i := range out {
		if err := s.outbreakChains(ctx, by, &out[i]); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}

// Outbreak is one outbreak in by's scope with its timeline.
func (s *Service) Outbreak(ctx context.Context, by *access.Principal, id string) (Outbreak, error) {
	o, path, err := scanOutbreak(s.db.QueryRow(ctx, "SELECT "+outbreakCols+" FROM epi_outbreaks WHERE id = ?", id))
	if err != nil || !covers(by, path) {
		return Outbreak{}, firstErr(s.db.ScanErr(err, nil), ErrOutbreakNotFound)
	}
	if err := s.outbreakChains(ctx, by, &o); err != nil {
		return Outbreak{}, err
	}
	rows, err := s.db.Query(ctx, "SELECT kind, at, actor, detail FROM epi_outbreak_events WHERE outbreak_id = ? ORDER BY seq", id)
	if err != nil {
		return Outbreak{}, fmt.Errorf("chain: timeline: %w", err)
	}
	defer rows.Close()
	o.Timeline = []Step{}
	for rows.Next() {
		var st Step
		var raw string
		if err := rows.Scan(&st.Kind, &st.At, &st.Actor, &raw); err != nil {
			return Outbreak{}, err
		}
		if err := json.Unmarshal([]byte(raw), &st.Detail); err != nil {
			return Outbreak{}, fmt.Errorf("chain: timeline: %w", err)
		}
		o.Timeline = append(o.Timeline, st)
	}
	return o, rows.Err()
}

// outbreakChains sets o's chains by sees, and their size.
func (s *Service) outbreakChains(ctx context.Context, by *access.Principal, o *Outbreak) error {
	rows, err := s.db.Query(ctx, "SELECT chain_id FROM epi_outbreak_chains WHERE outbreak_id = ? ORDER BY chain_id", o.ID)
	if err != nil {
		return fmt.Errorf("chain: outbreak chains: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	o.Chains = []Chain{}
	for _, id := range ids {
		c, err := s.chain(ctx, by, id)
		if errors.Is(err, ErrChainNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		o.Chains = append(o.Chains, c)
		o.Size += c.Size
	}
	return rows.Err()
}
