// Package imports loads residents files (csv in UTF-8 or GB18030, or xlsx)
// as crash-safe background jobs. The upload is kept in the data directory
// only while its job runs; the job reads it in batches, and each batch — the
// rows written, the rows rejected, the job's counts and resume point —
// commits in one transaction, so a crash never leaves half a batch and a
// restarted job goes on from the first batch not committed. Rejected rows end
// in an xlsx error report that expires.
package imports

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/riverqueue/river"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
	"healthgrid/internal/jobs"
	"healthgrid/internal/population"
)

// Sentinel errors.
var (
	ErrNotFound = apperr.New(apperr.ErrNotFound, "import.not_found", "import")
	// ErrGone is an error report past its expiry.
	ErrGone = apperr.New(apperr.ErrNotFound, "import.report_gone", "import: the error report has expired and was deleted")
	// ErrNoReport is a job that rejected no row, or has not finished.
	ErrNoReport = apperr.New(apperr.ErrNotFound, "import.no_report", "import: no error report")
)

// Sink validates and writes batches of residents; population.Service
// implements it. CheckBatch runs outside any transaction, in the parser's
// goroutine, a batch ahead of WriteBatch, which joins the batch's
// transaction that ctx carries.
type Sink interface {
	CheckBatch(ctx context.Context, caller *access.Principal, rows []population.ImportRow) (population.Checked, error)
	WriteBatch(ctx context.Context, caller *access.Principal, mode population.Mode, c population.Checked) (population.BatchResult, error)
}

// Statuses of a job.
const (
	Queued  = "queued"
	Running = "running"
	Done    = "done"
	Failed  = "failed"
)

// KindResidents is the one kind of import so far.
const KindResidents = "residents"

// Settings tune the service.
type Settings struct {
	DataDir     string        // uploads and reports go to DataDir/imports
	ReportTTL   time.Duration // how long an error report is kept
	BatchSize   int           // rows per transaction; 0: sized by the writer's pace (see pacer)
	MaxBytes    int64         // largest upload; 0: DefaultMaxBytes
	MaxAttempts int           // runs of a job before it is failed; 0: DefaultMaxAttempts
	Limits      Limits        // what a file may make the server read; zero fields: DefaultLimits
}

// Defaults.
const (
	DefaultMaxBytes    = 200 << 20
	DefaultMaxAttempts = 5
	// leaseTTL is how long a worker holds a job without committing a batch
	// before another may take it over.
	leaseTTL = 30 * time.Second
)

// BatchHook is called inside each batch's transaction after the rows are
// written and before the job's progress is: an error rolls the batch back
// and fails the run, as a crash would at that point. Tests use it.
type BatchHook func(ctx context.Context, jobID string, batch int) error

// Service runs imports.
type Service struct {
	db    *db.DB
	audit *audit.Log
	sink  Sink
	queue *jobs.Queue
	set   Settings
	now   func() time.Time
	log   *slog.Logger
	hook  atomic.Pointer[BatchHook]
}

// Deps are what the import service is built on: Queue is where it enqueues
// the jobs its workers (Jobs) run.
type Deps struct {
	DB       *db.DB
	Audit    *audit.Log
	Sink     Sink
	Queue    *jobs.Queue
	Settings Settings
	Now      func() time.Time
	Log      *slog.Logger
}

// New builds the service; Jobs registers its workers.
func New(deps Deps) (*Service, error) {
	d, a, sink, q, set, now, log := deps.DB, deps.Audit, deps.Sink, deps.Queue, deps.Settings, deps.Now, deps.Log
	if set.MaxBytes <= 0 {
		set.MaxBytes = DefaultMaxBytes
	}
	if set.ReportTTL <= 0 {
		set.ReportTTL = 7 * 24 * time.Hour
	}
	if set.MaxAttempts <= 0 {
		set.MaxAttempts = DefaultMaxAttempts
	}
	set.Limits = set.Limits.orDefault()
	s := &Service{db: d, audit: a, sink: sink, queue: q, set: set, now: now, log: log}
	if err := os.MkdirAll(s.tmpDir(), 0o700); err != nil {
		return nil, fmt.Errorf("imports: create folder: %w", err)
	}
	// what runs that died left in tmp/ goes at start, not an hour later
	if n, err := s.sweepTmp(context.Background()); err != nil {
		log.Warn("imports: sweep of temporary files at start failed", "err", err)
	} else if n > 0 {
		log.Info("imports: temporary files of ended imports removed", "count", n)
	}
	return s, nil
}

