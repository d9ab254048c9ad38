package population

import (
	"math/rand/v2"
	"strings"
)

// Fictitious people for the demo and the benchmarks: common surnames with
// rough weights, and given names from frequent characters.

// surnames are the most common surnames, most frequent first; weights fall
// off so that 王, 李, 张, 刘, 陈 cover about a third of people, as they do.
var surnames = []rune("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文")

// surnameCDF is the cumulative weight of surnames[i] (weight 1/(i+4)).
var surnameCDF = func() []float64 {
	out := make([]float64, len(surnames))
	sum := 0.0
	for i := range surnames {
		sum += 1 / float64(i+4)
		out[i] = sum
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}()

var (
	givenMale   = []rune("伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林欢阳建国峰志文亮成东海晨")
	givenFemale = []rune("芳娜敏静丽艳娟霞燕玲桂兰英红梅琳洁萍雪慧莉婷秀云华倩颖佳琪欣悦瑶璐晶月凤荣春")
)

func pickSurname(r *rand.Rand) rune {
	x := r.Float64()
	lo, hi := 0, len(surnameCDF)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if surnameCDF[mid] < x {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return surnames[lo]
}

// givenName is a plausible given name for the gender: one or two
// characters, to follow a surname.
func givenName(r *rand.Rand, male bool) string {
	given := givenFemale
	if male {
		given = givenMale
	}
	var b strings.Builder
	b.WriteRune(given[r.IntN(len(given))])
	if r.IntN(10) < 7 {
		b.WriteRune(given[r.IntN(len(given))])
	}
	return b.String()
}

// ageBands approximate the 2020 census age structure of Shanxi: the share of
// people in each five-year band from 0–4 to 95–99.
var ageBands = []float64{4.6, 5.6, 5.5, 4.8, 5.0, 6.3, 7.6, 7.4, 6.8, 7.9, 8.6, 8.2, 6.4, 5.4, 4.2, 2.6, 1.6, 0.8, 0.25, 0.05}

var ageCDF = func() []float64 {
	out := make([]float64, len(ageBands))
	sum := 0.0
	for i, w := range ageBands {
		sum += w
		out[i] = sum
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}()

// fakeAgeDays is an age in days drawn from the age pyramid.
func fakeAgeDays(r *rand.Rand) int {
	x := r.Float64()
	band := 0
	for band < len(ageCDF)-1 && ageCDF[band] < x {
		band++
	}
	return band*5*365 + r.IntN(5*365)
}
