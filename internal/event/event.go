// Package event is the business-collaboration workflow (业务协同): a problem
// reported in a grid becomes an event (案卷) that the township's centre
// registers, dispatches by the matter catalogue to departments — each its
// own task with its own deadline — and that the grid verifies and the
// reporter rates. The states and actions follow GB/T 30428 and CJ/T 214:
// 信息收集 → 案卷建立 → 任务派遣 → 任务处理 → 处理反馈 → 核查结案 → 综合评价.
package event

import (
	"context"
	"log/slog"
	"time"

	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/calendar"
	"healthgrid/internal/db"
	"healthgrid/internal/org"
	"healthgrid/internal/pii"
	"healthgrid/internal/region"
)

// The actions event writes to the audit log.
var _ = audit.Declare("event.reveal")

// Event statuses.
const (
	Reported      = "reported"
	Registered    = "registered"
	NotAccepted   = "not_accepted"
	Merged        = "merged"
	Dispatched    = "dispatched"
	SelfHandling  = "self_handling"
	PendingVerify = "pending_verify"
	Closed        = "closed"
	Evaluated     = "evaluated"
	Suspended     = "suspended"
)

// Task statuses. A task summoned by a whistle waits for its unit to report
// in; a dispatched one for its unit to sign for it (签收).
const (
	TaskSummoned   = "summoned"
	TaskDispatched = "dispatched"
	TaskAccepted   = "accepted"
	TaskReturned   = "returned"
	TaskHandled    = "handled"
)

// Task roles: the lead department, a co-handling one, or the grid itself.
const (
	RoleLead = "lead"
	RoleCo   = "co"
	RoleSelf = "self"
)

// Sources an event may come from.
var Sources = []string{"grid_worker", "resident", "hotline_12345", "upper_assignment", "system_alert", "open311", "resident_app"}

// Priorities.
const (
	Urgent = "urgent"
	Normal = "normal"
)

// Sentinel errors.
var (
	ErrNotFound     = apperr.New(apperr.ErrNotFound, "event.not_found", "event")
	ErrTaskNotFound = apperr.New(apperr.ErrNotFound, "event.task_not_found", "event: task")
)

// Event is one case as the caller sees it.
type Event struct {
	ID             string       `json:"id"`
	Number         string       `json:"number" doc:"SJ + yyyymmdd + six-digit sequence"`
	Source         string       `json:"source"`
	MatterCode     string       `json:"matter_code"`
	MatterName     string       `json:"matter_name"`
	Title          string       `json:"title"`
	Description    string       `json:"description"`
	Lng            *float64     `json:"lng,omitempty"`
	Lat            *float64     `json:"lat,omitempty"`
	Address        string       `json:"address"`
	GridCode       string       `json:"grid_code"`
	GridName       string       `json:"grid_name"`
	RegionPath     string       `json:"region_path"`
	CentreCode     string       `json:"centre_code" doc:"the region whose centre registers and dispatches it"`
	ReporterID     string       `json:"reporter_id,omitempty"`
	ReporterName   string       `json:"reporter_name"`
	ReporterPhone  string       `json:"reporter_phone" doc:"masked"`
	Priority       string       `json:"priority" enum:"urgent,normal"`
	Status         string       `json:"status"`
	ResumeStatus   string       `json:"resume_status,omitempty" doc:"while suspended: the status it resumes to"`
	MergedInto     string       `json:"merged_into,omitempty"`
	Deadline       *time.Time   `json:"deadline,omitempty" doc:"the event's own stage: register and dispatch, or verify"`
	Overdue        bool         `json:"overdue" doc:"its own stage or any open task is past its deadline"`
	Rating         int          `json:"rating,omitempty"`
	ReopenCount    int          `json:"reopen_count"`
	ReturnCount    int          `json:"return_count"`
	SuperviseCount int          `json:"supervise_count"`
	ReportedAt     time.Time    `json:"reported_at"`
	RegisteredAt   *time.Time   `json:"registered_at,omitempty"`
	DispatchedAt   *time.Time   `json:"dispatched_at,omitempty"`
	HandledAt      *time.Time   `json:"handled_at,omitempty"`
	ClosedAt       *time.Time   `json:"closed_at,omitempty"`
	EvaluatedAt    *time.Time   `json:"evaluated_at,omitempty"`
	UpdatedAt      time.Time    `json:"updated_at"`
	Tasks          []Task       `json:"tasks"`
	AllowedActions []Action     `json:"allowed_actions" doc:"what the caller may do now"`
	Timeline       []Entry      `json:"timeline,omitempty" doc:"every action, oldest first (one event only)"`
	Reports        []Report     `json:"reports,omitempty" doc:"the reports merged into this event"`
	Attachments    []Attachment `json:"attachments,omitempty" doc:"photos and videos, oldest first (one event only)"`
	Masked         bool         `json:"masked,omitempty" doc:"one event only: ID or mobile numbers in it are masked — the reporter's phone, or numbers typed into its text; POST /events/{id}/reveal shows them"`

	// the numbers masked in title, description, address and reporter_name, sealed (pii.Text)
	titlePII, descriptionPII, addressPII, reporterNamePII string
	// kept for the rules, never shown
	centrePath, deadlineUnit string
	suspendedAt, stageStart  *time.Time
	slaWarned                int        // the SLA level last warned of on its own stage (sla.go)
	stored                   string     // the status as last stored (tallies.go)
	storedDue                *time.Time // next_deadline as last stored (tallies.go)
}

