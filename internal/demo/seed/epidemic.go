package seed

import (
	"context"
	"fmt"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/china"
	"healthgrid/internal/epidemic"
)

// The demo's epidemic episode in 忻府区 (issue 16): a COVID-19 cluster that
// began two weeks ago in 秀容街道 beside the season's influenza and hand,
// foot and mouth disease — the cards 忻府区人民医院 filed and the county CDC
// reviewed, the people under each kind of measure at the county's
// isolation site and at home, their check-ins and their test results.

// demoCard is a report card of the episode: who, what, and when it was
// diagnosed, filed and reviewed, in hours after the episode's first day.
type demoCard struct {
	who                     person
	disease, subtype, class string
	occupation              string
	diagnosed, filedAfter   int    // hours: diagnosed this long after the episode began; filed this long after
	review                  string // approve, return, or "" (waiting)
	reviewAfter             int    // hours after filing
	workUnit, parent        string
}

// person is someone of the episode, with an invented ID number (GB 11643
// valid) and a home in a grid of 东大街社区.
type person struct {
	name, born, birth string
	seq               int
	phone, grid, room string
}

func (p person) id() string {
	return kin{name: p.name, born: p.born, birth: p.birth, seq: p.seq}.idNumber()
}

// The grids of 东大街社区 the episode touches.
const (
	grid1 = demoGrid
	grid2 = "140902001002002"
)

var episodeCards = []demoCard{
	{person{"韩志强", "140902", "19850412", 175, "13903501186", grid1, "幸福里小区5号楼1单元201"}, "B27", "", "confirmed",
		"worker", 14, 5, "approve", 3, "忻州市建筑安装公司", ""},
	{person{"韩雪梅", "140902", "19870925", 262, "13835069021", grid1, "幸福里小区5号楼1单元201"}, "B27", "", "confirmed",
		"teacher", 62, 20, "approve", 6, "忻府区第二中学", ""},
	{person{"杜建军", "140902", "19720118", 233, "15935012273", grid2, "东大街42号院2号楼301"}, "B27", "", "confirmed",
		"cadre", 110, 30, "approve", 18, "忻府区市场监督管理局", ""},
	{person{"杨丽", "140902", "19930602", 348, "18235029967", grid2, "东大街42号院3号楼102"}, "B27", "", "clinical",
		"food_service", 230, 9, "return", 30, "东大街老刘家面馆", ""},
	{person{"高树林", "140902", "19560811", 199, "13703501452", grid1, "幸福里小区1号楼3单元601"}, "C01", "", "confirmed",
		"retired", 90, 12, "approve", 10, "", ""},
	{person{"任可欣", "140902", "20190714", 62, "", grid2, "东大街42号院1号楼502"}, "C11", "", "clinical",
		"kindergarten", 180, 4, "approve", 20, "忻府区实验幼儿园", "任俊峰"},
	{person{"任子轩", "140902", "20200303", 51, "", grid1, "幸福里小区2号楼2单元402"}, "C11", "", "clinical",
		"kindergarten", 200, 26, "approve", 40, "忻府区实验幼儿园", "任强"},
	{person{"郝美玲", "140902", "19980827", 286, "15103503318", grid1, "幸福里小区4号楼1单元102"}, "C01", "", "confirmed",
		"student", 280, 3, "", 0, "忻州师范学院", ""},
	{person{"冯宇航", "140902", "20140519", 117, "", grid2, "东大街42号院2号楼602"}, "B06", "", "suspected",
		"student", 300, 1, "", 0, "忻府区东大街小学", "冯建斌"},
}

// demoMeasure is someone the episode put under a measure: their category,
// how many days ago it began, and at the site or not.
type demoMeasure struct {
	who      person
	category string
	daysAgo  int
	site     bool
	fever    bool // a check-in with a fever on the last day
}

