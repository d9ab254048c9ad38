package visit

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/china"
)

// MaxNotes is the longest findings text, in characters.
const MaxNotes = 2000

// Input is a visit as the phone records it.
type Input struct {
	BookingID     string   `json:"booking_id,omitempty" maxLength:"40" doc:"a booking scheduled to the caller, which becomes done"`
	ResidentID    string   `json:"resident_id" minLength:"1" maxLength:"40" doc:"a resident in the caller's scope"`
	Kind          string   `json:"kind" enum:"chronic_followup,elderly_followup,rehabilitation,maternal,key_population,other" doc:"慢病随访, 老年人健康随访, 康复指导, 孕产妇访视, 重点人群走访, 其他"`
	Notes         string   `json:"notes" maxLength:"2000" text:"multiline" doc:"the findings (走访情况)"`
	Lng           float64  `json:"lng" minimum:"-180" maximum:"180" doc:"WGS-84 longitude, as the browser's geolocation gives it; not a map vendor's GCJ-02"`
	Lat           float64  `json:"lat" minimum:"-90" maximum:"90" doc:"WGS-84 latitude"`
	AttachmentIDs []string `json:"attachment_ids,omitempty" maxItems:"9" doc:"the caller's uploads (POST /attachments); JPEG and PNG photos are watermarked"`
}

// Record files the caller's visit to a resident in their scope (404
// otherwise): its photos watermarked with the time, the place and the
// caller's name and held by the visit, and the booking it fulfils done, in
// one transaction with the visit and its audit record.
func (s *Service) Record(ctx context.Context, p *access.Principal, in Input) (Visit, error) {
	in.Notes, in.BookingID = strings.TrimSpace(in.Notes), strings.TrimSpace(in.BookingID)
	if err := valid(in); err != nil {
		return Visit{}, err
	}
	r, err := s.residents.Get(ctx, p.RegionPath, in.ResidentID)
	if err != nil {
		return Visit{}, err
	}
	v := Visit{ID: uuid.Must(uuid.NewV7()).String(), BookingID: in.BookingID, ResidentID: r.ID, ResidentName: r.Name,
		Kind: in.Kind, Lng: in.Lng, Lat: in.Lat, WorkerName: p.Name, VisitedAt: s.now().UTC().Truncate(1e3),
		workerID: p.UserID, regionPath: r.RegionPath}
	v.PlaceCode, v.PlaceName, err = s.place(ctx, in.Lng, in.Lat, r.GridCode)
	if err != nil {
		return Visit{}, err
	}
	lines := []string{fmt.Sprintf("%s  E%.5f N%.5f", v.VisitedAt.In(china.Zone).Format("2006-01-02 15:04"), v.Lng, v.Lat),
		v.PlaceName, kindName(v.Kind) + " · " + p.Name}
	marks, err := s.photos.Prepare(ctx, "body.attachment_ids", p.UserID, in.AttachmentIDs, owner(v.ID), lines)
	if err != nil {
		return Visit{}, err
	}
	notes := s.pii.SealText(in.Notes)
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		if v.BookingID != "" {
			if err := s.bookings.Complete(ctx, p, "body.booking_id", v.BookingID, v.ID); err != nil {
				return err
			}
		}
		if err := s.insert(ctx, v, notes.Masked, notes.Sealed); err != nil {
			return err
		}
		if err := s.photos.Hold(ctx, "body.attachment_ids", p.UserID, in.AttachmentIDs, owner(v.ID), marks); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "visit.record", ObjectType: "visit", ObjectID: v.ID,
			Detail: map[string]any{"resident_id": r.ID, "kind": v.Kind, "booking_id": v.BookingID, "place": v.PlaceCode,
				"photos": len(in.AttachmentIDs), "watermarked": len(marks)}})
	})
	if err != nil {
		s.photos.Release(context.WithoutCancel(ctx), marks)
		return Visit{}, err
	}
	return s.load(ctx, v.ID)
}

// valid checks what the schema cannot: a known kind, findings written,
// photos within the limit, a finite point.
func valid(in Input) error {
	var bad apperr.Invalid
	if kindName(in.Kind) == "" {
		bad = append(bad, apperr.Unknown.On("body.kind", "没有这种走访类型 / no such kind of visit: "+in.Kind))
	}
	if in.Notes == "" {
		bad = append(bad, apperr.Required.On("body.notes", "请填写走访情况 / notes are required"))
	} else if utf8.RuneCountInString(in.Notes) > MaxNotes {
		bad = append(bad, errTooLong.Withf(apperr.P{"limit": MaxNotes}, "走访情况最多 %d 字 / notes are at most %d characters",
			MaxNotes, MaxNotes).At("body.notes"))
	}
	if len(in.AttachmentIDs) > MaxPhotos {
		bad = append(bad, errTooMany.Withf(apperr.P{"limit": MaxPhotos}, "最多 %d 个照片或视频 / at most %d photos and videos",
			MaxPhotos, MaxPhotos).At("body.attachment_ids"))
	}
	if !(in.Lng >= -180 && in.Lng <= 180) { // false for NaN as well
		bad = append(bad, errLng.At("body.lng"))
	}
	if !(in.Lat >= -90 && in.Lat <= 90) {
		bad = append(bad, errLat.At("body.lat"))
	}
	if len(bad) > 0 {
		return bad
	}
	return nil
}

// place is the grid the point lies in (else the resident's grid, home) and
// its name chain from the county down, a name its parent's name begins
// left out: 忻府区·秀容街道·东大街社区第一网格.
func (s *Service) place(ctx context.Context, lng, lat float64, home string) (string, string, error) {
	code, ok := s.regions.LocateCode(lng, lat)
	if !ok {
		code = home
	}
	chain, err := s.regions.Chain(ctx, code)
	if err != nil {
		return "", "", fmt.Errorf("visit: place %s: %w", code, err)
	}
	var names []string
	for i, r := range chain {
		if r.Level == "city" || i+1 < len(chain) && strings.HasPrefix(chain[i+1].Name, r.Name) {
			continue
		}
		names = append(names, r.Name)
	}
	return code, strings.Join(names, "·"), nil
}
