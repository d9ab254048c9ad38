package epidemic

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"healthgrid/internal/db"
	"healthgrid/internal/pii"
)

// Candidate is someone a source names as a risk person: a screening list's
// row, a report card's patient, a positive test's subject. IDNumber is
// validated by the caller (or empty); Sex and BirthDate come from it.
type Candidate struct {
	Name, IDNumber, Phone, Sex, BirthDate, Address, Origin string
	// GridCode: a grid's code, or any region's (a pool there); one outside
	// the city is where the hand-over goes
	GridCode          string
	Lng, Lat          *float64
	Disease, Category string
	Deadline          *time.Time
	Note              string // what the source says of them (备注), kept with the source
}

// Source is the list, card or result that named candidates: kind
// screening, report, test, trace or manual, and that row's id.
type Source struct{ Kind, Ref string }

// Admitted is what became of one candidate.
type Admitted struct {
	PersonID   string
	New        bool   // a new episode; false: an open one named again (by this source or an earlier one)
	Repeat     bool   // named earlier by this same source (a list naming someone twice)
	Upgraded   bool   // its category became more serious
	ResidentID string // the resident the ID number matched
	GridCode   string // the grid placed in, "" in a pool
	RegionPath string // the grid's path, or the pool's
	Pooled     bool
	HandoverTo string
	MergeOf    string // a person without an ID number that may be this one
}

// exposures are the sources that report a new exposure of whom they name
// (a report card or a test result tells of the person's own infection).
var exposures = map[string]bool{"screening": true}

// severity ranks categories: a lower one is more serious (Categories' order).
func severity(category string) int {
	return slices.IndexFunc(Categories, func(n Named) bool { return n.Code == category })
}

// admit makes each candidate a risk person, in the transaction ctx carries:
// one record per person and episode, found by the ID number's blind index
// (an open episode of the disease is named again, its category raised if
// the new one is more serious); a candidate without an ID number is a new
// record offered for merge with a look-alike (merge_of), never merged. New
// ones are placed (placement.go) with pool, the region path where the
// unplaceable wait, as the fallback. Every candidate gets one Admitted, in
// order; the source is recorded on each person once.
func (s *Service) admit(ctx context.Context, src Source, pool string, cs []Candidate) ([]Admitted, error) {
	out := make([]Admitted, len(cs))
	idx := make([]string, len(cs))
	var keys []string
	for i, c := range cs {
		if c.IDNumber != "" {
			idx[i] = s.pii.Index(pii.KindID, c.IDNumber)
			keys = append(keys, idx[i])
		}
	}
	matched, err := s.matchResidents(ctx, keys)
	if err != nil {
		return nil, err
	}
	open, err := s.openEpisodes(ctx, keys)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	var fresh []int
	seen := map[string]int{} // disease+idx → the first candidate that named them
	for i, c := range cs {
		if idx[i] != "" {
			key := c.Disease + "\x00" + idx[i]
			if first, ok := seen[key]; ok {
				out[i] = out[first]
				out[i].New, out[i].Repeat = false, true
				continue
			}
			seen[key] = i
			if e, ok := open[key]; ok {
				out[i] = Admitted{PersonID: e.id, ResidentID: e.resident, GridCode: e.grid, RegionPath: e.path, Pooled: e.pooled,
					HandoverTo: e.handover, Upgraded: severity(c.Category) < severity(e.category)}
				if exposures[src.Kind] {
					// named again by a list: a new exposure, which restarts an open measure's plan from today
					if _, err := s.Extend(ctx, e.id, day(now), "再次列入排查名单 / named again by a screening list"); err != nil {
						return nil, err
					}
				}
				if out[i].Upgraded {
					if _, err := s.db.Exec(ctx, "UPDATE epi_persons SET category = ?, updated_at = ? WHERE id = ?",
						c.Category, now, e.id); err != nil {
						return nil, fmt.Errorf("epidemic: raise category: %w", err)
					}
				}
				continue
			}
		}
		m, ok := matched[idx[i]]
		pl, err := s.place(ctx, pool, c, m, ok && idx[i] != "")
		if err != nil {
			return nil, err
		}
		out[i] = pl
		out[i].PersonID, out[i].New = uuid.Must(uuid.NewV7()).String(), true
		if idx[i] == "" {
			if out[i].MergeOf, err = s.lookAlike(ctx, c); err != nil {
				return nil, err
			}
		}
		fresh = append(fresh, i)
	}
	if _, err := s.db.WriteBulk(ctx, personInsert, len(fresh), func(k int, dst []any) []any {
		i := fresh[k]
		c, a := cs[i], out[i]
		return append(dst, a.PersonID, c.Disease, c.Category, c.Name, s.sealed(c.IDNumber), idx[i], s.sealed(c.Phone),
			s.pii.Index(pii.KindPhone, c.Phone), c.Sex, c.BirthDate, c.Address, c.Origin, nullable(a.ResidentID), a.GridCode,
			a.RegionPath, a.Pooled, a.HandoverTo, StateAssigned, c.Deadline, nullable(a.MergeOf), now, now)
	}); err != nil {
		return nil, fmt.Errorf("epidemic: insert persons: %w", err)
	}
	var named []int
	for i := range cs {
		if !out[i].Repeat {
			named = append(named, i)
		}
	}
	if _, err := s.db.WriteBulk(ctx, sourceInsert, len(named), func(k int, dst []any) []any {
		i := named[k]
		return append(dst, out[i].PersonID, src.Kind, src.Ref, cs[i].Category, cs[i].Note, now)
	}); err != nil {
		return nil, fmt.Errorf("epidemic: insert sources: %w", err)
	}
	return out, nil
}

