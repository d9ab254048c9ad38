package event

import (
	"context"
	"fmt"
	"strings"

	"healthgrid/internal/pii"
)

// legacyBatch is how many events SealLegacy reads at a time, with their
// tasks and timelines.
const legacyBatch = 500

// SealLegacy seals the numbers in the text of the events written before free
// text was scanned (migration 0027 lists the work when there are any) — their
// titles, descriptions, addresses, reporters' names, tasks' feedback and
// timelines' comments — a batch of events per transaction, and says how many
// texts it sealed. Text sealed already is left as it is.
func (s *Service) SealLegacy(ctx context.Context) (int, error) {
	n := 0
	err := s.db.Backfill(ctx, "event_text", func(ctx context.Context, after string) (string, error) {
		last, sealed, err := s.sealBatch(ctx, after)
		n += sealed
		return last, err
	})
	return n, err
}

// reseal is text to seal: one written before it was scanned (nothing sealed
// beside it) that holds numbers.
func (s *Service) reseal(text, sealed string) (pii.Text, bool) {
	if sealed != "" || len(pii.Scan(text)) == 0 {
		return pii.Text{Masked: text, Sealed: sealed}, false
	}
	return s.pii.SealText(text), true
}

// sealBatch seals the events after id after, and returns the last one's id
// ("" when there was none) and how many texts it sealed.
func (s *Service) sealBatch(ctx context.Context, after string) (string, int, error) {
	rows, err := s.db.Query(ctx, `SELECT id, title, title_pii, description, description_pii, address, address_pii,
		reporter_name, reporter_name_pii FROM events WHERE id > ? ORDER BY id LIMIT ?`, after, legacyBatch)
	if err != nil {
		return "", 0, fmt.Errorf("event: legacy text: %w", err)
	}
	type row struct {
		id     string
		fields [4]pii.Text
	}
	var events []row
	for rows.Next() {
		var r row
		f := &r.fields
		if err := rows.Scan(&r.id, &f[0].Masked, &f[0].Sealed, &f[1].Masked, &f[1].Sealed, &f[2].Masked, &f[2].Sealed,
			&f[3].Masked, &f[3].Sealed); err != nil {
			rows.Close()
			return "", 0, fmt.Errorf("event: legacy text: %w", err)
		}
		events = append(events, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(events) == 0 {
		return "", 0, err
	}
	n := 0
	ids := make([]any, len(events))
	for i, r := range events {
		ids[i] = r.id
		changed := false
		for k, f := range r.fields {
			if t, ok := s.reseal(f.Masked, f.Sealed); ok {
				r.fields[k], changed = t, true
				n++
			}
		}
		if !changed {
			continue
		}
		f := r.fields
		if _, err := s.db.Exec(ctx, `UPDATE events SET title = ?, title_pii = ?, description = ?, description_pii = ?,
			address = ?, address_pii = ?, reporter_name = ?, reporter_name_pii = ? WHERE id = ?`, f[0].Masked, f[0].Sealed,
			f[1].Masked, f[1].Sealed, f[2].Masked, f[2].Sealed, f[3].Masked, f[3].Sealed, r.id); err != nil {
			return "", 0, fmt.Errorf("event: legacy text: %w", err)
		}
	}
	tasks, err := s.sealTasks(ctx, ids)
	if err != nil {
		return "", 0, err
	}
	entries, err := s.sealTimelines(ctx, ids)
	return events[len(events)-1].id, n + tasks + entries, err
}

// inIDs is the placeholder list of an IN over ids.
func inIDs(ids []any) string { return "(?" + strings.Repeat(",?", len(ids)-1) + ")" }

// sealTasks seals the feedback and extension comments of the tasks of the
// events ids. A task written since it was read (by an instance already
// running this version) keeps what it has.
func (s *Service) sealTasks(ctx context.Context, ids []any) (int, error) {
	rows, err := s.db.Query(ctx, `SELECT id, feedback, feedback_pii, extension_comment, extension_comment_pii FROM event_tasks
		WHERE event_id IN `+inIDs(ids), ids...)
	if err != nil {
		return 0, fmt.Errorf("event: legacy tasks: %w", err)
	}
	type row struct {
		id       string
		feedback pii.Text
		ext      pii.Text
	}
	var tasks []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.feedback.Masked, &r.feedback.Sealed, &r.ext.Masked, &r.ext.Sealed); err != nil {
			rows.Close()
			return 0, fmt.Errorf("event: legacy tasks: %w", err)
		}
		tasks = append(tasks, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	n := 0
	for _, r := range tasks {
		feedback, ok1 := s.reseal(r.feedback.Masked, r.feedback.Sealed)
		ext, ok2 := s.reseal(r.ext.Masked, r.ext.Sealed)
		if !ok1 && !ok2 {
			continue
		}
		n += btoi(ok1) + btoi(ok2)
		if _, err := s.db.Exec(ctx, `UPDATE event_tasks SET feedback = ?, feedback_pii = ?, extension_comment = ?,
			extension_comment_pii = ? WHERE id = ? AND feedback = ? AND feedback_pii = ? AND extension_comment = ?
			AND extension_comment_pii = ?`, feedback.Masked, feedback.Sealed, ext.Masked, ext.Sealed, r.id,
			r.feedback.Masked, r.feedback.Sealed, r.ext.Masked, r.ext.Sealed); err != nil {
			return 0, fmt.Errorf("event: legacy tasks: %w", err)
		}
	}
	return n, nil
}

// sealTimelines seals the comments in the timelines of the events ids.
func (s *Service) sealTimelines(ctx context.Context, ids []any) (int, error) {
	rows, err := s.db.Query(ctx, "SELECT id, comment, comment_pii FROM event_timeline WHERE event_id IN "+inIDs(ids), ids...)
	if err != nil {
		return 0, fmt.Errorf("event: legacy timeline: %w", err)
	}
	type row struct {
		id      string
		comment pii.Text
	}
	var entries []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.comment.Masked, &r.comment.Sealed); err != nil {
			rows.Close()
			return 0, fmt.Errorf("event: legacy timeline: %w", err)
		}
		if t, ok := s.reseal(r.comment.Masked, r.comment.Sealed); ok {
			entries = append(entries, row{r.id, t})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, r := range entries {
		if _, err := s.db.Exec(ctx, "UPDATE event_timeline SET comment = ?, comment_pii = ? WHERE id = ?",
			r.comment.Masked, r.comment.Sealed, r.id); err != nil {
			return 0, fmt.Errorf("event: legacy timeline: %w", err)
		}
	}
	return len(entries), nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
