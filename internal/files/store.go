package files

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"healthgrid/internal/apperr"
)

const cols = `id, name, content_type, size, sha256, store_key, uploaded_by, uploader_name, created_at,
	COALESCE(event_id, ''), COALESCE(entry_id, ''), COALESCE(owner, ''), COALESCE(marked_key, '')`

func scan(row interface{ Scan(...any) error }) (Attachment, error) {
	var a Attachment
	err := row.Scan(&a.ID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &a.key, &a.uploaderID, &a.UploadedBy,
		&a.CreatedAt, &a.eventID, &a.EntryID, &a.owner, &a.markedKey)
	return a, err
}

func (s *Service) insert(ctx context.Context, a *Attachment) error {
	_, err := s.db.Exec(ctx, `INSERT INTO attachments (id, name, content_type, size, sha256, store_key, uploaded_by,
		uploader_name, created_at) VALUES (?,?,?,?,?,?,?,?,?)`,
		a.ID, a.Name, a.ContentType, a.Size, a.SHA256, a.key, a.uploaderID, a.UploadedBy, a.CreatedAt)
	if err != nil {
		return fmt.Errorf("attachment: insert: %w", err)
	}
	return nil
}

func (s *Service) get(ctx context.Context, id string) (Attachment, error) {
	a, err := scan(s.db.QueryRow(ctx, "SELECT "+cols+" FROM attachments WHERE id = ?", id))
	return a, s.db.ScanErr(err, ErrNotFound)
}

// Linked is the attachments of an event, oldest first, each with the
// timeline entry it came with.
func (s *Service) Linked(ctx context.Context, eventID string) ([]Attachment, error) {
	rows, err := s.db.Query(ctx, "SELECT "+cols+" FROM attachments WHERE event_id = ? ORDER BY created_at, id", eventID)
	if err != nil {
		return nil, fmt.Errorf("attachment: linked: %w", err)
	}
	defer rows.Close()
	var out []Attachment
	for rows.Next() {
		a, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("attachment: linked: %w", err)
		}
		out = append(out, s.withURL(a))
	}
	return out, rows.Err()
}

// Link gives the uploads ids of uploader to event eventID and its timeline
// entry entryID, in the transaction ctx carries (or one of its own). All
// of them or none: an id that is unknown, someone else's or linked already
// refuses the whole link with a 422 on field, which names them.
func (s *Service) Link(ctx context.Context, field, uploader string, ids []string, eventID, entryID string) error {
	return s.take(ctx, field, uploader, ids, entryID, "event_id = ?, entry_id = ?", eventID, entryID)
}

// take sets the columns of set (with vals, holder among them) on the
// uploads ids of uploader no event or owner holds yet: all of them or none.
func (s *Service) take(ctx context.Context, field, uploader string, ids []string, holder, set string, vals ...any) error {
	ids = unique(ids)
	if len(ids) == 0 {
		return nil
	}
	in, args := "?"+strings.Repeat(",?", len(ids)-1), make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return s.db.InTx(ctx, func(ctx context.Context) error {
		res, err := s.db.Exec(ctx, "UPDATE attachments SET "+set+`, linked_at = ?
			WHERE event_id IS NULL AND owner IS NULL AND uploaded_by = ? AND id IN (`+in+")",
			append(append(vals, s.now().UTC(), uploader), args...)...)
		if err != nil {
			return fmt.Errorf("attachment: link: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == int64(len(ids)) {
			return err
		}
		return s.refusal(ctx, field, uploader, holder, ids, in, args)
	})
}

// refusal says which ids a link could not take, and why; those the link
// did take carry its holder: the event's timeline entry, or the owner.
func (s *Service) refusal(ctx context.Context, field, uploader, holder string, ids []string, in string, args []any) error {
	rows, err := s.db.Query(ctx, "SELECT id, uploaded_by, COALESCE(entry_id, owner, '') FROM attachments WHERE id IN ("+in+")",
		args...)
	if err != nil {
		return fmt.Errorf("attachment: link: %w", err)
	}
	defer rows.Close()
	linked := map[string]bool{}
	mine := map[string]bool{}
	for rows.Next() {
		var id, by, entry string
		if err := rows.Scan(&id, &by, &entry); err != nil {
			return fmt.Errorf("attachment: link: %w", err)
		}
		mine[id], linked[id] = by == uploader, entry != "" && entry != holder
	}
	if err := rows.Err(); err != nil {
		return err
	}
	var bad apperr.Invalid
	var unknown, taken []string
	for _, id := range ids {
		switch {
		case !mine[id]:
			unknown = append(unknown, id)
		case linked[id]:
			taken = append(taken, id)
		}
	}
	if len(unknown) > 0 {
		list := strings.Join(unknown, ", ")
		bad = append(bad, apperr.FieldError{Field: field, Message: "附件不存在、已过期或不是您上传的:" + list +
			" / no such upload of yours (unknown, expired or someone else's): " + list})
	}
	if len(taken) > 0 {
		list := strings.Join(taken, ", ")
		bad = append(bad, apperr.FieldError{Field: field, Message: "附件已随其他上报或操作提交:" + list +
			" / already attached to a report or an action: " + list})
	}
	if len(bad) == 0 { // the rows changed between the two statements: say so rather than pass
		return errLinkRace.Withf(nil, "attachment: link: %d of %d taken", len(ids)-len(unknown)-len(taken), len(ids))
	}
	return bad
}

func unique(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if id = strings.TrimSpace(id); id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// CleanupExpired deletes the uploads no report or action took within
// UnlinkedTTL, rows and files. It is a jobs.Cleaner.
func (s *Service) CleanupExpired(ctx context.Context) (int64, error) {
	rows, err := s.db.Query(ctx, `SELECT id, store_key FROM attachments WHERE event_id IS NULL AND owner IS NULL AND created_at < ?
		ORDER BY created_at LIMIT 1000`, s.now().UTC().Add(-UnlinkedTTL))
	if err != nil {
		return 0, fmt.Errorf("attachment: cleanup: %w", err)
	}
	keys := map[string]string{}
	for rows.Next() {
		var id, key string
		if err := rows.Scan(&id, &key); err != nil {
			rows.Close()
			return 0, fmt.Errorf("attachment: cleanup: %w", err)
		}
		keys[id] = key
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	var n int64
	for id, key := range keys {
		// a link may have taken it since: the row goes only while still unlinked
		res, err := s.db.Exec(ctx, "DELETE FROM attachments WHERE id = ? AND event_id IS NULL AND owner IS NULL", id)
		if err != nil {
			return n, fmt.Errorf("attachment: cleanup: %w", err)
		}
		if k, _ := res.RowsAffected(); k == 0 {
			continue
		}
		if err := s.store.Delete(ctx, key); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