// Task is one department's part of an event.
type Task struct {
	ID                string     `json:"id"`
	UnitID            string     `json:"unit_id,omitempty" doc:"empty for the grid's own (self) task"`
	UnitName          string     `json:"unit_name"`
	Role              string     `json:"role" enum:"lead,co,self"`
	Status            string     `json:"status" enum:"summoned,dispatched,accepted,returned,handled"`
	Deadline          *time.Time `json:"deadline,omitempty"`
	Overdue           bool       `json:"overdue"`
	ReportDeadline    *time.Time `json:"report_deadline,omitempty" doc:"whistle: when the unit must report in"`
	ReportedInAt      *time.Time `json:"reported_in_at,omitempty"`
	AcceptedAt        *time.Time `json:"accepted_at,omitempty"`
	HandledAt         *time.Time `json:"handled_at,omitempty"`
	Feedback          string     `json:"feedback"`
	ExtensionDeadline *time.Time `json:"extension_deadline,omitempty" doc:"an extension asked for, not yet decided"`
	ExtensionComment  string     `json:"extension_comment,omitempty"`
	ReopenCount       int        `json:"reopen_count"`
	StartedAt         time.Time  `json:"started_at" doc:"when its clock started; a suspension moves it on by the time suspended"`

	deadlineUnit string
	unitPath     string
	slaWarned    int // the SLA level last warned of (sla.go)
	// the numbers masked in feedback and extension_comment, sealed (pii.Text)
	feedbackPII, extensionPII string
}

// open reports whether the task still has work to do.
func (t *Task) open() bool {
	return t.Status == TaskSummoned || t.Status == TaskDispatched || t.Status == TaskAccepted
}

// Entry is one line of an event's timeline.
type Entry struct {
	At         time.Time      `json:"at"`
	Action     Action         `json:"action"`
	ActorID    string         `json:"actor_id,omitempty"`
	Actor      string         `json:"actor"`
	TaskID     string         `json:"task_id,omitempty"`
	FromStatus string         `json:"from_status,omitempty"`
	ToStatus   string         `json:"to_status,omitempty"`
	Comment    string         `json:"comment,omitempty"`
	Detail     map[string]any `json:"detail,omitempty"`
	// Attachments are the ids of the photos and videos that came with it
	Attachments []string `json:"attachments,omitempty"`

	id         string
	commentPII string // the numbers masked in Comment, sealed (pii.Text)
}

