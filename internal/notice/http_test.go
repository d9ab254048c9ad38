package notice_test

import (
	"strings"
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/testkit"
)

// TestNoticeLifecycle writes a notice as a county's health staff, has the
// leader review it, and reads it as the people it was published to.
func TestNoticeLifecycle(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		staff, leader, admin := e.Login(t, "health_staff"), e.Login(t, "leader"), e.Login(t, "region_admin")
		resident, worker, anon := e.Login(t, "resident"), e.Login(t, "grid_worker"), e.Client(t)
		// bad input names each field; nothing is written
		st, b := staff.Do("POST", "/api/v1/notices", map[string]any{"kind": "notice", "title": "  ", "body": "x",
			"target_codes": []string{apptest.HomeVillage, apptest.OtherVillage}})
		if st != 422 || !strings.Contains(b.String(), "body.title") || !strings.Contains(b.String(), "body.target_codes[1]") {
			t.Errorf("bad draft: %d %s", st, b)
		}
		targets := make([]string, 51)
		for i := range targets {
			targets[i] = apptest.HomeVillage
		}
		if st, b := staff.Do("POST", "/api/v1/notices", map[string]any{"kind": "notice", "title": "t", "body": "x",
			"target_codes": targets}); st != 422 {
			t.Errorf("51 targets: %d %s", st, b)
		}
		// a village and a grid inside it are one target
		st, n := staff.Do("POST", "/api/v1/notices", map[string]any{"kind": "notice", "title": "冬季流感疫苗接种通知",
			"body":         "东大街社区卫生服务站周二上午为60岁以上老人免费接种。\n请携带身份证。",
			"target_codes": []string{apptest.HomeGrid, apptest.HomeVillage}})
		if st != 201 || n.Str("status") != "draft" || n.Str("summary") != "东大街社区卫生服务站周二上午为60岁以上老人免费接种。" ||
			n.Str("targets.0.code") != apptest.HomeVillage || n.Str("targets.1.code") != "" {
			t.Fatalf("draft: %d %s", st, n)
		}
		id := n.Str("id")
		if st, b := resident.Do("GET", "/api/v1/public/notices/"+id, nil); st != 404 {
			t.Errorf("a draft is not public: %d %s", st, b)
		}
		if st, b := leader.Do("POST", "/api/v1/notices/"+id+"/approve", map[string]any{}); st != 409 {
			t.Errorf("approve a draft: %d %s", st, b)
		}
		if st, b := staff.Do("POST", "/api/v1/notices/"+id+"/submit", map[string]any{}); st != 200 || b.Str("status") != "pending" {
			t.Fatalf("submit: %d %s", st, b)
		}
		if st, b := staff.Do("PUT", "/api/v1/notices/"+id, map[string]any{"kind": "notice", "title": "改", "body": "改",
			"target_codes": []string{apptest.HomeVillage}}); st != 409 {
			t.Errorf("edit while pending: %d %s", st, b)
		}
		if st, b := leader.Do("POST", "/api/v1/notices/"+id+"/reject", map[string]any{}); st != 422 ||
			!strings.Contains(b.String(), "body.comment") {
			t.Errorf("reject without a reason: %d %s", st, b)
		}
		if st, b := leader.Do("POST", "/api/v1/notices/"+id+"/reject", map[string]any{"comment": "请写明接种地点"}); st != 200 ||
			b.Str("status") != "draft" || b.Str("review_comment") != "请写明接种地点" {
			t.Fatalf("reject: %d %s", st, b)
		}
		staff.Do("POST", "/api/v1/notices/"+id+"/submit", map[string]any{})
		if st, b := leader.Do("POST", "/api/v1/notices/"+id+"/approve", map[string]any{}); st != 200 ||
			b.Str("status") != "published" || b.Str("reviewer_name") == "" || b.Str("published_at") == "" {
			t.Fatalf("approve: %d %s", st, b)
		}
		// the people of the village read it; the county's staff, above it, and visitors do not
		st, l := resident.Do("GET", "/api/v1/public/notices", nil)
		if st != 200 || l.Int("total") != 1 || l.Int("unread") != 1 || l.Str("items.0.id") != id || l.Get("items.0.read") != false ||
			l.Str("items.0.body") != "" || l.Str("items.0.publisher") == "" {
			t.Fatalf("resident's notices: %d %s", st, l)
		}
		if st, b := resident.Do("GET", "/api/v1/public/notices/"+id, nil); st != 200 || !strings.Contains(b.Str("body"), "请携带身份证") ||
			b.Get("read") != true {
			t.Errorf("read: %d %s", st, b)
		}
		resident.Do("GET", "/api/v1/public/notices/"+id, nil) // a second read is one reader
		worker.Do("GET", "/api/v1/public/notices/"+id, nil)
		if _, l := resident.Do("GET", "/api/v1/public/notices", nil); l.Int("unread") != 0 || l.Get("items.0.read") != true {
			t.Errorf("after reading: %s", l)
		}
		if _, l := staff.Do("GET", "/api/v1/public/notices", nil); l.Int("total") != 0 {
			t.Errorf("the county's staff are above the target: %s", l)
		}
		if _, l := anon.Do("GET", "/api/v1/public/notices", nil); l.Int("total") != 0 {
			t.Errorf("visitors see city-wide notices only: %s", l)
		}
		if st, b := admin.Do("GET", "/api/v1/notices/"+id+"/reads?region="+apptest.HomeVillage, nil); st != 200 ||
			b.Int("read") != 2 || b.Str("children.0.code") != apptest.HomeGrid || b.Int("children.0.read") != 2 {
			t.Errorf("reads: %d %s", st, b)
		}
		if _, b := admin.Do("GET", "/api/v1/notices?status=published", nil); b.Int("total") != 1 || b.Int("items.0.reads") != 2 {
			t.Errorf("console list: %s", b)
		}
		if st, b := staff.Do("POST", "/api/v1/notices/"+id+"/withdraw", map[string]any{"comment": "活动改期"}); st != 200 ||
			b.Str("status") != "withdrawn" {
			t.Fatalf("withdraw: %d %s", st, b)
		}
		if st, _ := resident.Do("GET", "/api/v1/public/notices/"+id, nil); st != 404 {
			t.Errorf("a withdrawn notice is gone: %d", st)
		}
		// a city-wide article: reviewed by a reviewer of the city, not its author
		city := e.Login(t, apptest.Admin)
		_, a := city.Do("POST", "/api/v1/notices", map[string]any{"kind": "article", "title": "冬季预防一氧化碳中毒",
			"body": "煤炉取暖要通风。", "target_codes": []string{apptest.CityCode}})
		article := a.Str("id")
		city.Do("POST", "/api/v1/notices/"+article+"/submit", map[string]any{})
		if st, b := city.Do("POST", "/api/v1/notices/"+article+"/approve", map[string]any{}); st != 403 {
			t.Errorf("the author approves their own: %d %s", st, b)
		}
		if st, b := admin.Do("POST", "/api/v1/notices/"+article+"/approve", map[string]any{}); st != 404 {
			t.Errorf("a county admin reviews the city's notice: %d %s", st, b)
		}
		if _, l := anon.Do("GET", "/api/v1/public/notices?kind=article", nil); l.Int("total") != 0 {
			t.Errorf("an unapproved article: %s", l)
		}
		reviewer := e.Login(t, e.NewUser(t, apptest.CityCode, "leader").Username)
		if st, b := reviewer.Do("POST", "/api/v1/notices/"+article+"/approve", map[string]any{}); st != 200 {
			t.Fatalf("the city's leader approves: %d %s", st, b)
		}
		for name, c := range map[string]*testkit.Client{"visitor": anon, "resident": resident, "county staff": staff} {
			if _, l := c.Do("GET", "/api/v1/public/notices?kind=article", nil); l.Int("total") != 1 || l.Str("items.0.id") != article {
				t.Errorf("the city-wide article for a %s: %s", name, l)
			}
		}
		if st, _ := anon.Do("GET", "/api/v1/public/notices/"+article, nil); st != 200 {
			t.Errorf("a visitor reads the city-wide article: %d", st)
		}
		if _, b := admin.Do("GET", "/api/v1/audit?action=notice.", nil); b.Int("total") < 6 {
			t.Errorf("audit: %s", b)
		}
	})
}
