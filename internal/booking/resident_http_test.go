package booking_test

import (
	"net/http"
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/china"
	"healthgrid/internal/population"
)

// TestBookingNamesItsResident: a booker whose account is linked to a
// resident of the population (实名认证) books; the booking names that
// resident, masked, to the booker, the office and the member it is scheduled
// to — alone and in lists — so the visit is recorded against them; an
// unlinked booker's names none.
func TestBookingNamesItsResident(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		id := apptest.IDNumber(30000 + e.Unique())
		r, err := e.App.People.Create(t.Context(), e.System(t), population.Input{Name: "钱多多", IDNumber: id,
			GridCode: apptest.HomeGrid})
		if err != nil {
			t.Fatal(err)
		}
		me, _ := e.SignUp(t, apptest.HomeVillage)
		if st, b := me.Do(http.MethodPost, "/api/v1/public/me/bind", map[string]string{"name": "钱多多", "id_number": id}); st != 200 ||
			b.Str("status") != "linked" {
			t.Fatalf("bind: %d %s", st, b)
		}
		day := e.Clock.Now().In(china.Zone).AddDate(0, 0, 2).Format(time.DateOnly)
		st, b := me.Do(http.MethodPost, "/api/v1/public/bookings", map[string]any{"service": "HOME-VISIT", "preferred_date": day,
			"slot": "pm"})
		if st != 201 || b.Str("resident_id") != r.ID || b.Str("resident_name") != "钱**" {
			t.Fatalf("book: %d %s", st, b)
		}
		linked, unlinked := b.Str("id"), e.NewBooking(t, "resident", apptest.HomeGrid)
		staff := e.Login(t, "health_staff")
		_, b = staff.Do(http.MethodGet, "/api/v1/bookings?status=requested&size=100", nil)
		var list struct {
			Items []struct {
				ID           string `json:"id"`
				ResidentID   string `json:"resident_id"`
				ResidentName string `json:"resident_name"`
			} `json:"items"`
		}
		if err := b.Decode(&list); err != nil {
			t.Fatal(err)
		}
		seen := 0
		for _, it := range list.Items {
			switch {
			case it.ID == linked && it.ResidentID == r.ID && it.ResidentName == "钱**",
				it.ID == unlinked && it.ResidentID == "" && it.ResidentName == "":
				seen++
			case it.ID == linked || it.ID == unlinked:
				t.Errorf("in a list: %+v", it)
			}
		}
		if seen != 2 {
			t.Errorf("the list shows %d of the two as they are: %s", seen, b)
		}
		if st, b := e.Login(t, "grid_worker").Do(http.MethodGet, "/api/v1/bookings/"+linked, nil); st != 200 ||
			b.Str("resident_id") != r.ID {
			t.Errorf("the grid's worker reads it: %d %s", st, b)
		}
		if _, b := staff.Do(http.MethodGet, "/api/v1/bookings/"+unlinked, nil); b.Str("resident_id") != "" {
			t.Errorf("an unlinked booker's: %s", b)
		}
	})
}
