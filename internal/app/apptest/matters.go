package apptest

// MatterBody is a valid new matter in the seeded 其他 category.
func MatterBody(code string) map[string]any {
	day := map[string]any{"amount": 1, "unit": "working_days"}
	return map[string]any{"code": code, "category_code": "QT", "name": "测试事项", "enabled": true,
		"routing": map[string]any{"township": map[string]any{"lead": "street_office", "co": []string{"community_committee"}}},
		"limits":  map[string]any{"dispatch": map[string]any{"amount": 2, "unit": "working_hours"}, "handle": day, "verify": day}}
}
