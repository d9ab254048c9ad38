package epidemic_test

import (
	"slices"
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/testkit"
)

// TestDiseaseList: the national list as the revised law stands (甲 2, 乙 27,
// 丙 11), SARS managed as 甲 and reported in 2 hours, pulmonary anthrax's
// subtype too; a county's local disease is on its own list and the city's,
// not on a neighbour's; only the city changes a national disease.
func TestDiseaseList(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		officer, grid := e.Login(t, "epidemic_officer"), e.Login(t, "grid_worker")
		st, l := grid.Do("GET", "/api/v1/epidemic/diseases?current=true", nil)
		if st != 200 {
			t.Fatalf("list: %d %s", st, l)
		}
		classes := map[string]int{}
		for _, d := range diseases(t, l) {
			classes[d.Class]++
		}
		if classes["A"] != 2 || classes["B"] != 27 || classes["C"] != 11 || len(classes) != 3 {
			t.Errorf("classes %v, want A 2, B 27, C 11", classes)
		}
		if _, d := grid.Do("GET", "/api/v1/epidemic/diseases/B01", nil); d.Str("managed_as") != "A" ||
			d.Int("report_hours") != 2 || d.Str("class_name") != "乙类" {
			t.Errorf("SARS: %s", d)
		}
		if _, d := grid.Do("GET", "/api/v1/epidemic/diseases/B12", nil); d.Str("subtypes.0.managed_as") != "A" ||
			d.Int("subtypes.0.report_hours") != 2 || d.Int("report_hours") != 24 {
			t.Errorf("anthrax: %s", d)
		}

		st, local := officer.Do("POST", "/api/v1/epidemic/diseases", map[string]any{"name": "恙虫病", "report_hours": 24,
			"incubation_days": 21})
		if st != 201 || local.Str("class") != "local" || local.Str("region_code") != apptest.Home {
			t.Fatalf("add local: %d %s", st, local)
		}
		code := local.Str("code")
		if st, _ := e.Login(t, "leader").Do("GET", "/api/v1/epidemic/diseases/"+code, nil); st != 200 {
			t.Errorf("the county's local disease to a leader of the county: %d", st)
		}
		if st, _ := e.Login(t, apptest.Admin).Do("GET", "/api/v1/epidemic/diseases/"+code, nil); st != 200 {
			t.Errorf("the county's local disease to the city: %d", st)
		}
		if st, _ := e.Login(t, apptest.OtherAdmin).Do("GET", "/api/v1/epidemic/diseases/"+code, nil); st != 404 {
			t.Errorf("the county's local disease to a neighbour county: %d, want 404", st)
		}
		if st, b := grid.Do("POST", "/api/v1/epidemic/diseases", map[string]any{"name": "x", "report_hours": 24,
			"incubation_days": 1}); st != 403 {
			t.Errorf("a grid worker adds a disease: %d %s", st, b)
		}

		if st, b := officer.Do("PATCH", "/api/v1/epidemic/diseases/B06", map[string]any{"managed_as": "A"}); st != 403 {
			t.Errorf("a county manages measles as 甲: %d %s, want 403", st, b)
		}
		admin := e.Login(t, apptest.Admin)
		if st, b := admin.Do("PATCH", "/api/v1/epidemic/diseases/C01", map[string]any{"managed_as": "A"}); st != 422 {
			t.Errorf("a 丙 disease managed as 甲: %d %s, want 422", st, b)
		}
		st, m := admin.Do("PATCH", "/api/v1/epidemic/diseases/B06", map[string]any{"managed_as": "A"})
		if st != 200 || m.Str("managed_as") != "A" {
			t.Fatalf("the city manages measles as 甲: %d %s", st, m)
		}
		if st, b := admin.Do("PATCH", "/api/v1/epidemic/diseases/B06", map[string]any{"report_hours": 2}); st != 422 {
			t.Errorf("a national deadline changed: %d %s, want 422", st, b)
		}
		if st, b := officer.Do("PATCH", "/api/v1/epidemic/diseases/"+code, map[string]any{"effective_to": "2026-01-01"}); st != 200 {
			t.Fatalf("end the local disease: %d %s", st, b)
		}
		if _, l := officer.Do("GET", "/api/v1/epidemic/diseases?current=true", nil); hasCode(diseases(t, l), code) {
			t.Errorf("an ended disease on the current list")
		}
		if _, l := officer.Do("GET", "/api/v1/epidemic/diseases", nil); !hasCode(diseases(t, l), code) {
			t.Errorf("an ended disease missing from the whole list")
		}
	})
}

