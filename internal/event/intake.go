package event

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/calendar"
	"healthgrid/internal/china"
	"healthgrid/internal/pii"
)

// Input is a problem reported: where, what, and by whom.
type Input struct {
	Source        string   `json:"source" enum:"grid_worker,resident,hotline_12345,upper_assignment,system_alert,open311,resident_app"`
	MatterCode    string   `json:"matter_code" minLength:"1" maxLength:"40"`
	Title         string   `json:"title" minLength:"1" maxLength:"100"`
	Description   string   `json:"description,omitempty" maxLength:"4000" text:"multiline"`
	Lng           *float64 `json:"lng,omitempty" minimum:"73" maximum:"136" doc:"WGS-84; with lat, places the event in its grid"`
	Lat           *float64 `json:"lat,omitempty" minimum:"3" maximum:"54"`
	GridCode      string   `json:"grid_code,omitempty" doc:"the grid, when no point is given"`
	Address       string   `json:"address,omitempty" maxLength:"200"`
	Priority      string   `json:"priority,omitempty" enum:"urgent,normal," doc:"default: the matter's"`
	ReporterName  string   `json:"reporter_name,omitempty" maxLength:"50" doc:"someone reported for (a hotline caller); default: the caller"`
	ReporterPhone string   `json:"reporter_phone,omitempty" maxLength:"20"`
	AttachmentIDs []string `json:"attachment_ids,omitempty" maxItems:"9" doc:"the caller's uploads (POST /attachments) that come with the report"`
}

// Create files a reported problem in the caller's scope. A point places it
// in the grid that contains it; the township of the grid is the centre that
// must register and dispatch it within the matter's dispatch limit.
func (s *Service) Create(ctx context.Context, caller *access.Principal, in Input) (Event, error) {
	id, err := s.Report(ctx, caller, in)
	if err != nil {
		return Event{}, err
	}
	return s.Get(ctx, caller, id)
}

// Report is Create returning only the new event's id.
func (s *Service) Report(ctx context.Context, caller *access.Principal, in Input) (string, error) {
	m, gridPath, err := s.checkInput(ctx, caller, &in)
	if err != nil {
		return "", err
	}
	if err := checkAttachments("report", in.AttachmentIDs); err != nil {
		return "", err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	// the numbers typed into the text are masked in it and sealed beside it
	title, desc, addr, name := s.pii.SealText(in.Title), s.pii.SealText(in.Description), s.pii.SealText(in.Address),
		s.pii.SealText(in.ReporterName)
	e := &Event{ID: uuid.Must(uuid.NewV7()).String(), Source: in.Source, MatterCode: m.Code, Title: title.Masked,
		Description: desc.Masked, Lng: in.Lng, Lat: in.Lat, Address: addr.Masked, GridCode: in.GridCode,
		RegionPath: gridPath, centrePath: string(access.Scope(gridPath).Head(access.Township)), Priority: in.Priority, Status: Reported,
		ReportedAt: now, UpdatedAt: now, ReporterName: name.Masked, titlePII: title.Sealed, descriptionPII: desc.Sealed,
		addressPII: addr.Sealed, reporterNamePII: name.Sealed}
	if e.Priority == "" {
		e.Priority = m.Priority
	}
	if e.Priority == "" {
		e.Priority = Normal
	}
	if in.ReporterName == "" {
		e.ReporterID, e.ReporterName = caller.UserID, caller.Name
	}
	var phoneEnc string
	if in.ReporterPhone != "" {
		phoneEnc = s.pii.Seal(in.ReporterPhone)
	}
	if err := s.startStage(ctx, e, now, m.Dispatch); err != nil {
		return "", err
	}
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		if e.Number, err = s.nextNumber(ctx, now.In(china.Zone).Format("20060102")); err != nil {
			return err
		}
		if err := s.insertEvent(ctx, e, phoneEnc); err != nil {
			return err
		}
		en := Entry{At: now, Action: ActReport, ActorID: caller.UserID, Actor: caller.Name, ToStatus: Reported,
			Comment: e.Description, commentPII: e.descriptionPII, Detail: map[string]any{"source": e.Source, "matter": m.Code}}
		if err := s.recordAttached(ctx, caller, e.ID, en, in.AttachmentIDs); err != nil {
			return err
		}
		ch, err := s.change(ctx, e, en, 0)
		if err != nil {
			return err
		}
		return s.observe(ctx, ch)
	})
	if err != nil {
		return "", err
	}
	return e.ID, nil
}

