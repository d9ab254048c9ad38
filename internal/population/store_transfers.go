package population

import (
	"context"
	"errors"
	"fmt"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/db"
)

// transferRow is a transfer request as stored, with its grids' names.
type transferRow struct {
	id, idIdx, idEnc, name           string
	residentID, fromGrid, holderPath string
	toGrid, toPath, reason, status   string
	requesterID, requester           string
	createdAt                        time.Time
	decider, note                    string
	decidedAt                        *time.Time
	toGridName, fromGridName         string
}

const transferCols = `t.id, t.id_idx, t.id_enc, t.name, COALESCE(t.resident_id, ''), COALESCE(t.from_grid_code, ''), t.holder_path,
	t.to_grid_code, t.to_path, t.reason, t.status, t.requester_id, t.requester, t.created_at, COALESCE(t.decider, ''), t.note,
	t.decided_at, COALESCE((SELECT g.name FROM regions g WHERE g.code = t.to_grid_code), ''),
	COALESCE((SELECT g.name FROM regions g WHERE g.code = t.from_grid_code), '')`

func scanTransfer(sc interface{ Scan(...any) error }) (transferRow, error) {
	var t transferRow
	err := sc.Scan(&t.id, &t.idIdx, &t.idEnc, &t.name, &t.residentID, &t.fromGrid, &t.holderPath, &t.toGrid, &t.toPath, &t.reason,
		&t.status, &t.requesterID, &t.requester, &t.createdAt, &t.decider, &t.note, &t.decidedAt, &t.toGridName, &t.fromGridName)
	return t, err
}

// insertTransfer stores a new request; a pending one for the same person
// and grid refuses it.
func (s *Service) insertTransfer(ctx context.Context, t *transferRow) error {
	_, err := s.db.Exec(ctx, `INSERT INTO resident_transfers (id, id_enc, id_idx, name, resident_id, from_grid_code, holder_path,
		to_grid_code, to_path, reason, status, requester_id, requester, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		t.id, t.idEnc, t.idIdx, t.name, nullable(t.residentID), nullable(t.fromGrid), t.holderPath, t.toGrid, t.toPath, t.reason,
		t.status, t.requesterID, t.requester, t.createdAt)
	if errors.Is(err, db.ErrUnique) {
		return ErrTransferOpen
	}
	if err != nil {
		return fmt.Errorf("transfer: insert: %w", err)
	}
	return nil
}

// getTransfer loads a request, locked for the transaction when lock is set.
func (s *Service) getTransfer(ctx context.Context, id string, lock bool) (transferRow, error) {
	q := "SELECT " + transferCols + " FROM resident_transfers t WHERE t.id = ?"
	if lock {
		q += s.db.Dialect.ForUpdate()
	}
	t, err := scanTransfer(s.db.QueryRow(ctx, q, id))
	if err != nil {
		return t, s.db.ScanErr(err, ErrTransferNotFound)
	}
	return t, nil
}

// listTransfers is a page of the requests whose holder (incoming) or target
// (outgoing) lies in scope, newest first, and how many there are.
func (s *Service) listTransfers(ctx context.Context, scope, dir, status string, offset, limit int) ([]transferRow, int, error) {
	col := "t.holder_path"
	if dir == Outgoing {
		col = "t.to_path"
	}
	where, args := access.Scope(scope).Subtree(col)
	if status != "" {
		where += " AND t.status = ?"
		args = append(args, status)
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM resident_transfers t WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("transfer: count: %w", err)
	}
	rows, err := s.db.Query(ctx, "SELECT "+transferCols+" FROM resident_transfers t WHERE "+where+
		" ORDER BY t.created_at DESC, t.id DESC LIMIT ? OFFSET ?", append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("transfer: list: %w", err)
	}
	defer rows.Close()
	out := []transferRow{}
	for rows.Next() {
		t, err := scanTransfer(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, t)
	}
	return out, total, rows.Err()
}

// settleTransfer records a decision on a pending request.
func (s *Service) settleTransfer(ctx context.Context, t transferRow, deciderID string) error {
	res, err := s.db.Exec(ctx, `UPDATE resident_transfers SET status = ?, decider_id = ?, decider = ?, note = ?, decided_at = ?
		WHERE id = ? AND status = ?`, t.status, deciderID, t.decider, t.note, t.decidedAt, t.id, TransferPending)
	if err != nil {
		return fmt.Errorf("transfer: decide: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n != 1 {
		return ErrTransferDecided
	}
	return nil
}
