package population

import (
	"strconv"
	"strings"
)

// Code is one entry of a dictionary: a stable code and its Chinese label.
type Code struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// Ethnicity is one GB/T 3304 nationality: a two-digit code and its name.
type Ethnicity struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Dicts is every population dictionary, for GET /dicts/population.
type Dicts struct {
	Tags           []Code      `json:"tags"`
	Ethnicities    []Ethnicity `json:"ethnicities"`
	ResidenceTypes []Code      `json:"residence_types"`
	Statuses       []Code      `json:"statuses"`
}

// Key-population tags. Elderly65 and Child06 are derived from the birth
// date whenever they are read and never stored.
const (
	TagElderly65    = "elderly_65"
	TagElderlyAlone = "elderly_alone"
	TagDisabled     = "disabled"
	TagHypertension = "hypertension"
	TagDiabetes     = "diabetes_t2"
	TagSevereMental = "severe_mental"
	TagTuberculosis = "tuberculosis"
	TagPregnant     = "pregnant"
	TagChild06      = "child_0_6"
	TagLowIncome    = "low_income"
	TagSpecialCare  = "special_care"
)

// Tags is every key-population tag in display order.
var Tags = []Code{
	{TagElderly65, "65岁及以上老年人"},
	{TagElderlyAlone, "独居老人"},
	{TagDisabled, "残疾人"},
	{TagHypertension, "高血压患者"},
	{TagDiabetes, "2型糖尿病患者"},
	{TagSevereMental, "严重精神障碍患者"},
	{TagTuberculosis, "肺结核患者"},
	{TagPregnant, "孕产妇"},
	{TagChild06, "0-6岁儿童"},
	{TagLowIncome, "低保对象"},
	{TagSpecialCare, "优抚对象"},
}

// tagAliases are further spellings a spreadsheet may use for a tag.
var tagAliases = map[string]string{
	"65岁以上老年人": TagElderly65, "65岁及以上老人": TagElderly65, "65岁以上老人": TagElderly65, "老年人": TagElderly65,
	"独居": TagElderlyAlone, "残疾": TagDisabled, "高血压": TagHypertension,
	"糖尿病": TagDiabetes, "2型糖尿病": TagDiabetes, "Ⅱ型糖尿病": TagDiabetes, "II型糖尿病": TagDiabetes,
	"严重精神障碍": TagSevereMental, "精神障碍": TagSevereMental, "肺结核": TagTuberculosis, "结核病": TagTuberculosis,
	"孕妇": TagPregnant, "产妇": TagPregnant, "0-6岁": TagChild06, "0～6岁儿童": TagChild06, "0—6岁儿童": TagChild06,
	"0~6岁儿童": TagChild06, "0–6岁儿童": TagChild06, "儿童": TagChild06, "低保": TagLowIncome, "低保户": TagLowIncome,
	"优抚": TagSpecialCare,
}

// derivedTag reports whether a tag follows from the birth date.
func derivedTag(code string) bool { return code == TagElderly65 || code == TagChild06 }

// Residence types (户籍/常住/流动).
const (
	Registered = "registered"
	Permanent  = "resident" // 常住: living here, registered elsewhere or not
	Floating   = "floating"
)

// ResidenceTypes is every residence type.
var ResidenceTypes = []Code{{Registered, "户籍"}, {Permanent, "常住"}, {Floating, "流动"}}

// Statuses of a resident.
const (
	Active   = "active"
	MovedOut = "moved_out"
	Deceased = "deceased"
)

// Statuses is every resident status.
var Statuses = []Code{{Active, "正常"}, {MovedOut, "迁出"}, {Deceased, "死亡"}}

// Ethnicities are the 56 nationalities of GB/T 3304 plus 97 and 98.
var Ethnicities = func() []Ethnicity {
	names := []string{"汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
		"满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
		"佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
		"达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
		"塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
		"独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族"}
	out := make([]Ethnicity, 0, len(names)+2)
	for i, n := range names {
		out = append(out, Ethnicity{Code: twoDigits(i + 1), Name: n})
	}
	return append(out, Ethnicity{"97", "其他未识别民族"}, Ethnicity{"98", "外国血统中国籍人士"})
}()

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// lookups built once from the dictionaries: every accepted spelling → code.
var (
	tagByWord       = map[string]string{}
	tagLabel        = map[string]string{}
	ethnicityByWord = map[string]string{}
	ethnicityName   = map[string]string{}
	residenceByWord = map[string]string{}
	statusByWord    = map[string]string{}
	tagOrder        = map[string]int{}
)

func init() {
	for i, t := range Tags {
		tagByWord[t.Code], tagByWord[t.Label], tagLabel[t.Code], tagOrder[t.Code] = t.Code, t.Code, t.Label, i
	}
	for w, c := range tagAliases {
		tagByWord[strings.ToLower(w)] = c
	}
	for _, e := range Ethnicities {
		ethnicityByWord[e.Code], ethnicityByWord[e.Name], ethnicityName[e.Code] = e.Code, e.Code, e.Name
		if short, ok := strings.CutSuffix(e.Name, "族"); ok {
			ethnicityByWord[short] = e.Code
		}
		if e.Code[0] == '0' {
			ethnicityByWord[e.Code[1:]] = e.Code
		}
	}
	ethnicityByWord["其他"] = "97"
	for _, r := range ResidenceTypes {
		residenceByWord[r.Code], residenceByWord[r.Label], residenceByWord[r.Label+"人口"] = r.Code, r.Code, r.Code
	}
	for _, s := range Statuses {
		statusByWord[s.Code], statusByWord[s.Label] = s.Code, s.Code
	}
}

// AllDicts is the content of GET /dicts/population.
func AllDicts() Dicts {
	return Dicts{Tags: Tags, Ethnicities: Ethnicities, ResidenceTypes: ResidenceTypes, Statuses: Statuses}
}

// EthnicityCode resolves a name (回族), a short name (回) or a code (03, 3).
func EthnicityCode(word string) (string, bool) {
	c, ok := ethnicityByWord[strings.TrimSpace(word)]
	return c, ok
}

// EthnicityName is the name of a GB/T 3304 code ("" when unknown).
func EthnicityName(code string) string { return ethnicityName[code] }

// ResidenceTypeCode resolves 户籍/常住/流动 or registered/resident/floating.
func ResidenceTypeCode(word string) (string, bool) {
	c, ok := residenceByWord[strings.ToLower(strings.TrimSpace(word))]
	return c, ok
}

// TagCode resolves a tag's code, label or a common alias.
func TagCode(word string) (string, bool) {
	c, ok := tagByWord[strings.ToLower(strings.TrimSpace(word))]
	return c, ok
}

// TagLabel is the Chinese label of a tag code.
func TagLabel(code string) string { return tagLabel[code] }

// splitTags splits a tag cell on ; ； 、 , ，
func splitTags(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ';' || r == '；' || r == '、' || r == ',' || r == '，'
	})
}
