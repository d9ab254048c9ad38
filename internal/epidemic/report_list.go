package epidemic

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"healthgrid/internal/access"
	"healthgrid/internal/db"
)

// The review list at city scale (docs/epidemic.md): its total is read off
// listTallies where they answer the filter, and its page is walked off an
// index in filed_at order where the tallies say that passes fewer entries
// than sorting the matches would read cards.

// listTallies count the cards per status and disease at every level of
// their placement, moved by every write of a card (tallyCard): a county's
// total of filed cards, or of one disease's, is its head's few rows.
var listTallies = &db.Tally{Table: "epi_report_list_tallies", Keys: []string{"region_path", "status", "disease_code"},
	Counts: []string{"n"}, Path: "region_path"}

// tallyCard moves a card placed at path, of disease, from status from ("" for
// a new card) to status to in listTallies.
func tallyCard(d *db.Deltas, path, disease, from, to string) {
	if from != "" {
		d.Add([]any{path, from, disease}, -1)
	}
	d.Add([]any{path, to, disease}, 1)
}

// DefaultListWalk is Settings.ListWalk's default.
const DefaultListWalk = 16

// ReportFilter narrows the list of cards.
type ReportFilter struct {
	Status    string `query:"status" enum:"filed,reviewed,returned,duplicate,corrected,"`
	Disease   string `query:"disease" maxLength:"20"`
	Unit      string `query:"unit" maxLength:"40" doc:"the filing unit's id"`
	Region    string `query:"region" maxLength:"15" doc:"a region code in the caller's scope"`
	From      string `query:"from" pattern:"^(\\d{4}-\\d{2}-\\d{2})?$" doc:"filed on or after, YYYY-MM-DD (Beijing)"`
	To        string `query:"to" pattern:"^(\\d{4}-\\d{2}-\\d{2})?$" doc:"filed on or before, YYYY-MM-DD (Beijing)"`
	Duplicate bool   `query:"duplicate" doc:"only cards 查重 flagged and not yet judged"`
	Q         string `query:"q" maxLength:"30" doc:"a card number or a name, from its start"`
}

// cardQuery is a list of cards as the caller asks it: the condition, and
// the placement subtree it lies in, or a unit's own cards (own).
type cardQuery struct {
	f     ReportFilter
	scope access.Scope
	own   bool
	where []string
	args  []any
}

func (q *cardQuery) add(cond string, a ...any) {
	q.where, q.args = append(q.where, cond), append(q.args, a...)
}

// tallied is whether listTallies answer the filter: a placement subtree,
// a status and a disease or not, and nothing else.
func (q *cardQuery) tallied() bool {
	return !q.own && q.scope != "" && q.f.Unit == "" && q.f.From == "" && q.f.To == "" && !q.f.Duplicate && q.f.Q == ""
}

// sortIndex is the index that finds every match for a sort: a unit's
// cards, else the placement's, by status if asked.
func (q *cardQuery) sortIndex() string {
	switch {
	case q.own || q.f.Unit != "":
		return "epi_reports_unit"
	case q.f.Status != "":
		return "epi_reports_scope"
	}
	return "epi_reports_filed"
}

// cardQuery reads f as p asks it: a caller with epidemic:read the cards
// placed in their scope (or a region in it), one with only epidemic:report
// (a hospital account) their unit's.
func (s *Service) cardQuery(ctx context.Context, p *access.Principal, f ReportFilter) (cardQuery, error) {
	q := cardQuery{f: f}
	if p.Can("epidemic:read") {
		q.scope = access.Scope(p.RegionPath)
		if f.Region != "" {
			path, err := s.regions.Within(ctx, p.RegionPath, f.Region)
			if err != nil {
				return q, err
			}
			q.scope = access.Scope(path)
		}
		cond, a := q.scope.Subtree("region_path")
		q.add(cond, a...)
	} else {
		q.own = true
		q.add("unit_id = ? AND unit_id <> ''", p.UnitID)
	}
	if f.Status != "" {
		q.add("status = ?", f.Status)
	}
	if f.Disease != "" {
		q.add("disease_code = ?", f.Disease)
	}
	if f.Unit != "" {
		q.add("unit_id = ?", f.Unit)
	}
	if f.From != "" {
		q.add("filed_at >= ?", dayStart(f.From))
	}
	if f.To != "" {
		q.add("filed_at < ?", dayStart(f.To).AddDate(0, 0, 1))
	}
	if f.Duplicate {
		q.add("duplicate_of IS NOT NULL AND dup_resolution = ''")
	}
	if f.Q != "" {
		text := strings.ReplaceAll(strings.ReplaceAll(f.Q, "%", ""), "_", "")
		q.add("(card_no LIKE ? OR name LIKE ?)", text+"%", text+"%")
	}
	return q, nil
}

