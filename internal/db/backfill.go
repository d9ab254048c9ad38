package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Backfill does the work a migration listed under name in backfills — what
// SQL alone cannot do, such as sealing with the key — a batch per
// transaction. step does the batch of rows after the id after, in the
// transaction ctx carries, and returns the id of its last row, or "" when
// none was left; the row in backfills keeps that id, so a start after a crash
// resumes with the next batch, and goes once the work is done. With no row
// under name there is nothing to do. On PostgreSQL the row is locked for
// the batch, so that two instances starting at once take turns.
func (d *DB) Backfill(ctx context.Context, name string, step func(ctx context.Context, after string) (last string, err error)) error {
	for done := false; !done; {
		err := d.InTx(ctx, func(ctx context.Context) error {
			var after string
			err := d.QueryRow(ctx, "SELECT after_id FROM backfills WHERE name = ?"+d.Dialect.ForUpdate(), name).Scan(&after)
			if errors.Is(err, sql.ErrNoRows) {
				done = true
				return nil
			}
			if err != nil {
				return err
			}
			last, err := step(ctx, after)
			if err != nil {
				return err
			}
			if last == "" {
				done = true
				_, err = d.Exec(ctx, "DELETE FROM backfills WHERE name = ?", name)
			} else {
				_, err = d.Exec(ctx, "UPDATE backfills SET after_id = ? WHERE name = ?", last, name)
			}
			return err
		})
		if err != nil {
			return fmt.Errorf("db: backfill %s: %w", name, err)
		}
	}
	return nil
}

// Rewrite is a Backfill step that passes the text columns cols of table
// through fn, batch rows at a time in the order of their id, writing back
// the rows it changed and counting them in n. A row written since it was
// read keeps what it has.
func (d *DB) Rewrite(table string, cols []string, batch int, fn func(string) string, n *int) func(ctx context.Context, after string) (string, error) {
	query := "SELECT id, " + strings.Join(cols, ", ") + " FROM " + table + " WHERE id > ? ORDER BY id LIMIT ?"
	update := "UPDATE " + table + " SET " + strings.Join(cols, " = ?, ") + " = ? WHERE id = ? AND " +
		strings.Join(cols, " = ? AND ") + " = ?"
	return func(ctx context.Context, after string) (string, error) {
		rows, err := d.Query(ctx, query, after, batch)
		if err != nil {
			return "", err
		}
		var ids []string
		var texts [][]string
		for rows.Next() {
			var id string
			vals := make([]string, len(cols))
			dest := []any{&id}
			for i := range vals {
				dest = append(dest, &vals[i])
			}
			if err := rows.Scan(dest...); err != nil {
				rows.Close()
				return "", err
			}
			ids, texts = append(ids, id), append(texts, vals)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(ids) == 0 {
			return "", err
		}
		for i, vals := range texts {
			args := make([]any, 0, 2*len(cols)+1)
			changed := false
			for _, v := range vals {
				w := fn(v)
				changed = changed || w != v
				args = append(args, w)
			}
			if !changed {
				continue
			}
			args = append(args, ids[i])
			for _, v := range vals {
				args = append(args, v)
			}
			if _, err := d.Exec(ctx, update, args...); err != nil {
				return "", err
			}
			*n++
		}
		return ids[len(ids)-1], nil
	}
}
