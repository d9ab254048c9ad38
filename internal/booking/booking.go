// Package booking holds the services residents book from the app — a home
// visit, a family-doctor consultation, rehabilitation guidance, an elderly
// check-up (上门随访, 家庭医生签约咨询, 康复指导, 老年人健康体检预约) — and the
// office's scheduling of each booking to a team member at a time, within
// what the member's team can do in a day.
package booking

import (
	"context"
	"time"

	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
	"healthgrid/internal/grid"
	"healthgrid/internal/org"
)

// The actions booking writes to the audit log.
var _ = audit.Declare(
	"booking.create", "booking.cancel", "booking.schedule", "booking.capacity", "booking.service_save", "booking.done",
)

// Statuses of a booking.
const (
	Requested = "requested" // asked for; the booker may still cancel it
	Scheduled = "scheduled" // given to a team member at a time
	Done      = "done"      // the visit was recorded
	Cancelled = "cancelled" // by the booker before it was scheduled, or by the office
)

// Slots of a day.
const (
	AM = "am"
	PM = "pm"
)

// DefaultPerDay is how many bookings a team takes in a day unless the
// console sets its own capacity.
const DefaultPerDay = 8

// HorizonDays is how far ahead a booking may ask for, and how far the next
// free day is looked for.
const HorizonDays = 60

// Sentinel errors.
var (
	ErrNotFound        = apperr.New(apperr.ErrNotFound, "booking.not_found", "预约不存在 / booking not found")
	ErrServiceNotFound = apperr.New(apperr.ErrNotFound, "booking.service_not_found", "服务项目不存在 / service not found")
	ErrNotCancellable  = apperr.New(apperr.ErrConflict, "booking.not_cancellable",
		"预约已安排,不能取消,请联系服务团队 / a scheduled booking cannot be cancelled here: ask the team")
	errFull      = apperr.New(apperr.ErrConflict, "booking.team_full", "")
	errStatus    = apperr.New(apperr.ErrConflict, "booking.status_not_allowed", "")
	errDate      = apperr.New(apperr.ErrInvalid, "booking.date_out_of_range", "")
	errNoRegion  = apperr.New(apperr.ErrInvalid, "booking.no_region", "请先选择所在社区 / the account has no region")
	errNoTeam    = apperr.New(apperr.ErrInvalid, "booking.member_without_team", "该成员不属于任何服务团队 / the member belongs to no team")
	errNoAccount = apperr.New(apperr.ErrInvalid, "booking.member_without_account",
		"该成员没有平台账号,无法在手机上接收 / the member has no account to receive it")
	errPast     = apperr.New(apperr.ErrInvalid, "booking.time_past", "上门时间不能早于现在 / the time is in the past")
	errTooFar   = apperr.New(apperr.ErrInvalid, "booking.time_too_far", "")
	errNotYours = apperr.New(apperr.ErrInvalid, "booking.not_scheduled_to_you", "")
	errBadCode  = apperr.New(apperr.ErrInvalid, "booking.service_code", "编码只能包含大写字母、数字和 - / code: upper-case letters, digits and -")
)

// full refuses a team's day that takes no more bookings, naming the next
// day that does (YYYY-MM-DD; "" when none within the horizon).
func full(day, next string) error {
	p := apperr.P{"day": day, "next": next}
	if next == "" {
		return errFull.Withf(p, "该团队 %s 预约已满,%d 天内没有空余 / the team is full on %s and for %d days after", day,
			HorizonDays, day, HorizonDays)
	}
	return errFull.Withf(p, "该团队 %s 预约已满,最近可安排日期为 %s / the team is full on %s; the next free day is %s", day, next,
		day, next)
}

// Booking is one booking.
type Booking struct {
	ID            string     `json:"id"`
	ServiceCode   string     `json:"service"`
	ServiceName   string     `json:"service_name"`
	Name          string     `json:"name" doc:"the booker's name"`
	Phone         string     `json:"phone" doc:"masked"`
	RegionCode    string     `json:"region_code" doc:"where the booker lives"`
	Address       string     `json:"address"`
	PreferredDate string     `json:"preferred_date" doc:"YYYY-MM-DD"`
	Slot          string     `json:"slot" enum:"am,pm"`
	Note          string     `json:"note"`
	Status        string     `json:"status" enum:"requested,scheduled,done,cancelled"`
	MemberID      string     `json:"member_id,omitempty"`
	MemberName    string     `json:"member_name,omitempty"`
	UnitID        string     `json:"unit_id,omitempty"`
	ScheduledAt   *time.Time `json:"scheduled_at,omitempty"`
	ResidentID    string     `json:"resident_id,omitempty" doc:"the resident of the population the booker's account is linked to (实名认证), for the visit's record"`
	ResidentName  string     `json:"resident_name,omitempty" doc:"that resident's name, masked"`
	CancelReason  string     `json:"cancel_reason,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	userID        string
	regionPath    string
	memberUserID  string
	phoneSealed   string
}

// Sealer seals and opens personal fields (pii.Cipher).
type Sealer interface {
	Seal(plain string) string
	Open(sealed string) (string, error)
}

// Members finds the team member a booking is given to (grid).
type Members interface {
	Member(ctx context.Context, scope, id string) (grid.Member, error)
}

// Accounts gives a booker's phone (auth).
type Accounts interface {
	Phone(ctx context.Context, userID string) (string, error)
}

// Regions resolves a region filter within the caller's scope (region).
type Regions interface {
	Within(ctx context.Context, scope, code string) (string, error)
}

// Units finds a team (a unit) in the caller's scope (org).
type Units interface {
	Get(ctx context.Context, scope, id string) (org.Unit, error)
}

// Workdays tells a working day from a rest day (calendar).
type Workdays interface {
	IsWorkday(ctx context.Context, day time.Time) (bool, error)
}

// Bookers tells which residents of the population the bookers' accounts
// are linked to by real-name binding (citizen): a visit is recorded against
// the resident, and a booking knows only the account.
type Bookers interface {
	Linked(ctx context.Context, userIDs []string) (map[string]Linked, error)
}

// Linked is the resident a booker's account is linked to.
type Linked struct {
	ResidentID string
	Name       string // masked
}

// Deps is what the service needs.
type Deps struct {
	DB       *db.DB
	Audit    *audit.Log
	PII      Sealer
	Members  Members
	Accounts Accounts
	Workdays Workdays
	Regions  Regions
	Units    Units
	Messages Messages
	Bookers  Bookers
	Now      func() time.Time
}

// Service owns the catalogue, the capacities and the bookings.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	pii      Sealer
	members  Members
	accounts Accounts
	workdays Workdays
	regions  Regions
	units    Units
	messages Messages
	bookers  Bookers
	now      func() time.Time
}

// WithClock is the service reading the time from now: the demo seed files
// its bookings in the past.
func (s *Service) WithClock(now func() time.Time) *Service {
	c := *s
	c.now = now
	return &c
}

// New is the booking service.
func New(d Deps) *Service {
	return &Service{db: d.DB, audit: d.Audit, pii: d.PII, members: d.Members, accounts: d.Accounts, workdays: d.Workdays,
		regions: d.Regions, units: d.Units, messages: d.Messages, bookers: d.Bookers, now: d.Now}
}
