package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/auth"
	"healthgrid/internal/demo"
	"healthgrid/internal/notice"
)

// demoNotice is a notice of the demo: who writes it, to whom, how many days
// ago, and whether it is published or still waits for review.
type demoNotice struct {
	author  string // a demo account, or "" for the city's office
	daysAgo int
	pending bool
	in      notice.Input
}

// The city's office writes for the whole city: the commission's own desk,
// not a demo account, so that the admin reviews what it did not write.
const cityOffice = "忻州市卫生健康委员会办公室"

var demoNotices = []demoNotice{
	{"", 21, false, notice.Input{Kind: notice.KindNotice, TargetCodes: []string{demo.CityCode},
		Title: "关于开展2026年65岁及以上老年人免费健康体检的通知",
		Body: "各县(市、区)卫生健康局,各乡镇卫生院、社区卫生服务中心:\n\n" +
			"根据国家基本公共卫生服务项目要求,现组织开展2026年度65岁及以上老年人免费健康体检工作。\n\n" +
			"一、服务对象:辖区内居住半年以上、65周岁及以上的常住居民。\n\n" +
			"二、体检内容:生活方式和健康状况评估,体格检查,血常规、尿常规、肝功能、肾功能、空腹血糖、血脂、心电图和腹部B超检查,以及健康指导。\n\n" +
			"三、参检方式:请携带身份证到户籍或居住地的乡镇卫生院、社区卫生服务中心参检,也可在「智慧卫健」APP预约「老年人健康体检」;行动不便的老人可由家庭医生团队上门服务。\n\n" +
			"四、体检结果将录入居民健康档案,异常情况由家庭医生团队跟踪随访。\n\n" +
			"咨询电话:0350-12320。"}},
	{"", 12, false, notice.Input{Kind: notice.KindArticle, TargetCodes: []string{demo.CityCode},
		Title:   "高血压患者居家自我管理要点",
		Summary: "按时服药、限盐减重、规律测压:家庭医生教您管好血压。",
		Body: "高血压是最常见的慢性病之一,管好血压可以大大降低脑卒中、心肌梗死的风险。\n\n" +
			"1. 按时服药:遵医嘱长期规律服药,不要血压一正常就自行停药或减量。\n\n" +
			"2. 限盐减重:每人每天食盐不超过5克,少吃咸菜、腌肉和加工食品;超重者逐步减轻体重。\n\n" +
			"3. 规律测压:家中常备上臂式电子血压计,每天早晚各测一次并记录,随访时交给家庭医生。\n\n" +
			"4. 戒烟限酒,适量运动:每周至少5天、每天30分钟快走、太极拳等中等强度运动。\n\n" +
			"5. 出现剧烈头痛、胸闷胸痛、一侧肢体无力或说话不清时,立即拨打120。"}},
	{"", 5, false, notice.Input{Kind: notice.KindArticle, TargetCodes: []string{demo.CityCode},
		Title:   "儿童预防接种常见问题解答",
		Summary: "疫苗什么时候打、打完要注意什么、漏种了怎么办。",
		Body: "问:孩子的疫苗按什么时间打?\n答:请按《预防接种证》上的免疫程序,到辖区预防接种门诊按时接种。\n\n" +
			"问:接种后要注意什么?\n答:接种后在留观区观察30分钟;当天不要洗澡,注意接种部位清洁;少数孩子会有低热、局部红肿,一般2至3天自行消退。\n\n" +
			"问:错过了接种时间怎么办?\n答:不必重新开始,尽快到接种门诊补种即可。\n\n" +
			"问:入托、入学需要查验接种证吗?\n答:需要。请妥善保管接种证,遗失的可到接种门诊补办。"}},
	{"street", 3, false, notice.Input{Kind: notice.KindNotice, TargetCodes: []string{"140902001000"},
		Title: "秀容街道家庭医生签约服务进社区活动安排",
		Body: "各社区居民:\n\n" +
			"为方便居民就近签约家庭医生,秀容街道社区卫生服务中心本月组织家庭医生团队进社区开展签约服务,现场提供免费测血压、测血糖和健康咨询。\n\n" +
			"东大街社区:每周二上午 9:00–11:30,社区党群服务中心一楼。\n" +
			"古钟社区:每周三上午 9:00–11:30,社区卫生服务站。\n" +
			"小南区社区、南关社区:每周四上午 9:00–11:30,各社区居委会。\n\n" +
			"签约请携带身份证、医保卡;65岁以上老人、慢病患者、孕产妇和0–6岁儿童家庭优先签约。也可在「智慧卫健」APP预约「家庭医生签约咨询」,医生上门服务。"}},
	{"street", 0, true, notice.Input{Kind: notice.KindNotice, TargetCodes: []string{"140902001000"},
		Title: "关于做好辖区独居老人安全巡访工作的通知",
		Body: "各社区、各网格:\n\n" +
			"近期气温变化较大,请各网格员会同家庭医生团队,对辖区独居老人、空巢老人逐户开展一次安全巡访。\n\n" +
			"一、查看燃气、取暖和用电安全,提醒老人开窗通风,防范一氧化碳中毒。\n\n" +
			"二、了解老人身体状况和用药情况,血压、血糖控制不好的及时转介家庭医生随访。\n\n" +
			"三、留下网格员和家庭医生的联系电话,帮助老人在手机上设置紧急联系人。\n\n" +
			"巡访情况请在「智慧卫健」APP「入户走访」中如实记录并拍照留存,本月底前完成。"}},
}

// seedNotices writes the demo's notices as their offices would: each a
// draft, submitted, and approved by a reviewer other than the author —
// the admin for the city's office, 忻府区 for 秀容街道 — but the last, which
// waits for review. Each is dated its days ago.
func (a platform) seedNotices(ctx context.Context, now time.Time) error {
	cityPath, err := a.Regions.RootPath(ctx)
	if err != nil {
		return err
	}
	roles := []string{"region_admin"}
	office := &access.Principal{Name: cityOffice, Kind: "staff", Roles: roles, Perms: auth.PermissionsOf(roles),
		RegionCode: demo.CityCode, RegionPath: cityPath}
	admin, err := a.principal(ctx, "admin", []string{"sysadmin"})
	if err != nil {
		return err
	}
	street, err := a.principal(ctx, "street", []string{"dispatcher", "region_admin"})
	if err != nil {
		return err
	}
	xinfu, err := a.principal(ctx, "xinfu", []string{"dispatcher", "region_admin"})
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(demoSeed, 6))
	for _, d := range demoNotices {
		author, reviewer := office, admin
		if d.author == "street" {
			author, reviewer = street, xinfu
		}
		at := officeHours(now.Add(-3*hour), d.daysAgo, rng)
		n, err := a.Notices.WithClock(func() time.Time { return at }).Create(access.With(ctx, author), author, d.in)
		if err != nil {
			return fmt.Errorf("seed notice %s: %w", d.in.Title, err)
		}
		at = at.Add(40 * minute)
		if _, err := a.Notices.WithClock(func() time.Time { return at }).Step(access.With(ctx, author), author, n.ID,
			notice.Submit, ""); err != nil {
			return fmt.Errorf("seed notice %s: submit: %w", d.in.Title, err)
		}
		if d.pending {
			continue
		}
		at = at.Add(2 * hour)
		if _, err := a.Notices.WithClock(func() time.Time { return at }).Step(access.With(ctx, reviewer), reviewer, n.ID,
			notice.Approve, "内容准确,同意发布"); err != nil {
			return fmt.Errorf("seed notice %s: approve: %w", d.in.Title, err)
		}
	}
	return nil
}
