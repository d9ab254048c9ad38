package epidemic_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/epidemic"
	"healthgrid/internal/testkit"
)

// result is a JSON result row.
func result(idNumber, at, res, disease string) map[string]any {
	r := map[string]any{"id_number": idNumber, "name": "受检者", "sampled_at": at, "kind": "nucleic_acid",
		"pathogen": "SARS-CoV-2", "result": res, "institution": "忻州市人民医院"}
	if disease != "" {
		r["disease"] = disease
	}
	return r
}

// TestIngestTestsOverHTTP: a laboratory's JSON batch keeps the valid rows,
// names the rejected ones, and a resend creates nothing; the positive
// result names a risk person, upgrades one named before, and alerts the
// grid worker and the county's epidemic officer.
func TestIngestTestsOverHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		lab := e.Login(t, "hospital_reporter")
		at := e.Clock.Now().Add(-2 * time.Hour).Format(time.RFC3339)
		_, neg := e.NewTestSubject(t, apptest.HomeGrid)
		_, pos := e.NewTestSubject(t, apptest.HomeGrid)
		_, contact := e.NewTestSubject(t, apptest.PeopleGrid)
		named, err := e.App.Epidemic.AdmitNow(context.Background(), epidemic.Source{Kind: "manual", Ref: "t"},
			e.City.Path(apptest.Home), []epidemic.Candidate{{Name: "密接", IDNumber: contact, Disease: "B27",
				Category: "close_contact"}})
		if err != nil {
			t.Fatal(err)
		}
		batch := []map[string]any{result(neg, at, "阴性", ""), result(pos, at, "positive", "B27"),
			result("140902199901011234", at, "negative", ""), result(neg, at, "positive", ""),
			{"id_number": neg, "name": "受检者", "sampled_at": at, "kind": "blood", "pathogen": "x", "result": "negative",
				"institution": "医院"},
			result(contact, at, "positive", "B27"), result(neg, "yesterday", "negative", ""),
			result(neg, at, "negative", "NOPE")}
		st, b := lab.Do("POST", "/api/v1/epidemic/tests", batch)
		if st != 200 || b.Int("created") != 3 || b.Int("positive") != 2 || b.Int("duplicate") != 0 {
			t.Fatalf("ingest: %d %s", st, b)
		}
		for i, want := range map[int]string{0: "身份证号", 1: "须注明病种", 2: "检测类型", 3: "采样时间", 4: "病种不存在"} {
			if b.Int(fmt.Sprintf("rejected.%d.row", i)) != []int{3, 4, 5, 7, 8}[i] ||
				!strings.Contains(b.Str(fmt.Sprintf("rejected.%d.reason", i)), want) {
				t.Errorf("rejected %d: %s", i, b)
			}
		}
		if st, again := lab.Do("POST", "/api/v1/epidemic/tests", batch[:2]); st != 200 || again.Int("created") != 0 ||
			again.Int("duplicate") != 2 {
			t.Errorf("the resend: %d %s", st, again)
		}
		officer := e.Login(t, "epidemic_officer")
		_, l := officer.Do("GET", "/api/v1/epidemic/tests?result=positive&q="+pos, nil)
		if l.Int("total") != 1 || l.Str("items.0.person_id") == "" || l.Str("items.0.grid_code") != apptest.HomeGrid ||
			strings.Contains(l.String(), pos) {
			t.Fatalf("the positive listed, masked: %s", l)
		}
		p, err := e.App.Epidemic.Person(context.Background(), e.City.Path(apptest.Home), l.Str("items.0.person_id"))
		if err != nil || p.Category != "asymptomatic" || p.GridCode != apptest.HomeGrid || p.Disease != "B27" {
			t.Errorf("the risk person: %+v %v", p, err)
		}
		up, err := e.App.Epidemic.Person(context.Background(), e.City.Path(apptest.Home), named[0].PersonID)
		if err != nil || up.Category != "asymptomatic" {
			t.Errorf("the close contact upgraded: %+v %v", up, err)
		}
		for _, who := range []string{"grid_worker", "epidemic_officer"} {
			if _, n := e.Login(t, who).Do("GET", "/api/v1/notifications", nil); !strings.Contains(n.String(), "检测阳性") {
				t.Errorf("%s alerted: %s", who, n)
			}
		}
		if st, one := officer.Do("GET", "/api/v1/epidemic/tests/"+l.Str("items.0.id"), nil); st != 200 ||
			one.Str("result") != "positive" {
			t.Errorf("one: %d %s", st, one)
		}
	})
}