// checkInput validates a report, resolving its grid (in scope) and matter.
func (s *Service) checkInput(ctx context.Context, caller *access.Principal, in *Input) (Matter, string, error) {
	in.Title, in.Description, in.Address = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description), strings.TrimSpace(in.Address)
	in.ReporterName, in.GridCode = strings.TrimSpace(in.ReporterName), strings.TrimSpace(in.GridCode)
	var bad apperr.Invalid
	field := func(code *apperr.Error, f, m string) { bad = append(bad, code.On("body."+f, m)) }
	if in.Title == "" {
		field(apperr.Required, "title", "标题不能为空 / title is required")
	}
	if !slices.Contains(Sources, in.Source) {
		field(apperr.Unknown, "source", "未知的来源 / unknown source "+in.Source)
	}
	m, err := s.matters.Matter(ctx, in.MatterCode)
	switch {
	case errors.Is(err, apperr.ErrNotFound):
		field(apperr.NoSuch, "matter_code", "事项不存在 / no such matter "+in.MatterCode)
	case err != nil:
		return Matter{}, "", err
	case !m.Enabled:
		field(nil, "matter_code", "事项已停用 / the matter is disabled")
	}
	if in.ReporterPhone != "" {
		if in.ReporterPhone, err = pii.NormalizePhone(in.ReporterPhone); err != nil {
			field(nil, "reporter_phone", "手机号格式不正确 / not a valid mobile number")
		}
	}
	if (in.Lng == nil) != (in.Lat == nil) {
		field(nil, "lat", "经纬度须同时提供 / lng and lat go together")
	} else if in.Lng != nil {
		code, ok := s.regions.LocateCode(*in.Lng, *in.Lat)
		switch {
		case !ok:
			field(nil, "lng", "该位置不在任何网格内 / the point lies in no grid")
		case in.GridCode != "" && in.GridCode != code:
			field(nil, "grid_code", "网格与位置不符 / the point lies in grid "+code)
		default:
			in.GridCode = code
		}
	}
	var path string
	if in.GridCode == "" && in.Lng == nil {
		field(apperr.Required, "grid_code", "请提供位置或网格 / a point or a grid is required")
	} else if in.GridCode != "" {
		if len(in.GridCode) != 15 {
			field(nil, "grid_code", "网格编码应为15位 / a grid code has 15 digits")
		} else if path, err = s.regions.Within(ctx, caller.RegionPath, in.GridCode); err != nil {
			if !errors.Is(err, apperr.ErrNotFound) {
				return Matter{}, "", err
			}
			field(apperr.OutOfScope, "grid_code", "网格不存在或不在您的管辖范围 / no such grid in your scope")
		}
	}
	if len(bad) > 0 {
		return Matter{}, "", bad
	}
	return m, path, nil
}

// parentOf is the path one level up ("" above the root).
func parentOf(path string) string {
	i := strings.LastIndex(strings.TrimSuffix(path, "/"), "/")
	if i < 0 {
		return ""
	}
	return path[:i+1]
}

// startStage starts the event's own stage clock with limit l.
func (s *Service) startStage(ctx context.Context, e *Event, now time.Time, l calendar.Limit) error {
	d, err := s.calendar.Deadline(ctx, now, l)
	if err != nil {
		return fmt.Errorf("event: deadline: %w", err)
	}
	e.Deadline, e.deadlineUnit, e.stageStart, e.slaWarned = &d, string(l.Unit), &now, 0
	return nil
}
