// Package open311 is the Open311 GeoReport v2 endpoint (/open311/v2) through
// which hotlines and city apps file and track events: the matter catalogue as
// the service list, a service request filed as an event through the workflow
// (source open311), and requests read back as the spec shapes them. Callers
// authenticate with a partner API key (internal/apikey), which limits them to
// its region; both of the spec's formats, JSON and XML, are served.
package open311

import (
	"context"
	"encoding/xml"
	"slices"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/db"
	"healthgrid/internal/event"
	"healthgrid/internal/pii"
)

// Service is one entry of the service list: an enabled matter. The spec's
// metadata is always false (no extra attributes) and type realtime (a
// request becomes an event at once).
type Service struct {
	XMLName     xml.Name `json:"-" xml:"service"`
	Code        string   `json:"service_code" xml:"service_code"`
	Name        string   `json:"service_name" xml:"service_name"`
	Description string   `json:"description" xml:"description"`
	Metadata    bool     `json:"metadata" xml:"metadata"`
	Type        string   `json:"type" xml:"type"`
	Keywords    string   `json:"keywords" xml:"keywords"`
	Group       string   `json:"group" xml:"group"`
}

// Request is a service request as GET answers it. The reporter's name,
// phone and email are never part of it.
type Request struct {
	XMLName           xml.Name `json:"-" xml:"request"`
	ID                string   `json:"service_request_id" xml:"service_request_id"`
	Status            string   `json:"status" xml:"status"`
	StatusNotes       string   `json:"status_notes" xml:"status_notes"`
	ServiceName       string   `json:"service_name" xml:"service_name"`
	ServiceCode       string   `json:"service_code" xml:"service_code"`
	Description       string   `json:"description" xml:"description"`
	AgencyResponsible string   `json:"agency_responsible" xml:"agency_responsible"`
	ServiceNotice     string   `json:"service_notice" xml:"service_notice"`
	Requested         string   `json:"requested_datetime" xml:"requested_datetime"`
	Updated           string   `json:"updated_datetime" xml:"updated_datetime"`
	Expected          string   `json:"expected_datetime" xml:"expected_datetime"`
	Address           string   `json:"address" xml:"address"`
	Lat               *float64 `json:"lat,omitempty" xml:"lat,omitempty"`
	Long              *float64 `json:"long,omitempty" xml:"long,omitempty"`
	MediaURL          string   `json:"media_url" xml:"media_url"`
}

// Receipt is the answer to a POST: the new request's id (the event number).
type Receipt struct {
	XMLName       xml.Name `json:"-" xml:"request"`
	ID            string   `json:"service_request_id" xml:"service_request_id"`
	ServiceNotice string   `json:"service_notice" xml:"service_notice"`
	AccountID     string   `json:"account_id" xml:"account_id"`
}

// Status mapping: a request is open while work remains on its event, closed
// once the event is finished — closed or rated, not accepted, or merged into
// another event (which goes on under its own number).
var (
	openStatuses   = []string{event.Reported, event.Registered, event.Dispatched, event.SelfHandling, event.PendingVerify, event.Suspended}
	closedStatuses = []string{event.Closed, event.Evaluated, event.NotAccepted, event.Merged}
)

// StatusOf is the GeoReport status of an event status.
func StatusOf(status string) string {
	if slices.Contains(closedStatuses, status) {
		return "closed"
	}
	return "open"
}

// Keys resolves an api_key into its principal.
type Keys interface {
	Authenticate(ctx context.Context, secret string) (*access.Principal, error)
}

// Events is what the endpoint needs of the workflow.
type Events interface {
	Create(ctx context.Context, caller *access.Principal, in event.Input) (event.Event, error)
	Search(ctx context.Context, caller *access.Principal, q event.Query) ([]event.Event, error)
}

// Catalogue lists the matters open for new events, as services.
type Catalogue interface {
	Services(ctx context.Context) ([]Service, error)
}

// Regions places points and names jurisdictions.
type Regions interface {
	LocateCode(lng, lat float64) (string, bool)
	Path(ctx context.Context, code string) (string, error)
}

// API serves /open311/v2.
type API struct {
	db        *db.DB
	pii       *pii.Cipher
	keys      Keys
	events    Events
	catalogue Catalogue
	regions   Regions
	now       func() time.Time
}

// Deps are what the endpoint is built on.
type Deps struct {
	DB        *db.DB
	PII       *pii.Cipher
	Keys      Keys
	Events    Events
	Catalogue Catalogue
	Regions   Regions
	Now       func() time.Time
}

// New returns the endpoint.
func New(d Deps) *API {
	return &API{db: d.DB, pii: d.PII, keys: d.Keys, events: d.Events, catalogue: d.Catalogue, regions: d.Regions, now: d.Now}
}
