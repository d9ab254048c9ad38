package event_test

import (
	"context"
	"testing"
	"time"

	"healthgrid/internal/app"
	"healthgrid/internal/app/apptest"
	"healthgrid/internal/db"
	"healthgrid/internal/event"
)

// TestSLARestart: restart during an SLA timer. A task is warned of at half
// its limit; the app stops and a new one starts on the same database, whose
// River queue sweeps at start without warning again; past the deadline the
// queue's sweep warns once more and supervises the task once.
func TestSLARestart(t *testing.T) {
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			e := apptest.New(t, dialect)
			ctx := context.Background()
			id := e.NewEvent(t, apptest.HomeGrid)
			e.DispatchEvent(t, id, e.City.Units["health_commission:"+apptest.Home])
			task := apptest.SoleTask(t, e.App, id)
			e.Clock.Set(e.IntoLimit(t, task, 55))
			r, err := e.App.Events.Sweep(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got := levelsOf(r, task.ID); len(got) != 1 || got[0] != 50 {
				t.Fatalf("first sweep at 55 %%: %v", got)
			}

			e.App.Close()
			a := e.Peer(t).App
			apptest.StartJobs(t, a)
			waitSweeps(t, a, 1) // River's periodic sweep, run at start
			if got := taskLevels(t, a, id, task.ID); len(got) != 1 {
				t.Fatalf("after the restart: warnings %v, want the one given before it", got)
			}

			e.Clock.Set(task.Deadline.Add(time.Minute))
			if err := a.Jobs.Insert(ctx, event.SweepArgs{}, nil); err != nil {
				t.Fatal(err)
			}
			waitSweeps(t, a, 2)
			if r, err = a.Events.Sweep(ctx); err != nil || len(levelsOf(r, task.ID)) != 0 {
				t.Fatalf("a sweep after the queue's: %v %v", levelsOf(r, task.ID), err)
			}
			ev := apptest.EventOf(t, a, id)
			var supervised int
			for _, en := range ev.Timeline {
				if en.Action == "auto_supervise" && en.TaskID == task.ID {
					supervised++
				}
			}
			if got := taskLevels(t, a, id, task.ID); len(got) != 2 || got[1] != 100 || supervised != 1 || ev.SuperviseCount != 1 {
				t.Errorf("overdue after the restart: warnings %v, %d auto 督办, supervise count %d", got, supervised, ev.SuperviseCount)
			}
		})
	}
}

// waitSweeps waits until River has completed n sweep jobs.
func waitSweeps(t *testing.T, a *app.App, n int) {
	t.Helper()
	for end := time.Now().Add(60 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		var done int
		if err := a.DB.QueryRow(context.Background(), "SELECT COUNT(*) FROM river_job WHERE kind = ? AND state = 'completed'",
			event.SweepArgs{}.Kind()).Scan(&done); err != nil {
			t.Fatal(err)
		}
		if done >= n {
			return
		}
	}
	t.Fatalf("River did not complete %d SLA sweeps", n)
}

// taskLevels are the levels of a task's warnings on its event's timeline.
func taskLevels(t *testing.T, a *app.App, id, taskID string) []int {
	t.Helper()
	var out []int
	for _, en := range apptest.EventOf(t, a, id).Timeline {
		if en.Action == "sla_warning" && en.TaskID == taskID {
			out = append(out, int(en.Detail["level"].(float64)))
		}
	}
	return out
}

// levelsOf are the levels a sweep warned a task of.
func levelsOf(r event.SweepResult, taskID string) []int {
	var out []int
	for _, w := range r.Warnings {
		if w.TaskID == taskID {
			out = append(out, w.Level)
		}
	}
	return out
}
