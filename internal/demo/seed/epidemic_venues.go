package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/epidemic/venue"
)

// The demo's venues (issue 17): ten places of 忻府区 with their posters, and
// two weeks of check-ins of its residents ending today — the pupils and
// teachers of 忻州市第一实验小学 on school days, the shoppers of 新建路农贸市场
// every morning, a few dozen a day elsewhere. Contact tracing and the
// transmission chains read them; XF-SCH-001 and XF-MKT-001 are named by the
// other parts of the episode.

// demoVenue is a venue of the demo, at a point inside a grid of 忻府区.
type demoVenue struct {
	code, name, kind, address string
	lng, lat                  float64
	stay                      int
}

var demoVenues = []demoVenue{
	{"XF-SCH-001", "忻州市第一实验小学", "school", "忻府区秀容街道和平街东段18号", 112.74097, 38.46675, 480},
	{"XF-MKT-001", "新建路农贸市场", "market", "忻府区新建路街道新建路中段126号", 112.72638, 38.3847, 60},
	{"XF-SCH-002", "忻府区东大街小学", "school", "忻府区秀容街道东大街56号", 112.72178, 38.48679, 480},
	{"XF-RST-001", "东大街老刘家面馆", "restaurant", "忻府区秀容街道东大街31号", 112.73042, 38.47834, 60},
	{"XF-CLN-001", "东大街社区卫生服务站", "clinic", "忻府区秀容街道东大街社区卫生服务站一楼", 112.73732, 38.46598, 30},
	{"XF-MKT-002", "古钟农贸市场", "market", "忻府区秀容街道古钟街9号", 112.7517, 38.46648, 60},
	{"XF-TRN-001", "忻州汽车客运站", "transport", "忻府区长征街街道长征东街2号", 112.75282, 38.39601, 30},
	{"XF-WRK-001", "忻府区市场监督管理局", "workplace", "忻府区九原街街道民心路8号", 112.73939, 38.42548, 480},
	{"XF-RST-002", "栖霞西街美食城", "restaurant", "忻府区桥西街街道栖霞西街66号", 112.7474, 38.4067, 90},
	{"XF-OTH-001", "忻府区体育馆", "other", "忻府区旭来街街道龙翔西街1号", 112.73758, 38.39326, 120},
}

// seedVenues adds the demo's venues as the county CDC and two weeks of
// check-ins ending now.
func (a platform) seedVenues(ctx context.Context, cdc *access.Principal, now time.Time) error {
	svc := a.Venues.WithClock(func() time.Time { return now })
	for _, v := range demoVenues {
		lng, lat := v.lng, v.lat
		if _, err := svc.Create(ctx, cdc, venue.Input{Code: v.code, Name: v.name, Kind: v.kind, Address: v.address,
			Lng: &lng, Lat: &lat, StayMinutes: v.stay}); err != nil {
			return fmt.Errorf("seed venue %s: %w", v.code, err)
		}
	}
	town := func(code string, minAge, maxAge, n int) ([]string, error) {
		return a.townsfolk(ctx, code, now, minAge, maxAge, n)
	}
	pupils, err := town("140902001000", 7, 12, 120) // 秀容街道
	if err != nil {
		return err
	}
	teachers, err := town("140902001000", 26, 55, 16)
	if err != nil {
		return err
	}
	shoppers, err := town("140902003000", 30, 75, 220) // 新建路街道
	if err != nil {
		return err
	}
	others, err := town("140902000000", 18, 80, 600)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(demoSeed, 17))
	var rows []venue.Row
	add := func(resident, code string, in time.Time, stay time.Duration) {
		if in.After(now) {
			return
		}
		r := venue.Row{ResidentID: resident, VenueCode: code, TimeIn: in.Format(time.RFC3339)}
		if out := in.Add(stay); stay > 0 && out.Before(now) {
			r.TimeOut = out.Format(time.RFC3339)
		}
		rows = append(rows, r)
	}
	for d := 13; d >= 0; d-- {
		day := dayStart(now).AddDate(0, 0, -d)
		minute := func(from, to int) time.Time { return day.Add(time.Duration(from+rng.IntN(to-from)) * time.Minute) }
		if wd := day.Weekday(); wd != time.Saturday && wd != time.Sunday {
			for _, p := range pupils {
				if rng.IntN(30) > 0 { // one pupil in thirty stays home
					add(p, "XF-SCH-001", minute(7*60+30, 8*60), time.Duration(8*60+rng.IntN(30))*time.Minute)
				}
			}
			for _, t := range teachers {
				add(t, "XF-SCH-001", minute(7*60+10, 7*60+40), 0)
			}
		}
		for _, s := range shoppers {
			if rng.IntN(5) < 2 {
				add(s, "XF-MKT-001", minute(6*60+30, 11*60), time.Duration(15+rng.IntN(45))*time.Minute)
			}
		}
		for _, v := range demoVenues[2:] {
			for range 15 + rng.IntN(20) {
				add(others[rng.IntN(len(others))], v.code, minute(8*60, 20*60), time.Duration(rng.IntN(2))*
					time.Duration(10+rng.IntN(v.stay))*time.Minute)
			}
		}
	}
	// the demo resident's own records (我的场所记录): the market yesterday, the noodle shop the day before
	var zhang string
	if err := a.DB.QueryRow(ctx, "SELECT id FROM residents WHERE name = '张三' AND grid_code = ? AND deleted_at IS NULL",
		demoGrid).Scan(&zhang); err != nil {
		return fmt.Errorf("seed the demo resident's check-ins: %w", err)
	}
	add(zhang, "XF-MKT-001", dayStart(now).AddDate(0, 0, -1).Add(9*time.Hour+12*time.Minute), 35*time.Minute)
	add(zhang, "XF-RST-001", dayStart(now).AddDate(0, 0, -2).Add(12*time.Hour+5*time.Minute), 0)
	for lo := 0; lo < len(rows); lo += venue.MaxRows {
		res, err := svc.Ingest(ctx, cdc, rows[lo:min(lo+venue.MaxRows, len(rows))])
		if err != nil {
			return fmt.Errorf("seed check-ins: %w", err)
		}
		if len(res.Rejected) > 0 {
			return fmt.Errorf("seed check-ins: %d refused, the first: %+v", len(res.Rejected), res.Rejected[0])
		}
	}
	return nil
}

// townsfolk are up to n living residents of region code aged minAge to
// maxAge on now, in the order they were registered.
func (a platform) townsfolk(ctx context.Context, code string, now time.Time, minAge, maxAge, n int) ([]string, error) {
	path, err := a.Regions.Path(ctx, code)
	if err != nil {
		return nil, err
	}
	ymd := func(age int) int {
		y, m, d := now.Date()
		return (y-age)*10000 + int(m)*100 + d
	}
	cond, args := access.Scope(path).Subtree("region_path")
	rows, err := a.DB.Query(ctx, "SELECT id FROM residents WHERE "+cond+` AND deleted_at IS NULL AND birth_ymd > ?
		AND birth_ymd <= ? ORDER BY id LIMIT ?`, append(args, ymd(maxAge+1), ymd(minAge), n)...)
	if err != nil {
		return nil, fmt.Errorf("seed townsfolk: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("seed townsfolk: none aged %d–%d in %s", minAge, maxAge, code)
	}
	return out, rows.Err()
}
