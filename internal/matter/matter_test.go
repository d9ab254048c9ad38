package matter_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/calendar"
	"healthgrid/internal/db"
	"healthgrid/internal/matter"
	"healthgrid/internal/testkit"
)

func newService(t *testing.T, d *db.DB) (*matter.Service, *testkit.Clock) {
	clock := testkit.NewClock(time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC))
	return matter.New(matter.Deps{DB: d, Audit: audit.New(audit.Deps{DB: d, Key: []byte("k"), Now: clock.Now}), Now: clock.Now}), clock
}

// sample is a valid matter in the seeded 环境卫生 category.
func sample(code string) matter.CreateInput {
	day := calendar.Limit{Amount: 1, Unit: calendar.WorkingDays}
	return matter.CreateInput{Code: code, Input: matter.Input{CategoryCode: "HJWS", Name: " 楼道堆物 ",
		Routing: map[string]matter.Route{"village": {Lead: "community_committee"}},
		Limits:  matter.Limits{Dispatch: calendar.Limit{Amount: 2, Unit: calendar.WorkingHours}, Handle: day, Verify: day},
		Enabled: true, SelfHandle: true}}
}

func fieldsOf(err error) []string {
	var inv apperr.Invalid
	if !errors.As(err, &inv) {
		return nil
	}
	var out []string
	for _, f := range inv {
		out = append(out, f.Field)
	}
	return out
}

func TestMatters(t *testing.T) {
	ctx := context.Background()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		s, _ := newService(t, d)
		m, err := s.Create(ctx, sample("HJWS-90"))
		if err != nil {
			t.Fatal(err)
		}
		if m.Name != "楼道堆物" || m.CategoryName != "环境卫生" || m.DefaultPriority != "normal" || !m.Enabled ||
			m.Routing["village"].Co == nil || m.Limits.Dispatch.Unit != calendar.WorkingHours || m.CreatedAt.IsZero() {
			t.Fatalf("created: %+v", m)
		}
		if _, err := s.Create(ctx, sample("HJWS-90")); !errors.Is(err, matter.ErrCodeTaken) || !errors.Is(err, apperr.ErrConflict) {
			t.Errorf("the same code twice: %v", err)
		}
		bad := sample("HJWS-91")
		bad.CategoryCode = "NOPE"
		if _, err := s.Create(ctx, bad); !slices.Equal(fieldsOf(err), []string{"body.category_code"}) {
			t.Errorf("unknown category: %v", err)
		}

		got, err := s.Get(ctx, "HJWS-90") // now cached
		if err != nil || got.Name != "楼道堆物" {
			t.Fatalf("get: %+v %v", got, err)
		}
		got.Routing["village"] = matter.Route{Lead: "cdc"}
		if again, _ := s.Get(ctx, "HJWS-90"); again.Routing["village"].Lead != "community_committee" {
			t.Errorf("a caller's change to a matter stays its own: %+v", again.Routing)
		}
		in := got.Input
		in.Enabled, in.CategoryCode, in.Name = false, "BMSW", "楼道杂物堆放"
		if _, err := s.Update(ctx, "HJWS-90", in); err != nil {
			t.Fatal(err)
		}
		got, err = s.Get(ctx, "HJWS-90")
		if err != nil || got.Enabled || got.CategoryName != "病媒生物" || got.Routing["village"].Lead != "cdc" {
			t.Fatalf("get after update sees the edit: %+v %v", got, err)
		}
		if _, err := s.Update(ctx, "HJWS-99", in); !errors.Is(err, matter.ErrNotFound) {
			t.Errorf("update of an unknown matter: %v", err)
		}
		if _, err := s.Get(ctx, "HJWS-99"); !errors.Is(err, matter.ErrNotFound) {
			t.Errorf("get of an unknown matter: %v", err)
		}
		var changed string
		if err := d.QueryRow(ctx, "SELECT detail FROM audit_log WHERE action = 'matter.update'").Scan(&changed); err != nil ||
			!strings.Contains(changed, `"changed":["category_code","enabled","name","routing"]`) {
			t.Errorf("the audit record names the changed fields: %s %v", changed, err)
		}

		on, off := true, false
		for _, c := range []struct {
			f    matter.Filter
			want func(n int) bool
		}{
			{matter.Filter{}, func(n int) bool { return n >= 26 }},
			{matter.Filter{Category: "GGWS"}, func(n int) bool { return n >= 10 }}, // subcategories included
			{matter.Filter{Category: "CRB"}, func(n int) bool { return n == 4 }},
			{matter.Filter{Category: "BMSW", Enabled: &off}, func(n int) bool { return n == 1 }},
			{matter.Filter{Category: "BMSW", Enabled: &on}, func(n int) bool { return n == 2 }},
			{matter.Filter{Q: "食源性"}, func(n int) bool { return n == 1 }},
			{matter.Filter{Q: "crb-0"}, func(n int) bool { return n == 4 }},
		} {
			items, err := s.List(ctx, c.f)
			if err != nil || !c.want(len(items)) {
				t.Errorf("list %+v: %d %v", c.f, len(items), err)
			}
		}
		if _, err := s.List(ctx, matter.Filter{Category: "NOPE"}); !errors.Is(err, matter.ErrCategoryNotFound) {
			t.Errorf("list of an unknown category: %v", err)
		}
		all, _ := s.List(ctx, matter.Filter{})
		if all[0].CategoryCode != "HJWS" || all[len(all)-1].Code != "QT-01" {
			t.Errorf("the list follows the tree: first %s, last %s", all[0].Code, all[len(all)-1].Code)
		}
	})
}

