// Package venue is the places people gather (场所) and who was there when
// (issue 17): venues with their printed QR code (场所码) whose token rotates
// on demand, check-ins sent in bulk by venues' systems and partners or made
// by a resident scanning the poster in the app, kept for 14 days and then
// deleted. Contact tracing reads the check-ins by venue and time.
// docs/epidemic-venues.md tells the rules.
package venue

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"time"

	"golang.org/x/image/font"

	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/china"
	"healthgrid/internal/config"
	"healthgrid/internal/db"
	"healthgrid/internal/epidemic"
	"healthgrid/internal/pii"
	"healthgrid/internal/quota"
)

// The actions venues and check-ins write to the audit log.
var _ = audit.Declare("epidemic.venue.create", "epidemic.venue.update", "epidemic.venue.close",
	"epidemic.venue.reopen", "epidemic.venue.rotate", "epidemic.venue.checkins", "epidemic.venue.scan",
	"epidemic.venue.checkout")

// Kinds are the kinds of venue, in display order.
var Kinds = []epidemic.Named{
	{Code: "school", Name: "学校"}, {Code: "market", Name: "农贸市场"}, {Code: "clinic", Name: "医疗机构"},
	{Code: "restaurant", Name: "餐饮"}, {Code: "workplace", Name: "单位"}, {Code: "transport", Name: "交通场站"},
	{Code: "other", Name: "其他"},
}

// KindEnum is Kinds' codes for a huma enum tag.
const KindEnum = "school,market,clinic,restaurant,workplace,transport,other"

// Residents finds the platform's residents (population): by their ID
// numbers' blind indexes, and by id.
type Residents interface {
	MatchIndexes(ctx context.Context, idx []string) (map[string]epidemic.ResidentMatch, error)
	Identities(ctx context.Context, ids []string) (map[string]Identity, error)
}

// Identity is who a resident is by their ID number.
type Identity struct {
	IDIdx, IDEnc, Name string
}

// Fonts draws the posters' Chinese text (files).
type Fonts interface {
	Face(size float64) (font.Face, error)
}

// Settings are the module's knobs.
type Settings struct {
	// Retention is how long a check-in is kept (14 days).
	Retention time.Duration
	// RowsPerHour bounds the check-in rows one caller sends an hour.
	RowsPerHour int
	// PublicURL is the address the posters' QR codes open ("": the
	// request's).
	PublicURL string
}

// SettingsFrom reads the module's settings from cfg.
func SettingsFrom(cfg config.Config) Settings {
	return Settings{Retention: cfg.CheckinRetention, RowsPerHour: cfg.CheckinRowsPerHour, PublicURL: cfg.PublicURL}
}

// Deps is what the module needs.
type Deps struct {
	DB        *db.DB
	Audit     *audit.Log
	PII       *pii.Cipher
	Regions   epidemic.Regions
	Residents Residents
	Accounts  epidemic.Accounts
	Fonts     Fonts
	Rows      *quota.Counter // the check-in rows' rate
	Now       func() time.Time
	Settings  Settings
}

// Service is the venues module.
type Service struct {
	db        *db.DB
	audit     *audit.Log
	pii       *pii.Cipher
	regions   epidemic.Regions
	residents Residents
	accounts  epidemic.Accounts
	fonts     Fonts
	rows      quota.Limit
	now       func() time.Time
	settings  Settings
}

// New is the venues module.
func New(d Deps) *Service {
	if d.Settings.Retention <= 0 {
		d.Settings.Retention = 14 * 24 * time.Hour
	}
	return &Service{db: d.DB, audit: d.Audit, pii: d.PII, regions: d.Regions, residents: d.Residents,
		accounts: d.Accounts, fonts: d.Fonts, now: d.Now, settings: d.Settings,
		rows: quota.Limit{Counter: d.Rows, Kind: quota.Checkin, Per: d.Settings.RowsPerHour, Message: tooManyRows}}
}

// WithClock is the service reading the time from now (the demo seed).
func (s *Service) WithClock(now func() time.Time) *Service {
	c := *s
	c.now = now
	return &c
}

// Errors of the module.
var (
	// ErrNotFound is a venue that does not exist or is out of scope.
	ErrNotFound  = apperr.New(apperr.ErrNotFound, "epidemic.venue_not_found", "场所不存在 / venue not found")
	errCodeTaken = apperr.New(apperr.ErrConflict, "epidemic.venue_code_taken", "场所编码已被使用 / the venue code is taken")
	errCode      = apperr.New(apperr.ErrInvalid, "epidemic.venue_code",
		"场所编码为 3–32 位字母、数字或连字符 / a venue code is 3–32 letters, digits or hyphens")
	errPoint = apperr.New(apperr.ErrInvalid, "epidemic.venue_point",
		"坐标不在本市网格内 / the point is not in a grid of the city")
	errGrid = apperr.New(apperr.ErrInvalid, "epidemic.venue_grid",
		"网格不存在或不在您的管辖范围内 / no such grid in your area")
	errName    = apperr.New(apperr.ErrInvalid, "epidemic.venue_name", "请填写场所名称 / give the venue's name")
	errOutdate = apperr.New(apperr.ErrConflict, "epidemic.venue_poster_outdated",
		"该场所码已更新，您扫描的是旧场所码，请扫描场所现场张贴的最新场所码 / this poster is outdated: scan the venue's current poster")
	errClosed   = apperr.New(apperr.ErrConflict, "epidemic.venue_closed", "该场所已停用 / the venue is closed")
	errNotBound = apperr.New(apperr.ErrConflict, "epidemic.venue_not_bound",
		"请先完成实名认证再扫码登记 / verify your real name before checking in")
	errVisitNotFound = apperr.New(apperr.ErrNotFound, "epidemic.venue_visit_not_found",
		"没有这条场所记录 / no such check-in")
)

func tooManyRows(wait int) string {
	return "场所登记数据上传过于频繁，请稍后再试 / too many check-in rows this hour; try again in " +
		time.Duration(wait*int(time.Second)).String()
}

// token is a new poster token: 16 characters of base32 (80 bits).
func token() string {
	b := make([]byte, 10)
	rand.Read(b)
	return base32.StdEncoding.EncodeToString(b)
}

// dayOf is the Beijing day of Unix time t.
func dayOf(t int64) string { return time.Unix(t, 0).In(china.Zone).Format(time.DateOnly) }
