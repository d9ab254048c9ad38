// Package citizen is the resident's side of the platform (公众综合服务):
// real-name binding of a resident's account to their record in the
// population, the community's confirmation of the claims that do not
// match, and the problems residents report from the app, which go through
// the event workflow's own intake and are rated through its evaluation.
package citizen

import (
	"context"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/auth"
	"healthgrid/internal/db"
	"healthgrid/internal/event"
	"healthgrid/internal/population"
	"healthgrid/internal/quota"
)

// The actions citizen writes to the audit log.
var _ = audit.Declare("resident_account.bind", "resident_account.confirm", "resident_account.reject")

// Binding states of an account.
const (
	None     = "none"     // never tried
	Linked   = "linked"   // bound to a resident of the population
	Claimed  = "claimed"  // waits for the community to confirm
	Rejected = "rejected" // the community refused the claim
)

// Limits an hour: bindings per account and per client address, reports
// per account and per address.
const (
	bindsPerUser   = 5
	bindsPerIP     = 20
	reportsPerUser = 20
	reportsPerIP   = 60
)

// Sentinel errors.
var (
	ErrNotFound    = apperr.New(apperr.ErrNotFound, "resident_account.not_found", "居民账号不存在 / resident account not found")
	ErrNoReport    = apperr.New(apperr.ErrNotFound, "report.not_found", "反映的问题不存在 / report not found")
	errLinked      = apperr.New(apperr.ErrConflict, "resident_account.already_linked", "账号已完成实名认证 / the account is already linked")
	errNoClaim     = apperr.New(apperr.ErrConflict, "resident_account.no_claim", "该账号没有待确认的认证申请 / the account has no claim to decide")
	errNoRecord    = apperr.New(apperr.ErrConflict, "resident_account.no_record", "人口库中没有该身份证号的居民,请先登记 / no resident with this ID in your scope: register them first")
	errTaken       = apperr.New(apperr.ErrConflict, "resident_account.id_taken", "该身份证号已绑定其他账号 / the ID is bound to another account")
	errIDNumber    = apperr.New(apperr.ErrInvalid, "resident_account.bad_id_number", "身份证号码不正确 / not a valid ID number")
	errNotResident = apperr.New(apperr.ErrConflict, "resident_account.not_resident", "不是居民账号 / not a resident account")
	errNotClosed   = apperr.New(apperr.ErrConflict, "report.not_closed", "问题办结后才能评价 / a report is rated once closed")
)

// People is what binding needs of the population.
type People interface {
	Match(ctx context.Context, idx string) (population.Resident, error)
	Get(ctx context.Context, scope, id string) (population.Resident, error)
	List(ctx context.Context, scope string, f population.Filter, offset, limit int) ([]population.Resident, int, error)
}

// Accounts moves an account's region and disables it (auth).
type Accounts interface {
	SetHome(ctx context.Context, userID, regionCode string) error
	SetStatus(ctx context.Context, caller *access.Principal, id string, enabled bool) (auth.User, error)
}

// Events is the event workflow a report goes through.
type Events interface {
	Report(ctx context.Context, caller *access.Principal, in event.Input) (string, error)
	Get(ctx context.Context, caller *access.Principal, id string) (event.Event, error)
	List(ctx context.Context, caller *access.Principal, f event.Filter, offset, limit int) ([]event.Event, int, error)
	Act(ctx context.Context, caller *access.Principal, id string, in event.ActionInput) (event.Event, error)
}

// Regions gives the root of the tree and resolves a filter in scope.
type Regions interface {
	RootPath(ctx context.Context) (string, error)
	Within(ctx context.Context, scope, code string) (string, error)
}

// Sealer seals, opens and indexes personal fields (pii.Cipher).
type Sealer interface {
	Seal(plain string) string
	Open(sealed string) (string, error)
	Index(kind, value string) string
}

// Deps is what the service needs.
type Deps struct {
	DB       *db.DB
	Audit    *audit.Log
	PII      Sealer
	People   People
	Accounts Accounts
	Events   Events
	Regions  Regions
	Now      func() time.Time
}

// Service binds residents' accounts and files their reports.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	pii      Sealer
	people   People
	accounts Accounts
	events   Events
	regions  Regions
	quota    *quota.Counter
	now      func() time.Time
}

// New is the resident side's service.
func New(d Deps) *Service {
	return &Service{db: d.DB, audit: d.Audit, pii: d.PII, people: d.People, accounts: d.Accounts, events: d.Events,
		regions: d.Regions, quota: quota.New(d.DB, d.Now), now: d.Now}
}

// limit takes one of kind for the caller and for their address, each in
// its own transaction so that what fails still counts.
func (s *Service) limit(ctx context.Context, kind string, p *access.Principal, perUser, perIP int) error {
	if err := s.quota.Take(ctx, kind, p.UserID, perUser, quota.TooManyTries); err != nil {
		return err
	}
	return s.quota.Take(ctx, kind, "ip:"+access.RequestFrom(ctx).IP, perIP, quota.TooManyTries)
}

// everywhere is the caller over the whole tree: a resident reports and is
// matched wherever the point or the record lies, not only in their region.
func (s *Service) everywhere(ctx context.Context, p *access.Principal) (*access.Principal, error) {
	root, err := s.regions.RootPath(ctx)
	if err != nil {
		return nil, err
	}
	wide := *p
	wide.RegionPath = root
	return &wide, nil
}
