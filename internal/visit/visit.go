// Package visit holds home visits (入户走访): what a field worker — a grid
// worker, a family-doctor team member — records on the phone at a
// resident's door: the kind of visit, the findings, where it was recorded,
// and photos or a short video. Photos carry a watermark the server burns in
// (水印相机: the time in Beijing, the grid's place name, the worker's name);
// files keeps the original beside it. A visit may fulfil a booking scheduled
// to the worker, which it marks done in the same transaction.
package visit

import (
	"context"
	"io"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
	"healthgrid/internal/files"
	"healthgrid/internal/pii"
	"healthgrid/internal/population"
	"healthgrid/internal/region"
)

// Kind is a type of visit, in the vocabulary of family-doctor and grid work.
type Kind struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Kinds are the types of visit, in display order.
var Kinds = []Kind{
	{"chronic_followup", "慢病随访"},
	{"elderly_followup", "老年人健康随访"},
	{"rehabilitation", "康复指导"},
	{"maternal", "孕产妇访视"},
	{"key_population", "重点人群走访"},
	{"other", "其他"},
}

// kindName is the Chinese name of code, "" for none.
func kindName(code string) string {
	for _, k := range Kinds {
		if k.Code == code {
			return k.Name
		}
	}
	return ""
}

// The actions visit writes to the audit log.
var _ = audit.Declare("visit.record", "visit.original")

// MaxPhotos is how many photos and videos one visit carries.
const MaxPhotos = 9

// Errors.
var (
	// ErrNotFound is a visit that does not exist or is outside the caller's scope.
	ErrNotFound = apperr.New(apperr.ErrNotFound, "visit.not_found", "走访记录不存在 / visit not found")
	// ErrOriginal is a photo's original asked for by someone else than the
	// worker who recorded the visit or an auditor.
	ErrOriginal = apperr.New(apperr.ErrForbidden, "visit.original_forbidden",
		"原图仅供记录人和审计人员查看 / the original is for the worker who recorded it and auditors")
	errTooLong = apperr.New(apperr.ErrInvalid, "visit.notes_too_long", "")
	errTooMany = apperr.New(apperr.ErrInvalid, "visit.too_many_photos", "")
	errLng     = apperr.New(apperr.ErrInvalid, "visit.lng_range", "经度应在 -180 至 180 之间 / lng must be from -180 to 180")
	errLat     = apperr.New(apperr.ErrInvalid, "visit.lat_range", "纬度应在 -90 至 90 之间 / lat must be from -90 to 90")
	errDay     = apperr.New(apperr.ErrInvalid, "visit.date_format", "")
)

// Visit is one recorded home visit.
type Visit struct {
	ID           string    `json:"id"`
	BookingID    string    `json:"booking_id,omitempty" doc:"the booking it fulfilled"`
	ResidentID   string    `json:"resident_id"`
	ResidentName string    `json:"resident_name"`
	RegionCode   string    `json:"region_code" doc:"the resident's grid"`
	Kind         string    `json:"kind" enum:"chronic_followup,elderly_followup,rehabilitation,maternal,key_population,other"`
	KindName     string    `json:"kind_name"`
	Notes        string    `json:"notes" doc:"the findings; ID and mobile numbers masked"`
	Lng          float64   `json:"lng" doc:"WGS-84, as the phone's geolocation gives it (not GCJ-02)"`
	Lat          float64   `json:"lat" doc:"WGS-84"`
	PlaceCode    string    `json:"place_code" doc:"the grid the point lies in; the resident's grid when it lies in none"`
	PlaceName    string    `json:"place_name" doc:"its name chain from the county down, as the watermark shows it"`
	WorkerName   string    `json:"worker_name"`
	VisitedAt    time.Time `json:"visited_at" doc:"when the server recorded it"`
	Photos       []Photo   `json:"photos"`
	workerID     string
	regionPath   string
}

// Photo is a photo or video of a visit.
type Photo struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size" doc:"bytes, of the original"`
	Watermarked bool   `json:"watermarked" doc:"false for HEIC/HEIF, WebP and video, kept as uploaded"`
	URL         string `json:"url" doc:"the watermarked copy where there is one"`
	OriginalURL string `json:"original_url" doc:"the original as uploaded: for the worker who recorded it and audit:read holders"`
}

// Residents finds a resident in the caller's scope (population).
type Residents interface {
	Get(ctx context.Context, scope, id string) (population.Resident, error)
}

// Regions locates a point's grid, names its chain, and resolves a region
// filter within the caller's scope (region).
type Regions interface {
	LocateCode(lng, lat float64) (string, bool)
	Chain(ctx context.Context, code string) ([]region.Region, error)
	Within(ctx context.Context, scope, code string) (string, error)
}

// Bookings marks done a booking scheduled to the caller (booking).
type Bookings interface {
	Complete(ctx context.Context, p *access.Principal, field, id, visitID string) error
}

// Photos keeps a visit's photos, watermarked beside the originals (files).
type Photos interface {
	Prepare(ctx context.Context, field, uploader string, ids []string, owner string, lines []string) (files.Marks, error)
	Hold(ctx context.Context, field, uploader string, ids []string, owner string, marks files.Marks) error
	Release(ctx context.Context, marks files.Marks)
	Held(ctx context.Context, owner string) ([]files.Attachment, error)
	Holder(ctx context.Context, id string) (string, error)
	OpenHeld(ctx context.Context, owner, id string, original bool) (files.Attachment, io.ReadSeekCloser, error)
}

// Deps is what the service needs.
type Deps struct {
	DB        *db.DB
	Audit     *audit.Log
	PII       *pii.Cipher
	Residents Residents
	Regions   Regions
	Bookings  Bookings
	Photos    Photos
	Now       func() time.Time
}

// Service records and lists home visits.
type Service struct {
	db        *db.DB
	audit     *audit.Log
	pii       *pii.Cipher
	residents Residents
	regions   Regions
	bookings  Bookings
	photos    Photos
	now       func() time.Time
}

// New is the visits service.
func New(d Deps) *Service {
	return &Service{db: d.DB, audit: d.Audit, pii: d.PII, residents: d.Residents, regions: d.Regions, bookings: d.Bookings,
		photos: d.Photos, now: d.Now}
}

// WithClock is the service reading the time from now: the demo seed files
// its visits in the past.
func (s *Service) WithClock(now func() time.Time) *Service {
	c := *s
	c.now = now
	return &c
}

// owner is how files knows the visit's photos.
func owner(id string) string { return "visit/" + id }
