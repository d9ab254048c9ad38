package population_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/apperr"
	"healthgrid/internal/population"
)

func ptr[T any](v T) *T { return &v }

// audited returns the details of the audit records with action, oldest first.
func audited(t *testing.T, e *env, action string) []string {
	t.Helper()
	rows, err := e.d.Query(context.Background(), "SELECT detail FROM audit_log WHERE action = ? ORDER BY seq", action)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var d string
		rows.Scan(&d)
		out = append(out, d)
	}
	return out
}

func TestResidentLifecycle(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := ctxAs(e.town)
		id := idNumber("140902", 19800101, 2) // female
		in := population.Input{Name: "李四", IDNumber: id, Phone: ptr("138 1234 5678"), Ethnicity: "回", GridCode: grid1,
			Tags: []string{"高血压", "孕产妇"}, Gender: "female", BirthDate: "1980-01-01"}
		r, err := e.s.Create(ctx, e.town, in)
		if err != nil {
			t.Fatal(err)
		}
		if r.Gender != "female" || r.Age != 46 || r.Phone != "138****5678" || r.Ethnicity != "03" || r.ResidenceType != "registered" ||
			r.Status != "active" || !slices.Equal(r.Tags, []string{"hypertension", "pregnant"}) || r.GridName != "东大街社区第一网格" {
			t.Fatalf("created: %+v", r)
		}
		if _, err := e.s.Create(ctx, e.town, in); !errors.Is(err, population.ErrExists) {
			t.Errorf("same ID number twice: %v", err)
		}
		bad := in
		bad.IDNumber, bad.Gender, bad.Phone = idNumber("140902", 19800101, 4), "male", ptr("123")
		var inv apperr.Invalid
		if _, err := e.s.Create(ctx, e.town, bad); !errors.As(err, &inv) || len(inv) != 2 {
			t.Errorf("gender against the ID number and a bad phone: %v", err)
		}
		// a grid out of scope is a refusal for scope before anything else
		bad.GridCode = dxGrid
		if _, err := e.s.Create(ctx, e.town, bad); !errors.Is(err, population.ErrRegisterElsewhere) {
			t.Errorf("a grid out of scope: %v", err)
		}

		// move by point, change tags and status; the ID number and phone stay when sent masked
		lng, lat := 112.715, 38.405
		r, err = e.s.Update(ctx, e.town, r.ID, population.Input{Name: "李四", IDNumber: r.IDNumber, Phone: ptr(r.Phone),
			Ethnicity: "03", Lng: &lng, Lat: &lat, Tags: []string{"diabetes_t2"}, Status: "moved_out"})
		if err != nil {
			t.Fatal(err)
		}
		if r.GridCode != grid2 || r.Status != "moved_out" || r.Phone != "138****5678" || !slices.Equal(r.Tags, []string{"diabetes_t2"}) {
			t.Fatalf("updated: %+v", r)
		}
		full, err := e.s.Reveal(ctx, e.town, r.ID, nil)
		if err != nil || full.IDNumber != id || full.Phone != "13812345678" {
			t.Fatalf("reveal: %+v %v", full, err)
		}
		if _, err := e.s.Reveal(ctx, e.town, r.ID, []string{"phone"}); err != nil {
			t.Fatal(err)
		}
		if got := audited(t, e, "resident.reveal"); len(got) != 2 || !strings.Contains(got[0], `"id_number","phone"`) ||
			!strings.Contains(got[1], `["phone"]`) {
			t.Errorf("reveal audit: %v", got)
		}
		if _, err := e.s.Reveal(ctx, e.town, r.ID, []string{"name"}); err == nil {
			t.Error("reveal of a field that is not secret")
		}

		// delete, then the same person registered again comes back with their history
		if err := e.s.Delete(ctx, e.town, r.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Get(ctx, street, r.ID); !errors.Is(err, population.ErrNotFound) {
			t.Errorf("deleted resident: %v", err)
		}
		if _, n, _ := e.s.List(ctx, street, population.Filter{AgeMin: -1, AgeMax: -1}, 0, 10); n != 0 {
			t.Errorf("deleted resident listed: %d", n)
		}
		again, err := e.s.Create(ctx, e.town, population.Input{Name: "李四", IDNumber: id, GridCode: grid1})
		if err != nil || again.ID != r.ID || again.Status != "active" {
			t.Fatalf("restored: %+v %v", again, err)
		}
		h, err := e.s.History(ctx, street, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, ev := range h {
			actions = append(actions, ev.Action)
		}
		want := []string{"created", "moved", "tags_changed", "status_changed", "deleted", "restored"}
		if !slices.Equal(actions, want) {
			t.Errorf("history %v, want %v", actions, want)
		}
		if d := h[2].Detail; !slices.Equal(toStrings(d["added"]), []string{"diabetes_t2"}) || len(toStrings(d["removed"])) != 2 {
			t.Errorf("tags detail: %+v", d)
		}
		for a, n := range map[string]int{"resident.create": 2, "resident.update": 1, "resident.delete": 1, "resident.restore": 1} {
			if len(audited(t, e, a)) != n { // the refused create too
				t.Errorf("audit %s: %d records, want %d", a, len(audited(t, e, a)), n)
			}
		}
	})
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

func TestResidentScope(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		mine, err := e.s.Create(ctxAs(e.town), e.town, population.Input{Name: "本辖区", IDNumber: idNumber("140902", 19700101, 1), GridCode: grid1})
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := e.s.Create(ctxAs(e.other), e.other, population.Input{Name: "外辖区", IDNumber: idNumber("140921", 19700101, 1), GridCode: dxGrid})
		if err != nil {
			t.Fatal(err)
		}
		ctx := ctxAs(e.town)
		if _, err := e.s.Get(ctx, street, theirs.ID); !errors.Is(err, population.ErrNotFound) {
			t.Errorf("get: %v", err)
		}
		if _, err := e.s.Update(ctx, e.town, theirs.ID, population.Input{Name: "越权", GridCode: grid1}); !errors.Is(err, population.ErrNotFound) {
			t.Errorf("update: %v", err)
		}
		if err := e.s.Delete(ctx, e.town, theirs.ID); !errors.Is(err, population.ErrNotFound) {
			t.Errorf("delete: %v", err)
		}
		if _, err := e.s.Reveal(ctx, e.town, theirs.ID, nil); !errors.Is(err, population.ErrNotFound) {
			t.Errorf("reveal: %v", err)
		}
		if _, err := e.s.History(ctx, street, theirs.ID); !errors.Is(err, population.ErrNotFound) {
			t.Errorf("history: %v", err)
		}
		for _, f := range []population.Filter{{}, {Q: "外"}, {Q: idNumber("140921", 19700101, 1)}, {Path: "140900000000/140921000000/"}} {
			f.AgeMin, f.AgeMax = -1, -1
			items, n, err := e.s.List(ctx, street, f, 0, 10)
			if err != nil || n > 1 || len(items) > 1 || (n == 1 && items[0].ID != mine.ID) {
				t.Errorf("list %+v in the township: %d %+v %v", f, n, items, err)
			}
		}
		if _, n, _ := e.s.List(ctx, cityPath, population.Filter{AgeMin: -1, AgeMax: -1}, 0, 10); n != 2 {
			t.Errorf("the city sees %d, want 2", n)
		}
		var buf strings.Builder
		if n, err := e.s.Export(ctx, e.town, population.Filter{AgeMin: -1, AgeMax: -1}, population.ExportOptions{}, &buf); err != nil || n != 1 {
			t.Errorf("export in the township: %d rows %v", n, err)
		}
	})
}

