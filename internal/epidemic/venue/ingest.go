package venue

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"healthgrid/internal/access"
	"healthgrid/internal/audit"
	"healthgrid/internal/china"
	"healthgrid/internal/db"
	"healthgrid/internal/pii"
)

// Bulk limits: a batch is at most MaxRows rows and MaxBytes of JSON (about
// 130 bytes a row).
const (
	MaxRows  = 10000
	MaxBytes = 4 << 20
	// skew is how far in the future a time in may be (clocks differ).
	skew = 5 * time.Minute
)

// Row is one check-in sent in bulk: who (an ID number or a resident's id),
// where (a venue's code) and when.
type Row struct {
	IDNumber   string `json:"id_number,omitempty" maxLength:"40" doc:"a Chinese resident ID number; or resident_id"`
	ResidentID string `json:"resident_id,omitempty" maxLength:"40" doc:"a resident of the platform; or id_number"`
	VenueCode  string `json:"venue_code" maxLength:"32"`
	TimeIn     string `json:"time_in" maxLength:"40" doc:"RFC 3339, or YYYY-MM-DD hh:mm[:ss] Beijing"`
	TimeOut    string `json:"time_out,omitempty" maxLength:"40" doc:"as time_in; empty: the venue's default stay"`
	Name       string `json:"name,omitempty" maxLength:"50" doc:"the visitor's name, kept for the CDC's calls"`
}

// Result is what a batch did.
type Result struct {
	Created   int        `json:"created"`
	Duplicate int        `json:"duplicate" doc:"already received (same venue, visitor and time in): nothing new written; a time out fills one missing"`
	Rejected  []Rejected `json:"rejected"`
}

// Rejected is a row not taken, the field at fault and why.
type Rejected struct {
	Row    int    `json:"row" doc:"from 0, the row's place in the batch"`
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// stay is a valid row, ready to store.
type stay struct {
	row            int
	idx, enc, name string
	resident       string
	venue, visitor int64
	in             int64
	out            *int64
}

// Ingest stores a batch of check-ins sent by a venue's system or a partner:
// rows at venues the caller's scope does not cover are refused as unknown.
func (s *Service) Ingest(ctx context.Context, p *access.Principal, rows []Row) (Result, error) {
	res := Result{Rejected: []Rejected{}}
	if err := s.rows.TakeN(ctx, p.UserID, len(rows)); err != nil {
		return res, err
	}
	venues, err := s.venuesOf(ctx, rows)
	if err != nil {
		return res, err
	}
	reject := func(i int, field, reason string) { res.Rejected = append(res.Rejected, Rejected{i, field, reason}) }
	now := s.now()
	stays := make([]stay, 0, len(rows))
	residents := map[string][]int{}
	for i, r := range rows {
		v, ok := venues[strings.ToUpper(r.VenueCode)]
		st := stay{row: i, name: strings.TrimSpace(r.Name)}
		in, inErr := parseTime(r.TimeIn)
		out, outErr := parseTime(r.TimeOut)
		switch {
		case (r.IDNumber == "") == (r.ResidentID == ""):
			reject(i, "id_number", "请填写身份证号或居民编号之一 / give id_number or resident_id, one of them")
			continue
		case !ok || !access.Scope(p.RegionPath).Covers(v.regionPath):
			reject(i, "venue_code", "场所不存在 / no such venue")
			continue
		case inErr != nil || in.IsZero():
			reject(i, "time_in", "进入时间格式无效 / time in is not a time (RFC 3339)")
			continue
		case outErr != nil:
			reject(i, "time_out", "离开时间格式无效 / time out is not a time (RFC 3339)")
			continue
		case in.After(now.Add(skew)):
			reject(i, "time_in", "进入时间不能晚于现在 / time in is in the future")
			continue
		case in.Before(now.Add(-s.settings.Retention)):
			reject(i, "time_in", fmt.Sprintf("进入时间早于保存期限（%d 天） / time in is older than the %d days kept",
				int(s.settings.Retention.Hours()/24), int(s.settings.Retention.Hours()/24)))
			continue
		case v.ClosedAt != nil && !in.Before(*v.ClosedAt):
			reject(i, "venue_code", "场所已停用 / the venue was closed by then")
			continue
		case !out.IsZero() && (out.Before(in) || out.Sub(in) > 24*time.Hour):
			reject(i, "time_out", "离开时间应在进入后 24 小时内 / time out must be within 24 h after time in")
			continue
		case !utf8.ValidString(st.name) || utf8.RuneCountInString(st.name) > 50:
			reject(i, "name", "姓名过长 / the name is too long")
			continue
		}
		st.venue, st.in = v.id, in.Unix()
		if !out.IsZero() {
			o := out.Unix()
			st.out = &o
		}
		if r.IDNumber != "" {
			id := strings.ToUpper(strings.TrimSpace(r.IDNumber))
			if _, err := pii.ValidateIDNumber(id, now); err != nil {
				reject(i, "id_number", pii.Reason(err))
				continue
			}
			st.idx, st.enc = s.pii.Index(pii.KindID, id), id
		} else {
			residents[r.ResidentID] = append(residents[r.ResidentID], len(stays))
		}
		stays = append(stays, st)
	}
	if stays, err = s.identify(ctx, stays, residents, reject); err != nil {
		return res, err
	}
	// the visitors known are found before the transaction: a writer of
	// SQLite holds the one write lock only for the writes
	byIdx, err := s.knownVisitors(ctx, stays)
	if err != nil {
		return res, err
	}
	err = s.db.InBulkTx(ctx, func(ctx context.Context) error {
		if err := s.visitors(ctx, stays, byIdx); err != nil {
			return err
		}
		n, err := s.store(ctx, stays)
		if err != nil {
			return err
		}
		res.Created, res.Duplicate = n, len(stays)-n
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.venue.checkins", ObjectType: "venue_checkins",
			Detail: map[string]any{"rows": len(rows), "created": res.Created, "duplicate": res.Duplicate,
				"rejected": len(res.Rejected)}})
	})
	return res, err
}

