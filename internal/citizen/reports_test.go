package citizen_test

import (
	"strings"
	"testing"

	"healthgrid/internal/app/apptest"
)

// TestReports reports a problem with a photo from the app: an event from
// source resident_app in the grid of the point, which the resident follows
// through the steps they may see and rates once closed.
func TestReports(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		me, _ := e.SignUp(t, apptest.OtherVillage) // lives elsewhere: reports where the problem is
		st, b := apptest.UploadFile(t, me, "现场.png", apptest.PNG)
		if st != 201 {
			t.Fatalf("upload: %d %s", st, b)
		}
		photo := b.Str("id")
		lng, lat := apptest.GridPoint(apptest.HomeGrid)
		st, b = me.Do("POST", "/api/v1/public/reports", map[string]any{"matter_code": "HJWS-01", "title": "小区门口垃圾堆放",
			"description": "已三天无人清理", "lng": lng, "lat": lat, "address": "东大街1号", "attachment_ids": []string{photo}})
		if st != 201 || b.Str("status") != "received" || !strings.HasPrefix(b.Str("number"), "SJ") || b.Str("attachments.0") != photo {
			t.Fatalf("report: %d %s", st, b)
		}
		id := b.Str("id")
		ev := apptest.EventOf(t, e.App, id)
		if ev.Source != "resident_app" || ev.GridCode != apptest.HomeGrid || ev.Deadline == nil {
			t.Errorf("the event: source %s grid %s deadline %v", ev.Source, ev.GridCode, ev.Deadline)
		}
		if st, _ := me.Do("GET", "/api/v1/attachments/"+photo, nil); st != 200 {
			t.Errorf("the resident's own photo: %d", st)
		}
		// staff move it on, with comments the resident must not see
		task := e.DispatchEvent(t, id, e.City.Units["health_commission:"+apptest.Home])
		handler := e.Login(t, "dept_handler")
		for _, a := range []map[string]string{{"action": "accept", "task_id": task},
			{"action": "handle", "task_id": task, "comment": "内部备注:已联系环卫"}} {
			if st, b := handler.Do("POST", "/api/v1/events/"+id+"/actions", a); st != 200 {
				t.Fatalf("%v: %d %s", a, st, b)
			}
		}
		if st, b := me.Do("POST", "/api/v1/public/reports/"+id+"/rate", map[string]any{"rating": 5}); st != 409 {
			t.Errorf("rate before closing: %d %s", st, b)
		}
		if st, b := e.Login(t, "grid_worker").Do("POST", "/api/v1/events/"+id+"/actions", map[string]string{"action": "verify"}); st != 200 {
			t.Fatalf("verify: %d %s", st, b)
		}
		st, b = me.Do("GET", "/api/v1/public/reports/"+id, nil)
		steps := []string{}
		for i := range 6 {
			if s := b.Str("steps." + string(rune('0'+i)) + ".step"); s != "" {
				steps = append(steps, s)
			}
		}
		if st != 200 || strings.Join(steps, ",") != "received,accepted,handled,closed" || b.Str("status") != "closed" ||
			b.Str("steps.2.unit") == "" || strings.Contains(b.String(), "内部备注") || strings.Contains(b.String(), "actor") {
			t.Errorf("detail: %d %s", st, b)
		}
		if st, b := me.Do("POST", "/api/v1/public/reports/"+id+"/rate", map[string]any{"rating": 4, "comment": "处理及时"}); st != 200 ||
			b.Int("rating") != 4 || !b.Get("rated").(bool) {
			t.Errorf("rate: %d %s", st, b)
		}
		if ev := apptest.EventOf(t, e.App, id); ev.Status != "evaluated" || ev.Rating != 4 {
			t.Errorf("the evaluation: %s %d", ev.Status, ev.Rating)
		}
		if _, b := me.Do("GET", "/api/v1/public/reports", nil); b.Int("total") != 1 || b.Str("items.0.id") != id {
			t.Errorf("mine: %s", b)
		}
		// someone else's event, in the resident's own community or not, is no report of theirs
		other := e.NewEvent(t, apptest.HomeGrid)
		if st, _ := me.Do("GET", "/api/v1/public/reports/"+other, nil); st != 404 {
			t.Errorf("another's event: %d", st)
		}
		if st, _ := e.Login(t, "resident").Do("GET", "/api/v1/public/reports/"+id, nil); st != 404 {
			t.Errorf("another resident's report: %d", st)
		}
		// twenty reports an hour, the refused ones counted too
		for range 19 {
			st, b = me.Do("POST", "/api/v1/public/reports", map[string]any{"matter_code": "NOPE", "title": "试", "lng": lng, "lat": lat})
		}
		if st != 422 {
			t.Errorf("the twentieth: %d %s", st, b)
		}
		if st, b = me.Do("POST", "/api/v1/public/reports", map[string]any{"matter_code": "NOPE", "title": "试", "lng": lng,
			"lat": lat}); st != 429 || !strings.Contains(b.String(), "quota.report") {
			t.Errorf("the twenty-first: %d %s", st, b)
		}
	})
}
