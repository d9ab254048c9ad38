package population_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/population"
)

// Registering someone registered outside the caller's region, or in a grid
// outside it, is refused in the same words, which do not say which; the
// refusals are audited and limited per user.
func TestRegisterElsewhere(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		s := e.with(population.Settings{RefusalsPerHour: 2})
		theirs := idNumber("140921", 19700101, 1)
		if _, err := s.Create(ctxAs(e.other), e.other, population.Input{Name: "外辖区", IDNumber: theirs, GridCode: dxGrid}); err != nil {
			t.Fatal(err)
		}
		ctx := ctxAs(e.town)
		_, elsewhere := s.Create(ctx, e.town, population.Input{Name: "外辖区", IDNumber: theirs, GridCode: grid1})
		_, grid := s.Create(ctx, e.town, population.Input{Name: "新人", IDNumber: idNumber("140902", 19900101, 3), GridCode: dxGrid})
		_, both := s.Create(ctx, e.town, population.Input{Name: "外辖区", IDNumber: theirs, GridCode: dxGrid})
		for _, err := range []error{elsewhere, grid, both} {
			if !errors.Is(err, population.ErrRegisterElsewhere) || !errors.Is(err, apperr.ErrConflict) || err.Error() != elsewhere.Error() ||
				!strings.Contains(err.Error(), "该身份证号不能在本辖区登记，如属人员迁入请提交迁入申请 / cannot be registered here; file a transfer") {
				t.Errorf("refusal for scope: %v", err)
			}
		}
		// an ID number of the caller's own region is the conflict it was
		mine := idNumber("140902", 19800101, 5)
		if _, err := s.Create(ctx, e.town, population.Input{Name: "本辖区", IDNumber: mine, GridCode: grid1}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Create(ctx, e.town, population.Input{Name: "本辖区", IDNumber: mine, GridCode: grid2}); !errors.Is(err, population.ErrExists) {
			t.Errorf("in scope: %v", err)
		}
		// the second refusal for an ID number registered elsewhere spends the hour's allowance of two
		r, err := s.Create(ctx, e.town, population.Input{Name: "改号", IDNumber: idNumber("140902", 19800101, 7), GridCode: grid1})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Update(ctx, e.town, r.ID, population.Input{Name: "改号", IDNumber: theirs}); err == nil || err.Error() != elsewhere.Error() {
			t.Errorf("update to an ID number registered elsewhere: %v", err)
		}
		var many apperr.TooMany
		if _, err := s.Create(ctx, e.town, population.Input{Name: "新人", IDNumber: idNumber("140902", 19900101, 9), GridCode: grid1}); !errors.As(err, &many) ||
			many.RetryAfter != 3600 {
			t.Errorf("over the limit, any registration waits: %v", err)
		}
		if _, err := s.Create(ctxAs(e.admin), e.admin, population.Input{Name: "新人", IDNumber: idNumber("140902", 19900101, 9), GridCode: grid1}); err != nil {
			t.Errorf("another user is not limited: %v", err)
		}
		got := outcomes(t, e, "resident.create")
		var failures []string
		for _, g := range got {
			if strings.HasPrefix(g, "failure") {
				failures = append(failures, g)
			}
		}
		if len(failures) != 4 || !strings.Contains(failures[0], `"refused":"scope"`) || !strings.Contains(failures[1], `"refused":"scope"`) ||
			!strings.Contains(failures[0], `"id_idx"`) || !strings.Contains(failures[3], `"refused":"rate_limit"`) {
			t.Errorf("create audit:\n%s", strings.Join(got, "\n"))
		}
		if got := outcomes(t, e, "resident.update"); len(got) != 1 || !strings.Contains(got[0], `"refused":"scope"`) {
			t.Errorf("update audit: %v", got)
		}
		_, n, _ := s.List(ctxAs(e.admin), cityPath, population.Filter{Q: theirs, AgeMin: -1, AgeMax: -1}, 0, 10)
		if n != 1 {
			t.Errorf("%d residents with the ID number, want 1", n)
		}
	})
}

// An import rejects the rows of people registered elsewhere, or placed in a
// grid outside the caller's region, in those same words, and keeps the
// others; past the allowance it answers no more rows.
func TestImportRegisterElsewhere(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		bg := context.Background()
		s := e.with(population.Settings{RefusalsPerHour: 3})
		var theirs []population.ImportRow
		for i := range 4 {
			r := good(100 + i)
			r.IDNumber, r.GridCode = idNumber("140921", 19700101, 11+2*i), dxGrid
			theirs = append(theirs, r)
		}
		if res, err := s.WriteBatch(bg, e.other, population.Insert, check(t, s, e.other, theirs)); err != nil || res.Imported != 4 {
			t.Fatal(res, err)
		}
		rows := []population.ImportRow{good(2), good(3), good(4), good(5), good(6), good(7), good(8)}
		rows[1].IDNumber = theirs[0].IDNumber // elsewhere
		rows[2].GridCode = dxGrid             // a grid outside: not counted
		rows[3].IDNumber = theirs[1].IDNumber // elsewhere
		rows[5].IDNumber = theirs[2].IDNumber // elsewhere: the third, the allowance spent
		for _, mode := range []population.Mode{population.Upsert, population.Insert} {
			t.Run(string(mode), func(t *testing.T) {
				res, err := s.WriteBatch(bg, e.town, mode, check(t, s, e.town, rows))
				if err != nil {
					t.Fatal(err)
				}
				want := map[int]string{3: "不能在本辖区登记", 4: "不能在本辖区登记", 5: "不能在本辖区登记", 7: "不能在本辖区登记", 8: "已达上限"}
				if mode == population.Insert { // the upsert's allowance was spent: nothing is answered
					want = map[int]string{2: "已达上限", 3: "已达上限", 4: "不能在本辖区登记", 5: "已达上限", 6: "已达上限", 7: "已达上限", 8: "已达上限"}
				}
				if len(res.Rejected) != len(want) {
					t.Fatalf("%+v, want rejections %v", res, want)
				}
				for _, r := range res.Rejected {
					if !strings.Contains(r.Reason, want[r.Line]) || r.Column != "身份证号" {
						t.Errorf("line %d: %+v, want %q", r.Line, r, want[r.Line])
					}
				}
			})
		}
		// rows 2 and 6 were imported; row 8, new, was taken back
		_, n, _ := s.List(bg, street, population.Filter{AgeMin: -1, AgeMax: -1}, 0, 10)
		if n != 2 {
			t.Errorf("%d residents in the township, want 2", n)
		}
		_, n, _ = s.List(bg, cityPath, population.Filter{Q: rows[6].IDNumber, AgeMin: -1, AgeMax: -1}, 0, 10)
		if n != 0 {
			t.Errorf("the row after the allowance was kept")
		}
		got := audited(t, e, "resident.import")
		if len(got) != 3 || !strings.Contains(got[1], `"refused_scope":3`) || !strings.Contains(got[1], `"rate_limited":1`) ||
			!strings.Contains(got[2], `"refused_scope":0`) {
			t.Errorf("import audit: %v", got)
		}
	})
}

func check(t *testing.T, s *population.Service, p *access.Principal, rows []population.ImportRow) population.Checked {
	t.Helper()
	c, err := s.CheckBatch(ctxAs(p), p, rows)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
