package seed

import (
	"context"
	"fmt"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/db"
	"healthgrid/internal/epidemic"
	"healthgrid/internal/epidemic/trace"
	"healthgrid/internal/pii"
	"healthgrid/internal/population"
)

// The cluster of the episode's second week (issue 17): a pupil of
// 忻州市第一实验小学 (XF-SCH-001) falls ill four days ago; her father sells
// vegetables at 新建路农贸市场 (XF-MKT-001), where she came after school one
// evening. The county CDC traces her two days ago with 2 hops and pushes
// the contacts down: her household, her class and teacher, the shoppers she
// met are close contacts; the shoppers her father served, secondary ones.
// A classmate and the father are confirmed the day after: one chain.
// The venues are the venues part's (its seed makes them, with their
// background check-ins); without them there is no cluster.

// Cluster venues, by code.
const (
	clusterSchool = "XF-SCH-001"
	clusterMarket = "XF-MKT-001"
)

// The cluster's household: the index pupil, her father, her mother.
var clusterFamily = []person{
	{"王梓涵", "140902", "20170306", 126, "", grid2, clusterRoom},
	{"王建国", "140902", "19860921", 171, "13903508826", grid2, clusterRoom},
	{"李红梅", "140902", "19880514", 244, "13835021937", grid2, clusterRoom},
}

// clusterRoom is the family's flat, on a floor above the generated ones of
// the first block of 东大街社区's second grid (the demo grid worker's
// share stays as the first episode left it).
const clusterRoom = "7单元1102"

// The index pupil's class (三年级二班) and its teacher, who check in at the
// school every school day; the shoppers who met her at the market; the
// shoppers who met only her father there.
var (
	clusterClass = []string{"张一诺", "李沐辰", "赵思彤", "刘子墨", "陈若曦", "杨浩宇", "黄诗涵", "周俊熙", "吴雨桐", "徐梓轩",
		"孙可馨", "马天佑"}
	clusterTeacher   = "郭晓雯"
	clusterMet       = []string{"贺玉兰", "段志明", "白秀芳"}
	clusterShoppers  = []string{"薛建军", "任美华", "高文斌", "武丽娟", "梁志远", "秦淑英", "闫海涛", "郝桂香", "田卫东", "温晓红", "侯俊杰", "牛凤英", "霍志华", "康玉梅"}
	clusterCardFirst = 100 // the cluster's cards' numbers follow the episode's
)

// clusterPerson is the n-th invented person of the cluster outside the
// family: an ID number of 忻府区, an adult's or (a pupil) a child's.
func clusterPerson(name string, n int, pupil bool) person {
	birth := fmt.Sprintf("19%02d%02d%02d", 60+n%35, 1+n%12, 1+n%28)
	if pupil {
		birth = fmt.Sprintf("2017%02d%02d", 1+n%12, 1+n%28)
	}
	return person{name: name, born: "140902", birth: birth, seq: 301 + 2*n}
}

