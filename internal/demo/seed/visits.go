package seed

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/booking"
	"healthgrid/internal/china"
	"healthgrid/internal/population"
	"healthgrid/internal/visit"
)

// demoVisit is a home visit the demo grid worker recorded: to whom, of what
// kind, what they found and the photos they took.
type demoVisit struct {
	family, member int    // in families; family -1: a generated resident of the grid with tag
	tag            string // for a generated resident
	kind, notes    string
	photos         []scene
}

// demoBooking is a booking of a demo family: what they asked for, when, and
// how far it went — to the visit that fulfilled it, for one done.
type demoBooking struct {
	family        int
	service, note string
	ago           time.Duration // booked this long before now
	inDays        int           // the day asked for, after the day booked
	slot, status  string
	cancelledBy   string // for a cancelled one: the booker ("") or the office's reason
	visit         *demoVisit
}

var demoBookings = []demoBooking{
	{0, "HOME-VISIT", "母亲王桂兰高血压、糖尿病多年,腿脚不便,想请医生上门测血压血糖、看看用药", 9 * day, 2, booking.AM, booking.Done, "",
		&demoVisit{0, 4, "", "elderly_followup", "血压 152/90 mmHg,空腹血糖 7.8 mmol/L。按时服用硝苯地平缓释片和二甲双胍,近一周偶有头晕。" +
			"嘱低盐低糖饮食、饭后散步,两周后复测血压;已预约老年人免费体检。", []scene{inside, outside}}},
	{0, "FAMILY-DOCTOR", "想了解家庭医生签约服务包,全家五口人一起签约", 1 * day, 3, booking.PM, booking.Scheduled, "", nil},
	{0, "ELDERLY-CHECKUP", "为母亲王桂兰(76岁)预约今年的老年人免费体检", 2 * hour, 6, booking.AM, booking.Requested, "", nil},
	{0, "REHAB", "孩子打篮球扭伤了脚踝,想咨询怎么做康复训练", 15 * day, 2, booking.PM, booking.Cancelled, "", nil},
	{1, "HOME-VISIT", "一个人住,最近早上起来头晕,想请医生来家里量量血压", 4 * day, 1, booking.AM, booking.Done, "",
		&demoVisit{1, 0, "", "elderly_followup", "独居老人,神志清楚,行动自如。血压 146/84 mmHg,自述晨起头晕,已按时服用氨氯地平。" +
			"检查燃气、电器使用安全;已留网格员电话,帮助老人在手机上设置紧急联系人为女儿。", []scene{inside}}},
	{1, "ELDERLY-CHECKUP", "行动不便,希望能上门体检或者安排车接送", 5 * hour, 4, booking.AM, booking.Requested, "", nil},
	{2, "REHAB", "脑梗后左腿没劲,想请康复医生上门指导锻炼", 2 * day, 3, booking.AM, booking.Scheduled, "", nil},
	{3, "FAMILY-DOCTOR", "怀孕28周,想签约家庭医生", 6 * day, 3, booking.PM, booking.Cancelled,
		"已在忻州市妇幼保健院建档,孕期保健由妇幼保健院负责;家庭医生签约在产后访视时一并办理", nil},
	{3, "HOME-VISIT", "孕28周,想请医生上门做一次孕期健康指导", 1 * day, 5, booking.PM, booking.Requested, "", nil},
}

// demoVisits are the grid worker's visits that no booking asked for, with
// how many days ago each was.
var demoVisits = []struct {
	daysAgo int
	demoVisit
}{
	{12, demoVisit{2, 0, "", "rehabilitation", "脑梗死后8个月,左侧肢体肌力4级,可扶拐杖在室内行走;血压 146/88 mmHg,按时服用阿司匹林和阿托伐他汀。" +
		"指导抬腿、坐站转换训练,每天两次、每次15分钟;提醒家属卫生间加装扶手,防跌倒。", []scene{inside}}},
	{6, demoVisit{3, 0, "", "maternal", "孕27周,自述胎动正常,无头晕、下肢水肿;血压 112/70 mmHg。已在忻州市妇幼保健院建档," +
		"提醒按期产检、补充铁剂和钙剂,有阴道流血、腹痛等情况立即就医。", []scene{outside}}},
	{17, demoVisit{-1, 0, population.TagDisabled, "key_population", "残疾人走访:肢体残疾,生活基本自理。了解康复和辅具需求," +
		"登记轮椅更换申请,已转街道残联跟进。", []scene{outside, inside}}},
	{8, demoVisit{-1, 0, population.TagDiabetes, "chronic_followup", "2型糖尿病随访:空腹血糖 7.2 mmol/L,按时服用二甲双胍," +
		"饮食控制较好。建议每周测一次空腹血糖,三个月后到社区卫生服务中心复查糖化血红蛋白。", []scene{inside}}},
	{3, demoVisit{-1, 0, population.TagHypertension, "chronic_followup", "高血压随访:血压 138/86 mmHg,规律服用氨氯地平," +
		"无头痛胸闷。嘱低盐饮食、每天步行30分钟,下月随访。", nil}},
}

// visitor is the grid worker recording visits, with the grid and the block
// the demo families live in.
type visitor struct {
	a      platform
	worker *access.Principal
	member string // the worker's team member id
	homes  []household
	block  spot
	rng    *rand.Rand
	seen   map[string]bool // the generated residents visited
}