// Reports lists the cards p may see, the newest filed first, and how many
// there are: a caller with epidemic:read those placed in their scope (or
// region), one with only epidemic:report (a hospital account) their unit's.
func (s *Service) Reports(ctx context.Context, p *access.Principal, f ReportFilter, offset, limit int) ([]Card, int, error) {
	return s.reports(ctx, p, f, offset, limit, nil)
}

// reports is Reports; walk, when set, says instead of the tallies whether
// a page is walked off an index (the tests try both).
func (s *Service) reports(ctx context.Context, p *access.Principal, f ReportFilter, offset, limit int, walk *bool) ([]Card, int, error) {
	q, err := s.cardQuery(ctx, p, f)
	if err != nil {
		return nil, 0, err
	}
	cond := strings.Join(q.where, " AND ")
	var total int
	if q.tallied() {
		total, err = s.tallied(ctx, q.scope, f.Status, f.Disease)
	} else {
		err = s.db.QueryRow(ctx, "SELECT COUNT(*) FROM epi_reports"+s.db.Dialect.IndexedBy(q.sortIndex())+" WHERE "+cond,
			q.args...).Scan(&total)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("epidemic: count reports: %w", err)
	}
	if offset >= total {
		return []Card{}, total, nil
	}
	index, err := s.pageIndex(ctx, &q, total, offset+limit, walk)
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.db.Query(ctx, "SELECT "+cardCols+" FROM epi_reports"+s.db.Dialect.IndexedBy(index)+" WHERE "+cond+
		" ORDER BY filed_at DESC, id DESC LIMIT ? OFFSET ?", append(q.args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("epidemic: reports: %w", err)
	}
	defer rows.Close()
	out := []Card{}
	for rows.Next() {
		c, err := s.scanCard(rows, false)
		if err != nil {
			return nil, 0, err
		}
		c.Actions = cardActions(p, &c)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	names, err := s.diseaseNames(ctx)
	for i := range out {
		out[i].DiseaseName = names[out[i].Disease]
	}
	return out, total, err
}

// tallied is how many cards lie in the subtree at path with the status and
// the disease ("": any), off listTallies.
func (s *Service) tallied(ctx context.Context, path access.Scope, status, disease string) (int, error) {
	at, args := listTallies.At(path)
	if status != "" {
		at, args = at+" AND status = ?", append(args, status)
	}
	if disease != "" {
		at, args = at+" AND disease_code = ?", append(args, disease)
	}
	var n int
	query, args := listTallies.Sum("n", at, args...)
	err := s.db.QueryRow(ctx, query, args...).Scan(&n)
	return n, err
}

// pageIndex tells an engine that keeps no statistics of the values (SQLite,
// see db.Dialect.IndexedBy) which index reads the page of end rows, once
// the total is known; PostgreSQL weighs them itself. Without the hint
// SQLite takes the placement's range and reads and sorts every match.
//   - A filter the tallies answer is walked newest first off the index of
//     its status (epi_reports_status), its disease (epi_reports_disease) or
//     neither (epi_reports_newest), whichever holds the fewest cards of the
//     city, the rest of the filter read off the index entry: the walk passes
//     about end × city/total entries to find the page. It is taken when
//     that is at most Settings.ListWalk entries per match the sort would
//     read: a county's filed cards come after twenty or so entries, a
//     village's few off the placement's index.
//   - Else (a unit, dates, 查重 flags, a search) the matches are read off
//     the unit's or the placement's index and sorted.
func (s *Service) pageIndex(ctx context.Context, q *cardQuery, total, end int, walk *bool) (string, error) {
	if !q.tallied() || s.db.Dialect.IndexedBy(q.sortIndex()) == "" {
		return q.sortIndex(), nil
	}
	city := q.scope.Head(access.City)
	index, all := "epi_reports_newest", -1
	var err error
	if q.f.Status != "" {
		index = "epi_reports_status"
		if all, err = s.tallied(ctx, city, q.f.Status, ""); err != nil {
			return "", err
		}
	}
	if q.f.Disease != "" {
		n, err := s.tallied(ctx, city, "", q.f.Disease)
		if err != nil {
			return "", err
		}
		if all < 0 || n < all {
			index, all = "epi_reports_disease", n
		}
	}
	if all < 0 {
		if all, err = s.tallied(ctx, city, "", ""); err != nil {
			return "", err
		}
	}
	walks := float64(end)*float64(all) <= float64(cmp.Or(s.settings.ListWalk, DefaultListWalk))*float64(total)*float64(total)
	if walk != nil {
		walks = *walk
	}
	if walks {
		return index, nil
	}
	return q.sortIndex(), nil
}
