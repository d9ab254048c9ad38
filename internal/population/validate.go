package population

import (
	"context"
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/pii"
)

// The rules every resident passes, whether typed into the console or read
// from a file: one place, used by Create, Update and CheckBatch.

// fields is a resident's raw input.
type fields struct {
	Name, IDNumber, Phone, Ethnicity, Address, ResidenceType, Status string
	Tags                                                             []string
	TagsGiven                                                        bool
	Gender, BirthDate                                                string // optional on the API, checked against the ID number
}

// problem is one rejected field: its API name and the reason in Chinese.
type problem struct{ field, reason string }

// headers are the Chinese column headers of the residents file, by field.
var headers = map[string]string{"name": "姓名", "id_number": "身份证号", "phone": "手机号", "ethnicity": "民族",
	"grid_code": "网格编码", "address": "地址", "residence_type": "居住类型", "tags": "标签"}

// person is validated, normalised input.
type person struct {
	name      string
	id        pii.IDInfo
	birth     int    // yyyymmdd
	phone     string // 11 digits or ""
	ethnicity string // GB/T 3304 code or ""
	address   string
	residence string   // "" when not given
	status    string   // "" when not given
	tags      []string // stored tags in dictionary order; meaningful when tagsGiven
	tagsGiven bool
}

const (
	maxName    = 50
	maxAddress = 200
)

// check validates f as of day today (yyyymmdd) and returns the person or
// every problem found.
func (s *Service) check(f fields, today int) (person, []problem) {
	var p person
	var bad []problem
	add := func(field, reason string) { bad = append(bad, problem{field, reason}) }
	p.name = strings.TrimSpace(f.Name)
	switch {
	case p.name == "":
		add("name", "姓名不能为空")
	case utf8.RuneCountInString(p.name) > maxName:
		add("name", "姓名过长(最多50字)")
	}
	if strings.TrimSpace(f.IDNumber) == "" {
		add("id_number", "身份证号不能为空")
	} else if info, err := pii.ValidateIDNumber(f.IDNumber, s.now()); err != nil {
		add("id_number", pii.Reason(err))
	} else {
		p.id, p.birth = info, dateYMD(info.BirthDate)
		if f.Gender != "" && f.Gender != info.Gender {
			add("gender", "性别与身份证号不符")
		}
		if f.BirthDate != "" && f.BirthDate != formatYMD(p.birth) {
			add("birth_date", "出生日期与身份证号不符")
		}
	}
	if strings.TrimSpace(f.Phone) != "" {
		phone, err := pii.NormalizePhone(f.Phone)
		if err != nil {
			add("phone", pii.Reason(err))
		}
		p.phone = phone
	}
	if e := strings.TrimSpace(f.Ethnicity); e != "" {
		code, ok := EthnicityCode(e)
		if !ok {
			add("ethnicity", "未知的民族「"+e+"」(应为民族名称或GB/T 3304两位代码)")
		}
		p.ethnicity = code
	}
	p.address = strings.TrimSpace(f.Address)
	if utf8.RuneCountInString(p.address) > maxAddress {
		add("address", "地址过长(最多200字)")
	}
	if r := strings.TrimSpace(f.ResidenceType); r != "" {
		code, ok := ResidenceTypeCode(r)
		if !ok {
			add("residence_type", "未知的居住类型「"+r+"」(应为户籍、常住或流动)")
		}
		p.residence = code
	}
	if st := strings.TrimSpace(f.Status); st != "" {
		code, ok := statusByWord[st]
		if !ok {
			add("status", "未知的状态「"+st+"」")
		}
		p.status = code
	}
	p.tagsGiven = f.TagsGiven
	for _, reason := range p.checkTags(f.Tags, today) {
		add("tags", reason)
	}
	return p, bad
}

// checkTags resolves tag words into stored tag codes; an age-based tag is
// accepted when the birth date agrees with it, and then not stored.
func (p *person) checkTags(words []string, today int) []string {
	var bad []string
	seen := map[string]bool{}
	for _, w := range words {
		w = strings.TrimSpace(w)
		if w == "" {
			continue
		}
		code, ok := TagCode(w)
		switch {
		case !ok:
			bad = append(bad, "未知的标签「"+w+"」")
			continue
		case seen[code]:
			continue
		}
		seen[code] = true
		if p.birth != 0 {
			age := ageOn(p.birth, today)
			switch {
			case code == TagElderly65 && age < 65, code == TagChild06 && age > 6:
				bad = append(bad, "标签「"+TagLabel(code)+"」与身份证号的出生日期不符(按出生日期自动计算)")
			case code == TagPregnant && p.id.Gender == "male":
				bad = append(bad, "男性不能标记为「孕产妇」")
			}
		}
		if !derivedTag(code) {
			p.tags = append(p.tags, code)
		}
	}
	slices.SortFunc(p.tags, func(a, b string) int { return tagOrder[a] - tagOrder[b] })
	return bad
}

// gridCache remembers, for one batch or request, what each grid code resolved to.
type gridCache map[string]gridInfo

type gridInfo struct {
	path    string
	reason  string // why the code may not be used; "" when it may
	outside bool   // the reason is that the grid lies outside the scope
}

// grid resolves a grid code that must exist, be a grid and lie in scope: its
// path, or a Chinese reason it cannot be used.
func (s *Service) grid(ctx context.Context, cache gridCache, scope, code string) (gridInfo, error) {
	code = strings.TrimSpace(code)
	if g, ok := cache[code]; ok {
		return g, nil
	}
	var g gridInfo
	switch {
	case code == "":
		g.reason = "网格编码不能为空"
	case len(code) != 15 || strings.Trim(code, "0123456789") != "":
		g.reason = "「" + code + "」不是网格编码(应为15位数字)"
	default:
		path, err := s.regions.Path(ctx, code)
		switch {
		case errors.Is(err, apperr.ErrNotFound):
			g.reason = "网格编码「" + code + "」不存在"
		case err != nil:
			return g, err
		case !access.Scope(scope).Covers(path):
			g.reason, g.outside = "网格「"+code+"」不在您的管辖范围", true
		default:
			g.path = path
		}
	}
	cache[code] = g
	return g, nil
}

// invalid turns problems into an API validation error on body fields.
func invalid(bad []problem) error {
	out := make(apperr.Invalid, len(bad))
	for i, b := range bad {
		out[i] = apperr.FieldError{Field: "body." + b.field, Message: b.reason}
	}
	return out
}

// rowError turns a row's problems into one RowError: the column(s) at fault
// and every reason.
func rowError(line int, bad []problem) RowError {
	if len(bad) == 1 {
		return RowError{Line: line, Column: headers[bad[0].field], Reason: bad[0].reason}
	}
	var cols, reasons []string
	for _, b := range bad {
		h := headers[b.field]
		if !slices.Contains(cols, h) {
			cols = append(cols, h)
		}
		reasons = append(reasons, h+":"+b.reason)
	}
	return RowError{Line: line, Column: strings.Join(cols, "、"), Reason: strings.Join(reasons, ";")}
}