var (
	personInsert = db.Bulk{Head: `INSERT INTO epi_persons (id, disease_code, category, name, id_enc, id_idx, phone_enc,
		phone_idx, sex, birth_date, address, origin, resident_id, grid_code, region_path, pooled, handover_to, state,
		deadline, merge_of, created_at, updated_at)`, Cols: 22, MayFail: true}
	sourceInsert = db.Bulk{Head: "INSERT INTO epi_person_sources (person_id, kind, ref, category, note, added_at)", Cols: 6,
		Tail: " ON CONFLICT DO NOTHING"}
)

func (s *Service) sealed(v string) string {
	if v == "" {
		return ""
	}
	return s.pii.Seal(v)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// episode is an open episode as admit needs it.
type episode struct {
	id, category, resident, grid, path, handover string
	pooled                                       bool
}

// chunk is how many keys one IN list carries.
const chunk = 500

// openEpisodes are the open episodes of the ID numbers' blind indexes, by
// disease + "\x00" + index.
func (s *Service) openEpisodes(ctx context.Context, keys []string) (map[string]episode, error) {
	out := map[string]episode{}
	for part := range slices.Chunk(keys, chunk) {
		rows, err := s.db.Query(ctx, `SELECT id, disease_code, id_idx, category, COALESCE(resident_id, ''), grid_code,
			region_path, pooled, handover_to FROM epi_persons WHERE id_idx IN (?`+strings.Repeat(",?", len(part)-1)+
			`) AND ended_at IS NULL`, anys(part)...)
		if err != nil {
			return nil, fmt.Errorf("epidemic: open episodes: %w", err)
		}
		for rows.Next() {
			var e episode
			var disease, idx string
			if err := rows.Scan(&e.id, &disease, &idx, &e.category, &e.resident, &e.grid, &e.path, &e.pooled,
				&e.handover); err != nil {
				rows.Close()
				return nil, err
			}
			out[disease+"\x00"+idx] = e
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// matchResidents are the residents the blind indexes name, in chunks.
func (s *Service) matchResidents(ctx context.Context, keys []string) (map[string]ResidentMatch, error) {
	out := map[string]ResidentMatch{}
	for part := range slices.Chunk(keys, chunk) {
		m, err := s.residents.MatchIndexes(ctx, part)
		if err != nil {
			return nil, err
		}
		for k, v := range m {
			out[k] = v
		}
	}
	return out, nil
}

// lookAlike is an open episode of the same disease with the same name and
// birth date or phone: a person a candidate without an ID number may be.
func (s *Service) lookAlike(ctx context.Context, c Candidate) (string, error) {
	if c.BirthDate == "" && c.Phone == "" {
		return "", nil
	}
	var id string
	err := s.db.QueryRow(ctx, `SELECT id FROM epi_persons WHERE name = ? AND disease_code = ? AND ended_at IS NULL
		AND ((birth_date <> '' AND birth_date = ?) OR (phone_idx <> '' AND phone_idx = ?)) ORDER BY created_at LIMIT 1`,
		c.Name, c.Disease, c.BirthDate, s.pii.Index(pii.KindPhone, c.Phone)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, v := range ss {
		out[i] = v
	}
	return out
}
