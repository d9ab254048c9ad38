package files

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"healthgrid/internal/apperr"
)

// Marks are the watermarked copies Prepare made: the attachment's id, the
// copy's store key.
type Marks map[string]string

// Prepare burns lines into a copy of each of ids that is uploader's, not yet
// held, and a JPEG or PNG, and keeps the copy beside the original under a key
// of owner's ("visit/<id>"); the original is not touched. Rendering takes a
// moment a photo, so it happens before the owner's transaction, which then
// Holds the uploads with the marks; if that does not commit, Release drops
// the copies. A photo that does not decode, or is larger than MaxMarkPixels,
// is refused with a 422 on field.

// errWatermark is a photo whose image cannot be read to draw on.
var errWatermark = apperr.New(apperr.ErrInvalid, "attachment.watermark_failed", "")

func (s *Service) Prepare(ctx context.Context, field, uploader string, ids []string, owner string, lines []string) (Marks, error) {
	marks := Marks{}
	for _, id := range unique(ids) {
		a, err := s.get(ctx, id)
		if err != nil || a.uploaderID != uploader || a.eventID != "" || a.owner != "" || !Markable(a.ContentType) {
			continue // Hold refuses the ones that are not the uploader's to give
		}
		key := a.key + ".mark-" + strings.ReplaceAll(owner, "/", "-")
		if err := s.mark(ctx, field, a, key, lines); err != nil {
			s.Release(context.WithoutCancel(ctx), marks)
			return nil, err
		}
		marks[id] = key
	}
	return marks, nil
}

func (s *Service) mark(ctx context.Context, field string, a Attachment, key string, lines []string) error {
	f, err := s.store.Open(ctx, a.key)
	if err != nil {
		return fmt.Errorf("attachment %s: %w", a.ID, err)
	}
	defer f.Close()
	var out bytes.Buffer
	if err := s.marker.burn(&out, f, a.ContentType, lines); err != nil {
		return errWatermark.Withf(apperr.P{"name": a.Name}, "「%s」无法加水印 / cannot watermark %s: %v", a.Name, a.Name, err).
			Field(field)
	}
	return s.store.Put(ctx, key, &out)
}

// Release deletes the copies of marks (an owner's transaction rolled back).
func (s *Service) Release(ctx context.Context, marks Marks) {
	for _, key := range marks {
		s.store.Delete(ctx, key)
	}
}

// Hold gives the uploads ids of uploader to owner, with the watermarked
// copies of marks, in the transaction ctx carries; as Link, all or none.
// From then on owner serves them (OpenHeld) and GET /attachments answers 404.
func (s *Service) Hold(ctx context.Context, field, uploader string, ids []string, owner string, marks Marks) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.take(ctx, field, uploader, ids, owner, "owner = ?", owner); err != nil {
			return err
		}
		for id, key := range marks {
			if _, err := s.db.Exec(ctx, "UPDATE attachments SET marked_key = ? WHERE id = ? AND owner = ?", key, id,
				owner); err != nil {
				return fmt.Errorf("attachment: mark: %w", err)
			}
		}
		return nil
	})
}

// Held is what owner holds, oldest first. URL is left for the owner to set.
func (s *Service) Held(ctx context.Context, owner string) ([]Attachment, error) {
	rows, err := s.db.Query(ctx, "SELECT "+cols+" FROM attachments WHERE owner = ? ORDER BY created_at, id", owner)
	if err != nil {
		return nil, fmt.Errorf("attachment: held: %w", err)
	}
	defer rows.Close()
	out := []Attachment{}
	for rows.Next() {
		a, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("attachment: held: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Marked reports whether the attachment has a watermarked copy.
func (a Attachment) Marked() bool { return a.markedKey != "" }

// Holder is the owner holding attachment id; ErrNotFound when none does.
func (s *Service) Holder(ctx context.Context, id string) (string, error) {
	a, err := s.get(ctx, id)
	if err != nil || a.owner == "" {
		return "", ErrNotFound
	}
	return a.owner, nil
}

// OpenHeld is attachment id of owner and its content: the watermarked copy,
// where there is one, unless original; the owner has decided the caller
// may read it.
func (s *Service) OpenHeld(ctx context.Context, owner, id string, original bool) (Attachment, io.ReadSeekCloser, error) {
	a, err := s.get(ctx, id)
	if err != nil || a.owner != owner {
		return Attachment{}, nil, ErrNotFound
	}
	key := a.key
	if a.markedKey != "" && !original {
		key, a.served = a.markedKey, "mark"
	}
	f, err := s.store.Open(ctx, key)
	if err != nil {
		return Attachment{}, nil, fmt.Errorf("attachment %s: %w", a.ID, err)
	}
	return a, f, nil
}
