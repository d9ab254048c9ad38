package event_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"healthgrid/internal/db"
	"healthgrid/internal/event"
	"healthgrid/internal/pii"
	"healthgrid/internal/testkit"
)

// The numbers the tests type into free text: an ID number (valid check
// digit) and a mobile, each as written and in the form that must never be
// stored.
var (
	typedID    = "140902 19850317 421" + string(pii.IDCheckDigit("14090219850317421"))
	plainID    = strings.ReplaceAll(typedID, " ", "")
	typedPhone = "139-5724-6803"
	plainPhone = "13957246803"
)

// rawRows is every column of every row of table, as text.
func rawRows(t *testing.T, d *db.DB, table string) []string {
	t.Helper()
	rows, err := d.Query(context.Background(), "SELECT * FROM "+table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			out = append(out, fmt.Sprintf("%s.%s=%v", table, cols[i], v))
		}
	}
	return out
}

// noPlaintext fails for any stored value that holds a typed number in the
// clear, separators or not.
func noPlaintext(t *testing.T, d *db.DB, tables ...string) {
	t.Helper()
	for _, table := range tables {
		for _, v := range rawRows(t, d, table) {
			bare := strings.NewReplacer(" ", "", "-", "").Replace(v)
			for _, n := range []string{plainID, plainID[6:14], plainPhone} {
				if strings.Contains(bare, n) {
					t.Errorf("stored in the clear: %s", v)
				}
			}
		}
	}
}

// TestFreeTextSealed types an ID number and a mobile into every free-text
// field of an event and its actions: the rows hold neither, every read shows
// them masked, and only Reveal — audited, in scope — shows them again.
func TestFreeTextSealed(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		ev, err := e.s.Create(ctx, e.centre, event.Input{Source: "hotline_12345", MatterCode: "HJWS-01",
			Title: "来电 " + typedPhone + " 反映垃圾堆放", Description: "来电人身份证号" + typedID + "，回电" + typedPhone,
			Address: "东大街3号(联系" + plainPhone + ")", ReporterName: "王女士" + plainPhone, ReporterPhone: plainPhone, GridCode: grid1})
		if err != nil {
			t.Fatal(err)
		}
		e.do(t, e.centre, ev.ID, event.ActionInput{Action: "register", Comment: "核实身份证" + typedID})
		ev = e.do(t, e.centre, ev.ID, event.ActionInput{Action: "dispatch", LeadUnitID: e.units["cdc"]})
		task := taskOf(t, ev, e.units["cdc"]).ID
		e.do(t, e.cdc, ev.ID, event.ActionInput{Action: "accept", TaskID: task})
		later := e.clock.Now().AddDate(0, 0, 10)
		e.do(t, e.cdc, ev.ID, event.ActionInput{Action: "extend", TaskID: task, Deadline: &later, Comment: "等待 " + typedPhone + " 回电"})
		ev = e.do(t, e.cdc, ev.ID, event.ActionInput{Action: "handle", TaskID: task, Comment: "已联系" + typedPhone + "处置"})

		noPlaintext(t, d, "events", "event_tasks", "event_timeline")

		maskedID, maskedPhone := pii.MaskID(plainID), pii.MaskPhone(plainPhone)
		cdc := taskOf(t, ev, e.units["cdc"])
		if want := "来电 " + maskedPhone + " 反映垃圾堆放"; ev.Title != want {
			t.Errorf("title %q, want %q", ev.Title, want)
		}
		if want := "来电人身份证号" + maskedID + "，回电" + maskedPhone; ev.Description != want {
			t.Errorf("description %q, want %q", ev.Description, want)
		}
		if ev.ReporterName != "王女士"+maskedPhone || ev.ReporterPhone != maskedPhone || cdc.Feedback != "已联系"+maskedPhone+"处置" {
			t.Errorf("reporter %q %q, feedback %q", ev.ReporterName, ev.ReporterPhone, cdc.Feedback)
		}
		if !ev.Masked {
			t.Error("an event with masked numbers says masked: false")
		}
		if plain := e.report(t, "HJWS-01"); plain.Masked {
			t.Error("an event without numbers says masked: true")
		}
		for _, en := range ev.Timeline {
			if strings.Contains(en.Comment, plainPhone) || strings.Contains(en.Comment, "19850317") {
				t.Errorf("timeline %s: %q", en.Action, en.Comment)
			}
		}

		full, err := e.s.Reveal(ctx, e.centre, ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := "来电人身份证号" + typedID + "，回电" + typedPhone; full.Description != want {
			t.Errorf("revealed description %q, want %q", full.Description, want)
		}
		comments := map[event.Action]string{}
		for _, en := range full.Timeline {
			comments[en.Action] = en.Comment
		}
		if full.Title != "来电 "+typedPhone+" 反映垃圾堆放" || full.Address != "东大街3号(联系"+plainPhone+")" ||
			full.ReporterName != "王女士"+plainPhone || full.ReporterPhone != plainPhone ||
			taskOf(t, full, e.units["cdc"]).Feedback != "已联系"+typedPhone+"处置" ||
			comments["register"] != "核实身份证"+typedID || comments["extend"] != "等待 "+typedPhone+" 回电" {
			t.Errorf("revealed: %+v\ncomments %v", full, comments)
		}
		if _, err := e.s.Reveal(ctx, e.other, ev.ID); !errors.Is(err, event.ErrNotFound) {
			t.Errorf("reveal out of scope: %v, want not found", err)
		}
		var audits []string
		rows, err := d.Query(ctx, "SELECT actor, outcome, detail FROM audit_log WHERE action = 'event.reveal' ORDER BY seq")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var actor, outcome, detail string
			rows.Scan(&actor, &outcome, &detail)
			audits = append(audits, actor+" "+outcome+" "+detail)
		}
		rows.Close()
		want := []string{
			`street-centre success {"fields":["reporter_phone","title","description","address","reporter_name","tasks.feedback",` +
				`"tasks.extension_comment","timeline.comment"],"number":"` + ev.Number + `"}`,
			`dingxiang failure {"reason":"not found or out of scope"}`,
		}
		if strings.Join(audits, "\n") != strings.Join(want, "\n") {
			t.Errorf("audit:\n%s\nwant\n%s", strings.Join(audits, "\n"), strings.Join(want, "\n"))
		}
		noPlaintext(t, d, "audit_log")
	})
}

