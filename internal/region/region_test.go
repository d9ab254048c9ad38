package region_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
	"healthgrid/internal/region"
	"healthgrid/internal/testkit"
)

func TestLevelOf(t *testing.T) {
	cases := []struct{ code, level, parent string }{
		{"140900000000", region.City, ""},
		{"140902000000", region.County, "140900000000"},
		{"140902001000", region.Township, "140902000000"},
		{"140902001002", region.Village, "140902001000"},
		{"140902001002001", region.Grid, "140902001002"},
		{"14090200100", "", ""},     // 11 digits
		{"14090200100a", "", ""},    // not digits
		{"000900000000", "", ""},    // no province
		{"140000000000", "", ""},    // a province
		{"140900001000", "", ""},    // township without county digits
		{"140902000002", "", ""},    // village without township digits
		{"140902001002000", "", ""}, // grid 000
		{"140902001000001", "", ""}, // grid under a township
	}
	for _, c := range cases {
		level, parent, err := region.LevelOf(c.code)
		if level != c.level || parent != c.parent || (err != nil) != (c.level == "") {
			t.Errorf("LevelOf(%s) = %q, %q, %v; want %q, %q", c.code, level, parent, err, c.level, c.parent)
		}
	}
}

// FuzzLevelOf: a valid code's parent is itself valid, one level up, and a prefix of it.
func FuzzLevelOf(f *testing.F) {
	for _, s := range []string{"140900000000", "140902001002001", "1", "140902001002", "abc"} {
		f.Add(s)
	}
	order := map[string]int{region.City: 0, region.County: 1, region.Township: 2, region.Village: 3, region.Grid: 4}
	f.Fuzz(func(t *testing.T, code string) {
		level, parent, err := region.LevelOf(code)
		if err != nil {
			return
		}
		if level == region.City {
			if parent != "" {
				t.Fatalf("city %s has parent %s", code, parent)
			}
			return
		}
		pl, pp, err := region.LevelOf(parent)
		if err != nil || order[pl] != order[level]-1 {
			t.Fatalf("%s (%s): parent %s is %q, %v", code, level, parent, pl, err)
		}
		if !strings.HasPrefix(code, strings.TrimRight(parent, "0")) || (pp == "" && pl != region.City) {
			t.Fatalf("%s: parent %s is not its prefix", code, parent)
		}
	})
}

func square(x, y, size float64) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}`,
		x, y, x+size, y, x+size, y+size, x, y+size, x, y))
}

func TestStore(t *testing.T) {
	ctx := context.Background()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		now := func() time.Time { return time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC) }
		s := region.New(region.Deps{DB: d, Audit: audit.New(audit.Deps{DB: d, Key: []byte("k"), Now: now}), Now: now})
		err := s.Seed(ctx, []region.Input{
			{Code: "140900000000", Name: "忻州市"}, {Code: "140902000000", Name: "忻府区"}, {Code: "140921000000", Name: "定襄县"},
			{Code: "140902001000", Name: "秀容街道"}, {Code: "140902001002", Name: "东大街社区"},
			{Code: "140902001002001", Name: "第1网格", Geometry: square(112, 38, 1)},
			{Code: "140902001002002", Name: "第2网格", Geometry: square(113, 38, 1)},
		})
		if err != nil {
			t.Fatal(err)
		}
		xinfu := "140900000000/140902000000/"
		if kids, err := s.Children(ctx, "140900000000/", "140900000000", false); err != nil || len(kids) != 2 || kids[0].ChildrenCount != 1 {
			t.Fatalf("children of the city: %+v %v", kids, err)
		}
		if _, err := s.Get(ctx, xinfu, "140921000000", false); !errors.Is(err, region.ErrNotFound) {
			t.Fatalf("out of scope: %v", err)
		}
		if _, err := s.Children(ctx, xinfu, "140921000000", false); !errors.Is(err, region.ErrNotFound) {
			t.Fatalf("children out of scope: %v", err)
		}
		for _, c := range []struct{ scope, code, want string }{
			{xinfu, "", xinfu},
			{xinfu, "140900000000", xinfu},
			{xinfu, "140902001000", xinfu + "140902001000/"},
			{xinfu, "140921000000", ""},
			{xinfu, "149999000000", ""},
		} {
			got, err := s.Within(ctx, c.scope, c.code)
			if got != c.want || (err != nil) != (c.want == "") {
				t.Errorf("Within(%s, %s) = %q, %v; want %q", c.scope, c.code, got, err, c.want)
			}
		}
		g, chain, err := s.Locate(ctx, xinfu, 113.5, 38.5)
		if err != nil || g.Code != "140902001002002" || len(chain) != 5 || chain[0].Code != "140900000000" {
			t.Fatalf("locate: %+v %d %v", g, len(chain), err)
		}
		if _, _, err := s.Locate(ctx, xinfu, 100, 30); !errors.Is(err, region.ErrNoGrid) {
			t.Fatalf("locate outside: %v", err)
		}
		// a grid outside the scope is not found, as one that is not there
		if _, _, err := s.Locate(ctx, xinfu+"140902002000/", 113.5, 38.5); !errors.Is(err, region.ErrNoGrid) {
			t.Fatalf("locate out of scope: %v", err)
		}
		// moving a boundary moves the answer at once
		if _, err := s.Update(ctx, xinfu, "140902001002001", region.Input{Name: "第1网格", Geometry: square(120, 40, 1)}); err != nil {
			t.Fatal(err)
		}
		if g, _, err := s.Locate(ctx, "", 120.5, 40.5); err != nil || g.Code != "140902001002001" {
			t.Fatalf("after update: %v %v", g.Code, err)
		}
		// create: validation names the fields; parent must be in scope
		_, err = s.Create(ctx, xinfu, region.Input{Code: "140921001000", Name: "x"})
		var inv apperr.Invalid
		if !errors.As(err, &inv) || inv[0].Field != "body.code" {
			t.Fatalf("create out of scope: %v", err)
		}
		_, err = s.Create(ctx, xinfu, region.Input{Code: "140902001003", Name: " ", Level: "grid",
			Geometry: json.RawMessage(`{"type":"Point","coordinates":[1,2]}`)})
		if !errors.As(err, &inv) || len(inv) != 3 {
			t.Fatalf("create bad input: %v", err)
		}
		if _, err := s.Create(ctx, xinfu, region.Input{Code: "140902001003", Name: "新社区"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Create(ctx, xinfu, region.Input{Code: "140902001003", Name: "新社区"}); !errors.Is(err, region.ErrExists) {
			t.Fatalf("duplicate: %v", err)
		}
		r, err := s.Get(ctx, xinfu, "140902001003", false)
		if err != nil || r.Path != "140900000000/140902000000/140902001000/140902001003/" || r.Level != region.Village {
			t.Fatalf("created: %+v %v", r, err)
		}
	})
}
