package epidemic

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/china"
	"healthgrid/internal/pii"
)

// Field errors of the card, each naming its field.
var (
	errCardID        = apperr.New(apperr.ErrInvalid, "epidemic.card_id_number", "身份证号无效 / not a valid ID number")
	errCardDate      = apperr.New(apperr.ErrInvalid, "epidemic.card_date", "日期格式应为 YYYY-MM-DD / a date is YYYY-MM-DD")
	errCardFuture    = apperr.New(apperr.ErrInvalid, "epidemic.card_future", "不能晚于当前时间 / cannot be in the future")
	errCardAge       = apperr.New(apperr.ErrInvalid, "epidemic.card_age", "请填写出生日期或年龄及单位 / a birth date, or an age with its unit, is required")
	errCardOrder     = apperr.New(apperr.ErrInvalid, "epidemic.card_date_order", "日期先后不合理 / the dates are out of order")
	errCardSubtype   = apperr.New(apperr.ErrInvalid, "epidemic.card_subtype", "分型不属于该病种 / not a subtype of the disease")
	errCardCourse    = apperr.New(apperr.ErrInvalid, "epidemic.card_course", "该病种须填写（仅该病种可填）急慢性 / the course is asked for this disease only, and then required")
	errCardCorrects  = apperr.New(apperr.ErrInvalid, "epidemic.card_corrects", "订正报告须指明所订正的报告卡 / a correction names the card it corrects")
	errCardSex       = apperr.New(apperr.ErrInvalid, "epidemic.card_sex", "性别与身份证号不符 / the sex does not match the ID number")
	errCardParent    = apperr.New(apperr.ErrInvalid, "epidemic.card_parent", "14岁以下患儿须填写家长姓名 / a child under 14 needs a parent's name")
	errCardPhone     = apperr.New(apperr.ErrInvalid, "epidemic.card_phone", "联系电话无效 / not a valid mobile number")
	errCardPlace     = apperr.New(apperr.ErrInvalid, "epidemic.card_place", "地址编码不存在 / no such region or grid")
	errCardPoint     = apperr.New(apperr.ErrInvalid, "epidemic.card_point", "经纬度须同时提供 / lng and lat go together")
	errCardCorrected = apperr.New(apperr.ErrInvalid, "epidemic.card_corrects_state",
		"所订正的报告卡已被订正或判为重卡 / the card named is already corrected or a duplicate")
)

// checked is a card that passed its checks, with what they found.
type checked struct {
	CardInput
	disease   Disease
	birthDate string
	idIdx     string
	placeCode string // the grid or region the address places the card in
	corrected *Card  // the card a correction corrects
}

// checkCard validates a card as p files it: every bad field a 422 naming it.
func (s *Service) checkCard(ctx context.Context, p *access.Principal, in CardInput) (checked, error) {
	trim(&in.CardNo, &in.Name, &in.ParentName, &in.IDNumber, &in.BirthDate, &in.WorkUnit, &in.Class, &in.Phone, &in.Address,
		&in.AddressCode, &in.OnsetDate, &in.DeathDate, &in.Disease, &in.Subtype, &in.ReportingUnit, &in.Doctor, &in.Note, &in.Corrects)
	c := checked{CardInput: in}
	var bad apperr.Invalid
	field := func(e *apperr.Error, f string) { bad = append(bad, e.At("body."+f)) }
	now := s.now()
	today := day(now)
	if in.IDNumber != "" {
		info, err := pii.ValidateIDNumber(in.IDNumber, now)
		if err != nil {
			bad = append(bad, errCardID.On("body.id_number", "身份证号无效："+pii.Reason(err)+" / not a valid ID number"))
		} else {
			c.IDNumber, c.idIdx = info.Number, s.pii.Index(pii.KindID, info.Number)
			if in.Sex != "" && in.Sex != info.Gender {
				field(errCardSex, "sex")
			}
			if in.BirthDate == "" {
				c.birthDate = info.BirthDate.Format(time.DateOnly)
			}
		}
	}
	if in.BirthDate != "" {
		if !isDate(in.BirthDate) {
			field(errCardDate, "birth_date")
		} else if in.BirthDate > today {
			field(errCardFuture, "birth_date")
		} else {
			c.birthDate = in.BirthDate
		}
	} else if c.birthDate == "" && (in.Age == nil || in.AgeUnit == "") {
		field(errCardAge, "birth_date")
	}
	if in.ParentName == "" && under14(c.birthDate, in.Age, in.AgeUnit, today) {
		field(errCardParent, "parent_name")
	}
	if in.Phone != "" {
		p, err := pii.NormalizePhone(in.Phone)
		if err != nil {
			field(errCardPhone, "phone")
		}
		c.Phone = p
	}
	if (in.Lng == nil) != (in.Lat == nil) {
		field(errCardPoint, "lat")
	}
	if in.AddressCode != "" {
		path, err := s.regions.Path(ctx, in.AddressCode)
		switch {
		case errors.Is(err, apperr.ErrNotFound):
			field(errCardPlace, "address_code")
		case err != nil:
			return c, err
		case access.Scope(path).Level() == access.Village:
			// a village's card waits in its township's pool, where cards are assigned
			c.placeCode = access.Scope(path).Head(access.Township).Code()
		default:
			c.placeCode = in.AddressCode
		}
	}
	s.checkDates(&bad, in, now)
	if in.DiagnosedAt != nil {
		d, err := s.reportable(ctx, p.RegionPath, "body.disease", in.Disease, day(*in.DiagnosedAt))
		var inv apperr.Invalid
		switch {
		case errors.As(err, &inv):
			bad = append(bad, inv...)
		case err != nil:
			return c, err
		default:
			c.disease = d
			checkKind(&bad, d, in)
		}
	}
	if in.ReportType == "correction" {
		if err := s.checkCorrects(ctx, p, &c, &bad); err != nil {
			return c, err
		}
	}
	if len(bad) > 0 {
		return c, bad
	}
	return c, nil
}

