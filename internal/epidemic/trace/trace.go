// Package trace is contact tracing (流调溯源, issue 17): from a case, the
// close contacts its venue check-ins and household give, and from each of
// them the secondary contacts, each with the exposures that explain it; and
// the push of those contacts down the region tree as screening lists, their
// exposures recorded in the transmission graph (chain). docs/epidemic-tracing.md
// tells the rules.
package trace

import (
	"context"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
	"healthgrid/internal/epidemic"
	"healthgrid/internal/epidemic/chain"
	"healthgrid/internal/pii"
)

// Chains records exposures in the transmission graph, in the caller's
// transaction (the chain part).
type Chains interface {
	AddExposures(ctx context.Context, by *access.Principal, ex []chain.Exposure) error
}

// Lists pushes a list of risk persons down the tree (the parent module).
type Lists interface {
	CreateList(ctx context.Context, caller *access.Principal, in epidemic.ScreeningInput) (epidemic.Created, error)
}

// Deps is what tracing needs.
type Deps struct {
	DB     *db.DB
	Audit  *audit.Log
	PII    *pii.Cipher
	Lists  Lists
	Chains Chains // nil: a push records no exposure
	Now    func() time.Time
}

// Service traces contacts.
type Service struct {
	db     *db.DB
	audit  *audit.Log
	pii    *pii.Cipher
	lists  Lists
	chains Chains
	now    func() time.Time
}

// New is the tracing service.
func New(d Deps) *Service {
	return &Service{db: d.DB, audit: d.Audit, pii: d.PII, lists: d.Lists, chains: d.Chains, now: d.Now}
}

// At is the service reading the time from now and pushing through lists:
// the demo seed plays a trace and its push at a moment past.
func (s *Service) At(now func() time.Time, lists Lists) *Service {
	c := *s
	c.now, c.lists = now, lists
	return &c
}

// The limits of a trace.
const (
	// MaxContacts is the most contacts an answer lists (close ones first);
	// past it the answer says truncated and the counts stay whole.
	MaxContacts = 5000
	// MaxStay is the longest a stay lasts: a check-out later than this
	// after the check-in counts as this. It bounds how far back a venue's
	// check-ins are read for a stay (the key is venue, time in).
	MaxStay = 24 * time.Hour
	// MaxSpan is the longest window a trace looks over.
	MaxSpan = 60 * 24 * time.Hour
	// DefaultWindow is the ±minutes two stays may miss each other by and
	// still be a contact.
	DefaultWindow = 30
)

// Input asks for a trace.
type Input struct {
	PersonID      string     `json:"person_id,omitempty" maxLength:"40" doc:"the case: a risk person (confirmed, asymptomatic …)"`
	ResidentID    string     `json:"resident_id,omitempty" maxLength:"40" doc:"or the case as a resident: their open risk episode if any"`
	From          *time.Time `json:"from,omitempty" doc:"default: the disease's incubation period before onset or first positive sample"`
	To            *time.Time `json:"to,omitempty" doc:"default: now"`
	WindowMinutes int        `json:"window_minutes,omitempty" minimum:"0" maximum:"240" doc:"± minutes between two stays, 1–240; 0 or absent: 30"`
	Hops          int        `json:"hops,omitempty" minimum:"0" maximum:"2" doc:"1 close contacts, 2 also their contacts (密接的密接); 0 or absent: 1"`
}

// Window is the time a trace looked over, and why.
type Window struct {
	From           time.Time  `json:"from"`
	To             time.Time  `json:"to"`
	Basis          string     `json:"basis" enum:"onset,positive_sample,given,trace_time" doc:"onset: the report card's onset day; positive_sample: the first positive sample; given: the request's from; trace_time: neither known, counted back from now"`
	Anchor         *time.Time `json:"anchor,omitempty" doc:"the onset or the first positive sample the window counts back from"`
	IncubationDays int        `json:"incubation_days,omitempty" doc:"the disease's longest incubation, counted back from the anchor"`
	Minutes        int        `json:"window_minutes" doc:"± minutes between two stays"`
}

