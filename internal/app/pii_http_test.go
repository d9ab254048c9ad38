package app_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/population"
)

// auditDetails are the outcome and detail of the audit records with action, oldest first.
func auditDetails(t *testing.T, e *apptest.Env, action string) []string {
	t.Helper()
	rows, err := e.App.DB.Query(t.Context(), "SELECT outcome, detail FROM audit_log WHERE action = ? ORDER BY seq", action)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var o, d string
		rows.Scan(&o, &d)
		out = append(out, o+" "+d)
	}
	return out
}

// An unmasked export needs resident:export_unmasked and a reason; it lists
// the residents it holds in its audit record.
func TestUnmaskedExportHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		grid := e.Login(t, "grid_worker") // may reveal one by one, not export unmasked
		if st, b := grid.Do(http.MethodGet, "/api/v1/residents/export?unmasked=true&reason=核查", nil); st != http.StatusForbidden {
			t.Errorf("grid worker, unmasked: %d %s", st, b)
		}
		admin := e.Login(t, "region_admin")
		st, b := admin.Do(http.MethodGet, "/api/v1/residents/export?unmasked=true", nil)
		if st != http.StatusUnprocessableEntity || b.Str("errors.0.location") != "query.reason" {
			t.Errorf("no reason: %d %s", st, b)
		}
		id := e.NewResident(t, apptest.HomeGrid)
		table := apptest.ResidentsExport(t, admin, "/api/v1/residents/export?unmasked=true&reason="+url.QueryEscape("入户核查")+"&grid="+apptest.HomeGrid)
		if len(table) != 2 || !regexp.MustCompile(`^\d{17}[\dX]$`).MatchString(table[1][1]) {
			t.Errorf("unmasked export: %q", table)
		}
		got := auditDetails(t, e, "resident.export")
		if len(got) != 1 || !strings.Contains(got[0], id) || !strings.Contains(got[0], `"reason":"入户核查"`) || !strings.Contains(got[0], `"masked":false`) {
			t.Errorf("export audit: %v", got)
		}
	})
}

// Reveals answer 429 with Retry-After past the hourly limit; a reveal out of
// scope is 404, counted and audited.
func TestRevealLimitHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := e.Login(t, "health_staff")
		id := e.NewResident(t, apptest.HomeGrid)
		if st, b := c.Do(http.MethodPost, "/api/v1/residents/"+e.City.People["resident:"+apptest.OtherGrid]+"/reveal", nil); st != http.StatusNotFound {
			t.Fatalf("out of scope: %d %s", st, b)
		}
		for i := 1; i < population.DefaultRevealsPerHour; i++ {
			if st, b := c.Do(http.MethodPost, "/api/v1/residents/"+id+"/reveal", map[string]any{"fields": []string{"phone"}}); st != http.StatusOK {
				t.Fatalf("reveal %d: %d %s", i, st, b)
			}
		}
		st, b := c.Do(http.MethodPost, "/api/v1/residents/"+id+"/reveal", nil)
		if wait, _ := strconv.Atoi(c.Last.Header.Get("Retry-After")); st != http.StatusTooManyRequests || wait != 3600 {
			t.Errorf("reveal %d: %d %s (Retry-After %q)", population.DefaultRevealsPerHour+1, st, b, c.Last.Header.Get("Retry-After"))
		}
		got := auditDetails(t, e, "resident.reveal")
		if len(got) != population.DefaultRevealsPerHour+1 || !strings.Contains(got[0], `failure {"fields":["id_number","phone"],"refused":"not_found"}`) ||
			!strings.Contains(got[len(got)-1], `"refused":"rate_limit"`) {
			t.Errorf("reveal audit: %d records, first %s, last %s", len(got), got[0], got[len(got)-1])
		}
	})
}

