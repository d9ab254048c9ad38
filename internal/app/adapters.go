package app

import (
	"context"
	"errors"
	"strings"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/auth"
	"healthgrid/internal/booking"
	"healthgrid/internal/citizen"
	"healthgrid/internal/epidemic"
	"healthgrid/internal/epidemic/venue"
	"healthgrid/internal/event"
	"healthgrid/internal/matter"
	"healthgrid/internal/notify"
	"healthgrid/internal/open311"
	"healthgrid/internal/population"
	"healthgrid/internal/region"
)

// Adapters: where a module needs another, it declares the small interface it
// needs and an adapter here gives it the other module in that shape.

// catalogue gives the event workflow the matters in the shape it reads.
type catalogue struct{ m *matter.Service }

// Matter is the catalogue entry code as the workflow needs it.
func (c catalogue) Matter(ctx context.Context, code string) (event.Matter, error) {
	m, err := c.m.Get(ctx, code)
	if err != nil {
		return event.Matter{}, err
	}
	routes := map[string]event.Route{}
	for _, level := range matter.Levels {
		if r, ok := c.m.RouteFor(m, level); ok {
			routes[level] = event.Route{Lead: r.Lead, Co: r.Co}
		}
	}
	return event.Matter{Code: m.Code, Name: m.Name, Enabled: m.Enabled, SelfHandle: m.SelfHandle,
		Priority: m.DefaultPriority, Dispatch: m.Limits.Dispatch, Handle: m.Limits.Handle, Verify: m.Limits.Verify,
		Routes: routes}, nil
}

// Named is the codes of the matters whose names (or codes) hold q.
func (c catalogue) Named(ctx context.Context, q string) ([]string, error) {
	ms, err := c.m.List(ctx, matter.Filter{Q: q})
	codes := make([]string, len(ms))
	for i, m := range ms {
		codes[i] = m.Code
	}
	return codes, err
}

// directory gives notifications the users they go to, from auth.
type directory struct{ a *auth.Service }

// Contacts are the active users q selects.
func (d directory) Contacts(ctx context.Context, q notify.Query) ([]notify.Contact, error) {
	cs, err := d.a.Contacts(ctx, auth.ContactQuery{UnitIDs: q.UnitIDs, RegionPaths: q.RegionPaths, IDs: q.IDs, Perms: q.Perms})
	out := make([]notify.Contact, len(cs))
	for i, c := range cs {
		out[i] = notify.Contact(c)
	}
	return out, err
}

// services gives Open311 the enabled matters as its service list: the group
// is the matter's category, the keywords the category's line from the top.
type services struct{ m *matter.Service }

// Services lists the matters open for new events, in catalogue order.
func (s services) Services(ctx context.Context) ([]open311.Service, error) {
	enabled := true
	items, err := s.m.List(ctx, matter.Filter{Enabled: &enabled})
	if err != nil {
		return nil, err
	}
	cats, err := s.m.Categories(ctx)
	if err != nil {
		return nil, err
	}
	byCode := map[string]matter.Category{}
	for _, c := range cats {
		byCode[c.Code] = c
	}
	out := make([]open311.Service, len(items))
	for i, m := range items {
		var line []string
		for code := m.CategoryCode; code != "" && len(line) < len(cats); code = byCode[code].ParentCode {
			line = append([]string{byCode[code].Name}, line...)
		}
		out[i] = open311.Service{Code: m.Code, Name: m.Name, Description: m.Description, Type: "realtime",
			Keywords: strings.Join(line, ","), Group: m.CategoryName}
	}
	return out, nil
}

// eventRule is the platform's one deliberate late binding. The event workflow
// keeps its photos and videos in files (event.Deps.Attachments), and files
// asks the workflow who may read an event's attachments (files.Deps.Events):
// each needs the other built. So files is built first with an empty
// eventRule, and wire sets events once the workflow exists, before any
// request can ask.
type eventRule struct{ events *event.Service }

// Readable is event.Service.Readable.
func (r *eventRule) Readable(ctx context.Context, caller *access.Principal, eventID string) error {
	return r.events.Readable(ctx, caller, eventID)
}

// accounts gives bookings the booker's phone from their account.
type accounts struct{ a *auth.Service }

func (c accounts) Phone(ctx context.Context, userID string) (string, error) {
	cs, err := c.a.Contacts(ctx, auth.ContactQuery{IDs: []string{userID}})
	if err != nil || len(cs) == 0 {
		return "", err
	}
	return cs[0].Phone, nil
}

