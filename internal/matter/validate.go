package matter

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"healthgrid/internal/apperr"
	"healthgrid/internal/org"
)

var (
	// matterCode is a category-like prefix, a dash and a two- or three-digit number: HJWS-01.
	matterCode = regexp.MustCompile(`^[A-Z][A-Z0-9]{1,9}-[0-9]{2,3}$`)
	// categoryCode is a few upper-case letters or digits (pinyin initials): HJWS.
	categoryCode = regexp.MustCompile(`^[A-Z][A-Z0-9]{1,9}$`)
)

// checkCode validates a new matter's code.
func checkCode(code string) apperr.Invalid {
	if !matterCode.MatchString(code) {
		return apperr.Field("body.code", "事项编码应为大写字母或数字、短横线和两到三位序号，如 HJWS-01 / code must look like HJWS-01")
	}
	return nil
}

// checkCategoryCode validates a new category's code.
func checkCategoryCode(code string) apperr.Invalid {
	if !categoryCode.MatchString(code) {
		return apperr.Field("body.code", "分类编码应为2到10位大写字母或数字、以字母开头，如 HJWS / code must be 2–10 upper-case letters or digits, e.g. HJWS")
	}
	return nil
}

// normalise trims the text fields and fills in the defaults of an input.
func normalise(in *Input) {
	in.CategoryCode = strings.TrimSpace(in.CategoryCode)
	in.Name = strings.TrimSpace(in.Name)
	in.Description = strings.TrimSpace(in.Description)
	in.RegisterCriteria = strings.TrimSpace(in.RegisterCriteria)
	in.CloseCriteria = strings.TrimSpace(in.CloseCriteria)
	if in.DefaultPriority == "" {
		in.DefaultPriority = "normal"
	}
	for level, r := range in.Routing {
		if r.Co == nil {
			r.Co = []string{}
			in.Routing[level] = r
		}
	}
}

// check validates a matter's fields, all but whether its category exists:
// one entry per bad field, each naming it.
func check(in Input) apperr.Invalid {
	var bad apperr.Invalid
	add := func(code *apperr.Error, f, m string) { bad = append(bad, code.On(f, m)) }
	if in.Name == "" {
		add(apperr.Required, "body.name", "名称不能为空 / name is required")
	} else if n := len([]rune(in.Name)); n > 100 {
		add(nil, "body.name", fmt.Sprintf("名称不能超过100个字 / name is %d characters, at most 100", n))
	}
	for field, text := range map[string]string{"body.description": in.Description,
		"body.register_criteria": in.RegisterCriteria, "body.close_criteria": in.CloseCriteria} {
		if n := len([]rune(text)); n > 2000 {
			add(nil, field, fmt.Sprintf("不能超过2000个字 / %d characters, at most 2000", n))
		}
	}
	if !slices.Contains(Priorities, in.DefaultPriority) {
		add(nil, "body.default_priority", "默认优先级应为 urgent 或 normal / default priority must be urgent or normal")
	}
	bad = append(bad, checkRouting(in.Routing)...)
	for _, stage := range Stages {
		l, _ := in.Limits.Stage(stage)
		var inv apperr.Invalid
		if errors.As(l.Validate("body.limits."+stage+"."), &inv) {
			bad = append(bad, inv...)
		}
	}
	slices.SortStableFunc(bad, func(a, b apperr.FieldError) int { return strings.Compare(a.Field, b.Field) })
	return bad
}

// checkRouting validates the routing: known levels, a known lead type on
// each, known co-handling types that repeat neither the lead nor each other,
// and at least one level.
func checkRouting(routing map[string]Route) apperr.Invalid {
	var bad apperr.Invalid
	add := func(code *apperr.Error, f, m string) { bad = append(bad, code.On(f, m)) }
	if len(routing) == 0 {
		add(nil, "body.routing", "至少为一个层级指定牵头单位类型 / name the lead unit type for at least one level")
	}
	for level, r := range routing {
		field := "body.routing." + level
		if !slices.Contains(Levels, level) {
			add(apperr.Unknown, field, "未知的区划层级，应为 county、township、village 或 grid / unknown level "+level)
			continue
		}
		if r.Lead == "" {
			add(apperr.Required, field+".lead", "请指定牵头单位类型 / the lead unit type is required")
		} else if !slices.Contains(org.Types, r.Lead) {
			add(apperr.Unknown, field+".lead", "未知的单位类型 / unknown unit type "+r.Lead)
		}
		for i, co := range r.Co {
			f := fmt.Sprintf("%s.co[%d]", field, i)
			switch {
			case !slices.Contains(org.Types, co):
				add(apperr.Unknown, f, "未知的单位类型 / unknown unit type "+co)
			case co == r.Lead:
				add(nil, f, "协办单位类型不能与牵头单位类型相同 / a co-handling type cannot be the lead type")
			case slices.Contains(r.Co[:i], co):
				add(nil, f, "协办单位类型重复 / co-handling type listed twice")
			}
		}
	}
	return bad
}

// checkCategory validates a category's fields, all but whether its parent exists.
func checkCategory(in *CategoryInput) apperr.Invalid {
	in.Name = strings.TrimSpace(in.Name)
	in.ParentCode = strings.TrimSpace(in.ParentCode)
	var bad apperr.Invalid
	if in.Name == "" {
		bad = append(bad, apperr.Required.On("body.name", "名称不能为空 / name is required"))
	} else if n := len([]rune(in.Name)); n > 50 {
		bad = append(bad, apperr.FieldError{Field: "body.name", Message: fmt.Sprintf("名称不能超过50个字 / name is %d characters, at most 50", n)})
	}
	if in.Sort < 0 || in.Sort > 9999 {
		bad = append(bad, apperr.FieldError{Field: "body.sort", Message: "排序应在0到9999之间 / sort must be 0 to 9999"})
	}
	return bad
}
