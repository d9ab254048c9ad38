package epidemic_test

import (
	"net/http"
	"testing"

	"healthgrid/internal/app/apptest"
)

// TestCardByKey: a hospital's information system files a card with its
// partner API key over its county, like Open311's partners file events; the
// card is placed as any other and the county CDC sees it. The key reads no
// cards: it is no unit's account.
func TestCardByKey(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		id, _ := e.NewPatient(t, apptest.HomeGrid)
		his := e.Client(t)
		his.Header.Set("Authorization", "Bearer "+e.City.Keys[apptest.Home].Secret)
		st, c := his.Do(http.MethodPost, "/api/v1/epidemic/reports", apptest.CardBody(id, "HIS-0001", e.Clock.Now()))
		if st != 201 || c.Str("grid_code") != apptest.HomeGrid {
			t.Fatalf("a card by API key: %d %s", st, c)
		}
		if st, _ := e.Login(t, "epidemic_officer").Do(http.MethodGet, "/api/v1/epidemic/reports/"+c.Str("id"), nil); st != 200 {
			t.Errorf("the card to the county's epidemic officer: %d", st)
		}
		if st, _ := his.Do(http.MethodGet, "/api/v1/epidemic/reports/"+c.Str("id"), nil); st != 404 {
			t.Errorf("the card read back by the key: %d, want 404", st)
		}
	})
}
