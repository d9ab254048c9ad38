package imports

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/population"
)

// The actions imports writes to the audit log.
var _ = audit.Declare("import.start", "import.finish", "import.report_download")

// Upload is a request to import a file.
type Upload struct {
	Kind     string // KindResidents
	Mode     string // insert or upsert
	FileName string // as the client named it; shown in the job list
	file     *stored
}

// stored is an uploaded file in the imports folder.
type stored struct {
	path     string
	size     int64
	format   Format
	encoding string
}

// StoreFile copies r into the imports folder as an upload for in (which
// Create then takes), telling its format by content. For callers that
// have the file at hand rather than in a request: the CLI, benchmarks.
func (s *Service) StoreFile(in *Upload, r io.Reader) error {
	f, err := s.store(r)
	if err != nil {
		return err
	}
	in.file = f
	return nil
}

// store copies an upload into the imports folder (saveUpload).
func (s *Service) store(r io.Reader) (*stored, error) { return saveUpload(r, s.dir(), s.set.MaxBytes) }

// saveUpload copies an upload into dir (0600), at most maxBytes, checking on
// the way whether a text file is all UTF-8.
func saveUpload(r io.Reader, dir string, maxBytes int64) (st *stored, err error) {
	f, err := os.OpenFile(filepath.Join(dir, newUploadName()), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, fmt.Errorf("imports: store upload: %w", err)
	}
	path := f.Name()
	st = &stored{path: path}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(path)
		}
	}()
	head := make([]byte, 8<<10)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, readErr(err, maxBytes)
	}
	head = head[:n]
	if st.format, err = Sniff(head); err != nil {
		return nil, apperr.Field("body.file", strings.TrimSuffix(err.Error(), ": "+ErrBadFile.Error()))
	}
	var check utf8Checker
	w := io.Writer(f)
	if st.format == CSV {
		w = io.MultiWriter(f, &check)
	}
	if _, err := w.Write(head); err != nil {
		return nil, fmt.Errorf("imports: store upload: %w", err)
	}
	rest, err := io.Copy(w, io.LimitReader(r, maxBytes-int64(n)+1))
	if err != nil {
		return nil, readErr(err, maxBytes)
	}
	if st.size = int64(n) + rest; st.size > maxBytes {
		return nil, tooBig(maxBytes)
	}
	if err := f.Sync(); err != nil {
		return nil, fmt.Errorf("imports: store upload: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("imports: store upload: %w", err)
	}
	if st.format == CSV {
		st.encoding = check.encoding()
	}
	return st, nil
}

func readErr(err error, max int64) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooBig(max)
	}
	return apperr.Field("body.file", "上传中断 / the upload broke off: "+err.Error())
}

// Create checks an upload's kind, mode and header, records the job and
// queues it. A file whose header cannot be used is refused here, and
// deleted; so is the file of any request that fails.
func (s *Service) Create(ctx context.Context, caller *access.Principal, in *Upload) (job Job, err error) {
	defer func() {
		if err != nil && in.file != nil {
			os.Remove(in.file.path)
			in.file = nil
		}
	}()
	var bad apperr.Invalid
	if in.Kind != KindResidents {
		bad = append(bad, apperr.FieldError{Field: "body.kind", Message: "导入类型须为 residents / kind must be residents"})
	}
	if in.Mode != string(population.Insert) && in.Mode != string(population.Upsert) {
		bad = append(bad, apperr.FieldError{Field: "body.mode", Message: "导入方式须为 insert 或 upsert / mode must be insert or upsert"})
	}
	if in.file == nil {
		bad = append(bad, apperr.Required.On("body.file", "请选择要上传的文件 / file is required"))
	}
	if len(bad) > 0 {
		return Job{}, bad
	}
	j := &jobRow{id: uuid.Must(uuid.NewV7()).String(), kind: in.Kind, mode: in.Mode, status: Queued,
		format: string(in.file.format), encoding: in.file.encoding, fileName: cleanName(in.FileName),
		filePath: in.file.path, fileSize: in.file.size, createdBy: caller.UserID, creator: caller.Username,
		creatorRoles: strings.Join(caller.Roles, ","), creatorPerms: permList(caller), regionCode: caller.RegionCode,
		scopePath: caller.RegionPath, createdAt: s.now().UTC()}
	err = s.checkHeader(j)
	var hdr *HeaderError
	var limit *LimitError
	switch {
	case errors.As(err, &limit):
		in.file = nil // refuse deletes it
		return s.refuse(ctx, j, limit)
	case errors.As(err, &hdr) || errors.Is(err, ErrBadFile):
		return Job{}, apperr.Field("body.file", strings.TrimSuffix(err.Error(), ": "+ErrBadFile.Error()))
	case err != nil:
		return Job{}, err
	}
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.insertJob(ctx, j); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "import.start", ObjectType: "import", ObjectID: j.id,
			Detail: map[string]any{"kind": j.kind, "mode": j.mode, "format": j.format, "encoding": j.encoding,
				"bytes": j.fileSize}})
	})
	if err != nil {
		return Job{}, err
	}
	in.file = nil
	// Queued after the commit: a lost enqueue leaves the job queued, and the
	// periodic sweep enqueues it again.
	if err := s.enqueue(ctx, j.id); err != nil {
		s.log.Warn("import queued without a worker job; the sweep will pick it up", "job", j.id, "err", err)
	}
	return s.view(j), nil
}

