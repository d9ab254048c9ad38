package vaccine_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/china"
	"healthgrid/internal/pii"
	"healthgrid/internal/population"
	"healthgrid/internal/testkit"
)

// idBorn is a valid ID number of someone born on day.
func idBorn(day time.Time, serial int) string {
	s := fmt.Sprintf("140902%s%03d", day.Format("20060102"), serial%1000)
	return s + string(pii.IDCheckDigit(s))
}

// resident adds a resident of grid born on day.
func resident(t *testing.T, e *apptest.Env, grid string, day time.Time) string {
	t.Helper()
	id := idBorn(day, e.Unique())
	if _, err := e.App.People.Create(context.Background(), e.System(t), population.Input{Name: "接种者", IDNumber: id,
		GridCode: grid}); err != nil {
		t.Fatal(err)
	}
	return id
}

func rec(id, vaccine, dose, date, unit string) map[string]any {
	return map[string]any{"id_number": id, "vaccine": vaccine, "dose": dose, "date": date, "unit": unit}
}

// cell is a coverage row's cell of vaccine and group.
func cell(b testkit.Body, row, vaccine, group string) (people, residents int) {
	if row != "" {
		row += "."
	}
	for i := range 200 {
		p := fmt.Sprintf("%scells.%d.", row, i)
		if b.Str(p+"vaccine") == "" {
			break
		}
		if b.Str(p+"vaccine") == vaccine && b.Str(p+"age_group") == group {
			return b.Int(p + "people"), b.Int(p + "residents")
		}
	}
	return -1, -1
}

// TestImportVaccinations: a batch keeps each dose once, refuses each bad
// row naming its line and field, keeps a stranger's dose uncounted, and a
// resend repeats; coverage counts the people per age group over the census.
func TestImportVaccinations(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := e.Login(t, "epidemic_officer")
		now := e.Clock.Now().In(china.Zone)
		today := now.Format(time.DateOnly)
		child := resident(t, e, apptest.HomeGrid, now.AddDate(-5, 0, -10))
		adult := resident(t, e, apptest.PeopleGrid, now.AddDate(-40, 0, 0))
		stranger := idBorn(now.AddDate(-30, 0, 0), 999)
		batch := []map[string]any{
			rec(child, "mmr", "1", today, "秀容街道社区卫生服务中心"),
			rec(child, "麻腮风疫苗", "2", today, "秀容街道社区卫生服务中心"),
			rec(adult, "covid19", "1", today, "忻州市人民医院"),
			rec(stranger, "covid19", "1", today, "忻州市人民医院"),
			rec("140902199901011234", "covid19", "1", today, "医院"),
			rec(adult, "smallpox", "1", today, "医院"),
			rec(adult, "covid19", "9", today, "医院"),
			rec(adult, "covid19", "2", now.AddDate(0, 0, 2).Format(time.DateOnly), "医院"),
			rec(child, "hepb", "1", now.AddDate(-6, 0, 0).Format(time.DateOnly), "医院"),
			rec(adult, "covid19", "3", today, " "),
			rec(child, "mmr", "1", today, "秀容街道社区卫生服务中心"),
		}
		st, r := c.Do("POST", "/api/v1/epidemic/vaccinations", map[string]any{"records": batch})
		if st != 200 || r.Int("created") != 4 || r.Int("unmatched") != 1 || r.Int("repeated") != 1 || r.Int("received") != 11 {
			t.Fatalf("import: %d %s", st, r)
		}
		for i, want := range []struct {
			line  int
			field string
		}{{5, "id_number"}, {6, "vaccine"}, {7, "dose"}, {8, "date"}, {9, "date"}, {10, "unit"}} {
			if r.Int(fmt.Sprintf("rejected.%d.line", i)) != want.line || r.Str(fmt.Sprintf("rejected.%d.field", i)) != want.field {
				t.Errorf("rejected %d: %s", i, r)
			}
		}
		if _, again := c.Do("POST", "/api/v1/epidemic/vaccinations", map[string]any{"records": batch[:4]}); again.Int("created") != 0 ||
			again.Int("repeated") != 4 {
			t.Errorf("resend: %s", again)
		}
		batch[2]["unit"] = "忻府区疾控中心"
		if _, fix := c.Do("POST", "/api/v1/epidemic/vaccinations", map[string]any{"records": batch[2:3]}); fix.Int("updated") != 1 {
			t.Errorf("a corrected unit: %s", fix)
		}
		st, cov := c.Do("GET", "/api/v1/epidemic/vaccinations/coverage?region="+apptest.HomeVillage, nil)
		if st != 200 || cov.Str("region_code") != apptest.HomeVillage || len(cov.Get("items").([]any)) != 2 {
			t.Fatalf("coverage: %d %s", st, cov)
		}
		if p, n := cell(cov, "", "mmr", "3-6"); p != 1 || n < 1 {
			t.Errorf("mmr 3-6: %d of %d", p, n)
		}
		if p, _ := cell(cov, "", "covid19", "18-59"); p != 1 {
			t.Errorf("covid19 18-59 (the stranger is nobody's): %d", p)
		}
		if p, _ := cell(cov, "items.0", "mmr", "all"); p != 1 {
			t.Errorf("the child's grid: %d", p)
		}
		if p, _ := cell(cov, "items.1", "mmr", "all"); p != 0 {
			t.Errorf("the adult's grid: %d", p)
		}
		// the census in one pass agrees with population's own age filter, group by group
		for i, g := range []struct {
			code     string
			min, max int
		}{{"0-2", 0, 2}, {"3-6", 3, 6}, {"7-17", 7, 17},
			{"18-59", 18, 59}, {"60+", 60, -1}} {
			for j, grid := range []string{"", "items.0", "items.1"} {
				path := e.City.Path([]string{apptest.HomeVillage, apptest.HomeGrid, apptest.PeopleGrid}[j])
				_, want, err := e.App.People.List(context.Background(), path, population.Filter{Path: path, AgeMin: g.min,
					AgeMax: g.max}, 0, 1)
				if _, got := cell(cov, grid, "mmr", g.code); err != nil || got != want {
					t.Errorf("census %d %s of %q: %d, population says %d (%v)", i, g.code, grid, got, want, err)
				}
			}
		}
		if st, _ := c.Do("GET", "/api/v1/epidemic/vaccinations/coverage?region="+apptest.OtherGrid, nil); st != 404 {
			t.Errorf("out of scope: %d", st)
		}
		if st, _ := c.Do("GET", "/api/v1/epidemic/vaccinations/coverage?vaccine=nope", nil); st != 422 {
			t.Errorf("unknown vaccine: %d", st)
		}
		var audits int
		if err := e.App.DB.QueryRow(context.Background(), "SELECT COUNT(*) FROM audit_log WHERE action = 'epidemic.vaccination.import'").
			Scan(&audits); err != nil || audits != 3 {
			t.Errorf("audited: %d %v", audits, err)
		}
		if strings.Contains(r.String(), child) {
			t.Errorf("an ID number in the answer: %s", r)
		}
	})
}

