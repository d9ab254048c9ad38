package trace

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/china"
	"healthgrid/internal/epidemic"
	"healthgrid/internal/epidemic/chain"
	"healthgrid/internal/pii"
)

var _ = audit.Declare("epidemic.trace.push")

// PushInput pushes a trace's contacts down as screening lists.
type PushInput struct {
	Contacts []string  `json:"contacts,omitempty" maxItems:"5000" doc:"the keys of the contacts to push; absent: every contact listed"`
	Name     string    `json:"name" minLength:"1" maxLength:"90" doc:"the lists' name; 密接 / 次密接 is added"`
	Deadline time.Time `json:"deadline" doc:"when every person must be verified (RFC 3339); in the future"`
}

// Pushed is what a push made.
type Pushed struct {
	CloseScreening     string    `json:"close_screening,omitempty" doc:"the list of the close contacts (category close_contact)"`
	SecondaryScreening string    `json:"secondary_screening,omitempty" doc:"the list of the secondary contacts (secondary_contact)"`
	Contacts           int       `json:"contacts"`
	Exposures          int       `json:"exposures" doc:"exposures recorded in the transmission graph"`
	PushedAt           time.Time `json:"pushed_at"`
	Repeated           bool      `json:"repeated" doc:"the trace had been pushed already: this is that push, nothing was done again"`
}

var (
	errNoPerson = apperr.New(apperr.ErrConflict, "epidemic.trace_no_case",
		"病例不是风险人员,无法下发(请先报告病例) / the case is no risk person: report it first")
	errUnknownContact = apperr.New(apperr.ErrInvalid, "epidemic.trace_contact_unknown",
		"该人员不在此次流调结果中 / no such contact in this trace")
	errNothing = apperr.New(apperr.ErrInvalid, "epidemic.trace_nothing", "没有可下发的人员 / no contact to push")
)

// Push turns a trace's contacts into risk persons on two screening lists
// (close and secondary contacts) and records their exposures — once: a
// second push of the trace answers the first. The contacts are found again
// from the trace's parameters, never taken from the client.
func (s *Service) Push(ctx context.Context, by *access.Principal, id string, in PushInput) (Pushed, error) {
	rec, err := s.Trace(ctx, by, id)
	if err != nil {
		return Pushed{}, err
	}
	if rec.Push != nil {
		p := *rec.Push
		p.Repeated = true
		return p, nil
	}
	if rec.PersonID == "" {
		return Pushed{}, errNoPerson
	}
	c, err := s.theCase(ctx, by, Input{PersonID: rec.PersonID})
	if err != nil {
		return Pushed{}, err
	}
	win := Window{From: rec.From, To: rec.To, Basis: rec.Basis, Minutes: rec.WindowMinutes}
	res, found, venues, err := s.trace(ctx, c, win, rec.Hops)
	if err != nil {
		return Pushed{}, err
	}
	chosen, err := choose(found, len(res.Contacts), in.Contacts)
	if err != nil {
		return Pushed{}, err
	}
	var out Pushed
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		r, err := s.db.Exec(ctx, `INSERT INTO epi_trace_pushes (trace_id, contacts, exposures, pushed_by, pushed_at)
			VALUES (?, 0, 0, ?, ?) ON CONFLICT (trace_id) DO NOTHING`, id, by.UserID, s.now().UTC())
		if err != nil {
			return fmt.Errorf("trace: push: %w", err)
		}
		if n, _ := r.RowsAffected(); n == 0 { // pushed meanwhile
			rec, err := s.Trace(ctx, by, id)
			if err == nil {
				out = *rec.Push
				out.Repeated = true
			}
			return err
		}
		out, err = s.push(ctx, by, rec, c.PersonID, chosen, venues, in)
		return err
	})
	return out, err
}

