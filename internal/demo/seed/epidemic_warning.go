package seed

import (
	"context"
	"fmt"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/china"
	"healthgrid/internal/epidemic"
	"healthgrid/internal/epidemic/warning"
)

// The early warning's part of the episode (issue 17): mumps (流行性腮腺炎,
// C02) at 忻府区长征街小学 in 长征街街道 — a case now and then over two weeks,
// then five diagnosed yesterday. EARS C1 and C2 flag the township's day
// (C3 does not: the days before were quiet), a yellow signal the county
// CDC finds in its 预警处置 queue this morning, waiting to be verified.

// warningTownship is where the mumps cluster is.
const warningTownship = "140902002000"

// mumpsDays are the cases diagnosed each day, from 13 days before
// yesterday to yesterday (R's reference series "demo").
var mumpsDays = []int{0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 5}

// mumpsPupils are the pupils, in the order they fall ill.
var mumpsPupils = []struct{ name, birth, parent string }{
	{"王子涵", "20170311", "王海军"}, {"李梓萱", "20160923", "李红"}, {"张浩然", "20170105", "张建国"},
	{"刘一诺", "20161218", "刘伟"}, {"赵思雨", "20170427", "赵丽娟"}, {"陈宇轩", "20160714", "陈志强"},
	{"杨欣怡", "20170819", "杨波"}, {"郭俊熙", "20161030", "郭晓峰"}, {"贾雨桐", "20170206", "贾文斌"},
}

// seedWarning files the cluster's cards as the hospital, each on its day,
// the CDC approving them the next morning, and evaluates yesterday as the
// CDC would at the start of the day.
func (a platform) seedWarning(ctx context.Context, at func(time.Time) *epidemic.Service, hospital, cdc *access.Principal,
	now time.Time) error {
	grids, err := a.townshipGrids(ctx, warningTownship, 2)
	if err != nil {
		return err
	}
	yesterday := dayStart(now).AddDate(0, 0, -1)
	k := 0
	for i, n := range mumpsDays {
		for j := range n {
			p := mumpsPupils[k]
			diagnosed := yesterday.AddDate(0, 0, i-len(mumpsDays)+1).Add(time.Duration(9+j) * time.Hour)
			filed := diagnosed.Add(2 * time.Hour)
			sex := []string{"male", "female"}[k%2]
			id := kin{name: p.name, born: "140902", birth: p.birth, seq: 401 + 2*k + k%2}.idNumber()
			card, err := at(filed).FileReport(ctx, hospital, epidemic.CardInput{CardNo: fmt.Sprintf("1409020002%06d", 2612101+k),
				ReportType: "initial", Name: p.name, ParentName: p.parent, IDNumber: id, Sex: sex, WorkUnit: "忻府区长征街小学",
				Class: fmt.Sprintf("三年级(%d)班", 1+k%3), Belongs: "local_county", Address: "山西省忻州市忻府区长征街街道",
				AddressCode: grids[k%len(grids)], Occupation: "student", Classification: "clinical",
				OnsetDate: diagnosed.AddDate(0, 0, -1).In(china.Zone).Format(time.DateOnly), DiagnosedAt: &diagnosed,
				Disease: "C02", ReportingUnit: "忻府区人民医院", Doctor: "李慧"})
			if err != nil {
				return fmt.Errorf("seed mumps card %s: %w", p.name, err)
			}
			if i < len(mumpsDays)-1 { // yesterday's are still waiting for review
				if _, err := at(filed.Add(18*time.Hour)).ReviewReport(ctx, cdc, card.ID,
					epidemic.ReviewInput{Decision: "approve"}); err != nil {
					return err
				}
			}
			k++
		}
	}
	morning := dayStart(now).Add(7*time.Hour + 30*time.Minute)
	if morning.After(now) {
		morning = now
	}
	_, err = a.Warning.WithClock(func() time.Time { return morning }).Evaluate(ctx, cdc,
		warning.EvaluateInput{Date: yesterday.In(china.Zone).Format(time.DateOnly)})
	return err
}

// townshipGrids are the first n grids of a township's first village.
func (a platform) townshipGrids(ctx context.Context, township string, n int) ([]string, error) {
	root, err := a.Regions.RootPath(ctx)
	if err != nil {
		return nil, err
	}
	villages, err := a.Regions.Children(ctx, root, township, false)
	if err != nil || len(villages) == 0 {
		return nil, fmt.Errorf("the villages of %s: %d, %w", township, len(villages), err)
	}
	grids, err := a.Regions.Children(ctx, root, villages[0].Code, false)
	if err != nil || len(grids) == 0 {
		return nil, fmt.Errorf("the grids of %s: %d, %w", villages[0].Code, len(grids), err)
	}
	var out []string
	for _, g := range grids[:min(n, len(grids))] {
		out = append(out, g.Code)
	}
	return out, nil
}