// TestUploadVaccinations: a csv with Chinese headers keeps its good rows
// and names each refused one by its line; a file that is no records file
// is refused whole.
func TestUploadVaccinations(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := e.Login(t, "epidemic_officer")
		now := e.Clock.Now().In(china.Zone)
		a := resident(t, e, apptest.HomeGrid, now.AddDate(-70, 0, 0))
		day := now.AddDate(0, 0, -3).Format(time.DateOnly)
		csv := "接种单位,身份证号,疫苗,剂次,接种日期\n医院," + a + ",流感疫苗,1," + day + "\n\n医院,123,流感疫苗,1," + day +
			"\n医院," + a + ",pneumo,1,yesterday\n"
		st, r := apptest.PostFile(t, c, "/api/v1/epidemic/vaccinations/upload", "v.csv", []byte(csv))
		if st != 200 || r.Int("created") != 1 || r.Int("rejected.0.line") != 4 || r.Str("rejected.1.field") != "date" ||
			r.Int("rejected.1.line") != 5 {
			t.Fatalf("csv: %d %s", st, r)
		}
		if st, r := apptest.PostFile(t, c, "/api/v1/epidemic/vaccinations/upload", "x.csv", []byte("a,b\n1,2\n")); st != 422 ||
			!strings.Contains(r.String(), "body.file") {
			t.Errorf("not a records file: %d %s", st, r)
		}
	})
}

// TestAgeing: a child counted in 0-2 moves to 3-6 on the day they turn 3,
// by the daily job on the injected clock, and only once.
func TestAgeing(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		c := e.Login(t, "epidemic_officer")
		now := e.Clock.Now().In(china.Zone)
		kid := resident(t, e, apptest.HomeGrid, now.AddDate(-3, 0, 2))
		if _, err := e.App.Vaccines.Age(ctx); err != nil { // the job's first run
			t.Fatal(err)
		}
		_, r := c.Do("POST", "/api/v1/epidemic/vaccinations", map[string]any{"records": []map[string]any{
			rec(kid, "hepb", "1", now.AddDate(-2, 0, 0).Format(time.DateOnly), "医院"),
			rec(kid, "hepb", "2", now.AddDate(-1, 0, 0).Format(time.DateOnly), "医院")}})
		if r.Int("created") != 2 {
			t.Fatalf("import: %s", r)
		}
		read := func(group string) int {
			_, cov := e.Login(t, "epidemic_officer").Do("GET", "/api/v1/epidemic/vaccinations/coverage?region="+apptest.HomeGrid+
				"&vaccine=hepb", nil)
			p, _ := cell(cov, "", "hepb", group)
			return p
		}
		if read("0-2") != 1 || read("3-6") != 0 {
			t.Fatalf("before the birthday")
		}
		e.Clock.Advance(3 * 24 * time.Hour)
		if n, err := e.App.Vaccines.Age(ctx); err != nil || n != 2 {
			t.Errorf("moved: %d %v", n, err)
		}
		if n, err := e.App.Vaccines.Age(ctx); err != nil || n != 0 {
			t.Errorf("again the same day: %d %v", n, err)
		}
		if read("0-2") != 0 || read("3-6") != 1 {
			t.Errorf("after the birthday")
		}
	})
}
