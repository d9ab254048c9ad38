package booking

import (
	"context"
	"fmt"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/china"
	"healthgrid/internal/notify"
)

// Messages posts a booker a message about their booking, in the
// transaction of the change (notify).
type Messages interface {
	Post(ctx context.Context, userID string, note notify.Note) error
}

// link is the app's page of a booking.
func link(id string) string { return "/app/bookings/" + id }

var weekdays = [...]string{"日", "一", "二", "三", "四", "五", "六"}

// when is a time as a booker reads it: 2026-11-25（星期三）上午 10:00,
// in Beijing time.
func when(t time.Time) string {
	t = t.In(china.Zone)
	half := "上午"
	if t.Hour() >= 12 {
		half = "下午"
	}
	return fmt.Sprintf("%s（星期%s）%s %s", t.Format(time.DateOnly), weekdays[t.Weekday()], half, t.Format("15:04"))
}

// tellScheduled tells the booker of b who comes when; moved says it was
// scheduled before.
func (s *Service) tellScheduled(ctx context.Context, p *access.Principal, b Booking, member string, at time.Time, moved bool) error {
	if b.userID == p.UserID {
		return nil
	}
	title := "预约已安排：" + b.ServiceName
	if moved {
		title = "预约已改期：" + b.ServiceName
	}
	return s.messages.Post(ctx, b.userID, notify.Note{Kind: "booking_scheduled", Title: title,
		Body: fmt.Sprintf("%s将于 %s 上门为您提供“%s”服务，请保持电话畅通。", member, when(at), b.ServiceName), Link: link(b.ID)})
}

// tellCancelled tells the booker of b that the office cancelled it, and why.
func (s *Service) tellCancelled(ctx context.Context, p *access.Principal, b Booking, reason string) error {
	if b.userID == p.UserID {
		return nil
	}
	day := b.PreferredDate + " " + slotName[b.Slot]
	if b.ScheduledAt != nil {
		day = when(*b.ScheduledAt)
	}
	return s.messages.Post(ctx, b.userID, notify.Note{Kind: "booking_cancelled", Title: "预约已取消：" + b.ServiceName,
		Body: fmt.Sprintf("您预约的“%s”（%s）已由服务机构取消。原因：%s", b.ServiceName, day, reason), Link: link(b.ID)})
}

var slotName = map[string]string{AM: "上午", PM: "下午"}
