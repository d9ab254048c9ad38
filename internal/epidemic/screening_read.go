package epidemic

import (
	"context"
	"fmt"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
)

// ErrScreeningNotFound is a list not in the caller's scope, or none.
var ErrScreeningNotFound = apperr.New(apperr.ErrNotFound, "epidemic.screening_not_found",
	"排查任务不存在 / screening not found")

const screeningCols = `id, name, disease_code, category, deadline, region_path, file_name, rows_read, rows_rejected,
	created_by, created_at`

func scanScreening(row interface{ Scan(...any) error }) (Screening, error) {
	var sc Screening
	err := row.Scan(&sc.ID, &sc.Name, &sc.Disease, &sc.Category, &sc.Deadline, &sc.regionPath, &sc.FileName,
		&sc.RowsRead, &sc.RowsRejected, &sc.CreatedBy, &sc.CreatedAt)
	sc.RegionCode = access.Scope(sc.regionPath).Code()
	return sc, err
}

// sees is the condition "the list is the caller's at scope": created in its
// subtree, or naming persons placed in it (a county's list, seen by each
// township and grid with its share).
func sees(scope string) (string, []any) {
	cond, args := access.Scope(scope).Subtree("s.region_path")
	return "((" + cond + `) OR EXISTS (SELECT 1 FROM epi_screening_tallies t WHERE t.screening_id = s.id
		AND t.region_path = ? AND t.distributed + t.pool > 0))`, append(args, scope)
}

// Screening is a list the caller at scope sees, with its progress in that
// scope (the tally's one row there).
func (s *Service) Screening(ctx context.Context, scope, id string) (Screening, error) {
	cond, args := sees(scope)
	sc, err := scanScreening(s.db.QueryRow(ctx, "SELECT "+screeningCols+" FROM epi_screenings s WHERE s.id = ? AND "+cond,
		append([]any{id}, args...)...))
	if err != nil {
		return Screening{}, s.db.ScanErr(err, ErrScreeningNotFound)
	}
	sc.Counts, err = s.countsAt(ctx, id, scope)
	return sc, err
}

// Screenings is a page of the lists the caller at scope sees, newest first,
// each with its progress in scope, and how many there are.
func (s *Service) Screenings(ctx context.Context, scope string, offset, limit int) ([]Screening, int, error) {
	cond, args := sees(scope)
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM epi_screenings s WHERE "+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("epidemic: count screenings: %w", err)
	}
	rows, err := s.db.Query(ctx, "SELECT "+screeningCols+" FROM epi_screenings s WHERE "+cond+
		" ORDER BY s.created_at DESC, s.id DESC LIMIT ? OFFSET ?", append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("epidemic: screenings: %w", err)
	}
	out := []Screening{}
	for rows.Next() {
		sc, err := scanScreening(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		out = append(out, sc)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	for i := range out {
		if out[i].Counts, err = s.countsAt(ctx, out[i].ID, scope); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}

// RegionCounts is a list's progress in one region.
type RegionCounts struct {
	RegionCode string `json:"region_code"`
	RegionName string `json:"region_name"`
	Counts
}

// Progress is a list's progress in a region and in each of its children.
type Progress struct {
	RegionCode string         `json:"region_code"`
	Total      Counts         `json:"total" doc:"the region's whole subtree"`
	Here       Counts         `json:"here" doc:"the persons in the region's own pool, in no child region"`
	Items      []RegionCounts `json:"items" doc:"one per child region, in code order, zeros included"`
}

// Progress is the list's progress in region code (the caller's own when
// empty), which must lie in scope: read from the tallies, one row per child.
func (s *Service) Progress(ctx context.Context, scope, id, code string) (Progress, error) {
	if _, err := s.Screening(ctx, scope, id); err != nil {
		return Progress{}, err
	}
	path := scope
	if code != "" {
		p, err := s.regions.Path(ctx, code)
		if err != nil || !access.Scope(scope).Covers(p) {
			return Progress{}, errListRegion.Field("query.region")
		}
		path = p
	}
	total, err := s.countsAt(ctx, id, path)
	if err != nil {
		return Progress{}, err
	}
	byPath, err := s.childCounts(ctx, id, access.Scope(path))
	if err != nil {
		return Progress{}, err
	}
	kids, err := s.regions.Children(ctx, path, access.Scope(path).Code(), false)
	if err != nil {
		return Progress{}, err
	}
	out := Progress{RegionCode: access.Scope(path).Code(), Total: total, Items: make([]RegionCounts, 0, len(kids))}
	var sum [4]int64
	for _, k := range kids {
		c := byPath[k.Path]
		out.Items = append(out.Items, RegionCounts{RegionCode: k.Code, RegionName: k.Name, Counts: c})
		sum[0], sum[1], sum[2], sum[3] = sum[0]+c.Distributed, sum[1]+c.Pool, sum[2]+c.Verified, sum[3]+c.Overdue
	}
	out.Here = newCounts(total.Distributed-sum[0], total.Pool-sum[1], total.Verified-sum[2], total.Overdue-sum[3])
	return out, nil
}

// Rejects is a page of the list's refused rows, in line order, and how
// many there are.
func (s *Service) Rejects(ctx context.Context, scope, id string, offset, limit int) ([]Reject, int, error) {
	sc, err := s.Screening(ctx, scope, id)
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.db.Query(ctx, `SELECT line, field, reason FROM epi_screening_rejects WHERE screening_id = ?
		ORDER BY line LIMIT ? OFFSET ?`, id, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("epidemic: rejects: %w", err)
	}
	defer rows.Close()
	out := []Reject{}
	for rows.Next() {
		var r Reject
		if err := rows.Scan(&r.Line, &r.Field, &r.Reason); err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	return out, sc.RowsRejected, rows.Err()
}
