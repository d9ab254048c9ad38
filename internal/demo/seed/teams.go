package seed

import (
	"context"
	"fmt"
	"math/rand/v2"

	"healthgrid/internal/auth"
	"healthgrid/internal/demo"
	"healthgrid/internal/grid"
)

// demoGridWorker is the demo account that is the grid worker of demoGrid.
const (
	demoGridWorker = "grid"
	demoGrid       = "140902001002001"
)

// Fictitious names for the demo teams.
var (
	surnames   = []rune("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文")
	givenChars = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华建国志红玉梅峰海燕晨宇浩然子涵欣怡思雨博文晓东亮斌鑫")
)

// personName is a fictitious Chinese name of two or three characters.
func personName(rng *rand.Rand) string {
	name := string(surnames[rng.IntN(len(surnames))])
	for range 1 + rng.IntN(2) {
		name += string(givenChars[rng.IntN(len(givenChars))])
	}
	return name
}

// seedTeams adds the demo city's three teams and one person: a grid worker
// per grid, a family-doctor team member and a volunteer per village, a police
// officer per township; the demo grid worker account linked to its grid; and
// each village's party branch linked to the village and its grids.
func (a platform) seedTeams(ctx context.Context, city *demo.City, sys string) error {
	unitIDs := map[string]string{}
	unit := func(key string) (string, error) {
		if id, ok := unitIDs[key]; ok {
			return id, nil
		}
		id, err := a.Units.BySeedKey(ctx, key)
		if err != nil {
			return "", fmt.Errorf("seed teams: unit %s: %w", key, err)
		}
		unitIDs[key] = id
		return id, nil
	}
	hasUnit := map[string]bool{}
	for _, u := range city.Units {
		hasUnit[u.Key] = true
	}
	firstUnit := func(keys ...string) (string, error) {
		for _, k := range keys {
			if hasUnit[k] {
				return unit(k)
			}
		}
		return "", nil
	}
	users, _, err := a.Auth.List(ctx, sys, auth.Filter{Q: demoGridWorker}, 0, 20)
	if err != nil {
		return err
	}
	gridUser := ""
	for _, u := range users {
		if u.Username == demoGridWorker {
			gridUser = u.ID
		}
	}

	grids := map[string][]string{} // parent code → its grids, for villages and townships
	var order []demo.Region
	for _, r := range city.Regions {
		switch r.Level {
		case demo.LevelGrid:
			grids[r.ParentCode] = append(grids[r.ParentCode], r.Code)
			grids[r.ParentCode[:9]+"000"] = append(grids[r.ParentCode[:9]+"000"], r.Code)
			fallthrough
		case demo.LevelTownship, demo.LevelVillage:
			order = append(order, r)
		}
	}
	rng := rand.New(rand.NewPCG(demoSeed, 3))
	n := 0
	person := func(typ, region, unitID, userID string, served []string) grid.SeedMember {
		n++
		return grid.SeedMember{Type: typ, Name: personName(rng), Phone: fmt.Sprintf("137%08d", n), UnitID: unitID, UserID: userID,
			RegionCode: region, GridCodes: served}
	}
	var members []grid.SeedMember
	var links []grid.SeedLink
	for _, r := range order {
		county, township := r.Code[:6]+"000000", r.Code[:9]+"000"
		switch r.Level {
		case demo.LevelTownship:
			police, err := firstUnit("police_station:" + r.Code)
			if err != nil {
				return err
			}
			members = append(members, person("police", r.Code, police, "", grids[r.Code]))
		case demo.LevelVillage:
			doctors, err := firstUnit("village_clinic:"+r.Code, "community_health_center:"+township, "township_health_center:"+township)
			if err != nil {
				return err
			}
			volunteers, err := firstUnit("volunteer_org:" + county)
			if err != nil {
				return err
			}
			members = append(members, person("health_service", r.Code, doctors, "", grids[r.Code]),
				person("volunteer", r.Code, volunteers, "", grids[r.Code]))
			if branch, err := firstUnit("party_branch:" + r.Code); err != nil {
				return err
			} else if branch != "" {
				links = append(links, grid.SeedLink{UnitID: branch, RegionCode: r.Code})
				for _, g := range grids[r.Code] {
					links = append(links, grid.SeedLink{UnitID: branch, RegionCode: g})
				}
			}
		case demo.LevelGrid:
			committee, err := firstUnit("community_committee:" + r.ParentCode)
			if err != nil {
				return err
			}
			user := ""
			if r.Code == demoGrid {
				user = gridUser
			}
			members = append(members, person("grid_worker", r.Code, committee, user, []string{r.Code}))
		}
	}
	return a.Grids.Seed(ctx, members, links)
}