// Case is who was traced.
type Case struct {
	PersonID   string `json:"person_id,omitempty"`
	ResidentID string `json:"resident_id,omitempty"`
	Name       string `json:"name"`
	IDNumber   string `json:"id_number" doc:"masked"`
	Disease    string `json:"disease,omitempty"`
	Category   string `json:"category,omitempty"`
	Stays      int    `json:"stays" doc:"the case's check-ins in the window"`
}

// Exposure is why a contact is one: a stay near the case's (or, at hop 2,
// near the close contact's named by via), or a shared household.
type Exposure struct {
	Kind           string     `json:"kind" enum:"venue,household"`
	At             time.Time  `json:"at" doc:"when: the later arrival, or the earlier departure when the stays only came within the window of each other; household: the start of the source's window"`
	VenueCode      string     `json:"venue_code,omitempty"`
	VenueName      string     `json:"venue_name,omitempty"`
	SourceIn       *time.Time `json:"source_in,omitempty" doc:"the source's stay (the case's, or the close contact's at hop 2)"`
	SourceOut      *time.Time `json:"source_out,omitempty" doc:"its time out, or time in + the venue's default stay"`
	ContactIn      *time.Time `json:"contact_in,omitempty"`
	ContactOut     *time.Time `json:"contact_out,omitempty"`
	OverlapMinutes int        `json:"overlap_minutes" doc:"minutes both were there; 0 when they only came within the window"`
	Via            string     `json:"via,omitempty" doc:"hop 2: the close contact's key"`
	ViaName        string     `json:"via_name,omitempty"`
}

// Contact is a close (hop 1) or secondary (hop 2) contact.
type Contact struct {
	Key          string     `json:"key" doc:"the contact in this trace: r:<resident id> or v:<visitor number>; what a push selects"`
	ResidentID   string     `json:"resident_id,omitempty"`
	Name         string     `json:"name"`
	IDNumber     string     `json:"id_number" doc:"masked; empty when the check-in gave none"`
	Hop          int        `json:"hop" enum:"1,2"`
	FirstAt      time.Time  `json:"first_at" doc:"the first exposure: the start of this contact's own window at hop 2"`
	RiskPersonID string     `json:"risk_person_id,omitempty" doc:"already a risk person of the disease (an open episode)"`
	RiskCategory string     `json:"risk_category,omitempty"`
	Exposures    []Exposure `json:"exposures"`
}

// Result is a trace's answer.
type Result struct {
	ID        string    `json:"id" doc:"the trace's record: POST /epidemic/traces/{id}/push pushes it down"`
	Case      Case      `json:"case"`
	Window    Window    `json:"window"`
	Hops      int       `json:"hops"`
	Close     int       `json:"close" doc:"close contacts (hop 1), all of them"`
	Secondary int       `json:"secondary" doc:"secondary contacts (hop 2), all of them"`
	Known     int       `json:"known" doc:"contacts already risk persons of the disease"`
	Truncated bool      `json:"truncated" doc:"more contacts than listed (the cap): narrow the window"`
	Cap       int       `json:"cap"`
	Contacts  []Contact `json:"contacts"`
}

var (
	// ErrNotFound is a trace, a case or a resident absent or out of scope.
	ErrNotFound = apperr.New(apperr.ErrNotFound, "epidemic.trace_not_found", "流调记录或病例不存在 / no such trace or case")
	errNoCase   = apperr.New(apperr.ErrInvalid, "epidemic.trace_case_required",
		"须指定病例(person_id 或 resident_id 之一) / name the case: person_id or resident_id, one of them")
	errFromNeeded = apperr.New(apperr.ErrInvalid, "epidemic.trace_from_required",
		"该居民不是风险人员,无法推算时间窗,请给出起始时间 / the resident is no risk person: give from")
	errWindow = apperr.New(apperr.ErrInvalid, "epidemic.trace_window",
		"时间窗须起于止之前、不晚于现在且不超过60天 / the window must end after it starts, not in the future, within 60 days")
)
