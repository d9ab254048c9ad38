package population_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/population"
)

// Every page of a list, however it is read (walked in order, read off the
// birth index and sorted, or merged from each county's first rows), is the
// page of the matching residents in the list's order, against a brute-force
// filter and sort of every resident.
func TestPagesMatchOrder(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		if err := e.s.Generate(ctx, 1200, 11, nil); err != nil {
			t.Fatal(err)
		}
		all, _, err := e.s.List(ctx, cityPath, population.Filter{AgeMin: -1, AgeMax: -1}, 0, 2000)
		if err != nil {
			t.Fatal(err)
		}
		now := e.clock.Now().In(time.FixedZone("CST", 8*3600))
		age := func(birth string) int {
			b, _ := time.Parse("2006-01-02", birth)
			a := now.Year() - b.Year()
			if now.Month() < b.Month() || now.Month() == b.Month() && now.Day() < b.Day() {
				a--
			}
			return a
		}
		r := rand.New(rand.NewPCG(5, 6))
		scopes := []string{cityPath, xinfu, "140900000000/140921000000/", street}
		tags := []string{"", "", "", "hypertension", "elderly_65", "child_0_6"}
		for i := range 300 {
			f := population.Filter{AgeMin: -1, AgeMax: -1, Tag: tags[r.IntN(len(tags))]}
			if r.IntN(2) == 0 { // a name prefix of one or two characters of someone's name
				n := []rune(all[r.IntN(len(all))].Name)
				f.Q = string(n[:1+r.IntN(2)])
			}
			switch r.IntN(4) {
			case 0:
				f.AgeMin = r.IntN(105)
			case 1:
				f.AgeMin, f.AgeMax = r.IntN(60), 60+r.IntN(40)
			}
			scope := scopes[r.IntN(len(scopes))]
			var want []population.Resident
			for _, it := range all {
				a := age(it.BirthDate)
				if strings.HasPrefix(it.RegionPath, scope) && strings.HasPrefix(it.Name, f.Q) &&
					(f.Tag == "" || slices.Contains(it.Tags, f.Tag)) &&
					(f.AgeMin < 0 || a >= f.AgeMin) && (f.AgeMax < 0 || a <= f.AgeMax) {
					want = append(want, it)
				}
			}
			// a name search over whole counties and no stored tag is in name order, else in the tree's
			byName := f.Q != "" && strings.Count(scope, "/") <= 2 && (f.Tag == "" || f.Tag == "elderly_65" || f.Tag == "child_0_6")
			slices.SortFunc(want, func(a, b population.Resident) int {
				if !byName {
					if c := strings.Compare(a.RegionPath, b.RegionPath); c != 0 {
						return c
					}
				}
				if c := strings.Compare(a.Name, b.Name); c != 0 {
					return c
				}
				return strings.Compare(a.ID, b.ID)
			})
			offset := []int{0, 0, 3, 17}[r.IntN(4)]
			few := []int{1, 2000}[i%2] // never (but for none), or always below: both ways of reading an age range
			got, n, err := e.with(population.Settings{FewRows: few}).List(ctx, scope, f, offset, 10)
			if err != nil || n != len(want) {
				t.Fatalf("%s %+v: total %d (%v), want %d", scope, f, n, err, len(want))
			}
			exp := want[min(offset, len(want)):min(offset+10, len(want))]
			if len(got) != len(exp) {
				t.Fatalf("%s %+v offset %d: %d rows, want %d", scope, f, offset, len(got), len(exp))
			}
			for j := range got {
				if got[j].ID != exp[j].ID {
					t.Fatalf("%s %+v offset %d few %d: row %d is %s %s, want %s %s", scope, f, offset, few, j,
						got[j].Name, got[j].RegionPath, exp[j].Name, exp[j].RegionPath)
				}
			}
		}
	})
}
