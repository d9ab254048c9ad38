package epidemic_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/apperr"
	"healthgrid/internal/epidemic"
)

// TestRoomsUnderConcurrency: assignments racing for the rooms of a site
// never share a room; those past its capacity are refused naming another
// site with a free room; racing for one named room, one wins. Releasing
// frees the room for the next.
func TestRoomsUnderConcurrency(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx, svc, sys := context.Background(), e.App.Epidemic, e.System(t)
		site, spare := e.NewSite(t, apptest.Home, 3), e.NewSite(t, apptest.Home, 1)
		const n = 6
		measures := make([]string, n)
		for i := range measures {
			measures[i] = e.NewMeasure(t, apptest.HomeGrid)
		}
		race := func(room string) (rooms []string, errs []error) {
			var mu sync.Mutex
			var wg sync.WaitGroup
			for _, id := range measures {
				wg.Go(func() {
					m, err := svc.AssignRoom(ctx, sys, id, epidemic.AssignInput{SiteID: site, Room: room})
					mu.Lock()
					defer mu.Unlock()
					if err != nil {
						errs = append(errs, err)
					} else {
						rooms = append(rooms, m.Stay.Room)
					}
				})
			}
			wg.Wait()
			return rooms, errs
		}
		rooms, errs := race("")
		seen := map[string]bool{}
		for _, r := range rooms {
			if seen[r] {
				t.Errorf("room %s given twice: %v", r, rooms)
			}
			seen[r] = true
		}
		if len(rooms) != 3 || len(errs) != 3 {
			t.Fatalf("3 rooms for 6: %v %v", rooms, errs)
		}
		for _, err := range errs {
			var ae *apperr.Error
			if code, p := apperr.CodeOf(err); code != "epidemic.site_full_next" || p["next_id"] != spare ||
				!errors.As(err, &ae) || !errors.Is(err, apperr.ErrConflict) {
				t.Errorf("refusal: %s %v %v", code, p, err)
			}
		}
		got, err := svc.Site(ctx, sys.RegionPath, site)
		if err != nil || got.Occupied != 3 || got.Free != 0 {
			t.Errorf("occupancy: %+v %v", got, err)
		}
		// the held ones go; everyone races for room 2 of the empty site
		for _, h := range got.Held {
			if _, err := svc.Release(ctx, sys, h.MeasureID, epidemic.ReasonInput{Reason: "转院"}); err != nil {
				t.Fatal(err)
			}
		}
		measures = measures[:0]
		for range n {
			measures = append(measures, e.NewMeasure(t, apptest.HomeGrid))
		}
		rooms, errs = race("2")
		if len(rooms) != 1 || rooms[0] != "2" || len(errs) != n-1 {
			t.Fatalf("one wins room 2: %v %v", rooms, errs)
		}
		for _, err := range errs {
			if code, _ := apperr.CodeOf(err); code != "epidemic.room_held" {
				t.Errorf("the losers: %v", err)
			}
		}
	})
}

// TestSitesOverHTTP: a site's rooms by count or by name; a held room cannot
// be removed nor the site deleted; a measure without a centralised stage
// takes no room.
func TestSitesOverHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		officer := e.Login(t, "epidemic_officer")
		st, s := officer.Do("POST", "/api/v1/epidemic/sites", map[string]any{"name": "城东宾馆", "region": apptest.HomeTownship,
			"rooms": []string{"101", " 102 ", "101", ""}, "lng": 112.73, "lat": 38.41})
		if st != 201 || s.Int("capacity") != 2 || s.Str("rooms.1") != "102" || s.Int("free") != 2 {
			t.Fatalf("create: %d %s", st, s)
		}
		id := s.Str("id")
		for _, body := range []map[string]any{{"name": "无房", "region": apptest.Home}, {"name": "外县", "region": apptest.Other,
			"room_count": 2}} {
			if st, b := officer.Do("POST", "/api/v1/epidemic/sites", body); st != 422 {
				t.Errorf("%v: %d %s", body, st, b)
			}
		}
		m := e.NewMeasure(t, apptest.HomeGrid)
		if st, b := officer.Do("POST", "/api/v1/epidemic/measures/"+m+"/assign", map[string]any{"site_id": id, "room": "102"}); st != 200 ||
			b.Str("stay.room") != "102" || b.Str("stay.site_name") != "城东宾馆" {
			t.Fatalf("assign: %d %s", st, b)
		}
		if st, b := officer.Do("PUT", "/api/v1/epidemic/sites/"+id, map[string]any{"name": "城东宾馆", "region": apptest.HomeTownship,
			"rooms": []string{"101"}}); st != 409 {
			t.Errorf("removing a held room: %d %s", st, b)
		}
		if st, b := officer.Do("DELETE", "/api/v1/epidemic/sites/"+id, nil); st != 409 {
			t.Errorf("deleting a site that held someone: %d %s", st, b)
		}
		if _, l := officer.Do("GET", "/api/v1/epidemic/sites", nil); l.Int("items.0.occupied") != 1 {
			t.Errorf("list: %s", l)
		}
		if st, b := officer.Do("POST", "/api/v1/epidemic/measures/"+m+"/change", map[string]any{"kind": "home_isolation",
			"reason": "隔离点调整"}); st != 200 || b.Str("kind") != "home_isolation" || b.Get("stay") != nil {
			t.Errorf("change today's stage, the room freed: %d %s", st, b)
		}
		home, err := e.App.Epidemic.Order(context.Background(), e.System(t), epidemic.OrderInput{
			PersonID: e.NewRiskPerson(t, apptest.HomeGrid, "risk_area")})
		if err != nil {
			t.Fatal(err)
		}
		if st, b := officer.Do("POST", "/api/v1/epidemic/measures/"+home.ID+"/assign", map[string]any{"site_id": id}); st != 409 ||
			b.Str("code") != "epidemic.not_centralised" {
			t.Errorf("a home measure takes a room: %d %s", st, b)
		}
	})
}
