package calendar

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/china"
)

// The years the calendar may hold.
const (
	MinYear = 2000
	MaxYear = 2100
)

// Period is a stretch of office hours, "HH:MM" in Shanghai time.
type Period struct {
	Start string `json:"start" example:"08:30"`
	End   string `json:"end" example:"12:00"`
}

// YearView is one year of the calendar.
type YearView struct {
	Year        int      `json:"year"`
	Days        []Day    `json:"days" doc:"the days that differ from the weekend rule (Monday–Friday work), by day"`
	WorkHours   []Period `json:"work_hours" doc:"office hours of a working day; only these count as working time"`
	WorkingDays int      `json:"working_days" doc:"how many working days the year has"`
}

// WorkHours are the office hours as the API shows them.
func WorkHours() []Period {
	out := make([]Period, len(periods))
	for i, p := range periods {
		out[i] = Period{clock(p[0]), clock(p[1])}
	}
	return out
}

func clock(d time.Duration) string {
	return fmt.Sprintf("%02d:%02d", int(d.Hours()), int(d.Minutes())%60)
}

// Year is the overrides of a year with its count of working days.
func (s *Service) Year(ctx context.Context, year int) (YearView, error) {
	if year < MinYear || year > MaxYear {
		return YearView{}, fmt.Errorf("%w: %d", ErrYear, year)
	}
	from, to := yearBounds(year)
	days, err := s.between(ctx, from, to)
	if err != nil {
		return YearView{}, err
	}
	t := &table{days: map[date]Day{}}
	for _, d := range days {
		day, _ := parseDate(d.Day) // written by SetYear or the migration: valid
		t.days[day] = d
	}
	n := 0
	for d, end := civil(year, 1, 1), civil(year+1, 1, 1); d < end; d++ {
		if t.workday(d) {
			n++
		}
	}
	return YearView{Year: year, Days: days, WorkHours: WorkHours(), WorkingDays: n}, nil
}

// SetYear replaces every override of the year by days, in one transaction,
// after checking each row (see check); the change is audited and the
// in-memory calendar reloaded.
func (s *Service) SetYear(ctx context.Context, caller *access.Principal, year int, days []Day) error {
	if !caller.Can("calendar:write") {
		return ErrForbidden
	}
	if year < MinYear || year > MaxYear {
		return fmt.Errorf("%w: %d", ErrYear, year)
	}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		// Holiday spans may run across New Year: the neighbouring weeks
		// complete them.
		before, err := s.between(ctx, fmt.Sprintf("%04d-12-01", year-1), fmt.Sprintf("%04d-02-01", year+1))
		if err != nil {
			return err
		}
		from, to := yearBounds(year)
		var old, neighbours []Day
		for _, d := range before {
			if d.Day >= from && d.Day < to {
				old = append(old, d)
			} else {
				neighbours = append(neighbours, d)
			}
		}
		clean, err := check(year, days, neighbours)
		if err != nil {
			return err
		}
		if err := s.replaceYear(ctx, year, clean); err != nil {
			return err
		}
		holidays := 0
		for _, d := range clean {
			if d.Kind == Holiday {
				holidays++
			}
		}
		return s.audit.Write(ctx, audit.Record{Action: "calendar.set_year", ObjectType: "calendar", ObjectID: fmt.Sprint(year),
			ActorID: caller.UserID, Actor: caller.Username, Role: caller.Role(), ScopePath: caller.RegionPath,
			Detail: map[string]any{"holidays": holidays, "workdays": len(clean) - holidays, "changed": changed(old, clean)}})
	})
	if err != nil {
		return fmt.Errorf("calendar: set %d: %w", year, err)
	}
	if err := s.peers.ChangedIn(ctx, s.db); err != nil {
		return fmt.Errorf("calendar: %d saved, reload failed: %w", year, err)
	}
	return nil
}

