package notice

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/audit"
)

// The action an issued notice writes to the audit log.
var _ = audit.Declare("notice.issue")

// Issue publishes a notice at once, without the office's review: for a
// decision that is itself the authority's act and was made elsewhere (a risk
// area published, downgraded or lifted by the county's epidemic command) —
// the notice only tells the public. The caller is its author and reviewer;
// it joins the workflow as published and can be withdrawn like any other.
// It runs in the transaction ctx carries, if any.
func (s *Service) Issue(ctx context.Context, p *access.Principal, in Input) (string, error) {
	ts, err := s.check(ctx, p, &in)
	if err != nil {
		return "", err
	}
	id, now := uuid.Must(uuid.NewV7()).String(), s.now().UTC()
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, `INSERT INTO notices (id, kind, title, summary, body, status, owner_path, author_id,
			author_name, reviewer_id, reviewer_name, created_at, updated_at, published_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			id, in.Kind, in.Title, in.Summary, in.Body, Published, p.RegionPath, p.UserID, p.Name, p.UserID, p.Name,
			now, now, now); err != nil {
			return fmt.Errorf("notice: issue: %w", err)
		}
		if err := s.setTargets(ctx, id, ts); err != nil {
			return err
		}
		return s.audit.Write(ctx, record("notice.issue", id, in))
	})
	return id, err
}
