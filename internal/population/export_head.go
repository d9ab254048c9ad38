package population

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/china"
	"healthgrid/internal/pii"
)

// exportHead is what an exported workbook says of itself, above its table
// and in its document properties: who exported it, when, which residents.
type exportHead struct {
	who, region, filter, reason string
	at                          time.Time // in Beijing time
	rows                        int
	unmasked                    bool
}

// exportHead describes the export of f by caller, of n rows.
func (s *Service) exportHead(ctx context.Context, caller *access.Principal, f Filter, unmasked bool, reason string, n int) exportHead {
	h := exportHead{who: caller.Username, reason: reason, at: s.now().In(china.Zone).Truncate(time.Second), rows: n, unmasked: unmasked}
	if caller.Name != "" && caller.Name != caller.Username {
		h.who = caller.Name + "（" + caller.Username + "）"
	}
	path := f.Path
	if path == "" {
		path = caller.RegionPath
	}
	h.region = s.placeName(ctx, path)
	h.filter = s.describe(ctx, f)
	return h
}

// placeName is a region's name and code, from its path.
func (s *Service) placeName(ctx context.Context, path string) string {
	parts := strings.Split(strings.TrimSuffix(path, "/"), "/")
	code := parts[len(parts)-1]
	if name := s.gridName(ctx, code); name != "" {
		return name + "（" + code + "）"
	}
	return code
}

// describe puts a filter into words; an ID number or phone searched for
// shows masked.
func (s *Service) describe(ctx context.Context, f Filter) string {
	var parts []string
	add := func(k, v string) { parts = append(parts, k+"："+v) }
	if f.GridPath != "" {
		add("网格", s.placeName(ctx, f.GridPath))
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		if info, err := pii.ValidateIDNumber(q, s.now()); err == nil {
			q = pii.MaskID(info.Number)
		} else if phone, err := pii.NormalizePhone(q); err == nil {
			q = pii.MaskPhone(phone)
		}
		add("关键词", q)
	}
	if f.Tag != "" {
		add("重点人群", TagLabel(f.Tag))
	}
	switch {
	case f.AgeMin >= 0 && f.AgeMax >= 0:
		add("年龄", fmt.Sprintf("%d–%d岁", f.AgeMin, f.AgeMax))
	case f.AgeMin >= 0:
		add("年龄", fmt.Sprintf("%d岁及以上", f.AgeMin))
	case f.AgeMax >= 0:
		add("年龄", fmt.Sprintf("%d岁及以下", f.AgeMax))
	}
	if f.ResidenceType != "" {
		add("居住类型", label(ResidenceTypes, f.ResidenceType))
	}
	if f.Status != "" {
		add("状态", label(Statuses, f.Status))
	}
	if f.Household != "" {
		add("住户", f.Household)
	}
	if len(parts) == 0 {
		return "全部居民"
	}
	return strings.Join(parts, "；")
}

func (h exportHead) kind() string {
	if h.unmasked {
		return "未脱敏（含完整身份证号、手机号）"
	}
	return "已脱敏"
}

func (h exportHead) when() string {
	return h.at.Format("2006-01-02 15:04:05") + "（北京时间 Asia/Shanghai）"
}

// lines are the rows above the table.
func (h exportHead) lines() [][]any {
	reason := h.reason
	if reason == "" {
		reason = "—"
	}
	return [][]any{
		{"居民名单（" + h.kind() + "）"},
		{"导出人", h.who},
		{"导出时间", h.when()},
		{"导出范围", h.region},
		{"筛选条件", h.filter},
		{"导出事由", reason},
		{"行数", h.rows},
	}
}

// props are the workbook's document properties.
func (h exportHead) props() *excelize.DocProperties {
	at := h.at.Format(time.RFC3339)
	return &excelize.DocProperties{
		Title:          "居民名单（" + h.kind() + "）",
		Subject:        h.region + "；" + h.filter,
		Creator:        h.who,
		LastModifiedBy: h.who,
		Created:        at,
		Modified:       at,
		Category:       h.kind(),
		Keywords:       "healthgrid；居民名单；" + h.kind(),
		Description: "导出人：" + h.who + "；导出时间：" + h.when() + "；导出范围：" + h.region + "；筛选条件：" + h.filter +
			"；导出事由：" + h.reason + "；行数：" + strconv.Itoa(h.rows),
	}
}
