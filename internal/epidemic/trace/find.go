package trace

import (
	"cmp"
	"context"
	"slices"
	"strconv"
)

// person is someone tracing met: a resident (key r:<id>) with the visitor
// rows that are theirs, or a visitor no resident is known for (v:<number>).
type person struct {
	key, resident, household string
	visitors                 []int64
	name, idEnc, idIdx       string
	phoneEnc                 string
}

// exposure is one reason a contact is one; src and dst are the two stays
// (zero for a household).
type exposure struct {
	kind     string
	at       int64
	src, dst stay
	via      string // hop 2: the close contact's key
}

// contact is a person found, at their hop, with their exposures.
type contact struct {
	*person
	hop   int
	first int64
	exps  []exposure
}

// subject is the case as tracing starts from it.
type subject struct {
	resident string
	visitors []int64
}

// graph is what a trace found.
type graph struct {
	caseStays int
	contacts  map[string]*contact
	venues    map[int64]venue
}

// finder runs one trace.
type finder struct {
	s            *Service
	from, to, w  int64
	venues       map[int64]venue
	people       map[string]*person // by key
	byVisitor    map[int64]*person
	excluded     map[string]bool // the case's keys
	contacts     map[string]*contact
	residentsSet map[string]bool // residents whose visitors and household are read
}

// find traces from c over [from, to] with ±w seconds, to hops.
func (s *Service) find(ctx context.Context, c subject, from, to, w int64, hops int) (*graph, error) {
	f := &finder{s: s, from: from, to: to, w: w, venues: map[int64]venue{}, people: map[string]*person{},
		byVisitor: map[int64]*person{}, excluded: map[string]bool{}, contacts: map[string]*contact{},
		residentsSet: map[string]bool{}}
	me := &person{key: "case", resident: c.resident, visitors: c.visitors}
	if c.resident != "" {
		me.key = "r:" + c.resident
		f.people[me.key] = me
	}
	for _, v := range c.visitors {
		f.excluded["v:"+strconv.FormatInt(v, 10)] = true
		f.byVisitor[v] = me
	}
	f.excluded[me.key] = true
	if err := f.complete(ctx, []*person{me}); err != nil {
		return nil, err
	}
	n, err := f.hop(ctx, 1, []*person{me}, map[string]int64{me.key: from})
	if err != nil {
		return nil, err
	}
	if hops == 2 {
		var close []*person
		firsts := map[string]int64{}
		for _, c := range f.contacts {
			close = append(close, c.person)
			firsts[c.key] = c.first
		}
		slices.SortFunc(close, func(a, b *person) int { return cmp.Compare(a.key, b.key) })
		if err := f.complete(ctx, close); err != nil {
			return nil, err
		}
		for _, p := range close {
			f.excluded[p.key] = true
		}
		if _, err := f.hop(ctx, 2, close, firsts); err != nil {
			return nil, err
		}
	}
	return &graph{caseStays: n, contacts: f.contacts, venues: f.venues}, nil
}

// hop finds the contacts of sources, each over [its first, to]: the
// stays near theirs and their households. It answers the sources' stays.
func (f *finder) hop(ctx context.Context, hop int, sources []*person, firsts map[string]int64) (int, error) {
	var visitors []int64
	lo := f.to
	for _, p := range sources {
		visitors = append(visitors, p.visitors...)
		lo = min(lo, firsts[p.key])
	}
	all, err := f.staysOf(ctx, visitors, lo-maxStay, f.to)
	if err != nil {
		return 0, err
	}
	src := all[:0]
	for _, s := range all {
		if first := firsts[f.byVisitor[s.visitor].key]; s.in <= f.to && s.out >= first {
			src = append(src, s)
		}
	}
	rows, err := f.scan(ctx, spans(src, f.w))
	if err != nil {
		return 0, err
	}
	type met struct {
		i int
		b stay
	}
	var pairs []met
	seen := map[int64]bool{}
	var unknown []int64
	pair(src, rows, f.w, func(i int, b stay) {
		pairs = append(pairs, met{i, b})
		if _, ok := f.byVisitor[b.visitor]; !ok && !seen[b.visitor] {
			seen[b.visitor] = true
			unknown = append(unknown, b.visitor)
		}
	})
	if err := f.visitorsOf(ctx, unknown); err != nil {
		return 0, err
	}
	for _, m := range pairs {
		a := src[m.i]
		from := f.byVisitor[a.visitor]
		f.meet(hop, from, f.byVisitor[m.b.visitor], exposure{kind: "venue", at: meetAt(a, m.b), src: a, dst: m.b})
	}
	if err := f.households(ctx, hop, sources, firsts); err != nil {
		return 0, err
	}
	return len(src), nil
}

// meet records that to met from (their exposure e) at hop, unless to is
// the case or a contact of an earlier hop.
func (f *finder) meet(hop int, from, to *person, e exposure) {
	if f.excluded[to.key] || from.key == to.key {
		return
	}
	if hop == 2 {
		e.via = from.key
	}
	c, ok := f.contacts[to.key]
	if !ok {
		c = &contact{person: to, hop: hop, first: e.at}
		f.contacts[to.key] = c
	}
	c.first = min(c.first, e.at)
	c.exps = append(c.exps, e)
}

// sortContacts orders contacts by hop, first exposure, key, and each one's
// exposures by time.
func sortContacts(cs []*contact) {
	slices.SortFunc(cs, func(a, b *contact) int {
		return cmp.Or(cmp.Compare(a.hop, b.hop), cmp.Compare(a.first, b.first), cmp.Compare(a.key, b.key))
	})
	for _, c := range cs {
		slices.SortFunc(c.exps, compareExposures)
	}
}

func compareExposures(a, b exposure) int {
	return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.kind, b.kind), cmp.Compare(a.via, b.via),
		cmp.Compare(a.src.venue, b.src.venue), cmp.Compare(a.src.in, b.src.in), cmp.Compare(a.dst.in, b.dst.in))
}