// Registering someone held by another county answers as a grid outside the
// scope does; the caller files a transfer, the holding county approves it,
// and the resident is the caller's.
func TestTransferHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		home, other := e.Login(t, "region_admin"), e.Login(t, apptest.OtherAdmin)
		n := e.Unique()
		idn, name := apptest.IDNumber(8000+n), fmt.Sprintf("迁入%d", n)
		if st, b := other.Do(http.MethodPost, "/api/v1/residents", map[string]any{"name": name, "id_number": idn, "grid_code": apptest.OtherGrid}); st != http.StatusCreated {
			t.Fatal(st, b)
		}
		st1, elsewhere := home.Do(http.MethodPost, "/api/v1/residents", map[string]any{"name": name, "id_number": idn, "grid_code": apptest.HomeGrid})
		st2, grid := home.Do(http.MethodPost, "/api/v1/residents", map[string]any{"name": "新人", "id_number": apptest.IDNumber(8500 + n),
			"grid_code": apptest.OtherGrid})
		if st1 != http.StatusConflict || st2 != st1 || elsewhere.Str("detail") != grid.Str("detail") ||
			!strings.Contains(elsewhere.Str("detail"), "cannot be registered here; file a transfer") {
			t.Errorf("refusals for scope differ: %d %s / %d %s", st1, elsewhere, st2, grid)
		}
		st, b := home.Do(http.MethodPost, "/api/v1/residents/transfers", map[string]any{"id_number": idn, "name": name,
			"to_grid_code": apptest.HomeGrid, "reason": "随子女迁入"})
		if st != http.StatusCreated || b.Str("status") != "pending" || b.Str("direction") != "outgoing" || b.Get("from_grid_code") != nil {
			t.Fatalf("request: %d %s", st, b)
		}
		tid := b.Str("id")
		st, b = other.Do(http.MethodGet, "/api/v1/residents/transfers?direction=incoming&status=pending", nil)
		if st != http.StatusOK || b.Int("total") != 1 || b.Str("items.0.id") != tid || b.Str("items.0.from_grid_code") != apptest.OtherGrid {
			t.Fatalf("incoming: %d %s", st, b)
		}
		if st, b := home.Do(http.MethodPost, "/api/v1/residents/transfers/"+tid+"/approve", map[string]any{}); st != http.StatusNotFound {
			t.Errorf("the requester approves: %d %s", st, b)
		}
		if st, b := other.Do(http.MethodPost, "/api/v1/residents/transfers/"+tid+"/approve", map[string]any{"note": "同意"}); st != http.StatusOK ||
			b.Str("status") != "approved" {
			t.Fatalf("approve: %d %s", st, b)
		}
		st, b = home.Do(http.MethodGet, "/api/v1/residents?q="+idn, nil)
		if st != http.StatusOK || b.Int("total") != 1 || b.Str("items.0.grid_code") != apptest.HomeGrid {
			t.Errorf("the resident after the transfer: %d %s", st, b)
		}
		st, b = home.Do(http.MethodGet, "/api/v1/residents/transfers?direction=outgoing", nil)
		if st != http.StatusOK || b.Int("total") != 1 || b.Str("items.0.status") != "approved" || b.Str("items.0.note") != "同意" || b.Get("items.0.decider") != nil {
			t.Errorf("the requester's view: %d %s", st, b)
		}
		for _, a := range []string{"resident.transfer_request", "resident.transfer_approve"} {
			if got := auditDetails(t, e, a); len(got) != 1 {
				t.Errorf("%s: %v", a, got)
			}
		}
	})
}

// Reveals of events and of residents take from one hourly quota: the
// caller's unmaskings, whatever they unmask. Past it an event's reveal is
// 429 with Retry-After, and audited as refused.
func TestRevealQuotaSharedHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := e.Login(t, "grid_worker")
		resident, event := e.NewResident(t, apptest.HomeGrid), e.NewEvent(t, apptest.HomeGrid)
		for i := 1; i < population.DefaultRevealsPerHour; i++ {
			if st, b := c.Do(http.MethodPost, "/api/v1/residents/"+resident+"/reveal", map[string]any{"fields": []string{"phone"}}); st != http.StatusOK {
				t.Fatalf("reveal %d: %d %s", i, st, b)
			}
		}
		if st, b := c.Do(http.MethodPost, "/api/v1/events/"+event+"/reveal", nil); st != http.StatusOK {
			t.Fatalf("the hour's last reveal, of an event: %d %s", st, b)
		}
		st, b := c.Do(http.MethodPost, "/api/v1/events/"+event+"/reveal", nil)
		if wait, _ := strconv.Atoi(c.Last.Header.Get("Retry-After")); st != http.StatusTooManyRequests || wait < 1 || wait > 3600 {
			t.Errorf("an event's reveal past the quota: %d %s (Retry-After %q)", st, b, c.Last.Header.Get("Retry-After"))
		}
		got := auditDetails(t, e, "event.reveal")
		if len(got) != 2 || !strings.HasPrefix(got[0], "success") || !strings.Contains(got[1], `failure {"reason":"rate_limit"}`) {
			t.Errorf("event reveal audit: %q", got)
		}
	})
}
