package apptest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/china"
	"healthgrid/internal/epidemic"
	"healthgrid/internal/epidemic/trace"
	"healthgrid/internal/pii"
)

// TraceVenue is a throw-away venue of grid (its rows written as the venues
// part's store would) with a default stay of def minutes: its number.
func (e *Env) TraceVenue(t testing.TB, grid string, def int) int64 {
	t.Helper()
	id, now := int64(e.Unique()), e.Clock.Now()
	if _, err := e.App.DB.Exec(context.Background(), `INSERT INTO epi_venues (id, code, name, kind, grid_code, region_path,
		default_stay_minutes, qr_token, qr_rotated_at, created_at, updated_at) VALUES (?, ?, ?, 'market', ?, ?, ?, 'q', ?, ?, ?)`,
		id, fmt.Sprintf("T-%d", id), fmt.Sprintf("场所%d", id), grid, e.City.Path(grid), def, now, now, now); err != nil {
		t.Fatal(err)
	}
	return id
}

// TraceVisitor is a throw-away visitor (a check-in's person) with idNumber
// ("" none), bound to resident ("" none): their number.
func (e *Env) TraceVisitor(t testing.TB, name, idNumber, resident string) int64 {
	t.Helper()
	id := int64(e.Unique())
	var res any
	if resident != "" {
		res = resident
	}
	sealed, idx := "", ""
	if idNumber != "" {
		sealed, idx = e.App.PII.Seal(idNumber), e.App.PII.Index(pii.KindID, idNumber)
	}
	if _, err := e.App.DB.Exec(context.Background(), `INSERT INTO epi_visitors (id, id_idx, id_enc, name, resident_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, id, idx, sealed, name, res, e.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	return id
}

// TraceCheckin is a stay of visitor at venue from in for minutes (0: no
// time out, the venue's default).
func (e *Env) TraceCheckin(t testing.TB, venue, visitor int64, in time.Time, minutes int) {
	t.Helper()
	var out any
	if minutes > 0 {
		out = in.Add(time.Duration(minutes) * time.Minute).Unix()
	}
	if _, err := e.App.DB.Exec(context.Background(), `INSERT INTO epi_venue_checkins (venue_id, time_in, visitor_id, time_out)
		VALUES (?, ?, ?, ?)`, venue, in.Unix(), visitor, out); err != nil {
		t.Fatal(err)
	}
}

// TraceCase is a confirmed COVID-19 (B27) case, a resident of grid with a
// report card filed by the county's CDC whose onset is days before today
// (Beijing): the risk person, the resident and their ID number.
func (e *Env) TraceCase(t testing.TB, county, grid string, days int) (person, resident, idNumber string) {
	t.Helper()
	idNumber, resident = e.NewPatient(t, grid)
	p := e.System(t)
	p = &access.Principal{UserID: p.UserID, Username: "cdc", Perms: p.Perms, Roles: p.Roles,
		RegionPath: e.City.Path(county), UnitID: e.City.Units["health_commission:"+county]}
	diag := e.Clock.Now().Add(-time.Hour)
	in := epidemic.CardInput{CardNo: fmt.Sprintf("T%d", e.Unique()), ReportType: "initial", Name: "病例", IDNumber: idNumber,
		Sex: sexOf(idNumber), Belongs: "local_county", Address: "东大街12号", Occupation: "farmer", Classification: "confirmed",
		OnsetDate: e.Clock.Now().In(china.Zone).AddDate(0, 0, -days).Format(time.DateOnly), DiagnosedAt: &diag, Disease: "B27",
		ReportingUnit: "县医院", Doctor: "李医生"}
	c, err := e.App.Epidemic.FileReport(context.Background(), p, in)
	if err != nil || c.PersonID == "" {
		t.Fatalf("card: %+v %v", c, err)
	}
	return c.PersonID, resident, idNumber
}

// NewTrace is a trace of a new case of county living in grid, with one
// close contact who met them at a venue yesterday: the trace's id.
func (e *Env) NewTrace(t testing.TB, county, grid string) string {
	t.Helper()
	person, resident, _ := e.TraceCase(t, county, grid, 3)
	venue := e.TraceVenue(t, grid, 60)
	at := e.Clock.Now().Add(-24 * time.Hour)
	e.TraceCheckin(t, venue, e.TraceVisitor(t, "病例", "", resident), at, 60)
	e.TraceCheckin(t, venue, e.TraceVisitor(t, "密接", IDNumber(80000+e.Unique()), ""), at.Add(10*time.Minute), 30)
	r, err := e.App.Trace.Run(context.Background(), e.System(t), trace.Input{PersonID: person})
	if err != nil || r.Close != 1 {
		t.Fatalf("trace: %+v %v", r, err)
	}
	return r.ID
}
