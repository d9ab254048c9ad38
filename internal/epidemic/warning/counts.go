package warning

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/china"
	"healthgrid/internal/db"
	"healthgrid/internal/epidemic"
)

// counts are the daily counts per region path (every level of it), disease
// or syndrome, source and day: a township's series is its own rows.
var counts = &db.Tally{Table: "epi_warning_counts", Keys: []string{"region_path", "disease_code", "source", "day"},
	Counts: []string{"n"}, Path: "region_path"}

// CountCase moves the report cards' daily count of c's disease at its
// placement and diagnosis day by delta, in the card's transaction
// (epidemic.CaseCounts). A case of a 甲 disease, or one managed as 甲,
// raises its signal at once.
func (s *Service) CountCase(ctx context.Context, c epidemic.CountedCase, delta int64) error {
	d := counts.Deltas()
	d.Add([]any{c.RegionPath, c.Disease, SourceReport, c.Day}, delta)
	if err := d.Apply(ctx, s.db); err != nil {
		return err
	}
	if delta <= 0 || !c.Urgent {
		return nil
	}
	return s.raiseUrgent(ctx, c)
}

// MaxCountItems bounds one post of daily counts; MaxCountAge is how far
// back a count may be posted or corrected.
const (
	MaxCountItems = 1000
	MaxCountAge   = 90
)

// CountsInput is a source's daily counts: per region (a grid, village,
// township or county code), date and disease or syndrome, the day's count.
// Posting the same key again replaces its count: a retried or corrected
// post is idempotent.
type CountsInput struct {
	Source string      `json:"source" enum:"fever_clinic,pharmacy,school_absence"`
	Items  []CountItem `json:"items" minItems:"1" maxItems:"1000"`
}

// CountItem is one day's count.
type CountItem struct {
	Region  string `json:"region" minLength:"12" maxLength:"15" pattern:"^[0-9]+$" doc:"the region or grid code, in the caller's area"`
	Date    string `json:"date" pattern:"^\\d{4}-\\d{2}-\\d{2}$" doc:"YYYY-MM-DD, Beijing; within the last 90 days"`
	Disease string `json:"disease" minLength:"1" maxLength:"20" doc:"a disease code, or a syndrome: fever, ili, respiratory, diarrhea, rash, cold_medicine, absence"`
	Count   int64  `json:"count" minimum:"0" maximum:"1000000"`
}

// CountsResult is what a post changed.
type CountsResult struct {
	Posted  int `json:"posted" doc:"items taken"`
	Changed int `json:"changed" doc:"items whose count was new or differed from the last post"`
}

// PostCounts takes a source's daily counts from p (a partner's key, or
// staff with epidemic:report), at most PostsPerHour posts an account: every
// item checked first — a bad one is refused with its index and field, and
// nothing is written — then each key's count replaced and the tallies
// moved by the difference, in one transaction.
func (s *Service) PostCounts(ctx context.Context, p *access.Principal, in CountsInput) (CountsResult, error) {
	paths, err := s.checkCounts(ctx, p, in)
	if err != nil {
		return CountsResult{}, err
	}
	out := CountsResult{Posted: len(in.Items)}
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		if s.posts.Counter != nil {
			if err := s.posts.Take(ctx, p.UserID); err != nil {
				return err
			}
		}
		now, d := s.now().UTC(), counts.Deltas()
		for i, it := range in.Items {
			var old int64
			err := s.db.QueryRow(ctx, `SELECT n FROM epi_warning_posts WHERE source = ? AND region_code = ? AND day = ?
				AND disease_code = ?`, in.Source, it.Region, it.Date, it.Disease).Scan(&old)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("warning: read post: %w", err)
			}
			if err == nil && old == it.Count {
				continue
			}
			out.Changed++
			if _, err := s.db.Exec(ctx, `INSERT INTO epi_warning_posts (source, region_code, day, disease_code, region_path, n,
				posted_by, posted_at) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (source, region_code, day, disease_code)
				DO UPDATE SET n = excluded.n, posted_by = excluded.posted_by, posted_at = excluded.posted_at`,
				in.Source, it.Region, it.Date, it.Disease, paths[i], it.Count, p.UserID, now); err != nil {
				return fmt.Errorf("warning: post counts: %w", err)
			}
			d.Add([]any{paths[i], it.Disease, in.Source, it.Date}, it.Count-old)
		}
		if err := d.Apply(ctx, s.db); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.counts.post", ObjectType: "counts", ObjectID: in.Source,
			Detail: map[string]any{"items": len(in.Items), "changed": out.Changed}})
	})
	return out, err
}