// TestUploadTests: a csv (Chinese headers, any order) and an xlsx give the
// same per-row report; a file without the columns, or over the limits, is
// refused whole.
func TestUploadTests(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		lab := e.Login(t, "hospital_reporter")
		at := e.Clock.Now().Add(-time.Hour).In(time.FixedZone("CST", 8*3600)).Format("2006-01-02 15:04")
		_, a := e.NewTestSubject(t, apptest.HomeGrid)
		_, b := e.NewTestSubject(t, apptest.HomeGrid)
		csv := "检测机构,姓名,身份证号,采样时间,检测类型,病原体,检测结果\n" +
			"医院甲,张三," + a + "," + at + ",核酸,新冠,阴性\n\n" +
			"医院甲,李四," + b + "," + at + ",抗原,新冠,无效\n" +
			"医院甲,王五,123," + at + ",核酸,新冠,阴性\n" +
			"医院甲,\"赵六,x\n"
		st, r := apptest.PostFile(t, lab, "/api/v1/epidemic/tests/upload", "tests.csv", []byte(csv))
		if st != 200 || r.Int("created") != 2 || r.Int("rejected.0.row") != 5 || r.Int("rejected.1.row") != 6 {
			t.Fatalf("csv: %d %s", st, r)
		}
		if _, again := apptest.PostFile(t, lab, "/api/v1/epidemic/tests/upload", "tests.csv", []byte(csv)); again.Int("created") != 0 ||
			again.Int("duplicate") != 2 {
			t.Errorf("the csv again: %s", again)
		}
		// a laboratory's own headers for the same columns, in English and Chinese
		_, d := e.NewTestSubject(t, apptest.HomeGrid)
		other := "institution,name,证件号码,sampled_at,kind,检测项目,结果\n医院乙,孙七," + d + "," + at + ",核酸,新冠,阴性\n"
		if st, r := apptest.PostFile(t, lab, "/api/v1/epidemic/tests/upload", "lab.csv", []byte(other)); st != 200 ||
			r.Int("created") != 1 {
			t.Errorf("other headers: %d %s", st, r)
		}
		_, c := e.NewTestSubject(t, apptest.HomeGrid)
		row := func(n int, cells ...string) string {
			var s strings.Builder
			fmt.Fprintf(&s, `<row r="%d">`, n)
			for i, v := range cells {
				fmt.Fprintf(&s, `<c r="%c%d" t="inlineStr"><is><t>%s</t></is></c>`, 'A'+i, n, v)
			}
			return s.String() + "</row>"
		}
		xlsx := testkit.XLSX(t, testkit.Part{Head: []byte(row(1, "id_number", "name", "sampled_at", "kind", "pathogen",
			"result", "institution", "disease") + row(2, c, "孙七", at, "nucleic_acid", "SARS-CoV-2", "positive", "医院乙", "B27") +
			row(3, c, "孙七", at, "culture", "SARS-CoV-2", "maybe", "医院乙", ""))}, nil)
		if st, x := apptest.PostFile(t, lab, "/api/v1/epidemic/tests/upload", "tests.xlsx", xlsx); st != 200 ||
			x.Int("created") != 1 || x.Int("positive") != 1 || x.Int("rejected.0.row") != 3 {
			t.Errorf("xlsx: %d %s", st, x)
		}
		refused := map[string][]byte{
			"缺少必填列 “采样时间”": []byte("姓名,身份证号\n张三," + a + "\n"),
			"上限":           []byte("身份证号,姓名,采样时间,检测类型,病原体,检测结果,检测机构\n" + strings.Repeat("x\n", 9<<19)),
			"too many":     []byte("身份证号,姓名,采样时间,检测类型,病原体,检测结果,检测机构\n" + strings.Repeat("1,2,3,4,5,6,7\n", epidemic.MaxTestRows+1)),
		}
		for want, file := range refused {
			if st, r := apptest.PostFile(t, lab, "/api/v1/epidemic/tests/upload", "x.csv", file); st != 422 ||
				!strings.Contains(r.String(), want) {
				t.Errorf("%s: %d %s", want, st, r)
			}
		}
		big := make([]map[string]any, epidemic.MaxTestRows+1)
		for i := range big {
			big[i] = result(a, "x", "negative", "")
		}
		if st, r := lab.Do("POST", "/api/v1/epidemic/tests", big); st != 422 {
			t.Errorf("too many JSON rows: %d %.300s", st, r)
		}
	})
}

// TestTestsScope: another county's results, coverage and grids are not found.
func TestTestsScope(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		id := e.NewTest(t, apptest.OtherGrid)
		officer := e.Login(t, "epidemic_officer")
		for _, path := range []string{"/api/v1/epidemic/tests/" + id, "/api/v1/epidemic/coverage?region=" + apptest.Other,
			"/api/v1/epidemic/coverage/untested?grid=" + apptest.OtherGrid, "/api/v1/epidemic/tests?region=" + apptest.Other} {
			if st, b := officer.Do("GET", path, nil); st != 404 {
				t.Errorf("%s: %d %s", path, st, b)
			}
		}
		if _, l := officer.Do("GET", "/api/v1/epidemic/tests", nil); strings.Contains(l.String(), id) {
			t.Errorf("another county's result listed: %s", l)
		}
		if st, b := e.Login(t, apptest.OtherAdmin).Do("GET", "/api/v1/epidemic/tests/"+id, nil); st != 200 {
			t.Errorf("its own county's: %d %s", st, b)
		}
	})
}