// venuesOf are the venues the rows name, by code.
func (s *Service) venuesOf(ctx context.Context, rows []Row) (map[string]Venue, error) {
	seen := map[string]bool{}
	var codes []any
	for _, r := range rows {
		if c := strings.ToUpper(r.VenueCode); !seen[c] {
			seen[c] = true
			codes = append(codes, c)
		}
	}
	out := map[string]Venue{}
	for lo := 0; lo < len(codes); lo += 500 {
		part := codes[lo:min(lo+500, len(codes))]
		rs, err := s.db.Query(ctx, "SELECT "+cols+" FROM epi_venues WHERE code IN (?"+strings.Repeat(",?", len(part)-1)+")",
			part...)
		if err != nil {
			return nil, fmt.Errorf("venue: venues: %w", err)
		}
		for rs.Next() {
			v, err := scan(rs)
			if err != nil {
				rs.Close()
				return nil, err
			}
			out[v.Code] = v
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// identify gives the stays by resident id their resident's ID number, and
// drops (rejects) those of no living resident.
func (s *Service) identify(ctx context.Context, stays []stay, residents map[string][]int,
	reject func(int, string, string)) ([]stay, error) {
	if len(residents) == 0 {
		return stays, nil
	}
	ids := make([]string, 0, len(residents))
	for id := range residents {
		ids = append(ids, id)
	}
	found := map[string]Identity{}
	for lo := 0; lo < len(ids); lo += 500 {
		m, err := s.residents.Identities(ctx, ids[lo:min(lo+500, len(ids))])
		if err != nil {
			return nil, err
		}
		for k, v := range m {
			found[k] = v
		}
	}
	drop := map[int]bool{}
	for id, at := range residents {
		who, ok := found[id]
		for _, i := range at {
			if !ok {
				drop[i] = true
				continue
			}
			stays[i].idx, stays[i].resident = who.IDIdx, id
			if stays[i].name == "" {
				stays[i].name = who.Name
			}
			stays[i].enc = "\x00" + who.IDEnc // sealed already
		}
	}
	kept := stays[:0]
	for i, st := range stays {
		if drop[i] {
			reject(st.row, "resident_id", "居民不存在 / no such resident")
			continue
		}
		kept = append(kept, st)
	}
	return kept, nil
}

// visitorRow is epi_visitors' bulk insert; a visitor already there stays.
var visitorRow = db.Bulk{Head: "INSERT INTO epi_visitors (id_idx, id_enc, name, resident_id, created_at)",
	Tail: " ON CONFLICT DO NOTHING", Cols: 5}

// knownVisitors are the visitors of the stays' blind indexes, by index: 0
// for one not known yet.
func (s *Service) knownVisitors(ctx context.Context, stays []stay) (map[string]int64, error) {
	byIdx := map[string]int64{}
	var idxs []string
	for _, st := range stays {
		if _, ok := byIdx[st.idx]; !ok {
			byIdx[st.idx] = 0
			idxs = append(idxs, st.idx)
		}
	}
	return byIdx, s.findVisitors(ctx, idxs, byIdx)
}

// visitors sets each stay's visitor: byIdx's (knownVisitors), or added
// (linked to the resident the number names, if any).
func (s *Service) visitors(ctx context.Context, stays []stay, byIdx map[string]int64) error {
	var missing []string
	for k, id := range byIdx {
		if id == 0 {
			missing = append(missing, k)
		}
	}
	slices.Sort(missing)
	if len(missing) > 0 {
		first := map[string]stay{}
		var unlinked []string
		for _, st := range stays {
			if _, ok := first[st.idx]; !ok && byIdx[st.idx] == 0 {
				first[st.idx] = st
				if st.resident == "" {
					unlinked = append(unlinked, st.idx)
				}
			}
		}
		linked := map[string]string{}
		for lo := 0; lo < len(unlinked); lo += 500 {
			m, err := s.residents.MatchIndexes(ctx, unlinked[lo:min(lo+500, len(unlinked))])
			if err != nil {
				return err
			}
			for k, r := range m {
				linked[k] = r.ID
			}
		}
		now := s.now().UTC()
		if _, err := s.db.WriteBulk(ctx, visitorRow, len(missing), func(i int, dst []any) []any {
			st := first[missing[i]]
			enc, ok := strings.CutPrefix(st.enc, "\x00")
			if !ok {
				enc = s.pii.Seal(st.enc)
			}
			var resident any
			if r := st.resident; r != "" {
				resident = r
			} else if r := linked[st.idx]; r != "" {
				resident = r
			}
			return append(dst, st.idx, enc, st.name, resident, now)
		}); err != nil {
			return fmt.Errorf("venue: visitors: %w", err)
		}
		if err := s.findVisitors(ctx, missing, byIdx); err != nil {
			return err
		}
	}
	for i := range stays {
		if stays[i].visitor = byIdx[stays[i].idx]; stays[i].visitor == 0 {
			return fmt.Errorf("venue: visitor of a check-in not stored")
		}
	}
	return nil
}

// findVisitors sets the visitors of the blind indexes idxs found in into.
func (s *Service) findVisitors(ctx context.Context, idxs []string, into map[string]int64) error {
	for lo := 0; lo < len(idxs); lo += 500 {
		part := idxs[lo:min(lo+500, len(idxs))]
		args := make([]any, len(part))
		for i, v := range part {
			args[i] = v
		}
		rows, err := s.db.Query(ctx, "SELECT id_idx, id FROM epi_visitors WHERE id_idx IN (?"+
			strings.Repeat(",?", len(part)-1)+")", args...)
		if err != nil {
			return fmt.Errorf("venue: find visitors: %w", err)
		}
		for rows.Next() {
			var k string
			var id int64
			if err := rows.Scan(&k, &id); err != nil {
				rows.Close()
				return err
			}
			into[k] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// checkinRow is epi_venue_checkins' bulk insert: a repeat is one row.
var checkinRow = db.Bulk{Head: "INSERT INTO epi_venue_checkins (venue_id, time_in, visitor_id, time_out)",
	Tail: " ON CONFLICT DO NOTHING", Cols: 4}

// store writes the stays and answers how many were new. When some were
// repeats, their time out fills one missing (a venue's system sends the
// check-out later).
func (s *Service) store(ctx context.Context, stays []stay) (int, error) {
	n, err := s.db.WriteBulk(ctx, checkinRow, len(stays), func(i int, dst []any) []any {
		st := stays[i]
		var out any
		if st.out != nil {
			out = *st.out
		}
		return append(dst, st.venue, st.in, st.visitor, out)
	})
	if err != nil {
		return 0, fmt.Errorf("venue: check-ins: %w", err)
	}
	if int(n) < len(stays) {
		for _, st := range stays {
			if st.out == nil {
				continue
			}
			if _, err := s.db.Exec(ctx, `UPDATE epi_venue_checkins SET time_out = ? WHERE venue_id = ? AND time_in = ?
				AND visitor_id = ? AND time_out IS NULL`, *st.out, st.venue, st.in, st.visitor); err != nil {
				return 0, err
			}
		}
	}
	return int(n), nil
}

// parseTime reads a time in RFC 3339, or a Beijing time without zone; ""
// is the zero time.
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{time.DateTime, "2006-01-02 15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, china.Zone); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("venue: not a time: %q", s)
}
