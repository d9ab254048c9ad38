package imports

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/population"
)

// jobRow is a stored job.
type jobRow struct {
	id, kind, mode, status, format, encoding, fileName, filePath string
	fileSize                                                     int64
	total, imported, updated, rejected, doneLine                 int64
	batches, attempts                                            int
	progress                                                     float64
	errText, lastError                                           string
	prevError                                                    string // last_error before this run's claim
	createdBy, creator, creatorRoles, creatorPerms               string
	regionCode, scopePath, leaseOwner, reportPath                string
	createdAt                                                    time.Time
	leaseUntil, startedAt, finishedAt, reportExpires             sql.NullTime
}

const jobCols = `id, kind, mode, status, format, encoding, file_name, file_path, file_size, total, imported, updated,
	rejected, done_line, batches, progress, error, created_by, creator, creator_roles, creator_perms, region_code,
	scope_path, lease_owner, report_path, created_at, lease_until, started_at, finished_at, report_expires_at,
	attempts, last_error`

func scanJob(r interface{ Scan(...any) error }) (*jobRow, error) {
	var j jobRow
	err := r.Scan(&j.id, &j.kind, &j.mode, &j.status, &j.format, &j.encoding, &j.fileName, &j.filePath, &j.fileSize,
		&j.total, &j.imported, &j.updated, &j.rejected, &j.doneLine, &j.batches, &j.progress, &j.errText,
		&j.createdBy, &j.creator, &j.creatorRoles, &j.creatorPerms, &j.regionCode, &j.scopePath, &j.leaseOwner,
		&j.reportPath, &j.createdAt, &j.leaseUntil, &j.startedAt, &j.finishedAt, &j.reportExpires, &j.attempts, &j.lastError)
	return &j, err
}

