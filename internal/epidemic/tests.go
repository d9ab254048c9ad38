package epidemic

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/china"
	"healthgrid/internal/db"
	"healthgrid/internal/pii"
)

var _ = audit.Declare("epidemic.test.ingest")

// Test kinds and results, as a laboratory sends them.
var (
	TestKinds   = []Named{{"nucleic_acid", "核酸检测"}, {"antigen", "抗原检测"}, {"culture", "病原培养"}, {"other", "其他"}}
	TestResults = []Named{{"positive", "阳性"}, {"negative", "阴性"}, {"invalid", "无效"}}
)

// MaxTestRows is the most results one request carries (JSON or file): a
// laboratory's day is sent in a few of them, each one transaction.
const MaxTestRows = 10_000

var (
	// ErrTestNotFound is a result that is not there or not in scope.
	ErrTestNotFound = apperr.New(apperr.ErrNotFound, "epidemic.test_not_found", "检测结果不存在 / test result not found")
	errTestRows     = apperr.New(apperr.ErrInvalid, "epidemic.test_rows",
		"检测结果过多或为空 / too many test results in one request, or none")
)

// TestRow is one result as a laboratory sends it, every field text (a
// file's cells, or JSON): the rules are the same whatever the carrier.
type TestRow struct {
	IDNumber    string `json:"id_number" maxLength:"40" doc:"身份证号"`
	Name        string `json:"name" maxLength:"50"`
	SampledAt   string `json:"sampled_at" maxLength:"40" doc:"sample time: RFC 3339, or YYYY-MM-DD HH:MM[:SS] in Beijing"`
	Kind        string `json:"kind" maxLength:"20" doc:"nucleic_acid, antigen, culture, other (or 核酸, 抗原, 培养, 其他)"`
	Pathogen    string `json:"pathogen" maxLength:"50" doc:"the pathogen tested for, as the laboratory names it"`
	Result      string `json:"result" maxLength:"20" doc:"positive, negative, invalid (or 阳性, 阴性, 无效)"`
	Institution string `json:"institution" maxLength:"100" doc:"the testing institution"`
	Disease     string `json:"disease,omitempty" maxLength:"20" doc:"the disease code; required for a positive result"`
	line        int
}

// IngestResult is what became of a batch: rows are numbered from 1 in a
// JSON array, by their line in a file.
type IngestResult struct {
	Created   int           `json:"created"`
	Duplicate int           `json:"duplicate" doc:"already received (same ID number, sample time and institution): nothing written"`
	Positive  int           `json:"positive" doc:"of the created, the positive ones: each raised an alert and named a risk person"`
	Rejected  []RejectedRow `json:"rejected"`
}

// RejectedRow is a row not taken, and why.
type RejectedRow struct {
	Row    int    `json:"row"`
	Reason string `json:"reason"`
}

// test is a valid row, ready to store.
type test struct {
	TestRow
	id, idNumber, idx string
	at                time.Time
	day               int
	resident          ResidentMatch
	matched           bool
	personID          string
}

// key is what makes a result the same one sent again.
func (t *test) key() string {
	return t.idx + "\x00" + t.at.UTC().Format(time.RFC3339) + "\x00" + t.Institution
}

// aliases are the Chinese words a file may use for the codes.
var aliases = map[string]string{"核酸": "nucleic_acid", "核酸检测": "nucleic_acid", "抗原": "antigen", "抗原检测": "antigen",
	"培养": "culture", "病原培养": "culture", "其他": "other", "阳性": "positive", "阴性": "negative", "无效": "invalid"}

func code(v string, list []Named) string {
	v = strings.TrimSpace(v)
	if a, ok := aliases[v]; ok {
		v = a
	}
	if nameOf(list, v) == "" {
		return ""
	}
	return v
}

