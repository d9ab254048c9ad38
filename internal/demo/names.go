package demo

import "strings"

// townKind sorts townships by what their name says they are.
type townKind int

const (
	kindTown   townKind = iota // 镇 or 乡: rural, with a 卫生院
	kindStreet                 // 街道: urban, with a street office
	kindOffice                 // a county's 居民办事处 or 党群服务中心 standing in for streets
	kindOther                  // mines, farms, development zones
)

func townshipKind(name string) townKind {
	switch {
	case strings.HasSuffix(name, "街道"):
		return kindStreet
	case strings.HasSuffix(name, "办事处"), strings.HasSuffix(name, "服务中心"):
		return kindOffice
	case strings.HasSuffix(name, "镇"), strings.HasSuffix(name, "乡"):
		return kindTown
	}
	return kindOther
}

// urban townships sit in the county seat, so their seeds cluster there.
func (k townKind) urban() bool { return k == kindStreet || k == kindOffice }

// townshipShort is the name a police station or clinic borrows: 秀容街道 → 秀容.
func townshipShort(name string) string {
	switch townshipKind(name) {
	case kindOffice:
		return "城区"
	case kindOther:
		return name
	}
	for _, s := range []string{"街道", "镇", "乡"} {
		if short, ok := strings.CutSuffix(name, s); ok && short != "" {
			return short
		}
	}
	return name
}

// villageSuffixes maps the committee's registered name to the place name,
// and says whether it is a rural village (村) or an urban community (社区).
var villageSuffixes = []struct {
	suffix, replace string
	rural           bool
}{
	{"村民委员会", "村", true},
	{"村委会", "村", true},
	{"社区居民委员会", "社区", false},
	{"社区居委会", "社区", false},
	{"居民委员会", "", false},
	{"居委会", "", false},
}

// villageName turns 东大街社区居民委员会 into 东大街社区 and 光明寺村委会 into
// 光明寺村, and reports whether the place is a village rather than a community.
func villageName(registered string) (name string, rural bool) {
	for _, s := range villageSuffixes {
		if base, ok := strings.CutSuffix(registered, s.suffix); ok && base != "" {
			return base + s.replace, s.rural
		}
	}
	return registered, false // 虚拟社区, 虚拟生活区
}

// policePrefix is the public-security bureau a county's stations report to:
// a district's is a branch of the city bureau.
func policePrefix(cityName, countyName string) string {
	if short, ok := strings.CutSuffix(countyName, "区"); ok {
		return cityName + "公安局" + short + "分局"
	}
	return countyName + "公安局"
}