func (s *Service) insertJob(ctx context.Context, j *jobRow) error {
	_, err := s.db.Exec(ctx, `INSERT INTO import_jobs (id, kind, mode, status, format, encoding, file_name, file_path,
		file_size, created_by, creator, creator_roles, creator_perms, region_code, scope_path, created_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, j.id, j.kind, j.mode, j.status, j.format, j.encoding, j.fileName,
		j.filePath, j.fileSize, j.createdBy, j.creator, j.creatorRoles, j.creatorPerms, j.regionCode, j.scopePath, j.createdAt)
	if err != nil {
		return fmt.Errorf("imports: insert job: %w", err)
	}
	return nil
}

// job loads a job inside the scope path (every job when scope is "").
func (s *Service) job(ctx context.Context, scope, id string) (*jobRow, error) {
	q, args := "SELECT "+jobCols+" FROM import_jobs WHERE id = ?", []any{id}
	if scope != "" {
		cond, sargs := access.Scope(scope).Subtree("scope_path")
		q, args = q+" AND "+cond, append(args, sargs...)
	}
	j, err := scanJob(s.db.QueryRow(ctx, q, args...))
	if err != nil {
		return nil, s.db.ScanErr(err, ErrNotFound)
	}
	return j, nil
}

// list is a page of the jobs in the scope, newest first.
func (s *Service) list(ctx context.Context, scope string, offset, limit int) ([]*jobRow, int, error) {
	cond, args := access.Scope(scope).Subtree("scope_path")
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM import_jobs WHERE "+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("imports: count: %w", err)
	}
	rows, err := s.db.Query(ctx, "SELECT "+jobCols+" FROM import_jobs WHERE "+cond+
		" ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?", append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("imports: list: %w", err)
	}
	defer rows.Close()
	var out []*jobRow
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("imports: list: %w", err)
		}
		out = append(out, j)
	}
	return out, total, rows.Err()
}

// Claim outcomes.
type claim int

const (
	claimed  claim = iota
	finished       // done or failed already: nothing to do
	busy           // another live worker holds the lease
)

// claim takes the job's lease for owner unless another worker holds an
// unexpired one, marks the job running and counts the run on its row — so
// that the bound on runs holds however many queue jobs and restarts there
// are. Until the run says otherwise, its last error is that it stopped
// midway: what a run that dies leaves behind.
func (s *Service) claim(ctx context.Context, id, owner string) (j *jobRow, c claim, err error) {
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		j, err = scanJob(s.db.QueryRow(ctx, "SELECT "+jobCols+" FROM import_jobs WHERE id = ?"+s.db.Dialect.ForUpdate(), id))
		if err != nil {
			return s.db.ScanErr(err, ErrNotFound)
		}
		now := s.now()
		switch {
		case j.status == Done || j.status == Failed:
			c = finished
			return nil
		case j.leaseOwner != "" && j.leaseOwner != owner && j.leaseUntil.Valid && j.leaseUntil.Time.After(now):
			c = busy
			return nil
		}
		if !j.startedAt.Valid {
			j.startedAt = sql.NullTime{Time: now, Valid: true}
		}
		j.status, j.leaseOwner, j.leaseUntil = Running, owner, sql.NullTime{Time: now.Add(leaseTTL), Valid: true}
		j.attempts, j.prevError = j.attempts+1, j.lastError
		j.lastError = fmt.Sprintf("第%d次运行中途停止(服务退出或被终止) / run %d stopped midway (the server exited or was killed)",
			j.attempts, j.attempts)
		_, err = s.db.Exec(ctx, `UPDATE import_jobs SET status = ?, lease_owner = ?, lease_until = ?, started_at = ?,
			attempts = ?, last_error = ? WHERE id = ?`, Running, owner, j.leaseUntil.Time, j.startedAt.Time, j.attempts, j.lastError, id)
		return err
	})
	return j, c, err
}

// errLeaseLost is a worker whose lease another worker took over.
var errLeaseLost = errors.New("imports: lease lost to another worker")

// advance records a committed batch on the job, in the batch's transaction,
// and renews the lease; it fails when owner no longer holds the job.
func (s *Service) advance(ctx context.Context, j *jobRow, owner string, d counts, doneLine int64, progress float64) error {
	res, err := s.db.Exec(ctx, `UPDATE import_jobs SET total = total + ?, imported = imported + ?, updated = updated + ?,
		rejected = rejected + ?, done_line = ?, batches = batches + 1, progress = ?, lease_until = ?
		WHERE id = ? AND lease_owner = ? AND status = ?`,
		d.imported+d.updated+d.rejected, d.imported, d.updated, d.rejected, doneLine, progress,
		s.now().Add(leaseTTL), j.id, owner, Running)
	if err != nil {
		return fmt.Errorf("imports: advance job: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errLeaseLost
	}
	return nil
}

// renew extends owner's lease on the job while it reads without committing.
func (s *Service) renew(ctx context.Context, j *jobRow, owner string) error {
	res, err := s.db.Exec(ctx, "UPDATE import_jobs SET lease_until = ? WHERE id = ? AND lease_owner = ? AND status = ?",
		s.now().Add(leaseTTL), j.id, owner, Running)
	if err != nil {
		return fmt.Errorf("imports: renew lease: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errLeaseLost
	}
	return nil
}

// noteError records why a run failed, for the message of the run that
// gives up.
func (s *Service) noteError(ctx context.Context, j *jobRow, owner string, cause error) error {
	_, err := s.db.Exec(ctx, "UPDATE import_jobs SET last_error = ? WHERE id = ? AND lease_owner = ?", cause.Error(), j.id, owner)
	return err
}

type counts struct{ imported, updated, rejected int64 }

// rowError is a rejected row as stored until the report is written.
type rowError struct {
	population.RowError
	values []string // masked, in template order
}

// saveRowErrors stores rejected rows, many to a statement.
func (s *Service) saveRowErrors(ctx context.Context, jobID string, errs []rowError) error {
	const per = 200
	for len(errs) > 0 {
		n := min(per, len(errs))
		var b strings.Builder
		b.WriteString("INSERT INTO import_row_errors (job_id, line, col, reason, data) VALUES ")
		args := make([]any, 0, 5*n)
		for i, e := range errs[:n] {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("(?,?,?,?,?)")
			data, _ := json.Marshal(e.values)
			args = append(args, jobID, e.Line, e.Column, e.Reason, string(data))
		}
		if _, err := s.db.Exec(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("imports: save rejected rows: %w", err)
		}
		errs = errs[n:]
	}
	return nil
}

// rowErrors walks a job's rejected rows in line order.
func (s *Service) rowErrors(ctx context.Context, jobID string, fn func(rowError) error) error {
	rows, err := s.db.Query(ctx, "SELECT line, col, reason, data FROM import_row_errors WHERE job_id = ? ORDER BY line", jobID)
	if err != nil {
		return fmt.Errorf("imports: read rejected rows: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e rowError
		var data string
		if err := rows.Scan(&e.Line, &e.Column, &e.Reason, &data); err != nil {
			return err
		}
		json.Unmarshal([]byte(data), &e.values)
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// CleanupExpired deletes error reports past their expiry and any upload a
// finished job left behind (a crash between the end of a job and the
// deletion of its file). It is a jobs.Cleaner.
func (s *Service) CleanupExpired(ctx context.Context) (int64, error) {
	var n int64
	reports, err := s.paths(ctx, "SELECT id, report_path FROM import_jobs WHERE report_path <> '' AND report_expires_at < ?", s.now())
	if err != nil {
		return 0, err
	}
	for id, p := range reports {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return n, fmt.Errorf("imports: delete report: %w", err)
		}
		if _, err := s.db.Exec(ctx, "UPDATE import_jobs SET report_path = '' WHERE id = ?", id); err != nil {
			return n, err
		}
		n++
	}
	uploads, err := s.paths(ctx, "SELECT id, file_path FROM import_jobs WHERE file_path <> '' AND status IN (?, ?)", Done, Failed)
	if err != nil {
		return n, err
	}
	for id, p := range uploads {
		if err := s.removeUpload(ctx, id, p); err != nil {
			return n, err
		}
		n++
	}
	swept, err := s.sweepFolder(ctx)
	return n + swept, err
}

// orphanAge is how old a file in the imports folder that no job refers to
// must be before the sweep deletes it: an upload being received or a report
// being written are younger.
const orphanAge = 6 * time.Hour

// sweepFolder deletes what crashes leave in the imports folder: uploads no
// job refers to (the instance died between receiving the file and recording
// the job) and half-written reports; then what no job holds in tmp/.
func (s *Service) sweepFolder(ctx context.Context) (int64, error) {
	var n int64
	cutoff := time.Now().Add(-orphanAge)
	entries, err := os.ReadDir(s.dir())
	if err != nil {
		return n, fmt.Errorf("imports: sweep: %w", err)
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || e.IsDir() || info.ModTime().After(cutoff) {
			continue
		}
		path := filepath.Join(s.dir(), e.Name())
		switch {
		case strings.HasSuffix(e.Name(), ".part"):
		case strings.HasSuffix(e.Name(), ".upload"):
			var refs int
			if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM import_jobs WHERE file_path = ?", path).Scan(&refs); err != nil || refs > 0 {
				continue
			}
		default:
			continue // reports: deleted by their expiry
		}
		if os.Remove(path) == nil {
			n++
		}
	}
	swept, err := s.sweepTmp(ctx)
	return n + swept, err
}

// tmpGrace is how long what a job no longer holds stays in tmp/: the
// folder of an upload being checked (it has no job yet), or of a job whose
// worker has just died (its next run clears it) is younger.
const tmpGrace = 10 * time.Minute

// sweepTmp deletes from tmp/ — at start and with every cleanup — the
// folders of jobs that ended or whose worker died more than tmpGrace ago,
// and anything else older than that (such as excelize's temporary files).
func (s *Service) sweepTmp(ctx context.Context) (int64, error) {
	entries, err := os.ReadDir(s.tmpDir())
	if err != nil {
		return 0, fmt.Errorf("imports: sweep: %w", err)
	}
	var n int64
	cutoff, leaseCutoff := time.Now().Add(-tmpGrace), s.now().Add(-tmpGrace)
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			continue
		}
		var status string
		var lease sql.NullTime
		err = s.db.ScanErr(s.db.QueryRow(ctx, "SELECT status, lease_until FROM import_jobs WHERE id = ?", e.Name()).Scan(&status, &lease), ErrNotFound)
		switch {
		case err == nil && status == Running && lease.Valid && lease.Time.After(leaseCutoff):
			continue
		case errors.Is(err, ErrNotFound) && info.ModTime().After(cutoff):
			continue
		case err != nil && !errors.Is(err, ErrNotFound):
			return n, fmt.Errorf("imports: sweep: %w", err)
		}
		if os.RemoveAll(filepath.Join(s.tmpDir(), e.Name())) == nil {
			n++
		}
	}
	return n, nil
}

func (s *Service) paths(ctx context.Context, q string, args ...any) (map[string]string, error) {
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("imports: cleanup: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, p string
		if err := rows.Scan(&id, &p); err != nil {
			return nil, err
		}
		out[id] = p
	}
	return out, rows.Err()
}

// removeUpload deletes a job's uploaded file and forgets its path.
func (s *Service) removeUpload(ctx context.Context, id, path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("imports: delete upload: %w", err)
	}
	_, err := s.db.Exec(ctx, "UPDATE import_jobs SET file_path = '' WHERE id = ?", id)
	return err
}

// stale is the jobs a periodic sweep should (re-)enqueue: running with an
// expired lease, or queued for over a minute (their enqueue was lost). At
// start-up every unfinished job is, whatever its lease says: the worker then
// waits for the lease.
func (s *Service) stale(ctx context.Context, startup bool) ([]string, error) {
	now := s.now()
	q, args := `SELECT id FROM import_jobs WHERE (status = ? AND (lease_until IS NULL OR lease_until < ?))
		OR (status = ? AND created_at < ?)`, []any{Running, now, Queued, now.Add(-time.Minute)}
	if startup {
		q, args = "SELECT id FROM import_jobs WHERE status IN (?, ?)", []any{Running, Queued}
	}
	rows, err := s.db.Query(ctx, q+" ORDER BY created_at", args...)
	if err != nil {
		return nil, fmt.Errorf("imports: stale jobs: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
