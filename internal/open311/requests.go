package open311

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/china"
	"healthgrid/internal/event"
	"healthgrid/internal/httpx"
	"healthgrid/internal/pii"
)

// contact is what a request carries beyond its event (open311_requests).
type contact struct {
	email, deviceID, accountID, mediaURL string
}

// post files a service request as an event of source open311 through the
// workflow, in one transaction with its contact row, and answers its number.
func (a *API) post(w http.ResponseWriter, r *http.Request, format string) {
	ctx := r.Context()
	p, err := a.prepare(w, r, true)
	if err != nil {
		a.fail(w, r, format, err)
		return
	}
	in, c, err := a.input(ctx, p, r)
	if err != nil {
		a.fail(w, r, format, err)
		return
	}
	var e event.Event
	err = a.db.InTx(ctx, func(ctx context.Context) error {
		if e, err = a.events.Create(ctx, p, in); err != nil {
			return err
		}
		return a.insert(ctx, e.ID, p.UserID, c)
	})
	if err != nil {
		a.fail(w, r, format, err)
		return
	}
	notice := fmt.Sprintf("已受理登记，案卷号 %s / received as %s", e.Number, e.Number)
	if e.Deadline != nil {
		at := e.Deadline.In(china.Zone).Format("2006-01-02 15:04")
		notice = fmt.Sprintf("已受理登记，案卷号 %s，将于 %s 前立案派遣 / received as %s; to be registered and dispatched by %s (UTC+8)",
			e.Number, at, e.Number, at)
	}
	write(w, format, http.StatusCreated, "service_requests", []Receipt{{ID: e.Number, ServiceNotice: notice, AccountID: c.accountID}})
}

// input checks a POSTed request and turns it into the workflow's input. The
// point must lie in a grid of the key's region; an address alone cannot be
// placed (there is no geocoder), so lat and long are required.
func (a *API) input(ctx context.Context, p *access.Principal, r *http.Request) (event.Input, contact, error) {
	f := func(name string) string { return strings.TrimSpace(r.Form.Get(name)) }
	var bad apperr.Invalid
	field := func(name, msg string) { bad = append(bad, apperr.FieldError{Field: name, Message: msg}) }
	long := func(name string, max int) string {
		v := f(name)
		if utf8.RuneCountInString(v) > max {
			field(name, fmt.Sprintf("不能超过%d个字符 / at most %d characters", max, max))
		}
		return v
	}
	for _, name := range slices.Sorted(maps.Keys(r.Form)) {
		for _, v := range r.Form[name] {
			if msg := httpx.TextProblem(v, name == "description"); msg != "" {
				field(name, msg)
			}
		}
	}
	in := event.Input{Source: "open311", MatterCode: f("service_code"), Description: long("description", 4000),
		Address: long("address_string", 200), ReporterPhone: f("phone")}
	c := contact{email: long("email", 254), deviceID: long("device_id", 100), accountID: long("account_id", 100),
		mediaURL: long("media_url", 1000)}
	in.ReporterName = fullName(f("first_name"), f("last_name"))
	if utf8.RuneCountInString(in.ReporterName) > 50 {
		field("last_name", "姓名不能超过50个字符 / first_name and last_name: at most 50 characters together")
	}
	name, err := a.serviceName(ctx, in.MatterCode)
	switch {
	case err != nil:
		return in, c, err
	case in.MatterCode == "":
		field("service_code", "必填 / required")
	case name == "":
		field("service_code", "未知或已停用的服务 / no such service "+in.MatterCode)
	}
	in.Title = title(in.Description, name)
	if c.email != "" {
		if addr, err := mail.ParseAddress(c.email); err != nil || addr.Address != c.email {
			field("email", "邮箱格式不正确 / not an email address")
		}
	}
	if c.mediaURL != "" {
		if u, err := url.Parse(c.mediaURL); err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
			field("media_url", "应为 http(s) 链接 / an http or https URL")
		}
	}
	grid := a.place(ctx, p, r.Form.Get("lat"), r.Form.Get("long"), &in, field)
	if len(bad) > 0 {
		return in, c, bad
	}
	return in, c, grid
}

// place reads lat and long into in and its grid; a point outside the key's
// region is refused as forbidden, once the fields are otherwise right.
func (a *API) place(ctx context.Context, p *access.Principal, latS, lngS string, in *event.Input, field func(name, msg string)) error {
	if strings.TrimSpace(latS) == "" && strings.TrimSpace(lngS) == "" {
		field("lat", "须提供 lat 与 long (不支持仅凭 address_string 定位) / lat and long are required: an address_string alone cannot be placed")
		return nil
	}
	lat, err1 := strconv.ParseFloat(strings.TrimSpace(latS), 64)
	lng, err2 := strconv.ParseFloat(strings.TrimSpace(lngS), 64)
	switch {
	case err1 != nil || !(lat >= -90 && lat <= 90): // NaN fails both

		field("lat", "应为 -90 至 90 的 WGS-84 纬度 / a WGS-84 latitude from -90 to 90")
		return nil
	case err2 != nil || !(lng >= -180 && lng <= 180):
		field("long", "应为 -180 至 180 的 WGS-84 经度 / a WGS-84 longitude from -180 to 180")
		return nil
	}
	in.Lat, in.Lng = &lat, &lng
	code, ok := a.regions.LocateCode(lng, lat)
	if !ok {
		field("lat", "该位置不在本市任何网格内 / the point lies in none of the city's grids")
		return nil
	}
	path, err := a.regions.Path(ctx, code)
	if err != nil {
		return err
	}
	if !p.Scope().Covers(path) {
		return apiError{Code: http.StatusForbidden, Description: "lat: 该位置不在此 api_key 的辖区内 / the point lies outside this api_key's region"}
	}
	in.GridCode = code
	return nil
}

// serviceName is the name of an enabled matter, "" for none.
func (a *API) serviceName(ctx context.Context, code string) (string, error) {
	if code == "" {
		return "", nil
	}
	list, err := a.catalogue.Services(ctx)
	if err != nil {
		return "", err
	}
	for _, s := range list {
		if s.Code == code {
			return s.Name, nil
		}
	}
	return "", nil
}

// fullName joins the spec's name parts: "First Last" in Latin letters, the
// family name first otherwise (张 + 三 → 张三).
func fullName(first, last string) string {
	if first == "" || last == "" {
		return first + last
	}
	latin := func(s string) bool {
		return !strings.ContainsFunc(s, func(r rune) bool { return r > unicode.MaxLatin1 })
	}
	if latin(first) && latin(last) {
		return first + " " + last
	}
	return last + first
}

// title is an event's title: the description's first line, cut to 50
// characters, or the service's name when there is no description. Numbers
// in it are masked before the cut, which could leave a part of one that no
// scan would find; the description keeps them whole, sealed.
func title(description, service string) string {
	line, _, _ := strings.Cut(description, "\n")
	line = pii.MaskText(strings.TrimSpace(line))
	if line == "" {
		return service
	}
	if r := []rune(line); len(r) > 50 {
		return string(r[:49]) + "…"
	}
	return line
}
