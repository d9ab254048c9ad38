package event

import (
	"context"
	"fmt"
	"healthgrid/internal/access"
	"healthgrid/internal/china"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
)

// GenerateTarget is where generated events go: the grids (code and path)
// and, per county path, the units that may get tasks there.
type GenerateTarget struct {
	Grids   []string
	Paths   map[string]string
	Units   map[string][]string // county path → unit ids
	Matters []string
}

// Generate writes n events over the year before now for the city-scale
// benchmarks (`healthgrid bench events`): rows as the workflow leaves them
// — four in five closed, the rest in every open state with their tasks and
// deadlines — written directly, in transactions of 10,000, without
// timelines. It is not the demo: the demo's events are walked through the
// workflow itself (see the app's seed).
func (s *Service) Generate(ctx context.Context, n int, seed uint64, to GenerateTarget) error {
	r := rand.New(rand.NewPCG(seed, 7))
	now := s.now().UTC().Truncate(time.Second)
	const chunk = 10_000
	for lo := 0; lo < n; lo += chunk {
		err := s.db.InTx(ctx, func(ctx context.Context) error {
			for range min(chunk, n-lo) {
				if err := s.generateOne(ctx, r, now, to); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("event: generate: %w", err)
		}
	}
	return nil
}

func (s *Service) generateOne(ctx context.Context, r *rand.Rand, now time.Time, to GenerateTarget) error {
	grid := to.Grids[r.IntN(len(to.Grids))]
	path := to.Paths[grid]
	at := now.Add(-time.Duration(r.Int64N(int64(365 * 24 * time.Hour))))
	number, err := s.nextNumber(ctx, at.In(china.Zone).Format("20060102"))
	if err != nil {
		return err
	}
	h := func(n int) time.Duration { return time.Duration(1+r.IntN(n)) * time.Hour }
	e := Event{ID: uuid.Must(uuid.NewV7()).String(), Number: number, Source: Sources[r.IntN(3)],
		MatterCode: to.Matters[r.IntN(len(to.Matters))], Title: "基准测试事件", GridCode: grid, RegionPath: path,
		centrePath: string(access.Scope(path).Head(access.Township)), Priority: Normal, ReportedAt: at, UpdatedAt: at}
	deadline := at.Add(2 * time.Hour)
	e.Deadline, e.deadlineUnit, e.stageStart = &deadline, "working_hours", &at
	e.Status = []string{Evaluated, Evaluated, Evaluated, Closed, Closed, NotAccepted, Merged, Reported, Registered,
		Dispatched, Dispatched, PendingVerify, Suspended, Evaluated, Closed, Closed, Evaluated, Evaluated, Evaluated, Evaluated}[r.IntN(20)]
	if at.After(now.Add(-30*24*time.Hour)) && r.IntN(3) == 0 {
		e.Status = []string{Reported, Registered, Dispatched, Dispatched, PendingVerify}[r.IntN(5)]
	}
	var tasks []Task
	switch e.Status {
	case Reported, NotAccepted, Merged:
	default:
		reg := at.Add(h(2))
		e.RegisteredAt = &reg
		units := to.Units[string(access.Scope(path).Head(access.County))]
		if e.Status == Registered || len(units) == 0 {
			e.Status = Registered
			break
		}
		disp := reg.Add(h(3))
		e.DispatchedAt, e.Deadline = &disp, nil
		for i := range 1 + r.IntN(2) {
			dl := disp.Add(72 * time.Hour)
			t := Task{ID: uuid.Must(uuid.NewV7()).String(), UnitID: units[r.IntN(len(units))], Role: RoleCo, Status: TaskAccepted,
				Deadline: &dl, deadlineUnit: "working_days", StartedAt: disp}
			if i == 0 {
				t.Role = RoleLead
			}
			if e.Status != Dispatched && e.Status != Suspended {
				done := disp.Add(h(90))
				t.Status, t.HandledAt = TaskHandled, &done
			}
			if len(tasks) == 0 || tasks[0].UnitID != t.UnitID {
				tasks = append(tasks, t)
			}
		}
		if e.Status == Suspended {
			e.ResumeStatus, e.suspendedAt = Dispatched, &disp
		}
		if e.Status == PendingVerify || e.Status == Closed || e.Status == Evaluated {
			handled := disp.Add(91 * time.Hour)
			vdl := handled.Add(24 * time.Hour)
			e.HandledAt, e.Deadline, e.deadlineUnit = &handled, &vdl, "working_days"
		}
		if e.Status == Closed || e.Status == Evaluated {
			closed := e.HandledAt.Add(h(30))
			e.ClosedAt = &closed
		}
		if e.Status == Evaluated {
			e.Rating = 3 + r.IntN(3)
			e.EvaluatedAt = e.ClosedAt
		}
	}
	e.Tasks = tasks
	if err := s.insertEvent(ctx, &e, ""); err != nil {
		return err
	}
	if e.Status != Reported {
		if err := s.saveEvent(ctx, &e); err != nil {
			return err
		}
	}
	for i := range tasks {
		if err := s.insertTask(ctx, &e, &tasks[i], at); err != nil {
			return err
		}
		if err := s.saveTask(ctx, &tasks[i], at); err != nil {
			return err
		}
	}
	return nil
}

// AnalyzeEvents refreshes the planner's statistics after a bulk load and,
// on PostgreSQL, vacuums the tallies it churned (each step left a dead row).
func (s *Service) AnalyzeEvents(ctx context.Context) error {
	return s.db.Analyze(ctx, "events", "event_tasks", "event_tallies", "event_due_tallies")
}
