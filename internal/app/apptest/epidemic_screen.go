package apptest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"healthgrid/internal/epidemic"
)

// NewScreening takes in a throw-away screening list by the epidemic officer
// of Home, naming one person in each of grids (none: one in Home's pool), and
// answers its id and its persons' ids in order.
func (e *Env) NewScreening(t testing.TB, grids ...string) (string, []string) {
	t.Helper()
	ctx := context.Background()
	in := epidemic.ScreeningInput{Name: fmt.Sprintf("名单%d", e.Unique()), Deadline: e.Clock.Now().Add(24 * time.Hour),
		Disease: "B27", Category: "close_contact"}
	if len(grids) == 0 {
		grids = []string{""}
	}
	for _, g := range grids {
		in.Persons = append(in.Persons, epidemic.ListedPerson{Name: fmt.Sprintf("排查%d", e.Unique()),
			IDNumber: ImportID(700000 + e.Unique()), GridCode: g})
	}
	c, err := e.App.Epidemic.CreateList(ctx, e.Principal(t, "epidemic_officer"), in)
	if err != nil {
		t.Fatal(err)
	}
	persons, _, err := e.App.Epidemic.Persons(ctx, e.System(t).RegionPath, epidemic.PersonFilter{Screening: c.ID}, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(persons))
	for i, p := range persons {
		ids[i] = p.ID
	}
	return c.ID, ids
}