// Report is an event merged into another: one more voice for the same case.
type Report struct {
	ID         string    `json:"id"`
	Number     string    `json:"number"`
	Title      string    `json:"title"`
	Source     string    `json:"source"`
	ReportedAt time.Time `json:"reported_at"`
}

// Matter is what the workflow needs of a catalogue entry.
type Matter struct {
	Code, Name               string
	Enabled, SelfHandle      bool
	Priority                 string
	Dispatch, Handle, Verify calendar.Limit
	// Routes: per region level, who the matter names (see Candidates)
	Routes map[string]Route
}

// Matters looks up catalogue entries.
type Matters interface {
	Matter(ctx context.Context, code string) (Matter, error)
	// Named is the codes of the matters whose names hold q.
	Named(ctx context.Context, q string) ([]string, error)
}

// Calendar computes deadlines on the work calendar.
type Calendar interface {
	Deadline(ctx context.Context, from time.Time, l calendar.Limit) (time.Time, error)
	Span(ctx context.Context, from, to time.Time, u calendar.Unit) (time.Duration, error)
	Add(ctx context.Context, from time.Time, d time.Duration, u calendar.Unit) (time.Time, error)
}

// Regions is what the workflow needs of the region tree.
type Regions interface {
	Path(ctx context.Context, code string) (string, error)
	Within(ctx context.Context, scope, code string) (string, error)
	LocateCode(lng, lat float64) (string, bool)
	Get(ctx context.Context, scope, code string, withGeometry bool) (region.Region, error)
}

// Units finds the departments tasks go to.
type Units interface {
	Get(ctx context.Context, scope, id string) (org.Unit, error)
	Reachable(ctx context.Context, path, area string) ([]org.Unit, error)
}

// Quota is the caller's hourly allowance of reveals, shared with every other
// unmasking of personal data (quota.Limit).
type Quota interface {
	Take(ctx context.Context, user string) error
}

// Service runs the workflow.
type Service struct {
	db       *db.DB
	audit    *audit.Log // reveals (reveal.go)
	reveals  Quota      // each reveal takes one of the caller's hourly reveals
	pii      *pii.Cipher
	matters  Matters
	calendar Calendar
	regions  Regions
	units    Units
	// attachments keeps the files of reports and actions (attachments.go)
	attachments Attachments
	now         func() time.Time
	observer    Observer // hears of every committed change (observe.go)
	sweepEvery  time.Duration
	log         *slog.Logger
	stats       *statsCache // kept indicators (stats_cache.go)
	set         Settings
}

// Deps are what the workflow is built on: its tables, the modules it asks,
// and who hears of its changes.
type Deps struct {
	DB       *db.DB
	Audit    *audit.Log // reveals (reveal.go)
	Reveals  Quota      // each reveal takes one of the caller's hourly reveals
	PII      *pii.Cipher
	Matters  Matters
	Calendar Calendar
	Regions  Regions
	Units    Units
	// Attachments keeps the files of reports and actions (attachments.go);
	// nil: none are taken
	Attachments Attachments
	// Observer hears of every change the workflow commits (observe.go); nil: nobody
	Observer Observer
	// SweepEvery is how often the SLA sweep runs (Jobs), Log where it reports
	SweepEvery time.Duration
	Log        *slog.Logger
	Now        func() time.Time
	// Settings tune the workflow's queries; zero fields take their defaults
	Settings Settings
}

// New returns the event service.
func New(d Deps) *Service {
	return &Service{db: d.DB, audit: d.Audit, reveals: d.Reveals, pii: d.PII, matters: d.Matters, calendar: d.Calendar,
		regions: d.Regions, units: d.Units, attachments: d.Attachments, observer: d.Observer, sweepEvery: d.SweepEvery,
		log: d.Log, now: d.Now, stats: newStatsCache(), set: d.Settings.withDefaults()}
}

// WithClock is the service reading the time from now: the demo seed files
// events in the past.
func (s *Service) WithClock(now func() time.Time) *Service {
	c := *s
	c.now = now
	return &c
}
