package imports

import (
	"context"
	"errors"
	"fmt"
	"os"

	"healthgrid/internal/audit"
)

// finish ends the job: the error report is written, the job marked done or
// failed with what was committed, the end audited, the upload deleted.
func (s *Service) finish(ctx context.Context, j *jobRow, owner, status, reason string) error {
	report := ""
	if j.rejected > 0 {
		var err error
		if report, err = s.writeReport(ctx, j); err != nil {
			return err
		}
	}
	now := s.now()
	msg := summary(j)
	if status == Failed {
		msg = failedMessage(reason, j)
	}
	progress := j.progress
	if status == Done {
		progress = 1
	}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		var expires any
		if report != "" {
			expires = now.Add(s.set.ReportTTL)
		}
		res, err := s.db.Exec(ctx, `UPDATE import_jobs SET status = ?, error = ?, progress = ?, finished_at = ?,
			report_path = ?, report_expires_at = ?, lease_owner = '', lease_until = NULL WHERE id = ? AND lease_owner = ?`,
			status, msg, progress, now, report, expires, j.id, owner)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errLeaseLost
		}
		if _, err := s.db.Exec(ctx, "DELETE FROM import_row_errors WHERE job_id = ?", j.id); err != nil {
			return err
		}
		outcome := audit.Success
		if status == Failed {
			outcome = audit.Failure
		}
		return s.audit.Write(ctx, audit.Record{Action: "import.finish", ObjectType: "import", ObjectID: j.id, Outcome: outcome,
			ScopePath: j.scopePath, Detail: map[string]any{"kind": j.kind, "mode": j.mode, "status": status, "total": j.total,
				"imported": j.imported, "updated": j.updated, "rejected": j.rejected, "message": msg}})
	})
	if errors.Is(err, errLeaseLost) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("imports: finish job: %w", err)
	}
	s.log.Info("import finished", "job", j.id, "status", status, "total", j.total, "imported", j.imported,
		"updated", j.updated, "rejected", j.rejected)
	if err := os.RemoveAll(s.jobTmp(j.id)); err != nil {
		s.log.Warn("import: temporary files not removed; the sweep will", "job", j.id, "err", err)
	}
	if j.filePath != "" {
		return s.removeUpload(ctx, j.id, j.filePath)
	}
	return nil
}

func failedMessage(reason string, j *jobRow) string {
	return fmt.Sprintf("导入失败:%s。已提交 %d 行(新增 %d,更新 %d,拒绝 %d),其余未导入", reason, j.total, j.imported, j.updated, j.rejected)
}

func summary(j *jobRow) string {
	return fmt.Sprintf("共 %d 行:新增 %d,更新 %d,拒绝 %d", j.total, j.imported, j.updated, j.rejected)
}