// TestFreeTextSearch: a search by words finds an event whatever numbers its
// title holds; a search by a number no longer does, as the number is not
// stored in the clear.
func TestFreeTextSearch(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		ev, err := e.s.Create(ctx, e.centre, event.Input{Source: "hotline_12345", MatterCode: "HJWS-01",
			Title: "楼道堆物 请回电" + plainPhone, GridCode: grid1})
		if err != nil {
			t.Fatal(err)
		}
		for q, found := range map[string]bool{"楼道堆物": true, "回电": true, "6803": true, plainPhone: false, "5724": false} {
			items, total, err := e.s.List(ctx, e.centre, event.Filter{Q: q}, 0, 20)
			if err != nil {
				t.Fatal(err)
			}
			if got := total == 1 && len(items) == 1 && items[0].ID == ev.ID; got != found {
				t.Errorf("search %q: %d found, want found %v", q, total, found)
			}
		}
	})
}

// TestFreeTextLegacy: text written before it was scanned is sealed at the
// next start, where migration 0027 listed it, and reveals as written.
func TestFreeTextLegacy(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		ev := e.reach(t, event.Dispatched)
		task := ev.Tasks[0].ID
		e.do(t, e.street, ev.ID, event.ActionInput{Action: "accept", TaskID: ev.Tasks[0].ID})
		desc, comment := "老数据：身份证"+typedID, "老备注 "+typedPhone
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{"UPDATE events SET description = ? WHERE id = ?", []any{desc, ev.ID}},
			{"UPDATE event_tasks SET feedback = ? WHERE id = ?", []any{comment, task}},
			{"UPDATE event_timeline SET comment = ? WHERE event_id = ? AND action = 'register'", []any{comment, ev.ID}},
			{"INSERT INTO backfills (name) VALUES ('event_text')", nil},
		} {
			if _, err := d.Exec(ctx, q.sql, q.args...); err != nil {
				t.Fatal(err)
			}
		}
		n, err := e.s.SealLegacy(ctx)
		if err != nil || n != 3 {
			t.Fatalf("SealLegacy = %d, %v; want 3 texts", n, err)
		}
		noPlaintext(t, d, "events", "event_tasks", "event_timeline")
		full, err := e.s.Reveal(ctx, e.centre, ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		if full.Description != desc || full.Tasks[0].Feedback != comment || full.Timeline[1].Comment != comment {
			t.Errorf("revealed: %q %q %q", full.Description, full.Tasks[0].Feedback, full.Timeline[1].Comment)
		}
		if n, err := e.s.SealLegacy(ctx); err != nil || n != 0 {
			t.Errorf("a second start: %d, %v; want nothing to do", n, err)
		}
	})
}
