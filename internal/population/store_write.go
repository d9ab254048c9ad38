package population

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/db"
)

// rec is a resident row as stored.
type rec struct {
	ID, Name, IDEnc, IDIdx, Gender string
	Birth                          int
	Ethnicity, PhoneEnc, PhoneIdx  string
	HouseholdID, BuildingID        string
	Address, GridCode, Path        string
	ResidenceType, Status          string
	Tags                           []string
	CreatedAt, UpdatedAt           time.Time
	Deleted                        bool
}

const residentCols = "id, name, id_enc, id_idx, gender, birth_ymd, ethnicity, phone_enc, phone_idx, household_id, " +
	"building_id, address, grid_code, county_code, region_path, residence_type, status, tags, created_at, updated_at"

const nResidentCols = 20

func (r *rec) args(dst []any) []any {
	return append(dst, r.ID, r.Name, r.IDEnc, r.IDIdx, r.Gender, r.Birth, r.Ethnicity, r.PhoneEnc, nullable(r.PhoneIdx),
		nullable(r.HouseholdID), nullable(r.BuildingID), r.Address, r.GridCode, access.Scope(r.Path).County().Code(), r.Path,
		r.ResidenceType, r.Status, strings.Join(r.Tags, ","), r.CreatedAt, r.UpdatedAt)
}

// updateSet is what an upsert's conflict branch rewrites: everything but the
// id, the ID number and created_at; a deleted row comes back to life.
const updateSet = ` ON CONFLICT (id_idx) DO UPDATE SET name = excluded.name, gender = excluded.gender,
	birth_ymd = excluded.birth_ymd, ethnicity = excluded.ethnicity, phone_enc = excluded.phone_enc,
	phone_idx = excluded.phone_idx, household_id = excluded.household_id, building_id = excluded.building_id,
	address = excluded.address, grid_code = excluded.grid_code, county_code = excluded.county_code,
	region_path = excluded.region_path, residence_type = excluded.residence_type, status = excluded.status,
	tags = excluded.tags, updated_at = excluded.updated_at, deleted_at = NULL`

// bulk is one INSERT (or DELETE … IN) shape whose VALUES list repeats per row.
type bulk struct {
	head, tail string
	ncols      int
	// journalFree: no constraint of the table can fail a row (see rowsPerStatement)
	journalFree bool
}

var (
	insResident  = bulk{"INSERT INTO residents (" + residentCols + ")", " ON CONFLICT (id_idx) DO NOTHING", nResidentCols, false}
	upsResident  = bulk{"INSERT INTO residents (" + residentCols + ")", updateSet, nResidentCols, false}
	insTag       = bulk{"INSERT INTO resident_tags (tag, region_path, name, resident_id, birth_ymd)", " ON CONFLICT DO NOTHING", 5, false}
	delTag       = bulk{"DELETE FROM resident_tags WHERE (tag, region_path, name, resident_id) IN (", ")", 4, true}
	insBuilding  = bulk{"INSERT INTO buildings (id, name, address, lng, lat, grid_code, region_path, created_at, updated_at)", "", 9, false}
	insHousehold = bulk{"INSERT INTO households (id, building_id, room, head_resident_id, grid_code, region_path, created_at, updated_at)",
		"", 8, false}
	insHistory = bulk{"INSERT INTO resident_history (id, resident_id, at, actor_id, actor, action, detail)", "", 7, true}
)

// smallChunk bounds IN lists and multi-row statements of few columns.
const smallChunk = 500

// rowsPerStatement is how many rows one bulk statement carries. PostgreSQL:
// hundreds, since every statement is a round trip. SQLite: one. Inside a
// transaction SQLite keeps a statement journal for any statement that writes
// several rows and may fail half-way — a copy of every page it touches, about
// eight random index pages per resident — which costs far more than running
// a cached one-row statement again (measured: 5 k against 50 k rows/s).
func (s *Service) rowsPerStatement(b bulk) int {
	if s.db.Dialect == db.SQLite && !b.journalFree {
		return 1
	}
	return min(500, 16000/b.ncols)
}

