package demo

import (
	"testing"
)

func TestUnits(t *testing.T) {
	c := testCity(t)
	types := map[string]bool{
		UnitHealthCommission: true, UnitCDC: true, UnitHospital: true, UnitCommunityHealthCenter: true,
		UnitTownshipHealthCenter: true, UnitVillageClinic: true, UnitStreetOffice: true, UnitCommunityCommittee: true,
		UnitPoliceStation: true, UnitPartyBranch: true, UnitVolunteerOrg: true, UnitOther: true,
	}
	keys := map[string]Unit{}
	has := map[string]map[string]int{} // region → type → count
	for _, u := range c.Units {
		if _, dup := keys[u.Key]; dup {
			t.Fatalf("unit key %s twice", u.Key)
		}
		keys[u.Key] = u
		if !types[u.Type] || u.Name == "" {
			t.Errorf("unit %+v: bad type or no name", u)
		}
		if _, ok := c.Region(u.RegionCode); !ok {
			t.Errorf("unit %s: no region %s", u.Key, u.RegionCode)
		}
		if has[u.RegionCode] == nil {
			has[u.RegionCode] = map[string]int{}
		}
		has[u.RegionCode][u.Type]++
	}

	for key, name := range map[string]string{
		"health_commission:140900000000":   "忻州市卫生健康委员会",
		"cdc:140900000000":                 "忻州市疾病预防控制中心",
		"hospital:140900000000":            "忻州市人民医院",
		"cdc:140902000000":                 "忻府区疾病预防控制中心",
		"health_commission:140921000000":   "定襄县卫生健康局",
		"street_office:140902001000":       "秀容街道办事处",
		"police_station:140902001000":      "忻州市公安局忻府分局秀容派出所",
		"community_committee:140902001002": "东大街社区居民委员会",
	} {
		if u, ok := keys[key]; !ok || u.Name != name {
			t.Errorf("unit %s = %q, want %q", key, u.Name, name)
		}
	}

	for _, r := range c.Regions {
		got := has[r.Code]
		var want []string
		switch r.Level {
		case LevelCounty:
			want = []string{UnitHealthCommission, UnitCDC, UnitHospital, UnitVolunteerOrg}
		case LevelTownship:
			want = []string{UnitPoliceStation}
			if got[UnitTownshipHealthCenter]+got[UnitCommunityHealthCenter] != 1 {
				t.Errorf("township %s %s has no health centre", r.Code, r.Name)
			}
			if townshipKind(r.Name) == kindStreet {
				want = append(want, UnitStreetOffice)
			}
		case LevelVillage:
			want = []string{UnitPartyBranch}
			if got[UnitVillageClinic]+got[UnitCommunityCommittee] != 1 {
				t.Errorf("village %s %s has neither clinic nor committee", r.Code, r.Name)
			}
		}
		for _, typ := range want {
			if got[typ] == 0 {
				t.Errorf("%s %s %s has no %s", r.Level, r.Code, r.Name, typ)
			}
		}
	}
}

func TestNames(t *testing.T) {
	for registered, want := range map[string]string{
		"东大街社区居民委员会": "东大街社区", "栖凤社区居委会": "栖凤社区", "光明寺村委会": "光明寺村",
		"西窑子头村民委员会": "西窑子头村", "五台扶贫新区居民委员会": "五台扶贫新区", "原平农场虚拟生活区": "原平农场虚拟生活区",
	} {
		if got, _ := villageName(registered); got != want {
			t.Errorf("villageName(%s) = %s, want %s", registered, got, want)
		}
	}
	for name, want := range map[string]string{"秀容街道": "秀容", "耿镇镇": "耿镇", "长征街街道": "长征街", "定襄县居民办事处": "城区", "原平农场": "原平农场"} {
		if got := townshipShort(name); got != want {
			t.Errorf("townshipShort(%s) = %s, want %s", name, got, want)
		}
	}
}

func BenchmarkBuildCity(b *testing.B) {
	for b.Loop() {
		if _, err := BuildCity(1); err != nil {
			b.Fatal(err)
		}
	}
}
