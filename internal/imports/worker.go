package imports

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"healthgrid/internal/audit"
	"healthgrid/internal/httpx"
	"healthgrid/internal/population"
)

// Args is the River job that runs (or resumes) one import.
type Args struct {
	JobID string `json:"job_id"`
}

// Kind names the job.
func (Args) Kind() string { return "import" }

// maxAttempts bounds the runs of one import that fail on something other
// than the file (the database away, say); after the last it is marked failed.
const maxAttempts = 5

func (s *Service) enqueue(ctx context.Context, id string) error {
	return s.queue.Insert(ctx, Args{JobID: id}, &river.InsertOpts{MaxAttempts: maxAttempts})
}

type worker struct {
	river.WorkerDefaults[Args]
	s *Service
}

// Timeout lets a large file take its time; River's default is a minute.
func (w *worker) Timeout(*river.Job[Args]) time.Duration { return 6 * time.Hour }

// NextRetry retries sooner than River's default: 2 s, 8 s, 32 s, 128 s.
func (w *worker) NextRetry(j *river.Job[Args]) time.Time {
	return time.Now().Add(2 * time.Second << (2 * min(j.Attempt-1, 4)))
}

func (w *worker) Work(ctx context.Context, j *river.Job[Args]) error {
	return w.s.run(ctx, j.Args.JobID, j.Attempt >= j.MaxAttempts)
}

// run claims the job and imports what is left of it. It ends the job (done
// or failed) unless the failure may pass, when River runs it again later
// and it resumes after its last committed batch.
func (s *Service) run(ctx context.Context, id string, lastAttempt bool) error {
	owner := uuid.NewString()
	j, c, err := s.claim(ctx, id, owner)
	switch {
	case errors.Is(err, ErrNotFound):
		return nil // deleted
	case err != nil:
		return err
	case c == finished:
		return nil
	case c == busy:
		return river.JobSnooze(max(time.Second, j.leaseUntil.Time.Sub(s.now())+time.Second))
	}
	ctx = httpx.WithPrincipal(ctx, j.principal())
	ctx = httpx.WithRequest(ctx, httpx.Request{ID: "import-" + j.id})
	s.log.Info("import running", "job", j.id, "resume_after_line", j.doneLine, "batches", j.batches)
	err = s.process(ctx, j, owner)
	var hdr *HeaderError
	switch {
	case err == nil:
		return s.finish(ctx, j, owner, Done, "")
	case errors.Is(err, errLeaseLost):
		return nil // another worker goes on with it
	case ctx.Err() != nil:
		return err // shutting down or timed out: resume later
	case errors.As(err, &hdr), errors.Is(err, ErrBadFile), errors.Is(err, os.ErrNotExist):
		return s.finish(ctx, j, owner, Failed, err.Error())
	case lastAttempt:
		return s.finish(ctx, j, owner, Failed, err.Error())
	}
	s.log.Warn("import interrupted, will resume", "job", j.id, "err", err)
	return err
}

// batch is what the parser hands the writer: as many lines as the pacer says.
type batch struct {
	items    []Item
	checked  population.Checked // the rows that parsed, checked by the sink
	lastLine int64
	progress float64
}

// process reads the file and commits it batch by batch. Parsing runs in its
// own goroutine, one batch ahead of the writer.
func (s *Service) process(ctx context.Context, j *jobRow, owner string) error {
	if j.filePath == "" {
		return fmt.Errorf("上传的文件已不存在: %w", os.ErrNotExist)
	}
	p, err := Open(j.filePath, Format(j.format), j.encoding, s.tmpDir())
	if err != nil {
		return err
	}
	defer p.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan batch, 1)
	pace := newPacer(s.set.BatchSize)
	var perr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(ch)
		perr = s.parse(ctx, p, j.doneLine, pace, ch)
	}()
	var werr error
	for b := range ch {
		if werr != nil {
			continue // drain: the parser stops at the cancel
		}
		t0 := time.Now()
		if werr = s.commit(ctx, j, owner, b); werr != nil {
			cancel()
			continue
		}
		took := time.Since(t0)
		pace.took(len(b.items), took)
		yield(ctx, took)
	}
	wg.Wait()
	if werr != nil {
		return werr
	}
	return perr
}

// yield pauses after a batch so that other writers get the database: on
// SQLite a writer waiting for the lock polls every 100 ms once it has waited
// a while, and would never see the instant between one batch's commit and
// the next one's begin. A tenth of the batch's time, 5–150 ms.
func yield(ctx context.Context, batch time.Duration) {
	select {
	case <-time.After(min(150*time.Millisecond, max(5*time.Millisecond, batch/10))):
	case <-ctx.Done():
	}
}