// warm puts the one-row bulk statements into the database's statement cache,
// which only fills outside transactions, so that batches (always inside one)
// find them prepared. Each runs once with NULLs, which a NOT NULL column
// refuses before anything is written.
func (s *Service) warm() {
	for _, b := range []bulk{insResident, upsResident, insTag, insHistory, insBuilding, insHousehold} {
		if s.rowsPerStatement(b) == 1 {
			s.db.Exec(context.Background(), multiInsert(b.head, b.ncols, 1, b.tail), make([]any, b.ncols)...)
		}
	}
}

// valuesText caches "head VALUES (?,…),(?,…) tail" per shape, so that a
// chunk size always yields the same text (and the same cached statement).
var valuesText sync.Map

func multiInsert(head string, ncols, rows int, tail string) string {
	key := fmt.Sprintf("%s|%d|%d|%s", head, ncols, rows, tail)
	if q, ok := valuesText.Load(key); ok {
		return q.(string)
	}
	one := "(?" + strings.Repeat(",?", ncols-1) + ")"
	var b strings.Builder
	b.Grow(len(head) + rows*(len(one)+1) + len(tail) + 8)
	b.WriteString(head)
	b.WriteString(" VALUES ")
	for i := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(one)
	}
	b.WriteString(tail)
	q := b.String()
	valuesText.Store(key, q)
	return q
}

// run writes n rows with b, as many per statement as the engine likes best;
// args appends row i's values. It returns the rows affected.
func (s *Service) run(ctx context.Context, b bulk, n int, args func(i int, dst []any) []any) (int64, error) {
	var affected int64
	per := s.rowsPerStatement(b)
	buf := make([]any, 0, b.ncols*min(per, n))
	for lo := 0; lo < n; lo += per {
		hi := min(lo+per, n)
		buf = buf[:0]
		for i := lo; i < hi; i++ {
			buf = args(i, buf)
		}
		res, err := s.db.Exec(ctx, multiInsert(b.head, b.ncols, hi-lo, b.tail), buf...)
		if err != nil {
			return affected, err
		}
		if k, err := res.RowsAffected(); err == nil {
			affected += k
		}
	}
	return affected, nil
}