// check validates the rows of one year and returns them trimmed and sorted
// by day. Every rejected row is named (body.days[i].field): the day must be
// a real date in the year and appear once; a workday must be a Saturday or
// Sunday; a holiday needs a name and, on a weekend, must belong to a span of
// holidays of that name that includes a Monday–Friday (a lone weekend
// "holiday" changes nothing and is most likely a wrong date). neighbours are
// the stored days around New Year that such a span may run into.
func check(year int, days []Day, neighbours []Day) ([]Day, error) {
	errs := make([]*apperr.FieldError, len(days)) // at most one per row, reported in row order
	reject := func(i int, field, msg string) {
		errs[i] = &apperr.FieldError{Field: fmt.Sprintf("body.days[%d].%s", i, field), Message: msg}
	}
	all := map[date]Day{}
	for _, d := range neighbours {
		if day, err := parseDate(d.Day); err == nil {
			all[day] = d
		}
	}
	clean := make([]Day, 0, len(days))
	at := map[date]int{} // the row that holds each day
	for i, d := range days {
		d.Name = strings.TrimSpace(d.Name)
		day, err := parseDate(d.Day)
		switch {
		case err != nil:
			reject(i, "day", "日期应为 YYYY-MM-DD 格式的有效日期 / day must be a valid YYYY-MM-DD date")
			continue
		case !strings.HasPrefix(d.Day, fmt.Sprintf("%04d-", year)):
			reject(i, "day", fmt.Sprintf("%s 不在 %d 年内 / %s is not in %d", d.Day, year, d.Day, year))
			continue
		}
		if j, dup := at[day]; dup {
			reject(i, "day", fmt.Sprintf("%s 与第 %d 行重复 / %s repeats row %d", d.Day, j+1, d.Day, j+1))
			continue
		}
		switch {
		case d.Kind != Holiday && d.Kind != Workday:
			reject(i, "kind", "类型应为 holiday（放假）或 workday（调休上班） / kind must be holiday or workday")
			continue
		case d.Kind == Holiday && d.Name == "":
			reject(i, "name", "请填写节日名称 / a holiday needs a name")
			continue
		case utf8.RuneCountInString(d.Name) > 20:
			reject(i, "name", "名称不超过 20 个字 / the name is at most 20 characters")
			continue
		case d.Kind == Workday && !day.weekend():
			reject(i, "kind", fmt.Sprintf("%s 是%s，本就上班；调休上班日应为周六或周日 / %s is a %s: a make-up workday must be a Saturday or Sunday",
				d.Day, weekdayZh[day.weekday()], d.Day, day.weekday()))
			continue
		}
		at[day] = i
		all[day] = d
		clean = append(clean, d)
	}
	for day, i := range at {
		if d := all[day]; d.Kind == Holiday && day.weekend() && !inSpan(all, day) {
			reject(i, "day", fmt.Sprintf("%s 是%s，本就休息；周末只能作为「%s」连续假期的一部分标为放假 / %s is a %s, off anyway: "+
				"mark it only as part of a %s span that includes a weekday", d.Day, weekdayZh[day.weekday()], d.Name, d.Day, day.weekday(), d.Name))
		}
	}
	var bad apperr.Invalid
	for _, e := range errs {
		if e != nil {
			bad = append(bad, *e)
		}
	}
	if len(bad) > 0 {
		return nil, bad
	}
	slices.SortFunc(clean, func(a, b Day) int { return strings.Compare(a.Day, b.Day) })
	return clean, nil
}

// inSpan reports whether the weekend holiday day is joined, through
// consecutive holidays of the same name, to a Monday–Friday holiday.
func inSpan(all map[date]Day, day date) bool {
	name := all[day].Name
	for _, step := range []date{-1, 1} {
		for x := day + step; ; x += step {
			o, ok := all[x]
			if !ok || o.Kind != Holiday || o.Name != name {
				break
			}
			if !x.weekend() {
				return true
			}
		}
	}
	return false
}

var weekdayZh = [7]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// changed lists the days whose override differs between before and after.
func changed(before, after []Day) []string {
	was := map[string]Day{}
	for _, d := range before {
		was[d.Day] = d
	}
	out := []string{}
	for _, d := range after {
		if w, ok := was[d.Day]; !ok || w != d {
			out = append(out, d.Day)
		}
		delete(was, d.Day)
	}
	for day := range was {
		out = append(out, day)
	}
	slices.Sort(out)
	return out
}

// thisYear is the current year in Shanghai.
func (s *Service) thisYear() int { return s.now().In(china.Zone).Year() }
