package open311

import (
	"context"
	"net/http"
	"strings"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/china"
	"healthgrid/internal/event"
)

// The spec's bounds on a search: 90 days by default and at most, 1000
// requests at most.
const (
	searchSpan  = 90 * 24 * time.Hour
	searchLimit = 1000
)

// list answers the requests the parameters select, in the key's region.
func (a *API) list(w http.ResponseWriter, r *http.Request, format string) {
	p, err := a.prepare(w, r, true)
	if err != nil {
		a.fail(w, r, format, err)
		return
	}
	q, err := a.query(r)
	if err != nil {
		a.fail(w, r, format, err)
		return
	}
	out, err := a.requests(r.Context(), p, q)
	if err != nil {
		a.fail(w, r, format, err)
		return
	}
	write(w, format, http.StatusOK, "service_requests", out)
}

// one answers a single request by its id (the event number).
func (a *API) one(w http.ResponseWriter, r *http.Request, format, id string) {
	p, err := a.prepare(w, r, true)
	if err != nil {
		a.fail(w, r, format, err)
		return
	}
	out, err := a.requests(r.Context(), p, event.Query{Numbers: []string{id}, Limit: 1})
	if err == nil && len(out) == 0 {
		err = notFound("service_request_id: 未找到 / not found: " + id)
	}
	if err != nil {
		a.fail(w, r, format, err)
		return
	}
	write(w, format, http.StatusOK, "service_requests", out)
}

// query reads a search: service_request_id alone when given (the spec has it
// override the rest), else service_code, status and the date range.
func (a *API) query(r *http.Request) (event.Query, error) {
	list := func(name string) []string {
		var out []string
		for _, v := range strings.Split(r.Form.Get(name), ",") {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
		return out
	}
	q := event.Query{Limit: searchLimit}
	if q.Numbers = list("service_request_id"); len(q.Numbers) > 0 {
		if len(q.Numbers) > searchLimit {
			return q, apperr.Field("service_request_id", "最多1000个 / at most 1000 ids")
		}
		return q, nil
	}
	var bad apperr.Invalid
	q.Matters = list("service_code")
	for _, s := range list("status") {
		switch s {
		case "open":
			q.Statuses = append(q.Statuses, openStatuses...)
		case "closed":
			q.Statuses = append(q.Statuses, closedStatuses...)
		default:
			bad = append(bad, apperr.FieldError{Field: "status", Message: "应为 open 或 closed / open or closed, not " + s})
		}
	}
	date := func(name string, def time.Time) time.Time {
		v := r.Form.Get(name)
		if v == "" {
			return def
		}
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			bad = append(bad, apperr.FieldError{Field: name, Message: "应为带时区的 W3C 日期时间 / a W3C datetime with its zone, e.g. 2026-11-23T08:00:00+08:00"})
		}
		return t
	}
	end := date("end_date", a.now())
	start := date("start_date", end.Add(-searchSpan))
	switch {
	case len(bad) > 0:
		return q, bad
	case start.After(end):
		return q, apperr.Field("start_date", "不能晚于 end_date / after end_date")
	case end.Sub(start) > searchSpan:
		return q, apperr.Field("start_date", "查询区间不能超过90天 / the range may span at most 90 days")
	}
	to := end.Add(time.Microsecond) // end_date is the last instant included
	q.From, q.To = &start, &to
	return q, nil
}

// requests are the events q selects in the caller's region, as the spec
// shapes them.
func (a *API) requests(ctx context.Context, p *access.Principal, q event.Query) ([]Request, error) {
	evs, err := a.events.Search(ctx, p, q)
	if err != nil {
		return nil, err
	}
	ids, merged := make([]string, len(evs)), []string{}
	for i, e := range evs {
		ids[i] = e.ID
		if e.MergedInto != "" {
			merged = append(merged, e.MergedInto)
		}
	}
	media, err := a.mediaURLs(ctx, ids)
	if err != nil {
		return nil, err
	}
	numbers := map[string]string{}
	if len(merged) > 0 {
		into, err := a.events.Search(ctx, p, event.Query{IDs: merged, Limit: len(merged)})
		if err != nil {
			return nil, err
		}
		for _, e := range into {
			numbers[e.ID] = e.Number
		}
	}
	out := make([]Request, len(evs))
	for i, e := range evs {
		out[i] = Request{ID: e.Number, Status: StatusOf(e.Status), StatusNotes: notes(e.Status, numbers[e.MergedInto]),
			ServiceName: e.MatterName, ServiceCode: e.MatterCode, Description: e.Description, AgencyResponsible: agency(&e),
			Requested: stamp(&e.ReportedAt), Updated: stamp(&e.UpdatedAt), Expected: stamp(expected(&e)),
			Address: e.Address, Lat: e.Lat, Long: e.Lng, MediaURL: media[e.ID]}
	}
	return out, nil
}

// statusNotes say where the event stands, in Chinese and English.
var statusNotes = map[string]string{
	event.Reported:      "已收到，待受理 / received, awaiting registration",
	event.Registered:    "已立案，待派遣 / registered, awaiting dispatch",
	event.Dispatched:    "处置中 / being handled",
	event.SelfHandling:  "网格自处置中 / being handled by the grid",
	event.PendingVerify: "已处置，待核查 / handled, awaiting verification",
	event.Suspended:     "缓办中 / suspended",
	event.Closed:        "已结案 / closed",
	event.Evaluated:     "已结案并评价 / closed and rated",
	event.NotAccepted:   "不予受理 / not accepted",
	event.Merged:        "已与其他案卷合并办理 / merged into another request",
}

func notes(status, mergedInto string) string {
	if status == event.Merged && mergedInto != "" {
		return "已合并至 " + mergedInto + " 一并办理 / merged into " + mergedInto + ", handled there"
	}
	return statusNotes[status]
}

// agency is the unit leading the event (the grid when it handles the case
// itself); empty before dispatch.
func agency(e *event.Event) string {
	for i := len(e.Tasks) - 1; i >= 0; i-- {
		switch t := e.Tasks[i]; {
		case t.Role == event.RoleLead && t.Status != event.TaskReturned:
			return t.UnitName
		case t.Role == event.RoleSelf:
			return e.GridName
		}
	}
	return ""
}

// expected is the deadline the event is now running on: the earliest of its
// open tasks', else its own stage's; none once finished or while suspended.
func expected(e *event.Event) *time.Time {
	if StatusOf(e.Status) == "closed" || e.Status == event.Suspended {
		return nil
	}
	var first *time.Time
	for _, t := range e.Tasks {
		d := t.Deadline
		switch t.Status {
		case event.TaskSummoned:
			d = t.ReportDeadline
		case event.TaskDispatched, event.TaskAccepted:
		default:
			continue
		}
		if d != nil && (first == nil || d.Before(*first)) {
			first = d
		}
	}
	if first == nil && e.Status != event.Dispatched && e.Status != event.SelfHandling {
		first = e.Deadline
	}
	return first
}

// stamp is a W3C datetime in China time, "" for none.
func stamp(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(china.Zone).Format(time.RFC3339)
}