// seedBookings files the demo families' bookings from the app, each on its
// day: the office (秀容街道) schedules them to the grid worker, who records
// the visit of those done with photos the server watermarks; the others are
// cancelled by the booker or the office, or still wait. Then the grid
// worker's own visits to key populations of the grid.
func (a platform) seedBookings(ctx context.Context, now time.Time, homes []household, block spot) error {
	worker, err := a.principal(ctx, demoGridWorker, []string{"grid_worker"})
	if err != nil {
		return err
	}
	office, err := a.principal(ctx, "street", []string{"dispatcher", "region_admin"})
	if err != nil {
		return err
	}
	v := &visitor{a: a, worker: worker, homes: homes, block: block, rng: rand.New(rand.NewPCG(demoSeed, 5)),
		seen: map[string]bool{}}
	if err := a.DB.QueryRow(ctx, "SELECT id FROM team_members WHERE user_id = ?", worker.UserID).Scan(&v.member); err != nil {
		return fmt.Errorf("seed bookings: the grid worker's member: %w", err)
	}
	for _, d := range demoBookings {
		if err := v.booking(ctx, now, office, d); err != nil {
			return fmt.Errorf("seed booking %s of %s: %w", d.service, families[d.family].account, err)
		}
	}
	for _, d := range demoVisits {
		if err := v.record(ctx, officeHours(now, d.daysAgo, v.rng), "", d.demoVisit); err != nil {
			return fmt.Errorf("seed visit %s: %w", d.kind, err)
		}
	}
	return nil
}

// booking plays one booking through to its status.
func (v *visitor) booking(ctx context.Context, now time.Time, office *access.Principal, d demoBooking) error {
	booker := v.homes[d.family].account
	at := now.Add(-d.ago)
	clock := func() time.Time { return at }
	svc := v.a.Bookings.WithClock(clock)
	date := at.In(china.Zone).AddDate(0, 0, d.inDays)
	b, err := svc.Book(access.With(ctx, booker), booker, booking.Request{Service: d.service, Slot: d.slot, Note: d.note,
		PreferredDate: date.Format(time.DateOnly)})
	if err != nil {
		return err
	}
	switch d.status {
	case booking.Cancelled:
		at = at.Add(time.Hour)
		if d.cancelledBy == "" {
			_, err = svc.CancelMine(access.With(ctx, booker), booker, b.ID)
		} else {
			_, err = svc.Cancel(access.With(ctx, office), office, b.ID, d.cancelledBy)
		}
		return err
	case booking.Scheduled, booking.Done:
		at = at.Add(3 * time.Hour)
		hourOf := 9
		if d.slot == booking.PM {
			hourOf = 15
		}
		when := time.Date(date.Year(), date.Month(), date.Day(), hourOf, 30, 0, 0, china.Zone)
		if _, err := svc.Schedule(access.With(ctx, office), office, b.ID, booking.Schedule{MemberID: v.member, At: when}); err != nil {
			return err
		}
		if d.status == booking.Done {
			return v.record(ctx, when.Add(20*time.Minute), b.ID, *d.visit)
		}
	}
	return nil
}

// record records a visit at a time, with its photos uploaded by the worker
// first, as the app does.
func (v *visitor) record(ctx context.Context, at time.Time, bookingID string, d demoVisit) error {
	ctx = access.With(ctx, v.worker)
	resident, where, err := v.resident(ctx, d)
	if err != nil {
		return err
	}
	var ids []string
	for i, s := range d.photos {
		img, err := photo(s, v.rng)
		if err != nil {
			return err
		}
		name := fmt.Sprintf("IMG_%s_%d.jpg", at.In(china.Zone).Format("20060102_150405"), i+1)
		f, err := v.a.Files.Upload(ctx, v.worker, name, bytes.NewReader(img))
		if err != nil {
			return err
		}
		ids = append(ids, f.ID)
	}
	_, err = v.a.Visits.WithClock(func() time.Time { return at }).Record(ctx, v.worker, visit.Input{BookingID: bookingID,
		ResidentID: resident, Kind: d.kind, Notes: d.notes, Lng: where.lng, Lat: where.lat, AttachmentIDs: ids})
	return err
}

// officeHours is a time of the working day daysAgo days before now (in
// China), the day before when that is still to come.
func officeHours(now time.Time, daysAgo int, rng *rand.Rand) time.Time {
	d := now.In(china.Zone).AddDate(0, 0, -daysAgo)
	at := time.Date(d.Year(), d.Month(), d.Day(), 8, 30, 0, 0, china.Zone).Add(time.Duration(rng.IntN(8*60)) * time.Minute)
	if at.After(now) {
		return at.AddDate(0, 0, -1)
	}
	return at
}

// resident is who a visit is to, and where their building stands.
func (v *visitor) resident(ctx context.Context, d demoVisit) (string, spot, error) {
	if d.family >= 0 {
		return v.homes[d.family].residents[d.member], v.block, nil
	}
	rs, _, err := v.a.People.List(ctx, v.worker.RegionPath, population.Filter{Tag: d.tag, AgeMin: -1, AgeMax: -1,
		Status: population.Active}, 0, 20)
	if err != nil {
		return "", spot{}, err
	}
	for _, r := range rs {
		if v.seen[r.ID] || r.BuildingID == "" {
			continue
		}
		v.seen[r.ID] = true
		b, err := v.a.People.GetBuilding(ctx, v.worker.RegionPath, r.BuildingID)
		if err != nil || b.Lng == nil || b.Lat == nil {
			return r.ID, v.block, err
		}
		return r.ID, spot{*b.Lng, *b.Lat}, nil
	}
	return "", spot{}, fmt.Errorf("no resident of the grid tagged %s left to visit", d.tag)
}