// checkCounts checks every item and answers each one's region path.
func (s *Service) checkCounts(ctx context.Context, p *access.Principal, in CountsInput) ([]string, error) {
	known, err := s.knownCodes(ctx)
	if err != nil {
		return nil, err
	}
	today := dayOf(s.now())
	oldest := addDays(today, -MaxCountAge)
	var bad apperr.Invalid
	paths, seen := make([]string, len(in.Items)), map[CountItem]int{}
	for i, it := range in.Items {
		at := fmt.Sprintf("body.items[%d].", i)
		key := it
		key.Count = 0
		if j, twice := seen[key]; twice {
			bad = append(bad, apperr.FieldError{Field: at + "region", Message: fmt.Sprintf("与第 %d 项重复 / repeats item %d", j, j)})
			continue
		}
		seen[key] = i
		if _, err := time.Parse(time.DateOnly, it.Date); err != nil || it.Date > today || it.Date < oldest {
			bad = append(bad, errDate.Field(at+"date")...)
		}
		if !known[it.Disease] {
			bad = append(bad, errDisease.Field(at+"disease")...)
		}
		path, err := s.regions.Path(ctx, it.Region)
		if err != nil || !p.Covers(path) {
			bad = append(bad, errRegion.Field(at+"region")...)
		}
		paths[i] = path
	}
	if len(bad) > 0 {
		return nil, bad
	}
	return paths, nil
}

// knownCodes are the disease codes and syndromes a count may name.
func (s *Service) knownCodes(ctx context.Context) (map[string]bool, error) {
	root, err := s.regions.RootPath(ctx)
	if err != nil {
		return nil, err
	}
	ds, err := s.diseases.Diseases(ctx, root, false)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, d := range ds {
		out[d.Code] = true
	}
	for _, c := range Syndromes {
		out[c] = true
	}
	return out, nil
}

// series is the daily counts at path of disease from source over the days
// from through to, zero where none.
func (s *Service) series(ctx context.Context, path, disease, source, from, to string) ([]float64, error) {
	rows, err := s.db.Query(ctx, `SELECT day, n FROM epi_warning_counts WHERE region_path = ? AND disease_code = ? AND source = ?
		AND day >= ? AND day <= ?`, path, disease, source, from, to)
	if err != nil {
		return nil, fmt.Errorf("warning: series: %w", err)
	}
	defer rows.Close()
	x := make([]float64, daysBetween(from, to)+1)
	for rows.Next() {
		var d string
		var n int64
		if err := rows.Scan(&d, &n); err != nil {
			return nil, err
		}
		x[daysBetween(from, d)] = float64(n)
	}
	return x, rows.Err()
}

// dayOf is t's date in Beijing.
func dayOf(t time.Time) string { return t.In(china.Zone).Format(time.DateOnly) }

// addDays is the date n days after d.
func addDays(d string, n int) string {
	t, _ := time.Parse(time.DateOnly, d)
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}

// daysBetween is the days from a to b.
func daysBetween(a, b string) int {
	ta, _ := time.Parse(time.DateOnly, a)
	tb, _ := time.Parse(time.DateOnly, b)
	return int(tb.Sub(ta).Hours() / 24)
}

// levelOf is the level name of the region at path.
func levelOf(path string) string { return access.Scope(path).Level().String() }