// insertResidents inserts new residents, skipping any whose ID number exists
// by now (a concurrent writer on PostgreSQL); it returns the ids written.
func (s *Service) insertResidents(ctx context.Context, rs []*rec) (map[string]bool, error) {
	written := make(map[string]bool, len(rs))
	const chunk = 500
	for lo := 0; lo < len(rs); lo += chunk {
		part := rs[lo:min(lo+chunk, len(rs))]
		n, err := s.run(ctx, insResident, len(part), func(i int, dst []any) []any { return part[i].args(dst) })
		if err != nil {
			return nil, fmt.Errorf("resident: insert: %w", err)
		}
		if int(n) == len(part) {
			for _, r := range part {
				written[r.ID] = true
			}
			continue
		}
		ids := make([]any, len(part))
		for i, r := range part {
			ids[i] = r.ID
		}
		rows, err := s.db.Query(ctx, "SELECT id FROM residents WHERE id IN (?"+strings.Repeat(",?", len(ids)-1)+")", ids...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			written[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return written, nil
}

// rewriteResidents replaces the state of residents that exist (by ID number).
func (s *Service) rewriteResidents(ctx context.Context, rs []*rec) error {
	_, err := s.run(ctx, upsResident, len(rs), func(i int, dst []any) []any { return rs[i].args(dst) })
	if err != nil {
		return fmt.Errorf("resident: update: %w", err)
	}
	return nil
}

// tagRow is one row of resident_tags.
type tagRow struct {
	tag, path, name, id string
	birth               int
}

// tagRows are the index rows of a living resident's stored tags.
func tagRows(r *rec) []tagRow {
	if r.Deleted {
		return nil
	}
	out := make([]tagRow, len(r.Tags))
	for i, t := range r.Tags {
		out[i] = tagRow{t, r.Path, r.Name, r.ID, r.Birth}
	}
	return out
}

// sameTagRows reports whether two states of a resident index the same tag rows.
func sameTagRows(a, b *rec) bool {
	return a.Deleted == b.Deleted && a.Path == b.Path && a.Name == b.Name && a.Birth == b.Birth &&
		strings.Join(a.Tags, ",") == strings.Join(b.Tags, ",")
}

func (s *Service) insertTags(ctx context.Context, rows []tagRow) error {
	_, err := s.run(ctx, insTag, len(rows), func(i int, dst []any) []any {
		r := rows[i]
		return append(dst, r.tag, r.path, r.name, r.id, r.birth)
	})
	if err != nil {
		return fmt.Errorf("resident: tags: %w", err)
	}
	return nil
}

func (s *Service) deleteTags(ctx context.Context, rows []tagRow) error {
	// a DELETE by whole keys writes no statement journal: any number per statement
	for lo := 0; lo < len(rows); lo += smallChunk {
		part := rows[lo:min(lo+smallChunk, len(rows))]
		args := make([]any, 0, 4*len(part))
		for _, r := range part {
			args = append(args, r.tag, r.path, r.name, r.id)
		}
		if _, err := s.db.Exec(ctx, multiInsert(delTag.head, delTag.ncols, len(part), delTag.tail), args...); err != nil {
			return fmt.Errorf("resident: tags: %w", err)
		}
	}
	return nil
}

// retag moves the tag index rows of residents from their old to their new state.
func (s *Service) retag(ctx context.Context, old, cur []*rec) error {
	var del, ins []tagRow
	for i := range cur {
		if old[i] != nil && sameTagRows(old[i], cur[i]) {
			continue
		}
		if old[i] != nil {
			del = append(del, tagRows(old[i])...)
		}
		ins = append(ins, tagRows(cur[i])...)
	}
	if err := s.deleteTags(ctx, del); err != nil {
		return err
	}
	return s.insertTags(ctx, ins)
}

// event is one history entry of a resident.
type event struct {
	residentID, action string
	detail             map[string]any
}

// actor is who history entries name.
type actor struct{ id, name string }

func (s *Service) writeHistory(ctx context.Context, who actor, at time.Time, evs []event) error {
	_, err := s.run(ctx, insHistory, len(evs), func(i int, dst []any) []any {
		e := evs[i]
		raw := []byte("{}")
		if len(e.detail) > 0 {
			raw, _ = json.Marshal(e.detail)
		}
		return append(dst, uuid.Must(uuid.NewV7()).String(), e.residentID, at, who.id, who.name, e.action, string(raw))
	})
	if err != nil {
		return fmt.Errorf("resident: history: %w", err)
	}
	return nil
}

// analyze refreshes the planners' statistics on the population tables after
// a bulk load, so that each filter gets the index made for it.
func (s *Service) analyze(ctx context.Context) error {
	return s.db.Analyze(ctx, "residents", "resident_tags", "households", "buildings")
}

// bulkCacheKiB is the SQLite page cache a bulk transaction's connection gets.
const bulkCacheKiB = 256 << 10

// tuneBulk, on SQLite, gives the connection holding a bulk transaction a page
// cache that holds the indexes it writes. The driver's default is 2 MB; a
// batch that outgrows it spills dirty pages mid-transaction and re-reads
// them, and profiled at more than half its time in system calls. The setting
// stays with the pooled connection. PostgreSQL sizes its buffers itself.
func (s *Service) tuneBulk(ctx context.Context) {
	if s.db.Dialect == db.SQLite {
		s.db.Exec(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", bulkCacheKiB))
	}
}
