package epidemic_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/testkit"
)

// file posts a card and fails the test unless it is filed.
func file(t *testing.T, c *testkit.Client, body map[string]any) testkit.Body {
	t.Helper()
	st, b := c.Do("POST", "/api/v1/epidemic/reports", body)
	if st != 201 {
		t.Fatalf("file %v: %d %s", body["card_no"], st, b)
	}
	return b
}

// TestReportFiled: a hospital files a card of a resident: matched by the ID
// number, placed in the resident's grid, made a risk person, numbers masked;
// the CDC reveals them, audited.
func TestReportFiled(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		hosp, _ := e.NewReporter(t, apptest.Home)
		idNumber, resident := e.NewPatient(t, apptest.HomeGrid)
		c := file(t, hosp, apptest.CardBody(idNumber, "A001", e.Clock.Now()))
		if c.Str("grid_code") != apptest.HomeGrid || c.Str("resident_id") != resident || c.Str("person_id") == "" ||
			c.Str("status") != "filed" || c.Get("on_time") != true || c.Get("urgent") != false || c.Int("report_hours") != 24 ||
			strings.Contains(c.String(), idNumber) || c.Str("phone") != "139****5678" || c.Str("occupation_name") != "学生（大中小学）" ||
			c.Str("disease_name") != "麻疹" || c.Str("class") != "高一(3)班" {
			t.Fatalf("filed: %s", c)
		}
		p, err := e.App.Epidemic.Person(context.Background(), e.City.Path(apptest.Home), c.Str("person_id"))
		if err != nil || p.Category != "confirmed" || p.GridCode != apptest.HomeGrid || p.ResidentID != resident {
			t.Errorf("the risk person: %+v %v", p, err)
		}
		if st, b := hosp.Do("POST", "/api/v1/epidemic/reports", apptest.CardBody(idNumber, "A001", e.Clock.Now())); st != 409 {
			t.Errorf("the same card number again: %d %s, want 409", st, b)
		}
		officer := e.Login(t, "epidemic_officer")
		if st, b := officer.Do("POST", "/api/v1/epidemic/reports/"+c.Str("id")+"/reveal", nil); st != 200 ||
			b.Str("id_number") != idNumber || b.Str("phone") != "13912345678" {
			t.Errorf("reveal: %d %s", st, b)
		}
		if st, b := hosp.Do("POST", "/api/v1/epidemic/reports/"+c.Str("id")+"/reveal", nil); st != 403 {
			t.Errorf("the hospital reveals: %d %s, want 403", st, b)
		}
		// a suspected case is no risk person yet; an unknown ID number stays in the filer's pool
		body := apptest.CardBody(apptest.IDNumber(77), "A002", e.Clock.Now())
		body["classification"] = "suspected"
		if s := file(t, hosp, body); s.Str("person_id") != "" || s.Get("pooled") != true || s.Str("region_code") != apptest.Home {
			t.Errorf("a suspected case of no resident: %s", s)
		}
		body = apptest.CardBody(apptest.IDNumber(78), "A003", e.Clock.Now())
		body["address_code"] = apptest.HomeVillage
		if s := file(t, hosp, body); s.Get("pooled") != true || s.Str("region_code") != apptest.HomeTownship {
			t.Errorf("an address in a village: the township's pool: %s", s)
		}
	})
}

// TestReportInvalid: every bad field is a 422 naming it.
func TestReportInvalid(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		hosp, _ := e.NewReporter(t, apptest.Home)
		now := e.Clock.Now()
		child := apptest.IDNumber(0)[:6] + now.AddDate(-5, 0, 0).Format("20060102") + "123"
		child += string(checkDigit(child))
		cases := []struct {
			name, field string
			edit        func(b map[string]any)
		}{
			{"bad ID number", "id_number", func(b map[string]any) { b["id_number"] = "140902199001011234" }},
			{"sex against the ID", "sex", func(b map[string]any) { b["sex"] = flip(b["sex"].(string)) }},
			{"no birth date nor age", "birth_date", func(b map[string]any) { delete(b, "id_number") }},
			{"birth date tomorrow", "birth_date", func(b map[string]any) { b["birth_date"] = now.AddDate(0, 0, 2).Format(time.DateOnly) }},
			{"a child without a parent", "parent_name", func(b map[string]any) { b["id_number"], b["sex"] = child, "male" }},
			{"diagnosed in the future", "diagnosed_at", func(b map[string]any) { b["diagnosed_at"] = now.Add(time.Hour).Format(time.RFC3339) }},
			{"no diagnosis time", "diagnosed_at", func(b map[string]any) { delete(b, "diagnosed_at") }},
			{"onset after diagnosis", "onset_date", func(b map[string]any) {
				b["onset_date"] = now.Format(time.DateOnly)
				b["diagnosed_at"] = now.AddDate(0, 0, -2).Format(time.RFC3339)
			}},
			{"no onset", "onset_date", func(b map[string]any) { delete(b, "onset_date") }},
			{"death before onset", "death_date", func(b map[string]any) { b["death_date"] = "2026-11-01" }},
			{"no such disease", "disease", func(b map[string]any) { b["disease"] = "X99" }},
			{"a subtype of another disease", "subtype", func(b map[string]any) { b["subtype"] = "h7n9" }},
			{"no subtype where asked", "subtype", func(b map[string]any) { b["disease"] = "B05" }},
			{"no course where asked", "course", func(b map[string]any) { b["disease"], b["subtype"] = "B03", "b" }},
			{"a course where none is asked", "course", func(b map[string]any) { b["course"] = "acute" }},
			{"correction naming no card", "corrects", func(b map[string]any) { b["report_type"] = "correction" }},
			{"correction naming a card unknown", "corrects", func(b map[string]any) { b["report_type"], b["corrects"] = "correction", "nope" }},
			{"a landline", "phone", func(b map[string]any) { b["phone"] = "0350-1234567" }},
			{"no such address code", "address_code", func(b map[string]any) { b["address_code"] = "140902999999" }},
			{"unknown occupation", "occupation", func(b map[string]any) { b["occupation"] = "astronaut" }},
			{"unknown belongs", "belongs", func(b map[string]any) { b["belongs"] = "mars" }},
			{"no card number", "card_no", func(b map[string]any) { b["card_no"] = "" }},
		}
		for _, c := range cases {
			b := apptest.CardBody(apptest.IDNumber(50), "X1", now)
			c.edit(b)
			if st, out := hosp.Do("POST", "/api/v1/epidemic/reports", b); st != 422 || !strings.Contains(out.String(), `"body.`+c.field+`"`) &&
				!strings.Contains(out.String(), `"property":"`+c.field+`"`) {
				t.Errorf("%s: %d %s, want 422 on body.%s", c.name, st, out, c.field)
			}
		}
		b := apptest.CardBody(apptest.IDNumber(50), "X2", now)
		delete(b, "id_number")
		b["age"], b["age_unit"], b["sex"] = 40, "year", "male"
		file(t, hosp, b) // an age with its unit stands for the birth date
	})
}

func flip(sex string) string {
	if sex == "male" {
		return "female"
	}
	return "male"
}
