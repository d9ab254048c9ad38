package epidemic_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/app/apptest"
	"healthgrid/internal/epidemic"
)

// listCard is what the review list filters and orders a card by, read
// straight from its row: the oracle's view.
type listCard struct {
	id, status, disease, path, unit, cardNo, name, dupOf, dupRes string
	filed                                                        time.Time
}

// listWorld files and moves random cards: several units of both counties,
// a few people (so that 查重 flags some), placed in grids, pools, or the
// filer's region, filed now and then at the same instant.
type listWorld struct {
	e     *apptest.Env
	r     *rand.Rand
	units map[string]*access.Principal // unit id → its filer
	ids   []string                     // unit ids, in order
	n     int
}

func newListWorld(t *testing.T, e *apptest.Env, seed uint64) *listWorld {
	w := &listWorld{e: e, r: rand.New(rand.NewPCG(seed, 16)), units: map[string]*access.Principal{}}
	sys := e.System(t)
	for _, county := range []string{apptest.Home, apptest.Home, apptest.Other} {
		unit := e.NewUnit(t, county)
		w.units[unit] = &access.Principal{UserID: sys.UserID, Username: "cdc", Perms: sys.Perms, Roles: sys.Roles,
			RegionPath: e.City.Path(county), UnitID: unit}
		w.ids = append(w.ids, unit)
	}
	return w
}

var (
	listDiseases = []string{"B06", "C01", "C01", "C11", "B27"}
	listPlaces   = []string{apptest.HomeGrid, "140902001002002", apptest.HomeVillage, apptest.HomeTownship,
		apptest.OtherGrid, ""}
	listNames = []string{"张三", "李四", "张小明"}
)

// input is a random card's fields.
func (w *listWorld) input(cardNo string) epidemic.CardInput {
	idNumber := apptest.IDNumber(7000 + w.r.IntN(6))
	diag := w.e.Clock.Now().Add(-time.Hour)
	return epidemic.CardInput{CardNo: cardNo, ReportType: "initial", Name: listNames[w.r.IntN(len(listNames))],
		IDNumber: idNumber, Sex: sexOf(idNumber), Belongs: "local_county", Address: "东大街12号",
		AddressCode: listPlaces[w.r.IntN(len(listPlaces))], Occupation: "worker", Classification: "clinical",
		OnsetDate: diag.AddDate(0, 0, -1).Format(time.DateOnly), DiagnosedAt: &diag,
		Disease: listDiseases[w.r.IntN(len(listDiseases))], ReportingUnit: "县医院", Doctor: "李医生"}
}

func sexOf(idNumber string) string {
	if (idNumber[16]-'0')%2 == 1 {
		return "male"
	}
	return "female"
}

// step makes one random write of a card — filing, a review (approve,
// return, judged a duplicate), a correction — and answers its kind.
func (w *listWorld) step(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	if w.r.IntN(3) > 0 {
		w.e.Clock.Advance(time.Duration(w.r.IntN(3)) * 97 * time.Minute)
	}
	cards := w.cards(t)
	kind := []string{"file", "file", "approve", "return", "duplicate", "correct"}[w.r.IntN(6)]
	var pick []listCard
	for _, c := range cards {
		switch {
		case kind == "duplicate" && c.status == epidemic.StatusFiled && c.dupOf != "",
			(kind == "approve" || kind == "return") && c.status == epidemic.StatusFiled,
			kind == "correct" && slices.Contains([]string{"filed", "returned", "reviewed"}, c.status):
			pick = append(pick, c)
		}
	}
	if len(pick) == 0 {
		kind = "file"
	}
	var err error
	switch kind {
	case "file":
		w.n++
		unit := w.ids[w.r.IntN(len(w.ids))]
		_, err = w.e.App.Epidemic.FileReport(ctx, w.units[unit], w.input(fmt.Sprintf("L%d", w.n)))
	case "correct":
		c := pick[w.r.IntN(len(pick))]
		in := w.input(c.cardNo)
		in.ReportType, in.Corrects = "correction", c.id
		_, err = w.e.App.Epidemic.FileReport(ctx, w.units[c.unit], in)
	default:
		c := pick[w.r.IntN(len(pick))]
		_, err = w.e.App.Epidemic.ReviewReport(ctx, w.e.System(t), c.id, epidemic.ReviewInput{Decision: kind, Reason: "请核实"})
	}
	if err != nil {
		t.Fatalf("%s: %v", kind, err)
	}
	return kind
}

