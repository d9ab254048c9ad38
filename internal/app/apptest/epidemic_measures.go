package apptest

import (
	"context"
	"fmt"
	"testing"

	"healthgrid/internal/citizen"
	"healthgrid/internal/epidemic"
	"healthgrid/internal/population"
)

// NewRiskPerson is a throw-away COVID-19 (B27) risk person of category in
// grid, with an ID number no resident has.
func (e *Env) NewRiskPerson(t testing.TB, grid, category string) string {
	t.Helper()
	n := e.Unique()
	a, err := e.App.Epidemic.AddPerson(context.Background(), e.System(t), epidemic.Candidate{Name: fmt.Sprintf("风险%d", n),
		IDNumber: IDNumber(40000 + n), GridCode: grid, Disease: "B27", Category: category})
	if err != nil {
		t.Fatal(err)
	}
	return a.PersonID
}

// NewBoundRiskPerson is a risk person who is a resident of grid with an
// account bound to them: the person's id and the account's username.
func (e *Env) NewBoundRiskPerson(t testing.TB, grid, category string) (person, username string) {
	t.Helper()
	ctx, n := context.Background(), e.Unique()
	id, name := IDNumber(60000+n), fmt.Sprintf("居家%d", n)
	if _, err := e.App.People.Create(ctx, e.System(t), population.Input{Name: name, IDNumber: id, GridCode: grid}); err != nil {
		t.Fatal(err)
	}
	u := e.NewUser(t, grid, "resident")
	if res, err := e.App.Citizens.Bind(ctx, e.Principal(t, u.Username), citizen.BindInput{Name: name, IDNumber: id}); err != nil ||
		res.Status != citizen.Linked {
		t.Fatalf("bind: %v %v", res, err)
	}
	a, err := e.App.Epidemic.AddPerson(ctx, e.System(t), epidemic.Candidate{Name: name, IDNumber: id, Disease: "B27",
		Category: category})
	if err != nil || a.ResidentID == "" {
		t.Fatalf("admit: %+v %v", a, err)
	}
	return a.PersonID, u.Username
}

// NewSite is a throw-away isolation site of region with rooms numbered
// 1…rooms.
func (e *Env) NewSite(t testing.TB, region string, rooms int) string {
	t.Helper()
	st, err := e.App.Epidemic.CreateSite(context.Background(), e.System(t), epidemic.SiteInput{
		Name: fmt.Sprintf("隔离点%d", e.Unique()), Region: region, RoomCount: rooms})
	if err != nil {
		t.Fatal(err)
	}
	return st.ID
}

// NewMeasure is a measure ordered for a new risk person of grid (a close
// contact: 7 days centralised, then 3 at home).
func (e *Env) NewMeasure(t testing.TB, grid string) string {
	t.Helper()
	m, err := e.App.Epidemic.Order(context.Background(), e.System(t), epidemic.OrderInput{
		PersonID: e.NewRiskPerson(t, grid, "close_contact")})
	if err != nil {
		t.Fatal(err)
	}
	return m.ID
}