// Jobs registers the import workers and the minutely resume on q.
func (s *Service) Jobs(q *jobs.Queue) {
	jobs.AddWorker(q, &worker{s: s})
	jobs.AddWorker(q, &resumeWorker{s: s})
	// The first sweep, at start, enqueues every unfinished job: this
	// instance has just started, so any lease it finds is a dead one's.
	var started atomic.Bool
	q.Every(time.Minute, func() river.JobArgs { return resumeArgs{Startup: !started.Swap(true)} })
}

// SetBatchHook installs h (nil removes it). For tests.
func (s *Service) SetBatchHook(h BatchHook) {
	if h == nil {
		s.hook.Store(nil)
		return
	}
	s.hook.Store(&h)
}

func (s *Service) dir() string    { return filepath.Join(s.set.DataDir, "imports") }
func (s *Service) tmpDir() string { return filepath.Join(s.dir(), "tmp") }

// jobTmp is the folder of job id's temporary files (shared strings, the
// report's sheet), removed when the job ends.
func (s *Service) jobTmp(id string) string { return filepath.Join(s.tmpDir(), id) }

// open opens a stored file for job id within the limits.
func (s *Service) open(path string, format Format, encoding, id string) (source, error) {
	return openSource(path, format, encoding, s.set.Limits, s.jobTmp(id))
}

// Job is an import job as the API shows it.
type Job struct {
	ID             string     `json:"id"`
	Kind           string     `json:"kind" enum:"residents"`
	Mode           string     `json:"mode" enum:"insert,upsert"`
	Status         string     `json:"status" enum:"queued,running,done,failed"`
	Format         string     `json:"format" enum:"csv,xlsx"`
	FileName       string     `json:"file_name"`
	Total          int64      `json:"total" doc:"rows dealt with so far: imported + updated + rejected"`
	Imported       int64      `json:"imported"`
	Updated        int64      `json:"updated"`
	Rejected       int64      `json:"rejected"`
	Progress       float64    `json:"progress" minimum:"0" maximum:"1" doc:"share of the file read, 0..1; 1 when done"`
	Message        string     `json:"message" doc:"why the job failed, or a summary when it is done"`
	ErrorReportURL *string    `json:"error_report_url" doc:"the rejected rows as xlsx, while the report is kept"`
	ReportExpires  *time.Time `json:"report_expires_at"`
	Creator        string     `json:"creator"`
	CreatedAt      time.Time  `json:"created_at"`
	StartedAt      *time.Time `json:"started_at"`
	FinishedAt     *time.Time `json:"finished_at"`
}

// principal rebuilds the creator as the worker acts for them: the same
// user, roles, permissions and scope as when they uploaded the file.
func (j *jobRow) principal() *access.Principal {
	perms := map[string]bool{}
	for _, p := range splitList(j.creatorPerms) {
		perms[p] = true
	}
	return &access.Principal{UserID: j.createdBy, Username: j.creator, Kind: "staff", Roles: splitList(j.creatorRoles),
		Perms: perms, RegionCode: j.regionCode, RegionPath: j.scopePath}
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// permList is a principal's permissions, sorted and comma-joined.
func permList(p *access.Principal) string {
	out := make([]string, 0, len(p.Perms))
	for k, ok := range p.Perms {
		if ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return strings.Join(out, ",")
}