// Age-based tags follow the clock: someone turns 65 at midnight Beijing time.
func TestDerivedAgeTags(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := ctxAs(e.town)
		// the clock stands at 2026-11-23 10:00 in Beijing
		old, err := e.s.Create(ctx, e.town, population.Input{Name: "老人", IDNumber: idNumber("140902", 19611124, 1), GridCode: grid1})
		if err != nil {
			t.Fatal(err)
		}
		kid, err := e.s.Create(ctx, e.town, population.Input{Name: "儿童", IDNumber: idNumber("140902", 20191124, 3), GridCode: grid1,
			Tags: []string{"0-6岁儿童"}})
		if err != nil {
			t.Fatal(err)
		}
		count := func(tag string, ageMin, ageMax int) int {
			_, n, err := e.s.List(ctx, street, population.Filter{Tag: tag, AgeMin: ageMin, AgeMax: ageMax}, 0, 10)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		tags := func(id string) []string {
			r, err := e.s.Get(ctx, street, id)
			if err != nil {
				t.Fatal(err)
			}
			return r.Tags
		}
		if count("elderly_65", -1, -1) != 0 || count("child_0_6", -1, -1) != 1 || len(tags(old.ID)) != 0 ||
			!slices.Equal(tags(kid.ID), []string{"child_0_6"}) || count("", 64, 64) != 1 || count("", 0, 6) != 1 {
			t.Fatalf("before the birthdays: %v %v", tags(old.ID), tags(kid.ID))
		}
		counts, _ := e.s.GridCounts(ctx, []string{grid1})
		if counts[grid1].KeyPopulations != 1 || counts[grid1].Residents != 2 {
			t.Errorf("grid counts: %+v", counts)
		}
		e.clock.Set(time.Date(2026, 11, 23, 16, 0, 0, 0, time.UTC)) // 00:00 on the 24th in Beijing
		if count("elderly_65", -1, -1) != 1 || count("child_0_6", -1, -1) != 0 || !slices.Equal(tags(old.ID), []string{"elderly_65"}) ||
			len(tags(kid.ID)) != 0 || count("", 65, -1) != 1 || count("", 0, 6) != 0 || count("", 7, 7) != 1 {
			t.Errorf("after the birthdays: %v %v", tags(old.ID), tags(kid.ID))
		}
		counts, _ = e.s.GridCounts(ctx, []string{grid1})
		if counts[grid1].KeyPopulations != 1 {
			t.Errorf("grid counts after: %+v", counts)
		}
	})
}

