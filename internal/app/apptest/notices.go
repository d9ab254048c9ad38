package apptest

import (
	"context"
	"fmt"
	"testing"

	"healthgrid/internal/access"
	"healthgrid/internal/notice"
)

// NewNotice writes a throw-away notice owned by region (a village) and
// published to it, by an author of its office, and takes it to status
// (draft, pending or published). In HomeVillage every role of Home covers it,
// and none of them wrote it.
func (e *Env) NewNotice(t testing.TB, region, status string) string {
	t.Helper()
	ctx := context.Background()
	author := &access.Principal{UserID: fmt.Sprintf("author%d", e.Unique()), Name: "东大街社区宣传员",
		RegionPath: e.City.Path(region), Perms: map[string]bool{"notice:write": true}}
	n, err := e.App.Notices.Create(ctx, author, notice.Input{Kind: notice.KindNotice, Title: "冬季流感疫苗接种通知",
		Body: "社区卫生服务站周二、周四上午为60岁以上老人免费接种流感疫苗,请携带身份证。", TargetCodes: []string{region}})
	if err != nil {
		t.Fatal(err)
	}
	steps := map[string][]string{notice.Pending: {notice.Submit}, notice.Published: {notice.Submit, notice.Approve}}[status]
	for _, st := range steps {
		p := author
		if st == notice.Approve {
			p = e.System(t)
		}
		if _, err := e.App.Notices.Step(ctx, p, n.ID, st, ""); err != nil {
			t.Fatal(err)
		}
	}
	return n.ID
}