// bookers gives bookings the residents their bookers' accounts are linked
// to, from the resident accounts' real-name binding.
type bookers struct{ c *citizen.Service }

func (b bookers) Linked(ctx context.Context, userIDs []string) (map[string]booking.Linked, error) {
	links, err := b.c.Links(ctx, userIDs)
	out := make(map[string]booking.Linked, len(links))
	for user, l := range links {
		out[user] = booking.Linked(l)
	}
	return out, err
}

// residents gives epidemic the residents an ID number matches, by blind index.
type residents struct{ p *population.Service }

// MatchIndexes are the living residents of the blind indexes.
func (r residents) MatchIndexes(ctx context.Context, idx []string) (map[string]epidemic.ResidentMatch, error) {
	m, err := r.p.MatchIndexes(ctx, idx)
	out := make(map[string]epidemic.ResidentMatch, len(m))
	for k, v := range m {
		out[k] = epidemic.ResidentMatch(v)
	}
	return out, err
}

// MatchAddresses are the buildings of the addresses.
func (r residents) MatchAddresses(ctx context.Context, addrs []string) (map[string]epidemic.ResidentMatch, error) {
	m, err := r.p.MatchAddresses(ctx, addrs)
	out := make(map[string]epidemic.ResidentMatch, len(m))
	for k, v := range m {
		out[k] = epidemic.ResidentMatch(v)
	}
	return out, err
}

// residentOf gives epidemic the resident a resident account is bound to.
// Identities are the living residents of ids: who they are by ID number.
func (r residents) Identities(ctx context.Context, ids []string) (map[string]venue.Identity, error) {
	m, err := r.p.Identities(ctx, ids)
	out := make(map[string]venue.Identity, len(m))
	for k, v := range m {
		out[k] = venue.Identity(v)
	}
	return out, err
}

type residentOf struct{ c *citizen.Service }

// ResidentOf is the resident the account is linked to, "" for none.
func (r residentOf) ResidentOf(ctx context.Context, userID string) (string, error) {
	links, err := r.c.Links(ctx, []string{userID})
	return links[userID].ResidentID, err
}

// caseMatter is the catalogue's matter an urgent case's event is opened
// under: 疑似法定传染病病例线索, to the county CDC with the hospital and the
// township health centre.
const caseMatter = "CRB-02"

// caseEvents gives epidemic the workflow to open an urgent case's event in,
// as the platform (source system_alert) over the whole city.
type caseEvents struct {
	events  *event.Service
	matters *matter.Service
	regions *region.Service
}

// OpenCase opens the event of an urgent case in its grid; "" when the
// matter is not in the catalogue or disabled.
func (c caseEvents) OpenCase(ctx context.Context, in epidemic.CaseEvent) (string, error) {
	m, err := c.matters.Get(ctx, caseMatter)
	if errors.Is(err, apperr.ErrNotFound) || err == nil && !m.Enabled {
		return "", nil
	} else if err != nil {
		return "", err
	}
	root, err := c.regions.RootPath(ctx)
	if err != nil {
		return "", err
	}
	return c.events.Report(ctx, auth.System(root), event.Input{Source: "system_alert", MatterCode: caseMatter,
		Title: in.Title, Description: in.Description, GridCode: in.GridCode, Priority: event.Urgent})
}

// census gives epidemic coverage the residents: counts off population's
// tallies, and a grid's residents, masked.
type census struct{ p *population.Service }

// Living is the living residents of each subtree.
func (c census) Living(ctx context.Context, paths []string) (map[string]int64, error) {
	return c.p.Living(ctx, paths)
}

// maxGridResidents bounds the residents of one grid the untested list reads:
// a grid holds a few hundred households.
const maxGridResidents = 20_000

// GridResidents are the living residents of the grid at path, masked.
func (c census) GridResidents(ctx context.Context, path string) ([]epidemic.GridResident, error) {
	rs, _, err := c.p.List(ctx, path, population.Filter{Path: path, AgeMin: -1, AgeMax: -1}, 0, maxGridResidents)
	out := make([]epidemic.GridResident, len(rs))
	for i, r := range rs {
		out[i] = epidemic.GridResident{ID: r.ID, Name: r.Name, IDNumber: r.IDNumber, Phone: r.Phone, Address: r.Address}
	}
	return out, err
}