type disease struct{ Code, Class string }

// diseases are the items of a list of diseases.
func diseases(t *testing.T, l testkit.Body) []disease {
	t.Helper()
	var out struct{ Items []disease }
	if err := l.Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out.Items
}

func hasCode(ds []disease, code string) bool {
	return slices.ContainsFunc(ds, func(d disease) bool { return d.Code == code })
}

// TestProtocolVersions: a new version supersedes the one in force, which is
// kept; a test day outside its stage is refused naming it; a county sees
// only its own local diseases' protocols beside the national ones.
func TestProtocolVersions(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		officer := e.Login(t, "epidemic_officer")
		_, cur := officer.Do("GET", "/api/v1/epidemic/protocols?disease=B27&category=close_contact&current=true", nil)
		first := cur.Str("items.0.id")
		if cur.Int("items.0.version") != 1 || cur.Int("items.0.days") != 10 || cur.Get("items.1") != nil {
			t.Fatalf("the seeded close-contact protocol: %s", cur)
		}
		st, b := officer.Do("POST", "/api/v1/epidemic/protocols", map[string]any{"disease": "B27", "category": "close_contact",
			"stages": []map[string]any{{"measure": "home_isolation", "days": 5, "test_days": []int{1, 6}, "checkins_per_day": 2}}})
		if st != 422 || b.Str("errors.0.location") != "body.stages[0].test_days" {
			t.Errorf("a test day past its stage: %d %s", st, b)
		}
		st, v2 := officer.Do("POST", "/api/v1/epidemic/protocols", map[string]any{"disease": "B27", "category": "close_contact",
			"note": "第二版", "stages": []map[string]any{{"measure": "home_isolation", "days": 5, "test_days": []int{5, 1, 1},
				"checkins_per_day": 2}}})
		if st != 201 || v2.Int("version") != 2 || v2.Str("stages.0.test_days") != "" || v2.Int("stages.0.test_days.1") != 5 {
			t.Fatalf("version 2: %d %s", st, v2)
		}
		if _, old := officer.Do("GET", "/api/v1/epidemic/protocols/"+first, nil); old.Get("superseded_at") == nil ||
			old.Int("stages.0.days") != 7 {
			t.Errorf("version 1 after version 2: %s, want kept and superseded", old)
		}
		if _, all := officer.Do("GET", "/api/v1/epidemic/protocols?disease=B27&category=close_contact", nil); all.Int("items.0.version") != 2 ||
			all.Int("items.1.version") != 1 {
			t.Errorf("both versions, the newest first: %s", all)
		}
		other := e.NewLocalProtocol(t, apptest.Other)
		if st, _ := officer.Do("GET", "/api/v1/epidemic/protocols/"+other, nil); st != 404 {
			t.Errorf("a neighbour county's local protocol: %d, want 404", st)
		}
		if st, _ := e.Login(t, apptest.Admin).Do("GET", "/api/v1/epidemic/protocols/"+other, nil); st != 200 {
			t.Errorf("a county's local protocol to the city: %d", st)
		}
		if st, b := officer.Do("POST", "/api/v1/epidemic/protocols", map[string]any{"disease": "NOPE", "category": "close_contact",
			"stages": []map[string]any{{"measure": "home_isolation", "days": 5, "test_days": []int{}, "checkins_per_day": 1}}}); st != 422 ||
			b.Str("errors.0.location") != "body.disease" {
			t.Errorf("an unknown disease: %d %s", st, b)
		}
	})
}
