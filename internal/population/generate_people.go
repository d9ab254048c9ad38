package population

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"healthgrid/internal/pii"
)

// shanxiElsewhere are address codes (GB/T 2260) of districts of Shanxi's
// other cities, where some of the city's people were born: 太原 小店、迎泽、
// 杏花岭、万柏林, 大同 平城, 阳泉 城区, 长治 城区, 晋城 城区, 朔州 朔城,
// 晋中 榆次, 运城 盐湖, 临汾 尧都, 吕梁 离石.
var shanxiElsewhere = []string{"140105", "140106", "140107", "140109", "140213", "140302", "140402", "140502", "140602",
	"140702", "140802", "141002", "141102"}

// otherProvinces are address codes of districts of other provinces: 北京
// 朝阳、海淀, 天津 南开, 石家庄 长安、桥西, 呼和浩特 新城, 包头 昆都仑, 西安
// 雁塔, 榆林 榆阳, 郑州 金水, 洛阳 老城, 济南 历下, 哈尔滨 南岗, 成都 武侯,
// 武汉 武昌, 兰州 城关, 沈阳 和平, 南京 玄武.
var otherProvinces = []string{"110105", "110108", "120104", "130102", "130104", "150102", "150203", "610113", "610802",
	"410105", "410302", "370102", "230103", "510107", "420106", "620102", "210102", "320102"}

// mobilePrefixes are the first three digits of mainland mobile numbers in
// use (China Mobile, Unicom, Telecom).
var mobilePrefixes = []string{"130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151",
	"152", "153", "155", "156", "157", "158", "159", "166", "173", "176", "177", "178", "180", "181", "182", "183", "184",
	"185", "186", "187", "188", "189", "191", "198", "199"}

const year = 365

// household draws the n members of one household: a head, a spouse of about
// their age, children a generation younger who take the father's surname,
// and, where no child fits, a parent of the head. A person alone is an
// adult of any age.
func (g *generator) household(gr genGrid, n int) []*rec {
	r := g.r
	adult := func() int {
		d := fakeAgeDays(r)
		for d < 20*year {
			d = fakeAgeDays(r)
		}
		return d
	}
	headDays, headMale := adult(), r.IntN(100) < 70
	if n == 1 {
		headMale = r.IntN(2) == 0
	}
	surname := pickSurname(r)
	out := []*rec{g.person(gr, headDays, headMale, surname, g.birthplace(gr))}
	if n == 1 {
		if headDays >= 65*year && r.IntN(10) < 7 {
			out[0].Tags = append([]string{TagElderlyAlone}, out[0].Tags...)
		}
		return out
	}
	spouseDays := max(headDays+(r.IntN(9)-4)*year+r.IntN(year), 20*year)
	spouse := pickSurname(r)
	out = append(out, g.person(gr, spouseDays, !headMale, spouse, g.birthplace(gr)))
	family := surname // the children's: the father's
	if !headMale {
		family = spouse
	}
	younger := min(headDays, spouseDays)
	for range n - 2 {
		child := younger - (22+r.IntN(14))*year - r.IntN(year)
		if child >= 0 {
			out = append(out, g.person(gr, child, r.IntN(100) < 51, family, gr.path[13:19]))
			continue
		}
		male, name := r.IntN(2) == 0, pickSurname(r) // the head's parent: the father shares the head's surname
		if male && headMale {
			name = surname
		}
		parent := min(headDays+(22+r.IntN(12))*year+r.IntN(year), 95*year)
		out = append(out, g.person(gr, parent, male, name, g.birthplace(gr)))
	}
	return out
}

// birthplace is the address code of a new ID number: mostly the grid's own
// county, then the city's other counties, the rest of Shanxi, and other
// provinces.
func (g *generator) birthplace(gr genGrid) string {
	switch x := g.r.IntN(100); {
	case x < 12 && len(g.counties) > 0:
		return g.counties[g.r.IntN(len(g.counties))]
	case x < 21:
		return shanxiElsewhere[g.r.IntN(len(shanxiElsewhere))]
	case x < 28:
		return otherProvinces[g.r.IntN(len(otherProvinces))]
	}
	return gr.path[13:19]
}

