package imports

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"healthgrid/internal/access"
	"healthgrid/internal/population"
)

// Args is the River job that runs (or resumes) one import.
type Args struct {
	JobID string `json:"job_id"`
}

// Kind names the job.
func (Args) Kind() string { return "import" }

// enqueue queues a run of the job. River's own count of attempts is per
// queue job, and each start of the instance queues a new one for every
// unfinished import; the bound that holds is Settings.MaxAttempts, counted
// on the import's row (see claim).
func (s *Service) enqueue(ctx context.Context, id string) error {
	return s.queue.Insert(ctx, Args{JobID: id}, &river.InsertOpts{MaxAttempts: s.set.MaxAttempts})
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
	return w.s.run(ctx, j.Args.JobID)
}

// run claims the job and imports what is left of it. It ends the job (done
// or failed) unless the failure may pass, when River runs it again later
// and it resumes after its last committed batch — at most MaxAttempts runs
// in all, counting the runs that died with their instance: the run after
// the last fails the job with the last run's error, and a failed job is
// never run again.
func (s *Service) run(ctx context.Context, id string) error {
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
	ctx = access.With(ctx, j.principal())
	ctx = access.WithRequest(ctx, access.Request{ID: "import-" + j.id})
	if j.attempts > s.set.MaxAttempts {
		s.log.Warn("import gave up", "job", j.id, "runs", j.attempts-1, "last_error", j.prevError)
		return s.finish(ctx, j, owner, Failed, fmt.Sprintf("已运行 %d 次仍未完成,不再重试;最后一次:%s / gave up after %d runs",
			j.attempts-1, j.prevError, j.attempts-1))
	}
	s.log.Info("import running", "job", j.id, "run", j.attempts, "resume_after_line", j.doneLine, "batches", j.batches)
	err = s.process(ctx, j, owner)
	var hdr *HeaderError
	switch {
	case err == nil:
		return s.finish(ctx, j, owner, Done, "")
	case errors.Is(err, errLeaseLost):
		return nil // another worker goes on with it
	case ctx.Err() != nil:
		return err // shutting down or timed out: resume later
	case errors.As(err, &hdr), errors.Is(err, ErrBadFile), errors.Is(err, ErrLimit), errors.Is(err, os.ErrNotExist):
		return s.finish(ctx, j, owner, Failed, strings.TrimSuffix(err.Error(), ": "+ErrBadFile.Error()))
	case j.attempts >= s.set.MaxAttempts:
		return s.finish(ctx, j, owner, Failed, err.Error())
	}
	s.log.Warn("import interrupted, will resume", "job", j.id, "run", j.attempts, "err", err)
	if nerr := s.noteError(ctx, j, owner, err); nerr != nil {
		s.log.Warn("import: recording the run's error failed", "job", j.id, "err", nerr)
	}
	return err
}

// batch is what the parser hands the writer: as many lines as the pacer says.
type batch struct {
	items    []Item
	checked  population.Checked // the rows that parsed, checked by the sink
	lastLine int64
	progress float64
}

// process reads the file and commits it batch by batch. Before the first
// batch it reads the whole file once (vet): a file over a limit anywhere
// fails before any row of it is written. Parsing runs in its own
// goroutine, one batch ahead of the writer.
func (s *Service) process(ctx context.Context, j *jobRow, owner string) error {
	if j.filePath == "" {
		return fmt.Errorf("上传的文件已不存在: %w", os.ErrNotExist)
	}
	// this run holds the lease: what is in the job's folder was left by a
	// run that died
	if err := os.RemoveAll(s.jobTmp(j.id)); err != nil {
		return fmt.Errorf("imports: clear temporary files: %w", err)
	}
	defer os.RemoveAll(s.jobTmp(j.id))
	src, err := s.open(j.filePath, Format(j.format), j.encoding, j.id)
	if err != nil {
		return err
	}
	if j.batches == 0 {
		if err := s.vet(ctx, j, owner, src); err != nil {
			src.close()
			return err
		}
	}
	p, err := newParser(src, s.now())
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

// vet reads src to its end and back, for the limits alone. It renews the
// job's lease as it goes: a big file takes a while, and commits nothing.
func (s *Service) vet(ctx context.Context, j *jobRow, owner string, src source) error {
	renewed := time.Now()
	for n := 1; ; n++ {
		_, _, err := src.next()
		var le *lineError
		switch {
		case errors.Is(err, io.EOF):
			return src.rewind()
		case err != nil && !errors.As(err, &le):
			return err
		}
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if time.Since(renewed) > leaseTTL/3 {
				if err := s.renew(ctx, j, owner); err != nil {
					return err
				}
				renewed = time.Now()
			}
		}
	}
}

// maxBatchBytes bounds the cells a batch holds, whatever its number of
// rows: three batches are in memory at once (parsed, checked, written).
const maxBatchBytes = 16 << 20

// parse sends the file's items after line skip in batches.
func (s *Service) parse(ctx context.Context, p *Parser, skip int64, pace *pacer, ch chan<- batch) error {
	b := batch{items: make([]Item, 0, pace.size())}
	held := 0
	caller := access.From(ctx)
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
		b, held = batch{items: make([]Item, 0, pace.size())}, 0
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
		for _, c := range residentColumns {
			held += len(*c.field(&it.Row))
		}
		if len(b.items) == cap(b.items) || held >= maxBatchBytes {
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
			res, err := s.sink.WriteBatch(ctx, access.From(ctx), population.Mode(j.mode), b.checked)
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
