package visit

import (
	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/audit"
	"healthgrid/internal/files"
	"healthgrid/internal/httpx"
)

type idInput struct {
	ID string `path:"id" maxLength:"40"`
}

type listInput struct {
	httpx.Page
	Region     string `query:"region" maxLength:"15" doc:"region code: visits to residents of its subtree"`
	ResidentID string `query:"resident_id" maxLength:"40"`
	Mine       bool   `query:"mine" doc:"only the visits the caller recorded"`
	Kind       string `query:"kind" enum:"chronic_followup,elderly_followup,rehabilitation,maternal,key_population,other,"`
	From       string `query:"from" maxLength:"10" doc:"YYYY-MM-DD, Beijing time, included"`
	To         string `query:"to" maxLength:"10" doc:"YYYY-MM-DD, Beijing time, included"`
}

type photoInput struct {
	ID       string `path:"id" maxLength:"40"`
	Original bool   `query:"original" doc:"the original as uploaded, not the watermarked copy: for the worker who recorded the visit and audit:read holders (audited)"`
	Download bool   `query:"download" doc:"save it (Content-Disposition: attachment) rather than show it"`
}

// Routes registers recording, listing and reading visits, and their photos.
func (s *Service) Routes(r *httpx.Router) {
	tags := []string{"visits"}
	httpx.Register(r, huma.Operation{OperationID: "record-visit", Method: http.MethodPost, Path: "/visits",
		Summary: "Record a home visit to a resident in the caller's scope, with photos; a booking given becomes done",
		Description: "kind: chronic_followup 慢病随访, elderly_followup 老年人健康随访, rehabilitation 康复指导, " +
			"maternal 孕产妇访视, key_population 重点人群走访, other 其他. lng/lat are WGS-84 (the browser's " +
			"geolocation), not GCJ-02. JPEG and PNG photos get a watermark burned in — the time (Beijing), the grid's " +
			"place name, the kind and the worker's name — and the original is kept beside it; HEIC/HEIF, WebP and " +
			"video are kept as uploaded. A resident outside the caller's scope answers 404.",
		Tags: tags, DefaultStatus: http.StatusCreated}, "visit:record", s.record)
	httpx.Register(r, huma.Operation{OperationID: "list-visits", Method: http.MethodGet, Path: "/visits",
		Summary: "Visits to residents in the caller's scope, the latest first", Tags: tags}, "visit:read", s.list)
	httpx.Register(r, huma.Operation{OperationID: "get-visit", Method: http.MethodGet, Path: "/visits/{id}",
		Summary: "One visit with its photos", Tags: tags}, "visit:read", s.get)
	httpx.Register(r, huma.Operation{OperationID: "get-visit-photo", Method: http.MethodGet, Path: "/visit-photos/{id}",
		Summary: "A visit's photo or video: the watermarked copy, or the original (Range requests served)", Tags: tags,
		Responses: files.Responses()},
		"visit:read", s.photo)
}

func (s *Service) record(ctx context.Context, in *httpx.Body[Input]) (*httpx.Body[Visit], error) {
	return httpx.Result(s.Record(ctx, access.From(ctx), in.Body))
}

func (s *Service) list(ctx context.Context, in *listInput) (*httpx.Body[httpx.List[Visit]], error) {
	p := access.From(ctx)
	path, err := s.regions.Within(ctx, p.RegionPath, in.Region)
	if err != nil {
		return nil, err
	}
	f := Filter{RegionPath: path, ResidentID: in.ResidentID, Kind: in.Kind, From: in.From, To: in.To}
	if in.Mine {
		f.Worker = p.UserID
	}
	items, total, err := s.List(ctx, f, in.Offset(), in.Size)
	return httpx.Result(httpx.List[Visit]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size}, err)
}

func (s *Service) get(ctx context.Context, in *idInput) (*httpx.Body[Visit], error) {
	return httpx.Result(s.Get(ctx, access.From(ctx), in.ID))
}

// photo serves a photo of a visit in scope; the original only to the worker
// who recorded it and to audit:read holders, each such read audited.
func (s *Service) photo(ctx context.Context, in *photoInput) (*huma.StreamResponse, error) {
	p := access.From(ctx)
	held, err := s.photos.Holder(ctx, in.ID)
	id, ok := strings.CutPrefix(held, owner(""))
	if err != nil || !ok {
		return nil, ErrNotFound
	}
	v, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if in.Original {
		if v.workerID != p.UserID && !p.Can("audit:read") {
			return nil, ErrOriginal
		}
		if err := s.audit.Write(ctx, audit.Record{Action: "visit.original", ObjectType: "visit", ObjectID: v.ID,
			Detail: map[string]any{"photo_id": in.ID}}); err != nil {
			return nil, err
		}
	}
	a, f, err := s.photos.OpenHeld(ctx, owner(v.ID), in.ID, in.Original)
	if err != nil {
		return nil, err
	}
	return files.Stream(a, f, in.Download), nil
}
