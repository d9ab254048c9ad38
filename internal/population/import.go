package population

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/pii"
)

// columnOrder is the order of the residents file's columns, for reporting a
// row's problems in the order the user reads them.
var columnOrder = map[string]int{"name": 0, "id_number": 1, "phone": 2, "ethnicity": 3, "grid_code": 4, "address": 5,
	"residence_type": 6, "tags": 7}

// candidate is a row that passed validation, waiting for the database's word.
type candidate struct {
	line              int
	p                 person
	grid              string
	path              string
	idx, phoneIdx     string // blind indexes
	idSeal, phoneSeal string // sealed, here rather than in the write's transaction
}

// Checked is a batch of import rows validated as one caller and ready to
// write. Checking needs no transaction, so the import pipeline checks the
// next batch while the previous one is being written.
type Checked struct {
	Rows     []ImportRow
	scope    string
	cands    []candidate
	rejected []RowError
}

// CheckBatch validates rows as the caller: each row's fields, its grid
// against the caller's scope, and its ID number against the batch's earlier
// rows. Whether the ID number exists is the writer's question.
func (s *Service) CheckBatch(ctx context.Context, caller *access.Principal, rows []ImportRow) (Checked, error) {
	if caller == nil || caller.RegionPath == "" {
		return Checked{}, errImportCaller.With(nil, "resident: import without a caller")
	}
	cands, rejected, err := s.validateRows(ctx, caller.RegionPath, rows, ymd(s.now().UTC()))
	return Checked{Rows: rows, scope: caller.RegionPath, cands: cands, rejected: rejected}, err
}

// WriteBatch writes every valid row of a checked batch in one transaction
// (joining the one ctx carries, if any). A row whose ID number exists is
// rejected in Insert mode and updates that resident in Upsert mode (empty
// optional cells keep what is stored); a deleted resident is restored.
// Imported + Updated + len(Rejected) = len(c.Rows); Rejected is in line
// order. One audit record covers the batch; each written resident gets a
// history entry.
func (s *Service) WriteBatch(ctx context.Context, caller *access.Principal, mode Mode, c Checked) (BatchResult, error) {
	if caller == nil || caller.RegionPath == "" || caller.RegionPath != c.scope {
		return BatchResult{}, errImportCaller.With(nil, "resident: import batch not checked as this caller")
	}
	if mode != Insert && mode != Upsert {
		return BatchResult{}, apperr.Field("mode", "导入方式应为 insert 或 upsert / mode must be insert or upsert")
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	var res BatchResult
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		s.db.WidenCache(ctx)
		res = BatchResult{Rejected: slices.Clone(c.rejected)}
		return s.writeBatch(ctx, caller, mode, now, c.cands, len(c.Rows), &res)
	})
	if err != nil {
		return BatchResult{}, err
	}
	slices.SortStableFunc(res.Rejected, func(a, b RowError) int { return a.Line - b.Line })
	return res, nil
}

// validateRows checks every row; a second row with an ID number already seen
// in the batch is rejected.
func (s *Service) validateRows(ctx context.Context, scope string, rows []ImportRow, today int) ([]candidate, []RowError, error) {
	cache := gridCache{}
	cands := make([]candidate, 0, len(rows))
	var rejected []RowError
	first := make(map[string]int, len(rows))
	for i := range rows {
		r := &rows[i]
		p, bad := s.check(fields{Name: r.Name, IDNumber: r.IDNumber, Phone: r.Phone, Ethnicity: r.Ethnicity,
			Address: r.Address, ResidenceType: r.ResidenceType, Tags: splitTags(r.Tags), TagsGiven: strings.TrimSpace(r.Tags) != ""}, today)
		g, err := s.grid(ctx, cache, scope, r.GridCode)
		if err != nil {
			return nil, nil, err
		}
		if g.outside { // in the words of an ID number registered elsewhere, whatever else is wrong
			rejected = append(rejected, RowError{Line: r.Line, Column: headers["id_number"], Reason: reasonElsewhere})
			continue
		}
		if g.reason != "" {
			bad = append(bad, problem{"grid_code", g.reason})
		}
		if len(bad) > 0 {
			slices.SortStableFunc(bad, func(a, b problem) int { return columnOrder[a.field] - columnOrder[b.field] })
			rejected = append(rejected, rowError(r.Line, bad))
			continue
		}
		c := s.candidate(r.Line, p, strings.TrimSpace(r.GridCode), g.path)
		if l, dup := first[c.idx]; dup {
			rejected = append(rejected, RowError{Line: r.Line, Column: headers["id_number"], Reason: fmt.Sprintf("身份证号与本批第%d行重复", l)})
			continue
		}
		first[c.idx] = r.Line
		cands = append(cands, c)
	}
	return cands, rejected, nil
}

// candidate seals a valid person's ID number and phone and computes their
// blind indexes.
func (s *Service) candidate(line int, p person, grid, path string) candidate {
	c := candidate{line: line, p: p, grid: grid, path: path, idx: s.pii.Index(pii.KindID, p.id.Number), idSeal: s.pii.Seal(p.id.Number)}
	if p.phone != "" {
		c.phoneIdx, c.phoneSeal = s.pii.Index(pii.KindPhone, p.phone), s.pii.Seal(p.phone)
	}
	return c
}

// fresh is the row of a resident first seen now (or restored: keep is the
// deleted row whose id and sealed ID number it takes over).
func (s *Service) fresh(c *candidate, keep *rec, now time.Time) *rec {
	r := &rec{Name: c.p.name, IDIdx: c.idx, Gender: c.p.id.Gender, Birth: c.p.birth, Ethnicity: c.p.ethnicity,
		PhoneIdx: c.phoneIdx, Address: c.p.address, GridCode: c.grid, Path: c.path, ResidenceType: c.p.residence,
		Status: c.p.status, Tags: c.p.tags, CreatedAt: now, UpdatedAt: now}
	if keep != nil {
		r.ID, r.IDEnc, r.CreatedAt = keep.ID, keep.IDEnc, keep.CreatedAt
	} else {
		r.ID, r.IDEnc = uuid.Must(uuid.NewV7()).String(), c.idSeal
	}
	r.PhoneEnc = c.phoneSeal
	if r.ResidenceType == "" {
		r.ResidenceType = Registered
	}
	if r.Status == "" {
		r.Status = Active
	}
	return r
}

// updated merges a row into an existing resident: given values replace,
// empty optional ones keep what is stored; a move to another grid leaves the
// old grid's building and household.
func (s *Service) updated(c *candidate, old *rec, now time.Time) *rec {
	n := *old
	n.Tags = slices.Clone(old.Tags)
	n.Name, n.UpdatedAt = c.p.name, now
	if c.path != old.Path {
		n.GridCode, n.Path, n.HouseholdID, n.BuildingID = c.grid, c.path, "", ""
	}
	if c.phoneIdx != "" && c.phoneIdx != old.PhoneIdx {
		n.PhoneEnc, n.PhoneIdx = c.phoneSeal, c.phoneIdx
	}
	if c.p.ethnicity != "" {
		n.Ethnicity = c.p.ethnicity
	}
	if c.p.address != "" {
		n.Address = c.p.address
	}
	if c.p.residence != "" {
		n.ResidenceType = c.p.residence
	}
	if c.p.tagsGiven {
		n.Tags = c.p.tags
	}
	return &n
}