// checkDates: diagnosed to the hour and not in the future, onset on or
// before the diagnosis (required but for a carrier), death on or after onset.
func (s *Service) checkDates(bad *apperr.Invalid, in CardInput, now time.Time) {
	field := func(e *apperr.Error, f string) { *bad = append(*bad, e.At("body."+f)) }
	diag := ""
	switch {
	case in.DiagnosedAt == nil:
		*bad = append(*bad, apperr.Required.On("body.diagnosed_at", "请填写诊断时间 / the diagnosis time is required"))
	case in.DiagnosedAt.After(now):
		field(errCardFuture, "diagnosed_at")
	default:
		diag = day(*in.DiagnosedAt)
	}
	today := day(now)
	switch {
	case in.OnsetDate == "" && in.Classification != "carrier":
		*bad = append(*bad, apperr.Required.On("body.onset_date", "请填写发病日期 / the onset date is required"))
	case in.OnsetDate == "":
	case !isDate(in.OnsetDate):
		field(errCardDate, "onset_date")
	case in.OnsetDate > today:
		field(errCardFuture, "onset_date")
	case diag != "" && in.OnsetDate > diag:
		field(errCardOrder, "onset_date")
	}
	switch {
	case in.DeathDate == "":
	case !isDate(in.DeathDate):
		field(errCardDate, "death_date")
	case in.DeathDate > today:
		field(errCardFuture, "death_date")
	case in.OnsetDate != "" && in.DeathDate < in.OnsetDate:
		field(errCardOrder, "death_date")
	}
}

// checkKind: the subtype among the disease's (required where it has some),
// the course where the disease asks it and only there.
func checkKind(bad *apperr.Invalid, d Disease, in CardInput) {
	if len(d.Subtypes) > 0 || in.Subtype != "" {
		if !slices.ContainsFunc(d.Subtypes, func(t Subtype) bool { return t.Code == in.Subtype }) {
			*bad = append(*bad, errCardSubtype.At("body.subtype"))
		}
	}
	if d.HasCourse != (in.Course != "") {
		*bad = append(*bad, errCardCourse.At("body.course"))
	}
}

// checkCorrects: a correction names a card the caller may see that is
// still open to correction.
func (s *Service) checkCorrects(ctx context.Context, p *access.Principal, c *checked, bad *apperr.Invalid) error {
	if c.Corrects == "" {
		*bad = append(*bad, errCardCorrects.At("body.corrects"))
		return nil
	}
	old, err := s.card(ctx, p, c.Corrects)
	switch {
	case errors.Is(err, ErrReportNotFound):
		*bad = append(*bad, errCardCorrects.At("body.corrects"))
	case err != nil:
		return err
	case !can(old.Status, actCorrect) || !cardFlow[actCorrect].who(p, &old):
		*bad = append(*bad, errCardCorrected.At("body.corrects"))
	default:
		c.corrected = &old
	}
	return nil
}

// under14 reports whether the patient is under 14 on today.
func under14(birth string, age *int, unit, today string) bool {
	if birth != "" {
		b, _ := time.ParseInLocation(time.DateOnly, birth, china.Zone)
		t, _ := time.ParseInLocation(time.DateOnly, today, china.Zone)
		return b.AddDate(14, 0, 0).After(t)
	}
	return age != nil && (unit != "year" || *age < 14)
}

func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil && len(s) == 10
}

func trim(ss ...*string) {
	for _, s := range ss {
		*s = strings.TrimSpace(*s)
	}
}