var episodeMeasures = []demoMeasure{
	{person{"韩宇", "140902", "20110302", 13, "", grid1, "幸福里小区5号楼1单元201"}, "close_contact", 6, true, false},
	{person{"韩国栋", "140902", "19580611", 271, "13513501837", grid1, "幸福里小区5号楼2单元201"}, "close_contact", 5, true, true},
	{person{"王秀兰", "140902", "19600922", 224, "13935007712", grid1, "幸福里小区5号楼2单元201"}, "close_contact", 5, true, false},
	{person{"刘晓东", "140902", "19890104", 315, "15034013360", grid2, "东大街42号院2号楼302"}, "close_contact", 4, true, false},
	{person{"张晓燕", "140921", "19910715", 186, "18734091254", grid2, "东大街42号院2号楼303"}, "close_contact", 4, true, false},
	{person{"李建平", "140902", "19760330", 151, "13903509921", grid1, "幸福里小区6号楼1单元101"}, "close_contact", 3, true, false},
	{person{"闫慧", "140981", "19950821", 264, "18235011460", grid2, "东大街42号院3号楼101"}, "close_contact", 2, true, false},
	{person{"薛志刚", "140902", "19830917", 237, "15935088104", grid1, "幸福里小区3号楼1单元601"}, "close_contact", 2, true, false},
	{person{"贾文静", "140902", "19970106", 328, "13453017749", grid2, "东大街42号院1号楼201"}, "close_contact", 1, true, false},
	{person{"武建华", "140902", "19680402", 215, "13834503396", grid1, "幸福里小区6号楼2单元302"}, "secondary_contact", 5, false, false},
	{person{"武佳琪", "140902", "20000627", 146, "18603503257", grid1, "幸福里小区6号楼2单元302"}, "secondary_contact", 4, false, false},
	{person{"段鹏飞", "140902", "19920713", 173, "15513501840", grid2, "东大街42号院4号楼501"}, "secondary_contact", 3, false, false},
	{person{"苗春花", "140902", "19650209", 240, "13623503481", grid2, "东大街42号院4号楼502"}, "risk_area", 6, false, false},
	{person{"曹磊", "140923", "19880525", 297, "18703501163", grid1, "幸福里小区2号楼1单元301"}, "risk_area", 2, false, false},
	{person{"梁静", "140902", "19940319", 302, "15034095528", grid1, "幸福里小区1号楼1单元202"}, "inbound", 1, false, false},
	// the demo resident, back from a business trip to a risk area: he checks in from the app
	{person{"张三", "140902", "19790314", 213, "13800000001", grid1, demoBuilding + "2单元502"}, "risk_area", 3, false, false},
}

// skipsYesterday is the one of episodeMeasures who sent no check-in
// yesterday: the sweep at start alerts the grid worker and the township.
const skipsYesterday = "曹磊"

// seedEpidemic plays the episode: each act as the account that would take
// it, on the clock of its moment, through the module's own rules.
func (a platform) seedEpidemic(ctx context.Context, now time.Time) error {
	hospital, err := a.principal(ctx, "hospital", []string{"hospital_reporter"})
	if err != nil {
		return err
	}
	cdc, err := a.principal(ctx, "cdc", []string{"dept_handler", "epidemic_officer"})
	if err != nil {
		return err
	}
	worker, err := a.principal(ctx, demoGridWorker, []string{"grid_worker"})
	if err != nil {
		return err
	}
	// the street's staff check in those of the community's other grid
	street, err := a.principal(ctx, "street", []string{"dispatcher", "region_admin"})
	if err != nil {
		return err
	}
	day0 := dayStart(now).AddDate(0, 0, -14).Add(8 * time.Hour)
	at := func(t time.Time) *epidemic.Service { return a.Epidemic.WithClock(func() time.Time { return t }) }
	for i, c := range episodeCards {
		if err := a.seedCard(ctx, at, hospital, cdc, day0, i, c); err != nil {
			return fmt.Errorf("seed card %s: %w", c.who.name, err)
		}
	}
	site, err := at(day0).CreateSite(ctx, cdc, epidemic.SiteInput{Name: "忻府区集中隔离点（金山宾馆）", Address: "忻府区和平街88号",
		Region: "140902000000", RoomCount: 30})
	if err != nil {
		return err
	}
	if _, err := at(day0).CreateSite(ctx, cdc, epidemic.SiteInput{Name: "秀容街道健康驿站", Address: "秀容街道东大街社区卫生服务站二楼",
		Region: "140902001000", Rooms: []string{"201", "202", "203", "205", "206", "207", "208", "209"}}); err != nil {
		return err
	}
	for _, m := range episodeMeasures {
		staff := worker
		if m.who.grid != demoGrid {
			staff = street
		}
		if err := a.seedMeasure(ctx, at, cdc, staff, site.ID, now, m); err != nil {
			return fmt.Errorf("seed measure %s: %w", m.who.name, err)
		}
	}
	if err := a.seedTests(ctx, at, cdc, now); err != nil {
		return err
	}
	if err := a.seedVenues(ctx, cdc, now); err != nil {
		return err
	}
	if err := a.seedTraceCluster(ctx, at, hospital, cdc, now); err != nil {
		return fmt.Errorf("the school and market cluster: %w", err)
	}
	if err := a.seedScreening(ctx, at, cdc, worker, now); err != nil {
		return err
	}
	if err := a.seedOutbreak(ctx, cdc); err != nil {
		return err
	}
	if err := a.seedWarning(ctx, at, hospital, cdc, now); err != nil {
		return err
	}
	return a.seedRiskAreas(ctx, cdc, now)
}

// dayStart is midnight, Beijing time, of t's day.
func dayStart(t time.Time) time.Time {
	y, m, d := t.In(china.Zone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, china.Zone)
}