// TestCache shows another instance's edits: a new code at once, a change
// within the cache's lifetime.
func TestCache(t *testing.T) {
	ctx := context.Background()
	d := testkit.NewSQLite(t)
	s, clock := newService(t, d)
	if _, err := s.Get(ctx, "HJWS-01"); err != nil {
		t.Fatal(err)
	}
	other, _ := newService(t, d)
	if _, err := other.Create(ctx, sample("HJWS-90")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, "HJWS-90"); err != nil {
		t.Errorf("a matter created elsewhere: %v", err)
	}
	m, _ := other.Get(ctx, "HJWS-01")
	m.Name = "生活垃圾乱堆放"
	if _, err := other.Update(ctx, "HJWS-01", m.Input); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Get(ctx, "HJWS-01"); m.Name != "生活垃圾乱堆乱放" {
		t.Errorf("within its lifetime the cache serves: %s", m.Name)
	}
	clock.Advance(2 * time.Minute)
	if m, _ := s.Get(ctx, "HJWS-01"); m.Name != "生活垃圾乱堆放" {
		t.Errorf("after its lifetime the cache reloads: %s", m.Name)
	}
}

func TestCategories(t *testing.T) {
	ctx := context.Background()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		s, _ := newService(t, d)
		top, err := s.CreateCategory(ctx, matter.CreateCategoryInput{Code: "YJ", CategoryInput: matter.CategoryInput{Name: " 应急处置 ", Sort: 5}})
		if err != nil || top.Name != "应急处置" || top.ParentCode != "" {
			t.Fatalf("create top: %+v %v", top, err)
		}
		child, err := s.CreateCategory(ctx, matter.CreateCategoryInput{Code: "YJZY", CategoryInput: matter.CategoryInput{ParentCode: "YJ", Name: "应急物资"}})
		if err != nil || child.ParentCode != "YJ" {
			t.Fatalf("create child: %+v %v", child, err)
		}
		for _, c := range []struct {
			name string
			in   matter.CreateCategoryInput
			want []string
		}{
			{"bad code, no name", matter.CreateCategoryInput{Code: "yj-1"}, []string{"body.code", "body.name"}},
			{"unknown parent", matter.CreateCategoryInput{Code: "ZZ", CategoryInput: matter.CategoryInput{Name: "x", ParentCode: "NOPE"}}, []string{"body.parent_code"}},
			{"sort out of range", matter.CreateCategoryInput{Code: "ZZ", CategoryInput: matter.CategoryInput{Name: "x", Sort: -1}}, []string{"body.sort"}},
		} {
			if _, err := s.CreateCategory(ctx, c.in); !slices.Equal(fieldsOf(err), c.want) {
				t.Errorf("%s: %v, want %v", c.name, err, c.want)
			}
		}
		if _, err := s.CreateCategory(ctx, matter.CreateCategoryInput{Code: "YJ", CategoryInput: matter.CategoryInput{Name: "x"}}); !errors.Is(err, matter.ErrCodeTaken) {
			t.Errorf("the same code twice: %v", err)
		}
		if _, err := s.UpdateCategory(ctx, "YJ", matter.CategoryInput{Name: "应急", ParentCode: "YJZY"}); !slices.Equal(fieldsOf(err), []string{"body.parent_code"}) {
			t.Errorf("moving below itself: %v", err)
		}
		if _, err := s.UpdateCategory(ctx, "NOPE", matter.CategoryInput{Name: "x"}); !errors.Is(err, matter.ErrCategoryNotFound) {
			t.Errorf("update of an unknown category: %v", err)
		}
		if c, err := s.UpdateCategory(ctx, "YJZY", matter.CategoryInput{Name: "应急物资保障", ParentCode: "GGWS", Sort: 7}); err != nil || c.ParentCode != "GGWS" || c.Sort != 7 {
			t.Errorf("move: %+v %v", c, err)
		}
		in := sample("YJZY-01")
		in.CategoryCode = "YJZY"
		if _, err := s.Create(ctx, in); err != nil {
			t.Fatal(err)
		}
		if m, _ := s.Get(ctx, "YJZY-01"); m.CategoryName != "应急物资保障" {
			t.Errorf("the matter carries its category's name: %s", m.CategoryName)
		}
		for _, code := range []string{"GGWS", "YJZY"} {
			if err := s.DeleteCategory(ctx, code); !errors.Is(err, matter.ErrCategoryInUse) {
				t.Errorf("delete of %s, not empty: %v", code, err)
			}
		}
		if err := s.DeleteCategory(ctx, "YJ"); err != nil {
			t.Errorf("delete of an empty category: %v", err)
		}
		if err := s.DeleteCategory(ctx, "YJ"); !errors.Is(err, matter.ErrCategoryNotFound) {
			t.Errorf("delete twice: %v", err)
		}

		nodes, err := s.Tree(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, n := range nodes {
			names = append(names, n.Name)
		}
		if !slices.Equal(names, []string{"公共卫生", "医疗服务", "健康管理", "综合"}) {
			t.Errorf("top categories: %v", names)
		}
		last := nodes[0].Children[len(nodes[0].Children)-1]
		if last.Code != "YJZY" || len(last.Matters) != 1 || len(nodes[0].Matters) != 0 {
			t.Errorf("moved category with its matter at the end of 公共卫生: %+v", last)
		}
	})
}
