package seed

import (
	"context"
	"fmt"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/epidemic"
)

// The screening list of the episode: the people the county CDC's tracing
// named as close contacts of the cluster's venues, pushed down last night —
// some registered residents of 东大街社区, some not, two living outside the
// city, two with no address the platform knows (the township's pool) —
// with the demo grid worker half-way through verifying their share.

// listed is a row of the demo list: an invented person, where they are.
type listed struct {
	who     person
	address string // for those the list knows by address only
	grid    string // a grid's code, a region's, or a place outside the city
	origin  string
}

var screeningRows = []listed{
	{person{"乔宏伟", "140902", "19800716", 193, "13903506627", "", ""}, "", grid1, "东大街老刘家面馆"},
	{person{"乔丽娜", "140902", "19821130", 228, "13834502119", "", ""}, "", grid1, "东大街老刘家面馆"},
	{person{"董晓峰", "140902", "19990214", 315, "18635018840", "", ""}, "", grid1, "东大街老刘家面馆"},
	{person{"白玉梅", "140902", "19670503", 146, "13513502271", "", ""}, "", grid1, "忻府区第二中学"},
	{person{"温建业", "140902", "19750928", 351, "15934017762", "", ""}, "", grid1, "忻府区第二中学"},
	{person{"秦佳怡", "140902", "20080311", 62, "", "", ""}, "", grid1, "忻府区第二中学"},
	{person{"牛振华", "140902", "19890822", 137, "18703503305", "", ""}, "", grid1, "K8021次列车3车厢"},
	{person{"霍晓琳", "140902", "19930419", 248, "15203501928", "", ""}, "", grid1, "K8021次列车3车厢"},
	{person{"阎国强", "140902", "19710101", 275, "13753009916", "", ""}, "", grid2, "东大街老刘家面馆"},
	{person{"康慧敏", "140902", "19860618", 206, "13994018853", "", ""}, "", grid2, "忻府区第二中学"},
	{person{"宋文杰", "140902", "20010905", 119, "18535017724", "", ""}, "", grid2, "K8021次列车3车厢"},
	{person{"田淑珍", "140902", "19590227", 182, "13603508410", "", ""}, "", "140902001000", "东大街老刘家面馆"},
	{person{"郭亮", "140902", "19840412", 399, "15035001187", "", ""}, "", "140902001000", "K8021次列车3车厢"},
	{person{"孟凡", "110105", "19900102", 157, "13911024476", "", ""}, "", "110105", "K8021次列车3车厢"},
	{person{"蒋欣", "140105", "19950718", 264, "18636040129", "", ""}, "", "140105", "忻府区第二中学"},
}

// seedScreening pushes the list down at 23:00 last night as the county CDC
// and has the demo grid worker verify half of the demo grid's share today.
func (a platform) seedScreening(ctx context.Context, at func(time.Time) *epidemic.Service, cdc, worker *access.Principal,
	now time.Time) error {
	pushed := dayStart(now).Add(-time.Hour)
	in := epidemic.ScreeningInput{Name: "东大街聚集性疫情密接排查（第3批）", Deadline: dayStart(now).Add(22 * time.Hour),
		Disease: "B27", Category: "close_contact"}
	for _, r := range screeningRows {
		in.Persons = append(in.Persons, epidemic.ListedPerson{Name: r.who.name, IDNumber: r.who.id(), Phone: r.who.phone,
			GridCode: r.grid, Origin: r.origin, Note: "密接场所：" + r.origin})
	}
	list, err := at(pushed).CreateList(ctx, cdc, in)
	if err != nil {
		return err
	}
	share, _, err := a.Epidemic.Persons(ctx, worker.RegionPath, epidemic.PersonFilter{Screening: list.ID}, 0, 50)
	if err != nil {
		return err
	}
	morning := dayStart(now).Add(8 * time.Hour)
	for i, p := range share[:len(share)/2] {
		t := morning.Add(time.Duration(i*20) * time.Minute)
		if _, err := at(t).Act(ctx, worker, p.ID, epidemic.ActVisit, epidemic.ActInput{}); err != nil {
			return fmt.Errorf("visit %s: %w", p.Name, err)
		}
		outcome := []string{"found", "found", "already_controlled", "not_found"}[i%4]
		if _, err := at(t.Add(10*time.Minute)).Act(ctx, worker, p.ID, epidemic.ActVerify, epidemic.ActInput{Outcome: outcome,
			Note: map[string]string{"found": "本人在家，无发热咳嗽，已告知居家等候管控安排", "already_controlled": "已在金山宾馆集中隔离",
				"not_found": "多次敲门无人应答，电话未接通，已联系社区继续查找"}[outcome]}); err != nil {
			return fmt.Errorf("verify %s: %w", p.Name, err)
		}
	}
	return nil
}
