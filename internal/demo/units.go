package demo

import "fmt"

// Unit types (Unit.Type).
const (
	UnitHealthCommission      = "health_commission"       // 卫生健康委员会 / 卫生健康局
	UnitCDC                   = "cdc"                     // 疾病预防控制中心
	UnitHospital              = "hospital"                // 医院
	UnitCommunityHealthCenter = "community_health_center" // 社区卫生服务中心
	UnitTownshipHealthCenter  = "township_health_center"  // 乡镇卫生院
	UnitVillageClinic         = "village_clinic"          // 村卫生室
	UnitStreetOffice          = "street_office"           // 街道办事处
	UnitCommunityCommittee    = "community_committee"     // 社区居民委员会
	UnitPoliceStation         = "police_station"          // 派出所
	UnitPartyBranch           = "party_branch"            // 党支部
	UnitVolunteerOrg          = "volunteer_org"           // 志愿者组织
	UnitOther                 = "other"                   // anything else
)

// unitList hands out keys "<type>:<region code>", adding ":2", ":3", … for
// a second unit of the same type in one region, so keys stay stable as
// long as the order of units within a region does not change.
type unitList struct {
	units []Unit
	seen  map[string]int
}

func (l *unitList) add(typ, region, name string) {
	key := typ + ":" + region
	l.seen[key]++
	if n := l.seen[key]; n > 1 {
		key = fmt.Sprintf("%s:%d", key, n)
	}
	l.units = append(l.units, Unit{Key: key, Name: name, Type: typ, RegionCode: region})
}

// buildUnits lists the units of the city, region by region, parents first.
func buildUnits(city place, counties, townships, villages []place) []Unit {
	l := &unitList{seen: map[string]int{}}
	c := city.Code
	l.add(UnitHealthCommission, c, city.Name+"卫生健康委员会")
	l.add(UnitCDC, c, city.Name+"疾病预防控制中心")
	l.add(UnitHospital, c, city.Name+"人民医院")
	l.add(UnitHospital, c, city.Name+"中医医院")
	l.add(UnitHospital, c, city.Name+"第二人民医院")
	l.add(UnitHospital, c, city.Name+"妇幼保健院")
	l.add(UnitVolunteerOrg, c, city.Name+"志愿服务联合会")
	l.add(UnitOther, c, city.Name+"红十字会")

	countyName := map[string]string{}
	for _, p := range counties {
		countyName[p.Code] = p.Name
		l.add(UnitHealthCommission, p.Code, p.Name+"卫生健康局")
		l.add(UnitCDC, p.Code, p.Name+"疾病预防控制中心")
		l.add(UnitHospital, p.Code, p.Name+"人民医院")
		l.add(UnitHospital, p.Code, p.Name+"中医医院")
		l.add(UnitVolunteerOrg, p.Code, p.Name+"志愿者协会")
	}
	for _, p := range townships {
		county := countyName[p.ParentCode]
		switch p.kind {
		case kindTown:
			l.add(UnitTownshipHealthCenter, p.Code, p.Name+"卫生院")
		case kindStreet:
			l.add(UnitCommunityHealthCenter, p.Code, p.Name+"社区卫生服务中心")
			l.add(UnitStreetOffice, p.Code, p.Name+"办事处")
		case kindOffice:
			l.add(UnitCommunityHealthCenter, p.Code, county+"城区社区卫生服务中心")
			l.add(UnitStreetOffice, p.Code, p.Name)
		default:
			l.add(UnitCommunityHealthCenter, p.Code, p.Name+"社区卫生服务中心")
		}
		l.add(UnitPoliceStation, p.Code, policePrefix(city.Name, county)+townshipShort(p.Name)+"派出所")
	}
	for _, p := range villages {
		if p.rural {
			l.add(UnitVillageClinic, p.Code, p.Name+"卫生室")
		} else {
			l.add(UnitCommunityCommittee, p.Code, p.Name+"居民委员会")
		}
		l.add(UnitPartyBranch, p.Code, p.Name+"党支部")
	}
	return l.units
}