// person generates one resident of the grid, days old, born in region.
func (g *generator) person(gr genGrid, days int, male bool, surname rune, region string) *rec {
	r := g.r
	birth := g.today.AddDate(0, 0, -days)
	age := days / year
	p := &rec{ID: uuid.Must(uuid.NewV7()).String(), Name: string(surname) + givenName(r, male), Gender: "female",
		Birth: dateYMD(birth), Ethnicity: "01", GridCode: gr.code, Path: gr.path, ResidenceType: Registered,
		Status: Active, CreatedAt: g.now, UpdatedAt: g.now}
	if male {
		p.Gender = "male"
	}
	g.born[p.ID] = region
	g.setID(p)
	if age >= 16 && r.IntN(100) < 85 {
		phone := mobilePrefixes[r.IntN(len(mobilePrefixes))] + fmt.Sprintf("%08d", r.IntN(100_000_000))
		p.PhoneEnc, p.PhoneIdx = g.s.pii.Seal(phone), g.s.pii.Index(pii.KindPhone, phone)
	}
	switch x := r.IntN(1000); {
	case x < 3:
		p.Ethnicity = "03" // 回族
	case x < 4:
		p.Ethnicity = "11" // 满族
	case x < 5:
		p.Ethnicity = "02" // 蒙古族
	}
	local := strings.HasPrefix(region, "1409")
	switch x := r.IntN(100); {
	case x < 12 || !local && x < 40:
		p.ResidenceType = Permanent
	case x < 20 || !local && x < 60:
		p.ResidenceType = Floating
	}
	switch x := r.IntN(1000); {
	case x < 5:
		p.Status = Deceased
	case x < 15:
		p.Status = MovedOut
	}
	p.Tags = fakeTags(r, age, male)
	return p
}

// setID gives p a fresh ID number born where g.born says, on p's birth
// date, with a sequence number (odd for men, even for women) drawn from
// those not yet used for that place and day.
func (g *generator) setID(p *rec) {
	region := g.born[p.ID]
	reg, _ := strconv.Atoi(region)
	key := (int64(reg)*100_000_000 + int64(p.Birth)) * 1000
	seq := 0
	for range 50 {
		seq = g.r.IntN(499)*2 + 2 // 002–998
		if p.Gender == "male" {
			seq--
		}
		if !g.seqs[key+int64(seq)] {
			break
		}
	}
	g.seqs[key+int64(seq)] = true
	first := fmt.Sprintf("%s%08d%03d", region, p.Birth, seq)
	id := first + string(pii.IDCheckDigit(first))
	p.IDEnc, p.IDIdx = g.s.pii.Seal(id), g.s.pii.Index(pii.KindID, id)
}

// fakeTags draws stored tags at rates like a county's health records;
// living alone at 65 or more is marked for most (独居老人).
func fakeTags(r *rand.Rand, age int, male bool) []string {
	var tags []string
	chance := func(perMille int) bool { return r.IntN(1000) < perMille }
	if chance(60) {
		tags = append(tags, TagDisabled)
	}
	if (age >= 60 && chance(300)) || (age >= 35 && age < 60 && chance(100)) || (age >= 18 && age < 35 && chance(10)) {
		tags = append(tags, TagHypertension)
	}
	if (age >= 60 && chance(100)) || (age >= 35 && age < 60 && chance(40)) {
		tags = append(tags, TagDiabetes)
	}
	if age >= 16 && chance(4) {
		tags = append(tags, TagSevereMental)
	}
	if chance(1) {
		tags = append(tags, TagTuberculosis)
	}
	if !male && age >= 20 && age <= 40 && chance(30) {
		tags = append(tags, TagPregnant)
	}
	if chance(40) {
		tags = append(tags, TagLowIncome)
	}
	if chance(10) {
		tags = append(tags, TagSpecialCare)
	}
	return tags
}
