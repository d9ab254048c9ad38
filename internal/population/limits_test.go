package population_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"healthgrid/internal/apperr"
	"healthgrid/internal/population"
)

// outcomes are the outcome and detail of the audit records with action, oldest first.
func outcomes(t *testing.T, e *env, action string) []string {
	t.Helper()
	rows, err := e.d.Query(context.Background(), "SELECT outcome, detail FROM audit_log WHERE action = ? ORDER BY seq", action)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var o, d string
		rows.Scan(&o, &d)
		out = append(out, o+" "+d)
	}
	return out
}

// Reveals are limited per user over the last hour, tries out of scope
// included; a refused reveal is audited with its reason.
func TestRevealLimit(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		s := e.with(population.Settings{RevealsPerHour: 3})
		ctx := ctxAs(e.town)
		mine, err := s.Create(ctx, e.town, population.Input{Name: "本辖区", IDNumber: idNumber("140902", 19700101, 1), GridCode: grid1})
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := s.Create(ctxAs(e.other), e.other, population.Input{Name: "外辖区", IDNumber: idNumber("140921", 19700101, 1), GridCode: dxGrid})
		if err != nil {
			t.Fatal(err)
		}
		if r, err := s.Reveal(ctx, e.town, mine.ID, nil); err != nil || r.IDNumber != idNumber("140902", 19700101, 1) {
			t.Fatalf("reveal: %+v %v", r, err)
		}
		if _, err := s.Reveal(ctx, e.town, theirs.ID, nil); !errors.Is(err, population.ErrNotFound) {
			t.Errorf("out of scope: %v", err)
		}
		e.clock.Advance(15 * time.Minute)
		if _, err := s.Reveal(ctx, e.town, mine.ID, []string{"phone"}); err != nil {
			t.Fatal(err)
		}
		var many apperr.TooMany
		if _, err := s.Reveal(ctx, e.town, mine.ID, nil); !errors.As(err, &many) || many.RetryAfter != 45*60 {
			t.Fatalf("the fourth reveal in an hour: %v (retry after %d s)", err, many.RetryAfter)
		}
		// another user has their own count
		if _, err := s.Reveal(ctxAs(e.admin), e.admin, mine.ID, nil); err != nil {
			t.Errorf("another user: %v", err)
		}
		got := outcomes(t, e, "resident.reveal")
		if len(got) != 5 || !strings.HasPrefix(got[1], "failure") || !strings.Contains(got[1], `"refused":"not_found"`) ||
			!strings.HasPrefix(got[3], "failure") || !strings.Contains(got[3], `"refused":"rate_limit"`) || !strings.HasPrefix(got[4], "success") {
			t.Errorf("reveal audit:\n%s", strings.Join(got, "\n"))
		}
		// 45 minutes on, the first two have left the hour: two more are allowed
		e.clock.Advance(45 * time.Minute)
		for i := range 2 {
			if _, err := s.Reveal(ctx, e.town, mine.ID, nil); err != nil {
				t.Errorf("once the first hour has passed, reveal %d: %v", i, err)
			}
		}
		// and the third waits for the one of minute 15
		if _, err := s.Reveal(ctx, e.town, mine.ID, nil); !errors.As(err, &many) || many.RetryAfter != 10*60 {
			t.Errorf("then the limit again: %v (retry after %d s)", err, many.RetryAfter)
		}
	})
}

// Parallel reveals cannot all slip under the limit.
func TestRevealLimitParallel(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		const per, tries = 5, 24
		s := e.with(population.Settings{RevealsPerHour: per})
		ctx := ctxAs(e.town)
		r, err := s.Create(ctx, e.town, population.Input{Name: "本辖区", IDNumber: idNumber("140902", 19700101, 1), GridCode: grid1})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok, refused := 0, 0
		for range tries {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.Reveal(ctx, e.town, r.ID, nil)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					ok++
				case errors.Is(err, apperr.ErrTooMany):
					refused++
				default:
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if ok != per || refused != tries-per {
			t.Errorf("%d revealed and %d refused of %d in parallel, want %d revealed", ok, refused, tries, per)
		}
	})
}
