package trace

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/audit"
	"healthgrid/internal/china"
	"healthgrid/internal/db"
)

var _ = audit.Declare("epidemic.trace.run")

// theCase is the case as read: who, where, which visitor rows are theirs.
type theCase struct {
	Case
	regionPath, household, idIdx string
	incubation                   int
	visitors                     []int64
}

// Run traces the contacts of in's case, records the trace (its parameters
// and counts) and audits it.
func (s *Service) Run(ctx context.Context, by *access.Principal, in Input) (Result, error) {
	c, err := s.theCase(ctx, by, in)
	if err != nil {
		return Result{}, err
	}
	win, err := s.window(ctx, c, in)
	if err != nil {
		return Result{}, err
	}
	hops := max(in.Hops, 1)
	res, _, _, err := s.trace(ctx, c, win, hops)
	if err != nil {
		return Result{}, err
	}
	res.ID = uuid.Must(uuid.NewV7()).String()
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, `INSERT INTO epi_traces (id, person_id, resident_id, disease_code, region_path, from_at,
			to_at, basis, window_minutes, hops, close_count, secondary_count, truncated, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, res.ID, c.PersonID, c.ResidentID, c.Disease, c.regionPath,
			win.From, win.To, win.Basis, win.Minutes, hops, res.Close, res.Secondary, res.Truncated, by.UserID,
			s.now().UTC()); err != nil {
			return fmt.Errorf("trace: record: %w", err)
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.trace.run", ObjectType: "epidemic_trace", ObjectID: res.ID,
			ScopePath: c.regionPath, Detail: map[string]any{"person_id": c.PersonID, "resident_id": c.ResidentID,
				"from": win.From, "to": win.To, "basis": win.Basis, "window_minutes": win.Minutes, "hops": hops,
				"close": res.Close, "secondary": res.Secondary, "truncated": res.Truncated}})
	})
	if err != nil {
		return Result{}, err
	}
	return res, nil
}

// trace runs the search for c over win and makes its answer.
func (s *Service) trace(ctx context.Context, c theCase, win Window, hops int) (Result, []*contact, map[int64]venue, error) {
	g, err := s.find(ctx, subject{resident: c.ResidentID, visitors: c.visitors}, win.From.Unix(), win.To.Unix(),
		int64(win.Minutes)*60, hops)
	if err != nil {
		return Result{}, nil, nil, err
	}
	c.Stays = g.caseStays
	res := Result{Case: c.Case, Window: win, Hops: hops, Cap: MaxContacts, Contacts: []Contact{}}
	cs := make([]*contact, 0, len(g.contacts))
	for _, x := range g.contacts {
		cs = append(cs, x)
		if x.hop == 1 {
			res.Close++
		} else {
			res.Secondary++
		}
	}
	sortContacts(cs)
	if len(cs) > MaxContacts {
		cs, res.Truncated = cs[:MaxContacts], true
	}
	risks, err := s.risks(ctx, c.Disease, cs)
	if err != nil {
		return Result{}, nil, nil, err
	}
	names := map[string]string{}
	for _, x := range cs {
		names[x.key] = x.name
	}
	for _, x := range cs {
		out := Contact{Key: x.key, ResidentID: x.resident, Name: x.name, IDNumber: s.masked(x.idEnc), Hop: x.hop,
			FirstAt: at(x.first), Exposures: make([]Exposure, 0, len(x.exps))}
		if r, ok := risks[x.key]; ok {
			out.RiskPersonID, out.RiskCategory = r[0], r[1]
			res.Known++
		}
		for _, e := range x.exps {
			out.Exposures = append(out.Exposures, exposureOut(e, g.venues, names))
		}
		res.Contacts = append(res.Contacts, out)
	}
	return res, cs, g.venues, nil
}

// exposureOut is e as the API tells it.
func exposureOut(e exposure, venues map[int64]venue, names map[string]string) Exposure {
	out := Exposure{Kind: e.kind, At: at(e.at), Via: e.via, ViaName: names[e.via]}
	if e.kind == "venue" {
		v := venues[e.src.venue]
		si, so, ci, co := at(e.src.in), at(e.src.out), at(e.dst.in), at(e.dst.out)
		out.VenueCode, out.VenueName, out.SourceIn, out.SourceOut, out.ContactIn, out.ContactOut = v.code, v.name, &si, &so,
			&ci, &co
		out.OverlapMinutes = overlap(e.src, e.dst)
	}
	return out
}

func at(unix int64) time.Time { return time.Unix(unix, 0).UTC() }

// masked is a sealed ID number, masked; "" when none or unreadable.
func (s *Service) masked(sealed string) string {
	if sealed == "" {
		return ""
	}
	plain, err := s.pii.Open(sealed)
	if err != nil {
		return ""
	}
	return maskID(plain)
}

// theCase reads in's case: a risk person, or a resident with their open
// risk episode if any; out of the caller's scope is ErrNotFound.
func (s *Service) theCase(ctx context.Context, by *access.Principal, in Input) (theCase, error) {
	var c theCase
	switch {
	case (in.PersonID == "") == (in.ResidentID == ""):
		return c, errNoCase.Field("body.person_id")
	case in.PersonID != "":
		if err := s.riskCase(ctx, "p.id = ?", in.PersonID, &c); err != nil {
			return c, err
		}
	default:
		var idEnc string
		err := s.db.QueryRow(ctx, `SELECT id, name, id_enc, id_idx, region_path FROM residents WHERE id = ? AND deleted_at IS NULL`,
			in.ResidentID).Scan(&c.ResidentID, &c.Name, &idEnc, &c.idIdx, &c.regionPath)
		if err != nil {
			return c, s.db.ScanErr(err, ErrNotFound)
		}
		c.IDNumber = s.masked(idEnc)
		// the resident's open episode, the most serious first
		err = s.riskCase(ctx, `p.merged_into IS NULL AND p.ended_at IS NULL AND (p.resident_id = ? OR (p.id_idx = ? AND p.id_idx <> ''))
			ORDER BY CASE p.category WHEN 'confirmed' THEN 0 WHEN 'asymptomatic' THEN 1 ELSE 2 END, p.created_at LIMIT 1`,
			in.ResidentID, &c, c.idIdx)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return c, err
		}
	}
	if !by.Covers(c.regionPath) {
		return theCase{}, ErrNotFound
	}
	rows, err := s.db.Query(ctx, `SELECT id FROM epi_visitors WHERE (id_idx = ? AND id_idx <> '')
		OR (resident_id = ? AND resident_id <> '') ORDER BY id`, c.idIdx, c.ResidentID)
	if err == nil {
		err = eachRow(rows, func(rows *sql.Rows) error {
			var id int64
			err := rows.Scan(&id)
			c.visitors = append(c.visitors, id)
			return err
		})
	}
	if err != nil {
		return c, fmt.Errorf("trace: the case's check-ins: %w", err)
	}
	return c, nil
}

// riskCase reads the risk person cond names into c, with their disease's
// incubation.
func (s *Service) riskCase(ctx context.Context, cond string, arg any, c *theCase, more ...any) error {
	var idEnc, idIdx, resident, path string
	err := s.db.QueryRow(ctx, `SELECT p.id, p.name, p.id_enc, p.id_idx, COALESCE(p.resident_id, ''), p.region_path,
		p.disease_code, p.category, d.incubation_days FROM epi_persons p JOIN epi_diseases d ON d.code = p.disease_code
		WHERE `+cond, append([]any{arg}, more...)...).Scan(&c.PersonID,
		&c.Name, &idEnc, &idIdx, &resident, &path, &c.Disease, &c.Category, &c.incubation)
	if err != nil {
		return s.db.ScanErr(err, ErrNotFound)
	}
	if c.regionPath == "" {
		c.regionPath = path
	}
	if c.ResidentID == "" {
		c.ResidentID = resident
	}
	if c.idIdx == "" {
		c.idIdx = idIdx
	}
	if c.IDNumber == "" {
		c.IDNumber = s.masked(idEnc)
	}
	return nil
}

// window is the time the trace looks over: in's from and to, or the
// disease's incubation before the onset or the first positive sample,
// whichever is earlier, to now.
func (s *Service) window(ctx context.Context, c theCase, in Input) (Window, error) {
	now := s.now().UTC().Truncate(time.Second)
	w := Window{To: now, Minutes: in.WindowMinutes, IncubationDays: c.incubation}
	if w.Minutes == 0 {
		w.Minutes = DefaultWindow
	}
	if in.To != nil {
		w.To = in.To.UTC().Truncate(time.Second)
	}
	switch {
	case in.From != nil:
		w.From, w.Basis, w.IncubationDays = in.From.UTC().Truncate(time.Second), "given", 0
	case c.PersonID == "":
		return w, errFromNeeded.Field("body.from")
	default:
		anchor, basis, err := s.anchor(ctx, c.PersonID)
		if err != nil {
			return w, err
		}
		if basis == "" {
			anchor, basis = now, "trace_time"
		} else {
			w.Anchor = &anchor
		}
		w.From, w.Basis = anchor.AddDate(0, 0, -c.incubation), basis
	}
	switch {
	case !w.From.Before(w.To):
		return w, errWindow.Field("body.to")
	case w.To.After(now):
		return w, errWindow.Field("body.to")
	case w.To.Sub(w.From) > MaxSpan:
		return w, errWindow.Field("body.from")
	}
	return w, nil
}

// anchor is the earlier of the case's onset (the start of the earliest
// onset day its live report cards give, Beijing) and its first positive
// sample, with which it is; "" for neither.
func (s *Service) anchor(ctx context.Context, person string) (time.Time, string, error) {
	var onset sql.NullString
	if err := s.db.QueryRow(ctx, `SELECT MIN(onset_date) FROM epi_reports WHERE person_id = ? AND onset_date <> ''
		AND status NOT IN ('duplicate', 'corrected')`, person).Scan(&onset); err != nil {
		return time.Time{}, "", fmt.Errorf("trace: onset: %w", err)
	}
	var sample db.Time
	if err := s.db.QueryRow(ctx, `SELECT MIN(sampled_at) FROM epi_tests WHERE person_id = ? AND result = 'positive'`,
		person).Scan(&sample); err != nil {
		return time.Time{}, "", fmt.Errorf("trace: first positive sample: %w", err)
	}
	var t time.Time
	basis := ""
	if onset.Valid {
		if d, err := time.ParseInLocation(time.DateOnly, onset.String, china.Zone); err == nil {
			t, basis = d.UTC(), "onset"
		}
	}
	if sample.Valid && (basis == "" || sample.Time.Before(t)) {
		t, basis = sample.Time.UTC().Truncate(time.Second), "positive_sample"
	}
	return t, basis, nil
}