// seedTraceCluster plays the cluster: its check-ins, the index case's card,
// the trace and its push two days ago, the cards of the day after.
func (a platform) seedTraceCluster(ctx context.Context, at func(time.Time) *epidemic.Service, hospital, cdc *access.Principal,
	now time.Time) error {
	school, market, err := a.clusterVenues(ctx)
	if err != nil || school == 0 {
		return err
	}
	d := dayStart(now)
	day0 := d.AddDate(0, 0, -14).Add(8 * time.Hour) // the episode's first day, as its cards count hours
	family, err := a.clusterFamily(ctx)
	if err != nil {
		return err
	}
	v := &visitors{a: a}
	pupil, father := v.add(ctx, clusterFamily[0], family[0]), v.add(ctx, clusterFamily[1], family[1])
	// the school days of the week before her onset: the class from 7:50 to
	// 16:30, the teacher to 17:30
	for day := 6; day >= 3; day-- {
		start := d.AddDate(0, 0, -day).Add(7*time.Hour + 50*time.Minute)
		if wd := start.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue // the venues' seed keeps the school shut at weekends
		}
		v.stay(school, pupil, start, 520)
		for i, name := range clusterClass {
			v.stay(school, v.add(ctx, clusterPerson(name, i, true), ""), start.Add(time.Duration(i%4)*time.Minute), 520)
		}
		v.stay(school, v.add(ctx, clusterPerson(clusterTeacher, 20, false), ""), start.Add(-20*time.Minute), 600)
	}
	// the father's stall, every morning to evening of the week
	for day := 7; day >= 2; day-- {
		v.stay(market, father, d.AddDate(0, 0, -day).Add(5*time.Hour+30*time.Minute), 750)
	}
	// five days ago after school the pupil came to the stall
	evening := d.AddDate(0, 0, -5).Add(16*time.Hour + 40*time.Minute)
	v.stay(market, pupil, evening, 40)
	for i, name := range clusterMet {
		v.stay(market, v.add(ctx, clusterPerson(name, 30+i, false), ""), evening.Add(time.Duration(i*10-15)*time.Minute), 25)
	}
	for i, name := range clusterShoppers {
		day := 7 - i%6
		v.stay(market, v.add(ctx, clusterPerson(name, 40+i, false), ""),
			d.AddDate(0, 0, -day).Add(7*time.Hour+time.Duration(i*23)*time.Minute), 20+i%3*10)
	}
	if v.err != nil {
		return v.err
	}
	if err := v.flush(ctx); err != nil {
		return err
	}
	// the pupil's card: diagnosed two days ago at 10:00, onset two days before
	card := demoCard{who: clusterFamily[0], disease: "B27", class: "confirmed", occupation: "student", diagnosed: 290,
		filedAfter: 2, review: "approve", reviewAfter: 3, workUnit: "忻州市第一实验小学三年级二班", parent: clusterFamily[1].name}
	if err := a.seedCard(ctx, at, hospital, cdc, day0, clusterCardFirst, card); err != nil {
		return fmt.Errorf("the index case's card: %w", err)
	}
	if err := a.traceCluster(ctx, at, cdc, d); err != nil {
		return err
	}
	// the day after: a classmate and the father confirmed
	for i, c := range []demoCard{
		{who: clusterPerson(clusterClass[3], 3, true), disease: "B27", class: "confirmed", occupation: "student", diagnosed: 313,
			filedAfter: 1, review: "approve", reviewAfter: 2, workUnit: "忻州市第一实验小学三年级二班", parent: "刘志刚"},
		{who: clusterFamily[1], disease: "B27", class: "confirmed", occupation: "public_service", diagnosed: 318, filedAfter: 1,
			review: "approve", reviewAfter: 2, workUnit: "新建路农贸市场"},
	} {
		if err := a.seedCard(ctx, at, hospital, cdc, day0, clusterCardFirst+1+i, c); err != nil {
			return fmt.Errorf("card of %s: %w", c.who.name, err)
		}
	}
	return nil
}

// traceCluster traces the index pupil with 2 hops two days ago at 22:00 as
// the county CDC and pushes down the contacts the tracers confirmed: the
// family, the class and its teacher, the shoppers she or her father met;
// the rest of the school and the market, found by time overlap alone, stay
// candidates on the trace.
func (a platform) traceCluster(ctx context.Context, at func(time.Time) *epidemic.Service, cdc *access.Principal,
	d time.Time) error {
	var person string
	if err := a.DB.QueryRow(ctx, `SELECT id FROM epi_persons WHERE id_idx = ? AND ended_at IS NULL`,
		a.PII.Index(pii.KindID, clusterFamily[0].id())).Scan(&person); err != nil {
		return fmt.Errorf("the index case: %w", err)
	}
	when := d.AddDate(0, 0, -2).Add(22 * time.Hour)
	t := a.Trace.At(func() time.Time { return when }, at(when))
	res, err := t.Run(ctx, cdc, trace.Input{PersonID: person, Hops: 2})
	if err != nil {
		return fmt.Errorf("trace the index case: %w", err)
	}
	named := map[string]bool{clusterTeacher: true}
	for _, group := range [][]string{clusterClass, clusterMet, clusterShoppers} {
		for _, n := range group {
			named[n] = true
		}
	}
	for _, p := range clusterFamily {
		named[p.name] = true
	}
	var keys []string
	for _, c := range res.Contacts {
		if named[c.Name] {
			keys = append(keys, c.Key)
		}
	}
	_, err = t.Push(ctx, cdc, res.ID, trace.PushInput{Contacts: keys, Name: "忻州市第一实验小学聚集性疫情流调排查",
		Deadline: d.Add(22 * time.Hour)})
	return err
}