func TestListFilters(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := ctxAs(e.admin)
		rows := benchRows(0, 40)
		rows[0].Name, rows[0].Phone = "欧阳修", "13900000000"
		rows[1].Name, rows[1].ResidenceType = "欧阳锋", "流动"
		rows[2].GridCode = dxGrid
		if res, err := e.importBatch(ctx, e.admin, population.Insert, rows); err != nil || res.Imported != 40 {
			t.Fatalf("%+v %v", res, err)
		}
		for _, c := range []struct {
			scope string
			f     population.Filter
			want  int
		}{
			{cityPath, population.Filter{Q: "欧阳"}, 2},
			{xinfu, population.Filter{Q: "欧阳"}, 2},
			{xinfu, population.Filter{Q: "欧阳修"}, 1},
			{xinfu, population.Filter{Q: "13900000000"}, 1},
			{xinfu, population.Filter{Q: "+86 139 0000 0000"}, 1},
			{xinfu, population.Filter{Q: rows[5].IDNumber}, 1},
			{xinfu, population.Filter{Q: strings.ToLower(rows[5].IDNumber)}, 1},
			{cityPath, population.Filter{GridPath: cityPath + "140921000000/140921100000/140921100001/" + dxGrid + "/"}, 1},
			{xinfu, population.Filter{ResidenceType: "floating"}, 1},
			{xinfu, population.Filter{Tag: "hypertension"}, 8},
			{xinfu, population.Filter{Tag: "hypertension", Q: "王"}, 7}, // the first is 欧阳修 now
			{xinfu, population.Filter{Status: "deceased"}, 0},
			{cityPath, population.Filter{}, 40},
			{cityPath, population.Filter{Path: xinfu, GridPath: cityPath + "140921000000/"}, 0},
			{cityPath, population.Filter{AgeMin: 80}, 40},
			{xinfu, population.Filter{AgeMin: 80}, 39},
			{street, population.Filter{AgeMin: 80, AgeMax: 90}, 39},
			{xinfu, population.Filter{Tag: "elderly_65", Q: "王"}, 37},
			{cityPath, population.Filter{Tag: "child_0_6"}, 0},
			{xinfu, population.Filter{AgeMax: 50}, 0},
		} {
			if c.f.AgeMin == 0 {
				c.f.AgeMin = -1
			}
			if c.f.AgeMax == 0 {
				c.f.AgeMax = -1
			}
			items, n, err := e.s.List(ctx, c.scope, c.f, 0, 5)
			if err != nil || n != c.want || len(items) != min(5, c.want) {
				t.Errorf("%+v: %d (%d items) %v, want %d", c.f, n, len(items), err, c.want)
			}
		}
		items, _, _ := e.s.List(ctx, xinfu, population.Filter{Q: "欧阳", AgeMin: -1, AgeMax: -1}, 0, 5)
		if len(items) == 2 && items[0].Name != "欧阳修" {
			t.Errorf("name search in name order: %s, %s", items[0].Name, items[1].Name)
		}
	})
}
