package apptest

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"healthgrid/internal/citizen"
	"healthgrid/internal/population"
	"healthgrid/internal/testkit"
)

// SignUp registers a resident account living in region, with the SMS code
// read from the outbox, and returns it logged in and its phone.
func (e *Env) SignUp(t testing.TB, region string) (*testkit.Client, string) {
	t.Helper()
	phone := Phone(e.Unique())
	c := e.Client(t)
	if st, b := c.Do(http.MethodPost, "/api/v1/auth/sms/send", map[string]string{"phone": phone, "purpose": "register"}); st != 200 {
		t.Fatalf("send a register code: %d %s", st, b)
	}
	st, b := c.Do(http.MethodPost, "/api/v1/public/register", map[string]any{"phone": phone, "code": e.SMS.Last(phone),
		"name": "新居民", "region_code": region})
	if st != http.StatusCreated || b.Str("token") == "" {
		t.Fatalf("register: %d %s", st, b)
	}
	c.Token = b.Str("token")
	return c, phone
}

// NewReport is the id of a problem username reported from the app in grid.
func (e *Env) NewReport(t testing.TB, username, grid string) string {
	t.Helper()
	lng, lat := GridPoint(grid)
	r, err := e.App.Citizens.File(context.Background(), e.Principal(t, username), citizen.ReportInput{MatterCode: "HJWS-01",
		Title: "路灯不亮", Lng: lng, Lat: lat})
	if err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// NewClaim is the id of a new resident account of grid that claimed, by a
// name that does not match, a resident of grid (on record when record).
func (e *Env) NewClaim(t testing.TB, grid string, record bool) string {
	t.Helper()
	ctx, n := context.Background(), e.Unique()
	id := IDNumber(20000 + n)
	if record {
		if _, err := e.App.People.Create(ctx, e.System(t), population.Input{Name: fmt.Sprintf("核对%d", n), IDNumber: id,
			GridCode: grid}); err != nil {
			t.Fatal(err)
		}
	}
	u := e.NewUser(t, grid, "resident")
	res, err := e.App.Citizens.Bind(ctx, e.Principal(t, u.Username), citizen.BindInput{Name: "别名", IDNumber: id})
	if err != nil || res.Status != citizen.Claimed {
		t.Fatalf("claim: %v %v", res, err)
	}
	return u.ID
}