// choose is the contacts keys name (all listed when nil) and refuses a key
// the trace did not find.
func choose(found []*contact, listed int, keys []string) ([]*contact, error) {
	found = found[:listed]
	if keys == nil {
		if len(found) == 0 {
			return nil, errNothing.Field("body.contacts")
		}
		return found, nil
	}
	by := map[string]*contact{}
	for _, c := range found {
		by[c.key] = c
	}
	var out []*contact
	seen := map[string]bool{}
	for i, k := range keys {
		c, ok := by[k]
		if !ok {
			return nil, errUnknownContact.Field("body.contacts[" + strconv.Itoa(i) + "]")
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return nil, errNothing.Field("body.contacts")
	}
	return out, nil
}

// push writes the lists and the exposures of a push in the caller's
// transaction.
func (s *Service) push(ctx context.Context, by *access.Principal, rec Record, casePerson string, cs []*contact,
	venues map[int64]venue, in PushInput) (Pushed, error) {
	out := Pushed{Contacts: len(cs), PushedAt: s.now().UTC()}
	lists := [2][]*contact{}
	for _, c := range cs {
		lists[c.hop-1] = append(lists[c.hop-1], c)
	}
	persons := map[string]string{} // contact key → risk person
	for hop, l := range lists {
		if len(l) == 0 {
			continue
		}
		suffix, category := "（密接）", "close_contact"
		if hop == 1 {
			suffix, category = "（次密接）", "secondary_contact"
		}
		listed := make([]epidemic.ListedPerson, len(l))
		for i, c := range l {
			listed[i] = s.listed(c, rec.ID)
		}
		made, err := s.lists.CreateList(ctx, by, epidemic.ScreeningInput{Name: in.Name + suffix, Deadline: in.Deadline,
			Disease: rec.Disease, Category: category, Persons: listed})
		if err != nil {
			return out, err
		}
		if hop == 0 {
			out.CloseScreening = made.ID
		} else {
			out.SecondaryScreening = made.ID
		}
		if err := s.personsOf(ctx, made.ID, l, persons); err != nil {
			return out, err
		}
	}
	ex := exposures(rec.ID, casePerson, cs, persons, venues)
	if s.chains != nil && len(ex) > 0 {
		if err := s.chains.AddExposures(ctx, by, ex); err != nil {
			return out, err
		}
		out.Exposures = len(ex)
	}
	if _, err := s.db.Exec(ctx, `UPDATE epi_trace_pushes SET close_screening = ?, secondary_screening = ?, contacts = ?,
		exposures = ?, pushed_at = ? WHERE trace_id = ?`, out.CloseScreening, out.SecondaryScreening, out.Contacts,
		out.Exposures, out.PushedAt, rec.ID); err != nil {
		return out, fmt.Errorf("trace: push: %w", err)
	}
	return out, s.audit.Write(ctx, audit.Record{Action: "epidemic.trace.push", ObjectType: "epidemic_trace", ObjectID: rec.ID,
		ScopePath: rec.regionPath, Detail: map[string]any{"contacts": out.Contacts, "exposures": out.Exposures,
			"close_screening": out.CloseScreening, "secondary_screening": out.SecondaryScreening}})
}

// listed is a contact as a list's row, its numbers opened.
func (s *Service) listed(c *contact, trace string) epidemic.ListedPerson {
	p := epidemic.ListedPerson{Name: c.name, Note: "流调 " + trace}
	if c.idEnc != "" {
		p.IDNumber, _ = s.pii.Open(c.idEnc)
	}
	if c.phoneEnc != "" {
		p.Phone, _ = s.pii.Open(c.phoneEnc)
	}
	return p
}

// personsOf finds the risk persons a list made of cs: by the ID number's
// blind index, else by the resident, else by name.
func (s *Service) personsOf(ctx context.Context, screening string, cs []*contact, into map[string]string) error {
	rows, err := s.db.Query(ctx, `SELECT p.id, p.id_idx, COALESCE(p.resident_id, ''), p.name FROM epi_person_sources x
		JOIN epi_persons p ON p.id = x.person_id WHERE x.kind = 'screening' AND x.ref = ?`, screening)
	if err != nil {
		return fmt.Errorf("trace: the list's persons: %w", err)
	}
	byIdx, byResident, byName := map[string]string{}, map[string]string{}, map[string]string{}
	err = eachRow(rows, func(rows *sql.Rows) error {
		var id, idx, resident, name string
		if err := rows.Scan(&id, &idx, &resident, &name); err != nil {
			return err
		}
		byIdx[idx], byResident[resident], byName[name] = id, id, id
		return nil
	})
	if err != nil {
		return fmt.Errorf("trace: the list's persons: %w", err)
	}
	for _, c := range cs {
		idx := ""
		if c.idEnc != "" {
			if n, err := s.pii.Open(c.idEnc); err == nil {
				idx = s.pii.Index(pii.KindID, n)
			}
		}
		switch {
		case idx != "" && byIdx[idx] != "":
			into[c.key] = byIdx[idx]
		case c.resident != "" && byResident[c.resident] != "":
			into[c.key] = byResident[c.resident]
		case byName[c.name] != "":
			into[c.key] = byName[c.name]
		}
	}
	return nil
}

// exposures are the edges a push records: case → close contact and close
// contact → secondary, one per pair (its earliest exposure; probable when
// any of theirs overlapped or was a household, else possible), where both
// ends are risk persons.
func exposures(trace, casePerson string, cs []*contact, persons map[string]string, venues map[int64]venue) []chain.Exposure {
	var out []chain.Exposure
	for _, c := range cs {
		target := persons[c.key]
		if target == "" {
			continue
		}
		type edge struct {
			first    exposure
			probable bool
		}
		edges := map[string]*edge{}
		var order []string
		for _, e := range c.exps {
			src := casePerson
			if e.via != "" {
				src = persons[e.via]
			}
			if src == "" || src == target {
				continue
			}
			ed, ok := edges[src]
			if !ok {
				ed = &edge{first: e}
				edges[src] = ed
				order = append(order, src)
			}
			ed.probable = ed.probable || e.kind == "household" || overlap(e.src, e.dst) > 0
		}
		for _, src := range order {
			ed := edges[src]
			x := chain.Exposure{Source: src, Target: target, Kind: ed.first.kind, Certainty: "possible", Ref: trace,
				Date: time.Unix(ed.first.at, 0).In(china.Zone).Format(time.DateOnly)}
			if ed.first.kind == "venue" {
				x.Venue = venues[ed.first.src.venue].code
			}
			if ed.probable {
				x.Certainty = "probable"
			}
			out = append(out, x)
		}
	}
	return out
}