// parseTime reads a sample time: RFC 3339, or a Beijing wall time.
func parseTime(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.Truncate(time.Second), true
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006/01/02 15:04:05", "2006/01/02 15:04"} {
		if t, err := time.ParseInLocation(layout, v, china.Zone); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// check validates a row: the test it is, or why not.
func (s *Service) check(ctx context.Context, scope string, r TestRow, diseases map[string]Disease) (test, string, error) {
	t := test{TestRow: r}
	info, err := pii.ValidateIDNumber(r.IDNumber, s.now())
	if err != nil {
		return t, "身份证号无效 / invalid ID number: " + pii.Reason(err), nil
	}
	t.idNumber, t.idx = info.Number, s.pii.Index(pii.KindID, info.Number)
	t.Name, t.Pathogen, t.Institution = strings.TrimSpace(r.Name), strings.TrimSpace(r.Pathogen), strings.TrimSpace(r.Institution)
	t.Kind, t.Result, t.Disease = code(r.Kind, TestKinds), code(r.Result, TestResults), strings.TrimSpace(r.Disease)
	var ok bool
	switch t.at, ok = parseTime(r.SampledAt); {
	case t.Name == "":
		return t, "姓名必填 / name is required", nil
	case !ok:
		return t, "采样时间无效 / sampled_at is not a time", nil
	case t.at.After(s.now().Add(time.Hour)):
		return t, "采样时间晚于当前时间 / sampled_at is in the future", nil
	case t.Kind == "":
		return t, "检测类型无效 / kind must be nucleic_acid, antigen, culture or other", nil
	case t.Pathogen == "":
		return t, "病原体必填 / pathogen is required", nil
	case t.Result == "":
		return t, "检测结果无效 / result must be positive, negative or invalid", nil
	case t.Institution == "":
		return t, "检测机构必填 / institution is required", nil
	case t.Result == "positive" && t.Disease == "":
		return t, "阳性结果须注明病种 / a positive result must name its disease", nil
	}
	t.day = ymd(t.at)
	if t.Disease == "" {
		return t, "", nil
	}
	if _, seen := diseases[t.Disease]; !seen {
		d, err := s.reportable(ctx, scope, "disease", t.Disease, s.today())
		if err != nil && !errors.Is(err, apperr.ErrInvalid) {
			return t, "", err
		}
		diseases[t.Disease] = d // the zero Disease: none in force here
	}
	if diseases[t.Disease].Code == "" {
		return t, "病种不存在或未生效 / no such disease in force here", nil
	}
	return t, "", nil
}

// ymd is t's Beijing date as YYYYMMDD.
func ymd(t time.Time) int {
	y, m, d := t.In(china.Zone).Date()
	return y*10000 + int(m)*100 + d
}

// IngestTests takes a batch of results from p: each valid one not received
// before is stored, sealed, matched to the resident its ID number names
// (placed where they live; else in p's region) and counted for coverage; a
// positive one names a risk person (admit, source test, category
// asymptomatic — a report card makes them a confirmed case) and alerts the
// person's grid workers and the township's and county's epidemic officers.
// One transaction; a resend of a batch creates nothing.
func (s *Service) IngestTests(ctx context.Context, p *access.Principal, rows []TestRow) (IngestResult, error) {
	res := IngestResult{Rejected: []RejectedRow{}}
	if len(rows) == 0 || len(rows) > MaxTestRows {
		return res, apperr.Invalid(errTestRows.Field("body"))
	}
	scope := string(p.Scope())
	diseases := map[string]Disease{}
	seen := map[string]bool{}
	var ts []test
	for i, r := range rows {
		if r.line == 0 {
			r.line = i + 1
		}
		t, why, err := s.check(ctx, scope, r, diseases)
		switch {
		case err != nil:
			return res, err
		case why != "":
			res.Rejected = append(res.Rejected, RejectedRow{Row: r.line, Reason: why})
		case seen[t.key()]:
			res.Duplicate++
		default:
			seen[t.key()] = true
			ts = append(ts, t)
		}
	}
	checked := res
	var err error
	// A batch sent twice at once on PostgreSQL: the second waits on the
	// first's rows, fails on their unique keys, and once again finds them
	// received — duplicates, as a resend after the first would.
	for try := 0; try == 0 || errors.Is(err, db.ErrUnique) && try < 3; try++ {
		res = checked
		err = s.db.InTx(ctx, func(ctx context.Context) error { return s.ingest(ctx, p, ts, diseases, &res) })
	}
	if err != nil {
		return IngestResult{}, err
	}
	slices.SortFunc(res.Rejected, func(a, b RejectedRow) int { return a.Row - b.Row })
	return res, nil
}

// ingest stores the tests not received before, in the transaction ctx
// carries, and adds what it did to res.
func (s *Service) ingest(ctx context.Context, p *access.Principal, ts []test, diseases map[string]Disease, res *IngestResult) error {
	fresh, err := s.unseen(ctx, ts)
	if err != nil {
		return err
	}
	res.Duplicate += len(ts) - len(fresh)
	if err := s.storeTests(ctx, p, fresh, diseases); err != nil {
		return err
	}
	res.Created = len(fresh)
	for _, t := range fresh {
		if t.Result == "positive" {
			res.Positive++
		}
	}
	return s.audit.Write(ctx, audit.Record{Action: "epidemic.test.ingest", ObjectType: "test_batch",
		ObjectID: uuid.Must(uuid.NewV7()).String(), Detail: map[string]any{"created": res.Created,
			"duplicate": res.Duplicate, "positive": res.Positive, "rejected": len(res.Rejected)}})
}

// storeTests writes fresh results: matched to residents, positives admitted
// and alerted, the tested residents' days and the coverage tally moved.
func (s *Service) storeTests(ctx context.Context, p *access.Principal, ts []test, diseases map[string]Disease) error {
	if len(ts) == 0 {
		return nil
	}
	keys := make([]string, len(ts))
	for i := range ts {
		keys[i] = ts[i].idx
	}
	matched, err := s.matchResidents(ctx, keys)
	if err != nil {
		return err
	}
	now := s.now().UTC()
	for i := range ts {
		t := &ts[i]
		t.id = uuid.Must(uuid.NewV7()).String()
		t.resident, t.matched = matched[t.idx]
		if !t.matched {
			t.resident.RegionPath = string(p.Scope())
		}
		if t.Result == "positive" {
			if err := s.positive(ctx, p, t, diseases[t.Disease]); err != nil {
				return err
			}
		}
	}
	if _, err := s.db.WriteBulk(ctx, testInsert, len(ts), func(i int, dst []any) []any {
		t := &ts[i]
		return append(dst, t.id, t.Name, s.pii.Seal(t.idNumber), t.idx, t.at.UTC(), t.Kind, t.Pathogen, t.Result,
			t.Institution, t.Disease, nullable(t.resident.ID), t.resident.GridCode, t.resident.RegionPath,
			nullable(t.personID), p.UserID, now)
	}); err != nil {
		return fmt.Errorf("epidemic: insert tests: %w", err)
	}
	d := testCounts.Deltas()
	for _, t := range ts {
		d.Add([]any{t.resident.RegionPath, t.day, t.Result}, 1)
	}
	if err := d.Apply(ctx, s.db); err != nil {
		return fmt.Errorf("epidemic: test counts: %w", err)
	}
	return s.countTested(ctx, ts)
}

// positive names the subject of a positive result a risk person and alerts
// those who must act on it.
func (s *Service) positive(ctx context.Context, p *access.Principal, t *test, d Disease) error {
	info, _ := pii.ValidateIDNumber(t.idNumber, s.now())
	a, err := s.admit(ctx, Source{Kind: "test", Ref: t.id}, string(p.Scope()), []Candidate{{Name: t.Name,
		IDNumber: t.idNumber, Sex: info.Gender, BirthDate: info.BirthDate.Format(time.DateOnly), Disease: t.Disease,
		Category: positiveCategory}})
	if err != nil {
		return err
	}
	t.personID = a[0].PersonID
	path := access.Scope(a[0].RegionPath)
	to := []string{string(path)}
	for _, l := range []access.Level{access.Township, access.County} {
		if path.Level() > l {
			to = append(to, string(path.Head(l)))
		}
	}
	urgent := d.Class == "A" || d.ManagedAs == "A"
	_, err = s.alerts.Alert(ctx, notifyQuery(to), positiveNote(t, d, a[0].PersonID), urgent)
	return err
}

// positiveCategory is what a positive result makes someone until a report
// card says more: an infection without a diagnosis.
const positiveCategory = "asymptomatic"
