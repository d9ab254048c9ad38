// Package notice holds the notices and health-education articles (广而告之)
// that a region's office publishes to the people of one or more regions:
// written as a draft, approved by a reviewer other than the author, then
// published; withdrawn when it no longer holds. Residents read them in the
// app, staff on their workbench, anonymous visitors the city-wide ones; each
// read is counted, region by region.
package notice

import (
	"context"
	"time"

	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
	"healthgrid/internal/region"
)

// The actions notice writes to the audit log.
var _ = audit.Declare(
	"notice.create", "notice.update", "notice.delete", "notice.submit", "notice.approve", "notice.reject",
	"notice.withdraw",
)

// Kinds.
const (
	KindNotice  = "notice"  // 通知公告
	KindArticle = "article" // 健康科普
)

// Statuses, in the order a notice goes through them.
const (
	Draft     = "draft"     // being written; a rejected notice comes back here with the reviewer's comment
	Pending   = "pending"   // submitted, waiting for a reviewer
	Published = "published" // visible to its targets
	Withdrawn = "withdrawn" // taken down; kept for the record
)

// Limits of one notice.
const (
	MaxTargets = 50
	MaxBody    = 20000
)

// Sentinel errors.
var (
	ErrNotFound    = apperr.New(apperr.ErrNotFound, "notice.not_found", "通知不存在 / notice not found")
	ErrOwnReview   = apperr.New(apperr.ErrForbidden, "notice.own_review", "审核人不能是作者本人 / the author may not review their own notice")
	ErrNotEditable = apperr.New(apperr.ErrConflict, "notice.not_editable", "只有草稿可以修改或删除 / only a draft may be edited or deleted")
	errNotNow      = apperr.New(apperr.ErrConflict, "notice.step_not_allowed", "")
	errReview      = apperr.New(apperr.ErrForbidden, "notice.review_forbidden", "您没有审核权限 / reviewing needs notice:review")
)

// notNow refuses a step the notice's status does not allow.
func notNow(step, status string) error {
	return errNotNow.Withf(apperr.P{"step": step, "notice_status": status}, "通知状态为「%s」,不能%s / a %s notice cannot be %s",
		statusLabel[status], stepLabel[step], status, step)
}

var statusLabel = map[string]string{Draft: "草稿", Pending: "待审核", Published: "已发布", Withdrawn: "已撤回"}

var stepLabel = map[string]string{"submitted": "提交审核", "approved": "审核发布", "rejected": "退回",
	"withdrawn": "撤回"}

// Notice is one notice or article.
type Notice struct {
	ID            string     `json:"id"`
	Kind          string     `json:"kind" enum:"notice,article"`
	Title         string     `json:"title"`
	Summary       string     `json:"summary"`
	Body          string     `json:"body"`
	Status        string     `json:"status" enum:"draft,pending,published,withdrawn"`
	OwnerCode     string     `json:"owner_code" doc:"the region the notice belongs to"`
	Targets       []Target   `json:"targets"`
	AuthorID      string     `json:"author_id"`
	AuthorName    string     `json:"author_name"`
	ReviewerName  string     `json:"reviewer_name,omitempty"`
	ReviewComment string     `json:"review_comment,omitempty" doc:"why the reviewer sent it back, or why it was withdrawn"`
	Reads         int        `json:"reads" doc:"how many people have read it"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	PublishedAt   *time.Time `json:"published_at,omitempty"`
	WithdrawnAt   *time.Time `json:"withdrawn_at,omitempty"`
	ownerPath     string
	reviewerID    string
}

// Target is a region a notice is published to, with everything below it.
type Target struct {
	Code string `json:"code"`
	Name string `json:"name"`
	path string
}

// Input is a draft's content.
type Input struct {
	Kind        string   `json:"kind" enum:"notice,article"`
	Title       string   `json:"title" minLength:"1" maxLength:"100"`
	Summary     string   `json:"summary,omitempty" maxLength:"200" doc:"the line lists show; the body's start when empty"`
	Body        string   `json:"body" minLength:"1" maxLength:"20000" text:"multiline" doc:"plain text; blank lines part paragraphs"`
	TargetCodes []string `json:"target_codes" minItems:"1" maxItems:"50" doc:"the regions it is published to, each with its subtree; within the author's scope"`
}

// Regions is what notices need of the region tree.
type Regions interface {
	Within(ctx context.Context, scope, code string) (string, error)
	Get(ctx context.Context, scope, code string, withGeometry bool) (region.Region, error)
	Children(ctx context.Context, scope, parent string, withGeometry bool) ([]region.Region, error)
	RootPath(ctx context.Context) (string, error)
}

// Deps is what the service needs.
type Deps struct {
	DB      *db.DB
	Audit   *audit.Log
	Regions Regions
	Now     func() time.Time
}

// Service owns the notices.
type Service struct {
	db      *db.DB
	audit   *audit.Log
	regions Regions
	now     func() time.Time
}

// New is the notice service.
func New(d Deps) *Service {
	return &Service{db: d.DB, audit: d.Audit, regions: d.Regions, now: d.Now}
}

// WithClock is the service reading the time from now: the demo seed files
// its notices in the past.
func (s *Service) WithClock(now func() time.Time) *Service {
	c := *s
	c.now = now
	return &c
}