func (a platform) seedCard(ctx context.Context, at func(time.Time) *epidemic.Service, hospital, cdc *access.Principal,
	day0 time.Time, i int, c demoCard) error {
	diagnosed := day0.Add(time.Duration(c.diagnosed) * time.Hour)
	filed := diagnosed.Add(time.Duration(c.filedAfter) * time.Hour)
	onset := diagnosed.AddDate(0, 0, -2).In(china.Zone).Format(time.DateOnly)
	sex := "female"
	if c.who.seq%2 == 1 {
		sex = "male"
	}
	card, err := at(filed).FileReport(ctx, hospital, epidemic.CardInput{CardNo: fmt.Sprintf("1409020001%06d", 2612001+i),
		ReportType: "initial", Name: c.who.name, ParentName: c.parent, IDNumber: c.who.id(), Sex: sex, WorkUnit: c.workUnit,
		Phone: c.who.phone, Belongs: "local_county", Address: "山西省忻州市忻府区秀容街道" + c.who.room, AddressCode: c.who.grid,
		Occupation: c.occupation, Classification: c.class, OnsetDate: onset, DiagnosedAt: &diagnosed, Disease: c.disease,
		Subtype: c.subtype, ReportingUnit: "忻府区人民医院", Doctor: []string{"王建新", "李慧", "赵文博"}[i%3]})
	if err != nil || c.review == "" {
		return err
	}
	in := epidemic.ReviewInput{Decision: c.review}
	if c.review == "return" {
		in.Reason = "发病日期与流调结果不符，请核实后订正"
	}
	_, err = at(filed.Add(time.Duration(c.reviewAfter)*time.Hour)).ReviewReport(ctx, cdc, card.ID, in)
	return err
}

func (a platform) seedMeasure(ctx context.Context, at func(time.Time) *epidemic.Service, cdc, staff *access.Principal,
	site string, now time.Time, m demoMeasure) error {
	began := dayStart(now).AddDate(0, 0, -m.daysAgo).Add(10 * time.Hour)
	p, err := at(began.Add(-2*time.Hour)).AddPerson(ctx, cdc, epidemic.Candidate{Name: m.who.name, IDNumber: m.who.id(),
		Phone: m.who.phone, Address: "秀容街道" + m.who.room, GridCode: m.who.grid, Disease: "B27", Category: m.category,
		Origin: map[string]string{"risk_area": "北京市朝阳区", "inbound": "泰国曼谷"}[m.category]})
	if err != nil {
		return err
	}
	in := epidemic.OrderInput{PersonID: p.PersonID, StartDate: began.In(china.Zone).Format(time.DateOnly)}
	if m.site {
		in.SiteID = site
	}
	ms, err := at(began).Order(ctx, cdc, in)
	if err != nil {
		return err
	}
	for d := 0; d < m.daysAgo; d++ {
		if m.who.name == skipsYesterday && d == m.daysAgo-1 {
			continue
		}
		temp := 36.3 + float64((d*7+len(m.who.name))%6)/10
		var symptoms []string
		if m.fever && d == m.daysAgo-1 {
			temp, symptoms = 37.9, []string{"咳嗽", "乏力"}
		}
		morning := dayStart(now).AddDate(0, 0, d-m.daysAgo).Add(9 * time.Hour)
		for k := 0; k < 2; k++ {
			if _, err := at(morning.Add(time.Duration(k*8)*time.Hour)).Checkin(ctx, staff, ms.ID, epidemic.CheckinInput{
				Temperature: temp, Symptoms: symptoms, TestTaken: k == 0 && d%2 == 0}); err != nil {
				return err
			}
		}
	}
	return nil
}

// seedTests are the results of the episode's tests: the cases' positive
// samples, and the people under measures sampled every other day.
func (a platform) seedTests(ctx context.Context, at func(time.Time) *epidemic.Service, cdc *access.Principal, now time.Time) error {
	var rows []epidemic.TestRow
	sample := func(p person, t time.Time, result, disease string) {
		rows = append(rows, epidemic.TestRow{IDNumber: p.id(), Name: p.name, SampledAt: t.Format(time.RFC3339),
			Kind: "nucleic_acid", Pathogen: "新型冠状病毒", Result: result, Institution: "忻州市疾病预防控制中心实验室", Disease: disease})
	}
	for _, c := range episodeCards[:4] {
		sample(c.who, dayStart(now).AddDate(0, 0, -14).Add(time.Duration(c.diagnosed-6)*time.Hour), "positive", "B27")
	}
	for _, m := range episodeMeasures {
		for d := 0; d < m.daysAgo; d += 2 {
			sample(m.who, dayStart(now).AddDate(0, 0, d-m.daysAgo).Add(8*time.Hour), "negative", "")
		}
	}
	_, err := at(now.Add(-time.Hour)).IngestTests(ctx, cdc, rows)
	return err
}