// parse sends the file's items after line skip in batches.
func (s *Service) parse(ctx context.Context, p *Parser, skip int64, pace *pacer, ch chan<- batch) error {
	b := batch{items: make([]Item, 0, pace.size())}
	caller := httpx.PrincipalFrom(ctx)
	send := func() error {
		b.progress = p.Progress()
		var err error
		if b.checked, err = s.sink.CheckBatch(ctx, caller, parsedRows(b.items)); err != nil {
			return fmt.Errorf("imports: check batch: %w", err)
		}
		select {
		case ch <- b:
		case <-ctx.Done():
			return ctx.Err()
		}
		b = batch{items: make([]Item, 0, pace.size())}
		return nil
	}
	for {
		it, err := p.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if int64(it.Row.Line) <= skip {
			continue // committed before a restart; read again only to know its ID number
		}
		b.items = append(b.items, it)
		b.lastLine = int64(it.Row.Line)
		if len(b.items) == cap(b.items) {
			if err := send(); err != nil {
				return err
			}
		}
	}
	if len(b.items) > 0 {
		return send()
	}
	return nil
}

// commit writes one batch in one transaction: the valid rows through the
// sink, the rejected rows, and the job's counts and resume point.
func (s *Service) commit(ctx context.Context, j *jobRow, owner string, b batch) error {
	var d counts
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		var rejects []rowError
		for _, it := range b.items {
			if it.Err != nil {
				rejects = append(rejects, rowError{RowError: *it.Err, values: maskedValues(it.Row)})
			}
		}
		d = counts{rejected: int64(len(rejects))}
		if rows := b.checked.Rows; len(rows) > 0 {
			res, err := s.sink.WriteBatch(ctx, httpx.PrincipalFrom(ctx), population.Mode(j.mode), b.checked)
			if err != nil {
				return fmt.Errorf("imports: write batch: %w", err)
			}
			sunk, err := sinkRejects(res, rows)
			if err != nil {
				return err
			}
			rejects = append(rejects, sunk...)
			d.imported, d.updated, d.rejected = int64(res.Imported), int64(res.Updated), d.rejected+int64(len(sunk))
		}
		if err := s.saveRowErrors(ctx, j.id, rejects); err != nil {
			return err
		}
		if h := s.hook.Load(); h != nil {
			if err := (*h)(ctx, j.id, j.batches+1); err != nil {
				return err
			}
		}
		return s.advance(ctx, j, owner, d, b.lastLine, b.progress)
	})
	if err != nil {
		return err
	}
	j.total += d.imported + d.updated + d.rejected
	j.imported, j.updated, j.rejected = j.imported+d.imported, j.updated+d.updated, j.rejected+d.rejected
	j.doneLine, j.batches, j.progress = b.lastLine, j.batches+1, b.progress
	return nil
}

// parsedRows are the rows of items that parsed.
func parsedRows(items []Item) []population.ImportRow {
	rows := make([]population.ImportRow, 0, len(items))
	for _, it := range items {
		if it.Err == nil {
			rows = append(rows, it.Row)
		}
	}
	return rows
}

// sinkRejects pairs the sink's rejected rows with their values, and checks
// that its counts account for every row it was given: never a silent drop.
func sinkRejects(res population.BatchResult, rows []population.ImportRow) ([]rowError, error) {
	if res.Imported+res.Updated+len(res.Rejected) != len(rows) {
		return nil, fmt.Errorf("imports: the batch of %d rows came back as %d imported, %d updated, %d rejected",
			len(rows), res.Imported, res.Updated, len(res.Rejected))
	}
	out := make([]rowError, len(res.Rejected))
	seen := make(map[int]bool, len(res.Rejected))
	for k, e := range res.Rejected {
		i := sort.Search(len(rows), func(i int) bool { return rows[i].Line >= e.Line })
		if i == len(rows) || rows[i].Line != e.Line || seen[e.Line] {
			return nil, fmt.Errorf("imports: rejected line %d is not one row of the batch", e.Line)
		}
		seen[e.Line] = true
		out[k] = rowError{RowError: e, values: maskedValues(rows[i])}
	}
	return out, nil
}

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
		msg = fmt.Sprintf("导入失败:%s。已提交 %d 行(新增 %d,更新 %d,拒绝 %d),其余未导入", reason, j.total, j.imported, j.updated, j.rejected)
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
	if j.filePath != "" {
		return s.removeUpload(ctx, j.id, j.filePath)
	}
	return nil
}

func summary(j *jobRow) string {
	return fmt.Sprintf("共 %d 行:新增 %d,更新 %d,拒绝 %d", j.total, j.imported, j.updated, j.rejected)
}

// resumeArgs is the sweep that (re-)enqueues interrupted imports.
type resumeArgs struct {
	Startup bool `json:"startup"`
}

// Kind names the job.
func (resumeArgs) Kind() string { return "import_resume" }

type resumeWorker struct {
	river.WorkerDefaults[resumeArgs]
	s *Service
}

func (w *resumeWorker) Work(ctx context.Context, j *river.Job[resumeArgs]) error {
	ids, err := w.s.stale(ctx, j.Args.Startup)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := w.s.enqueue(ctx, id); err != nil {
			return err
		}
	}
	if len(ids) > 0 {
		w.s.log.Info("imports re-enqueued", "count", len(ids), "startup", j.Args.Startup)
	}
	return nil
}
