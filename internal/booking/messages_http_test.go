package booking_test

import (
	"strings"
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/china"
)

// TestBookerHearsOfBooking: a resident books a home visit; the office
// schedules it, and the booker has exactly one message naming the
// service, the day and half-day and the team member, with the app's link;
// the office's cancellation is a second, with its reason. Another resident
// hears of none of it, nor the booker of their own cancellation.
func TestBookerHearsOfBooking(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		me, _ := e.SignUp(t, apptest.HomeVillage)
		neighbour, _ := e.SignUp(t, apptest.HomeVillage)
		staff := e.Login(t, "health_staff")
		now := e.Clock.Now().In(china.Zone)
		day := now.AddDate(0, 0, 2).Format(time.DateOnly)
		st, b := me.Do("POST", "/api/v1/public/bookings", map[string]any{"service": "HOME-VISIT", "preferred_date": day, "slot": "pm"})
		if st != 201 {
			t.Fatalf("book: %d %s", st, b)
		}
		id := b.Str("id")
		if st, b := neighbour.Do("POST", "/api/v1/public/bookings", map[string]any{"service": "REHAB", "preferred_date": day,
			"slot": "am"}); st != 201 {
			t.Fatalf("the neighbour's booking: %d %s", st, b)
		} else if st, b := neighbour.Do("POST", "/api/v1/public/bookings/"+b.Str("id")+"/cancel", nil); st != 200 {
			t.Fatalf("the neighbour cancels: %d %s", st, b)
		}
		y, mo, d := now.AddDate(0, 0, 2).Date()
		at := time.Date(y, mo, d, 9, 30, 0, 0, china.Zone)
		if st, b := staff.Do("POST", "/api/v1/bookings/"+id+"/schedule", map[string]any{"member_id": e.NewVisitor(t), "at": at}); st != 200 {
			t.Fatalf("schedule: %d %s", st, b)
		}
		_, b = me.Do("GET", "/api/v1/notifications", nil)
		body := b.Str("items.0.body")
		if b.Int("total") != 1 || b.Str("items.0.kind") != "booking_scheduled" || b.Str("items.0.title") != "预约已安排：上门随访" ||
			!strings.Contains(body, "王医生") || !strings.Contains(body, day) || !strings.Contains(body, "上午 09:30") ||
			b.Str("items.0.link") != "/app/bookings/"+id {
			t.Errorf("scheduled: %s", b)
		}
		if st, b := staff.Do("POST", "/api/v1/bookings/"+id+"/cancel", map[string]any{"reason": "医生临时出诊，请重新预约"}); st != 200 {
			t.Fatalf("cancel: %d %s", st, b)
		}
		_, b = me.Do("GET", "/api/v1/notifications", nil)
		if b.Int("total") != 2 || b.Str("items.0.kind") != "booking_cancelled" ||
			!strings.Contains(b.Str("items.0.body"), "医生临时出诊") || b.Str("items.0.link") != "/app/bookings/"+id {
			t.Errorf("cancelled: %s", b)
		}
		if _, b := neighbour.Do("GET", "/api/v1/notifications", nil); b.Int("total") != 0 {
			t.Errorf("the neighbour heard: %s", b)
		}
	})
}
