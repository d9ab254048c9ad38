package audit

import (
	"context"
	"fmt"
)

// Rewrite sets record seq's detail and rehashes the chain from there on, and
// the head, with the chain's key — what an attacker who holds the key and the
// database could do, and what only an anchor can reveal.
func (l *Log) Rewrite(ctx context.Context, seq int64, detail string) error {
	rows, err := l.db.Query(ctx, `SELECT seq, id, at, actor_id, actor, role, scope_path, ip, action, object_type,
		object_id, outcome, detail, prev_hash, hash FROM audit_log WHERE seq >= ? ORDER BY seq`, seq)
	if err != nil {
		return err
	}
	var es []Entry
	for rows.Next() {
		e, err := scan(rows)
		if err != nil {
			rows.Close()
			return err
		}
		es = append(es, e)
	}
	rows.Close()
	if len(es) == 0 {
		return fmt.Errorf("no record %d", seq)
	}
	prev := es[0].prevHash
	for i := range es {
		e := &es[i]
		if e.Seq == seq {
			e.detailRaw = detail
		}
		e.prevHash = prev
		e.hash = l.hash(e)
		prev = e.hash
		if _, err := l.db.Exec(ctx, "UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?",
			e.detailRaw, e.prevHash, e.hash, e.Seq); err != nil {
			return err
		}
	}
	_, err = l.db.Exec(ctx, "UPDATE audit_head SET hash = ? WHERE id = 1", prev)
	return err
}
