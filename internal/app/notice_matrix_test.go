package app_test

import (
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/notice"
)

// noticeRows are the permission matrix's valid requests for the notice
// routes, on throw-away notices of HomeVillage's office.
var noticeRows = rows{
	"list-notices": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/notices?status=published", want: []int{200}}
	},
	"get-notice": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/notices/" + e.NewNotice(t, apptest.HomeVillage, notice.Draft), want: []int{200}}
	},
	"notice-reads": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/notices/" + e.NewNotice(t, apptest.HomeVillage, notice.Published) + "/reads", want: []int{200}}
	},
	"create-notice": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/notices", body: map[string]any{"kind": "article", "title": "冬季防煤气中毒",
			"body": "使用煤炉取暖要保持通风。", "target_codes": []string{apptest.HomeVillage}}, want: []int{201}}
	},
	"update-notice": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/notices/" + e.NewNotice(t, apptest.HomeVillage, notice.Draft), body: map[string]any{"kind": "notice",
			"title": "改期通知", "body": "接种改到周五。", "target_codes": []string{apptest.HomeVillage}}, want: []int{200}}
	},
	"delete-notice": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/notices/" + e.NewNotice(t, apptest.HomeVillage, notice.Draft), want: []int{204}}
	},
	"submit-notice": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/notices/" + e.NewNotice(t, apptest.HomeVillage, notice.Draft) + "/submit", body: map[string]any{}, want: []int{200}}
	},
	"approve-notice": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/notices/" + e.NewNotice(t, apptest.HomeVillage, notice.Pending) + "/approve", body: map[string]any{}, want: []int{200}}
	},
	"reject-notice": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/notices/" + e.NewNotice(t, apptest.HomeVillage, notice.Pending) + "/reject",
			body: map[string]any{"comment": "请补充接种地点"}, want: []int{200}}
	},
	"withdraw-notice": func(t *testing.T, e *apptest.Env, _ string) call {
		return call{path: "/api/v1/notices/" + e.NewNotice(t, apptest.HomeVillage, notice.Published) + "/withdraw",
			body: map[string]any{"comment": "活动取消"}, want: []int{200}}
	},
	"public-notices": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/public/notices?kind=notice", want: []int{200}}
	},
	"public-notice": func(t *testing.T, e *apptest.Env, role string) call {
		// published to HomeVillage: those living there (the grid's worker and
		// resident) read it; the county's people, above it, and anonymous
		// visitors, who see only city-wide ones, do not
		want := 404
		if role != "" && apptest.HomeOf(role) == apptest.HomeGrid {
			want = 200
		}
		return call{path: "/api/v1/public/notices/" + e.NewNotice(t, apptest.HomeVillage, notice.Published), want: []int{want}}
	},
}