// cards are every card as its row says.
func (w *listWorld) cards(t *testing.T) []listCard {
	t.Helper()
	rows, err := w.e.App.DB.Query(context.Background(), `SELECT id, status, disease_code, region_path, unit_id, card_no,
		name, COALESCE(duplicate_of, ''), dup_resolution, filed_at FROM epi_reports`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []listCard
	for rows.Next() {
		var c listCard
		if err := rows.Scan(&c.id, &c.status, &c.disease, &c.path, &c.unit, &c.cardNo, &c.name, &c.dupOf, &c.dupRes,
			&c.filed); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkTallies holds the list's tallies to a recount of the cards at every
// level of their placement.
func (w *listWorld) checkTallies(t *testing.T, after string) {
	t.Helper()
	want := map[string]int64{}
	for _, c := range w.cards(t) {
		for _, p := range access.Scope(c.path).Lineage() {
			want[p+" "+c.status+" "+c.disease]++
		}
	}
	rows, err := w.e.App.DB.Query(context.Background(),
		"SELECT region_path, status, disease_code, n FROM epi_report_list_tallies WHERE n <> 0")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]int64{}
	for rows.Next() {
		var p, status, disease string
		var n int64
		if err := rows.Scan(&p, &status, &disease, &n); err != nil {
			t.Fatal(err)
		}
		got[p+" "+status+" "+disease] = n
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("after %s: %s tallied %d, the recount %d", after, k, got[k], n)
		}
	}
	for k, n := range got {
		if want[k] == 0 {
			t.Errorf("after %s: %s tallied %d, the recount 0", after, k, n)
		}
	}
}

// TestReportListTallies: after every kind of write of a card — filed,
// approved, returned, judged a duplicate, corrected (into another place or
// disease) — the list's tallies equal a recount at every level.
func TestReportListTallies(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		w := newListWorld(t, e, 1)
		seen := map[string]bool{}
		for i := 0; i < 60 && !t.Failed(); i++ {
			kind := w.step(t)
			seen[kind] = true
			w.checkTallies(t, kind)
		}
		if len(seen) != 5 {
			t.Errorf("writes tried: %v, want all five kinds", seen)
		}
	})
}

// listed is the brute-force answer: the cards a caller sees (placed in
// scope, or their unit's) that f selects, newest filed first, and a page.
func listed(cards []listCard, scope, unit string, f epidemic.ReportFilter, offset, limit int) ([]string, int) {
	var out []listCard
	for _, c := range cards {
		day := c.filed.In(time.FixedZone("CST", 8*3600)).Format(time.DateOnly)
		switch {
		case scope != "" && !strings.HasPrefix(c.path, scope), scope == "" && c.unit != unit,
			f.Status != "" && c.status != f.Status, f.Disease != "" && c.disease != f.Disease,
			f.Unit != "" && c.unit != f.Unit, f.From != "" && day < f.From, f.To != "" && day > f.To,
			f.Duplicate && (c.dupOf == "" || c.dupRes != ""),
			f.Q != "" && !strings.HasPrefix(c.cardNo, f.Q) && !strings.HasPrefix(c.name, f.Q):
			continue
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b listCard) int {
		if c := b.filed.Compare(a.filed); c != 0 {
			return c
		}
		return strings.Compare(b.id, a.id)
	})
	ids := []string{}
	for i := offset; i < len(out) && i < offset+limit; i++ {
		ids = append(ids, out[i].id)
	}
	return ids, len(out)
}

// TestReportListPages: random cards and random filters — by region,
// status, disease, unit, dates, 查重 flag, search — as the county CDC, the
// city and a hospital see them; each page, chosen, walked off an index or
// sorted, equals the brute-force filter and sort, and so does the total.
func TestReportListPages(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		w := newListWorld(t, e, 2)
		for range 120 {
			w.step(t)
		}
		cards := w.cards(t)
		sys := e.System(t)
		county := &access.Principal{UserID: sys.UserID, Perms: sys.Perms, RegionPath: e.City.Path(apptest.Home)}
		hospital := &access.Principal{UserID: sys.UserID, Perms: map[string]bool{"epidemic:report": true}, UnitID: w.ids[0]}
		days := []string{""}
		for _, c := range cards {
			days = append(days, c.filed.In(time.FixedZone("CST", 8*3600)).Format(time.DateOnly))
		}
		pick := func(xs ...string) string { return xs[w.r.IntN(len(xs))] }
		ctx := context.Background()
		for i := range 200 {
			p := []*access.Principal{county, county, sys, hospital}[w.r.IntN(4)]
			f := epidemic.ReportFilter{Status: pick("", "", "", "filed", "reviewed", "returned", "duplicate", "corrected"),
				Disease: pick("", "", "", "C01", "B06", "C11")}
			if w.r.IntN(3) == 0 {
				f.Region = pick(apptest.Home, apptest.HomeTownship, apptest.HomeVillage, apptest.HomeGrid)
			}
			switch w.r.IntN(8) {
			case 0:
				f.Unit = pick(w.ids...)
			case 1:
				f.From, f.To = pick(days...), pick(days...)
			case 2:
				f.Duplicate = true
			case 3:
				f.Q = pick("L1", "张", "李四", "L")
			}
			offset, limit := w.r.IntN(4)*5, []int{1, 5, 20}[w.r.IntN(3)]
			scope := p.RegionPath
			if f.Region != "" {
				scope = e.City.Path(f.Region)
			}
			if !p.Can("epidemic:read") {
				scope = ""
			}
			want, total := listed(cards, scope, p.UnitID, f, offset, limit)
			for _, how := range []string{"chosen", "walked", "sorted"} {
				var items []epidemic.Card
				var n int
				var err error
				if how == "chosen" {
					items, n, err = e.App.Epidemic.Reports(ctx, p, f, offset, limit)
				} else {
					items, n, err = e.App.Epidemic.ReportsWalked(ctx, p, f, offset, limit, how == "walked")
				}
				if err != nil {
					t.Fatalf("#%d %+v %s: %v", i, f, how, err)
				}
				got := []string{}
				for _, c := range items {
					got = append(got, c.ID)
				}
				if n != total || !slices.Equal(got, want) {
					t.Errorf("#%d %+v [%d:+%d] %s as %s: %d %v, want %d %v", i, f, offset, limit, how, scope, n, got, total, want)
				}
			}
		}
	})
}