// checkHeader opens the job's file and reads its header: a file the import
// cannot use, or one over a limit the opening sees (an xlsx's sizes, its
// header row), is refused before a job is queued for it.
func (s *Service) checkHeader(j *jobRow) error {
	defer os.RemoveAll(s.jobTmp(j.id))
	src, err := s.open(j.filePath, Format(j.format), j.encoding, j.id)
	if err != nil {
		return err
	}
	p, err := newParser(src, s.now())
	if err != nil {
		return err
	}
	return p.Close()
}

// refuse records a file over a limit as a job that failed at once, with
// the limit for its reason, and deletes the file: nothing of it is read
// further, and the refusal stays in the job list and the audit log.
func (s *Service) refuse(ctx context.Context, j *jobRow, limit *LimitError) (Job, error) {
	now := s.now().UTC()
	j.status, j.errText = Failed, failedMessage(limit.Error(), j)
	j.startedAt, j.finishedAt = sql.NullTime{Time: now, Valid: true}, sql.NullTime{Time: now, Valid: true}
	defer os.Remove(j.filePath)
	j.filePath = ""
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.insertJob(ctx, j); err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, "UPDATE import_jobs SET error = ?, started_at = ?, finished_at = ? WHERE id = ?",
			j.errText, now, now, j.id); err != nil {
			return fmt.Errorf("imports: refuse job: %w", err)
		}
		detail := map[string]any{"kind": j.kind, "mode": j.mode, "format": j.format, "bytes": j.fileSize}
		if err := s.audit.Write(ctx, audit.Record{Action: "import.start", ObjectType: "import", ObjectID: j.id, Detail: detail}); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "import.finish", ObjectType: "import", ObjectID: j.id,
			Outcome: audit.Failure, Detail: map[string]any{"kind": j.kind, "status": Failed, "message": j.errText}})
	})
	if err != nil {
		return Job{}, err
	}
	s.log.Info("import refused", "job", j.id, "reason", limit.En)
	return s.view(j), nil
}

// cleanName keeps a file name for display: its base name, printable, at
// most 120 characters.
func cleanName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "." || name == "/" || !utf8.ValidString(name) {
		return ""
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 120 {
		name = string(r[:120])
	}
	return name
}

// Get is one job in the scope.
func (s *Service) Get(ctx context.Context, scope, id string) (Job, error) {
	j, err := s.job(ctx, scope, id)
	if err != nil {
		return Job{}, err
	}
	return s.view(j), nil
}

// List is a page of the jobs in the scope, newest first.
func (s *Service) List(ctx context.Context, scope string, offset, limit int) ([]Job, int, error) {
	rows, total, err := s.list(ctx, scope, offset, limit)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Job, len(rows))
	for i, j := range rows {
		out[i] = s.view(j)
	}
	return out, total, nil
}

// Report opens a job's error report for the caller, auditing the download:
// ErrGone once it has expired, ErrNoReport when there is none.
func (s *Service) Report(ctx context.Context, caller *access.Principal, id string) (*os.File, string, error) {
	j, err := s.job(ctx, caller.RegionPath, id)
	if err != nil {
		return nil, "", err
	}
	if j.reportExpires.Valid && (j.reportPath == "" || !s.now().Before(j.reportExpires.Time)) {
		return nil, "", ErrGone
	}
	if j.reportPath == "" {
		return nil, "", ErrNoReport
	}
	f, err := os.Open(j.reportPath)
	if errors.Is(err, os.ErrNotExist) {
		return nil, "", ErrGone
	}
	if err != nil {
		return nil, "", fmt.Errorf("imports: open report: %w", err)
	}
	err = s.audit.Write(ctx, audit.Record{Action: "import.report_download", ObjectType: "import", ObjectID: j.id,
		Detail: map[string]any{"rejected": j.rejected}})
	if err != nil {
		f.Close()
		return nil, "", err
	}
	return f, "导入错误报告-" + j.createdAt.Format("20060102-150405") + ".xlsx", nil
}

// view is the API's picture of a job.
func (s *Service) view(j *jobRow) Job {
	v := Job{ID: j.id, Kind: j.kind, Mode: j.mode, Status: j.status, Format: j.format, FileName: j.fileName,
		Total: j.total, Imported: j.imported, Updated: j.updated, Rejected: j.rejected, Progress: j.progress,
		Message: j.errText, Creator: j.creator, CreatedAt: j.createdAt}
	if j.startedAt.Valid {
		v.StartedAt = &j.startedAt.Time
	}
	if j.finishedAt.Valid {
		v.FinishedAt = &j.finishedAt.Time
	}
	if j.reportExpires.Valid {
		v.ReportExpires = &j.reportExpires.Time
		if j.reportPath != "" && s.now().Before(j.reportExpires.Time) {
			u := "/api/v1/imports/" + j.id + "/errors"
			v.ErrorReportURL = &u
		}
	}
	return v
}