// clusterVenues are the school's and the market's numbers, 0 when the
// venues part has not made them.
func (a platform) clusterVenues(ctx context.Context) (school, market int64, err error) {
	for _, v := range []struct {
		code string
		id   *int64
	}{{clusterSchool, &school}, {clusterMarket, &market}} {
		err := a.DB.QueryRow(ctx, "SELECT id FROM epi_venues WHERE code = ?", v.code).Scan(v.id)
		if err != nil {
			return 0, 0, a.DB.ScanErr(err, nil)
		}
	}
	return school, market, nil
}

// clusterFamily registers the family as a household of a block of the
// second grid: their resident ids.
func (a platform) clusterFamily(ctx context.Context) ([]string, error) {
	sys, err := a.System(ctx)
	if err != nil {
		return nil, err
	}
	var building string
	if err := a.DB.QueryRow(ctx, "SELECT MIN(id) FROM buildings WHERE grid_code = ?", grid2).Scan(&building); err != nil {
		return nil, fmt.Errorf("the family's block: %w", err)
	}
	hh, err := a.People.CreateHousehold(ctx, sys, population.HouseholdInput{BuildingID: building, Room: clusterRoom})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, p := range clusterFamily {
		phone := p.phone
		r, err := a.People.Create(ctx, sys, population.Input{Name: p.name, IDNumber: p.id(), Phone: &phone, HouseholdID: hh.ID,
			Ethnicity: "01"})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.name, err)
		}
		out = append(out, r.ID)
	}
	return out, nil
}

// visitors writes the cluster's visitor rows and check-ins as the venues
// part stores them (numbers sealed, with their blind index).
type visitors struct {
	a     platform
	next  int64
	stays []stayRow
	err   error
}

type stayRow struct{ venue, in, visitor, out int64 }

// add is a visitor row for p (bound to resident if given): its number.
func (v *visitors) add(ctx context.Context, p person, resident string) int64 {
	if v.err != nil {
		return 0
	}
	if v.next == 0 {
		if v.err = v.a.DB.QueryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM epi_visitors").Scan(&v.next); v.err != nil {
			return 0
		}
	}
	idx := v.a.PII.Index(pii.KindID, p.id())
	var id int64
	err := v.a.DB.QueryRow(ctx, "SELECT id FROM epi_visitors WHERE id_idx = ?", idx).Scan(&id)
	if err == nil {
		return id
	}
	v.next++
	var res any
	if resident != "" {
		res = resident
	}
	phone := ""
	if p.phone != "" {
		phone = v.a.PII.Seal(p.phone)
	}
	_, v.err = v.a.DB.Exec(ctx, `INSERT INTO epi_visitors (id, id_idx, id_enc, name, phone_enc, resident_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, v.next, idx, v.a.PII.Seal(p.id()), p.name, phone, res, time.Now().UTC())
	return v.next
}

// stay is a check-in of minutes from in.
func (v *visitors) stay(venue, visitor int64, in time.Time, minutes int) {
	v.stays = append(v.stays, stayRow{venue, in.Unix(), visitor, in.Add(time.Duration(minutes) * time.Minute).Unix()})
}

func (v *visitors) flush(ctx context.Context) error {
	_, err := v.a.DB.WriteBulk(ctx, checkinInsert, len(v.stays), func(i int, dst []any) []any {
		s := v.stays[i]
		return append(dst, s.venue, s.in, s.visitor, s.out)
	})
	return err
}

var checkinInsert = db.Bulk{Head: "INSERT INTO epi_venue_checkins (venue_id, time_in, visitor_id, time_out)", Cols: 4,
	Tail: " ON CONFLICT DO NOTHING"}
