package apptest

import (
	"bytes"
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
	return e.NewScreeningBy(t, "epidemic_officer", grids...)
}

// NewScreeningBy is NewScreening by the fixture user username.
func (e *Env) NewScreeningBy(t testing.TB, username string, grids ...string) (string, []string) {
	t.Helper()
	ctx := context.Background()
	// no ID numbers: each row is a new person, whatever lists came before
	in := epidemic.ScreeningInput{Name: "密接排查名单", Deadline: e.Clock.Now().Add(24 * time.Hour),
		Disease: "B27", Category: "close_contact"}
	if len(grids) == 0 {
		grids = []string{""}
	}
	for i, g := range grids {
		in.Persons = append(in.Persons, epidemic.ListedPerson{Name: fmt.Sprintf("排查对象%d", i+1), GridCode: g})
	}
	c, err := e.App.Epidemic.CreateList(ctx, e.Principal(t, username), in)
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

// ScreenedPerson is a throw-away risk person in grid (Home's pool for ""),
// walked by the platform through actions (visit, verify, decide), with a
// photo when photo: answers the person.
func (e *Env) ScreenedPerson(t testing.TB, grid string, photo bool, actions ...string) epidemic.PersonDetail {
	t.Helper()
	ctx, sys := context.Background(), e.System(t)
	_, ids := e.NewScreening(t, grid)
	d, err := e.App.Epidemic.Detail(ctx, sys, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range actions {
		in := epidemic.ActInput{Outcome: "found", Measure: "none"}
		if photo && a == epidemic.ActVerify {
			up, err := e.App.Files.Upload(ctx, sys, "现场.png", bytes.NewReader(PNG))
			if err != nil {
				t.Fatal(err)
			}
			in.AttachmentIDs = []string{up.ID}
		}
		if d, err = e.App.Epidemic.Act(ctx, sys, ids[0], a, in); err != nil {
			t.Fatal(err)
		}
	}
	return d
}
