package venue

import (
	"bytes"
	"context"
	"net/http"
	"net/url"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/httpx"
)

var tags = []string{"epidemic"}

type listInput struct {
	Filter
	httpx.Page
}

type codeInput struct {
	Code string `path:"code" maxLength:"32"`
}

type patchInput struct {
	Code string `path:"code" maxLength:"32"`
	Body Patch
}

type scanQuery struct {
	Code  string `path:"code" maxLength:"32"`
	Token string `query:"t" required:"true" maxLength:"32" doc:"the token the poster's QR code carries"`
}

type staysInput struct {
	Code string `path:"code" maxLength:"32"`
	Day  string `query:"day" maxLength:"10" doc:"YYYY-MM-DD Beijing (default: the latest day with check-ins)"`
	httpx.Page
}

type batchInput struct {
	Body []Row `minItems:"1" maxItems:"10000"`
}

// Routes registers the venues' routes.
func (s *Service) Routes(r *httpx.Router) {
	httpx.Register(r, huma.Operation{OperationID: "list-venues", Method: http.MethodGet, Path: "/epidemic/venues",
		Summary: "Venues (场所) in the caller's scope, by name", Tags: tags}, "epidemic:read", s.list)
	httpx.Register(r, huma.Operation{OperationID: "create-venue", Method: http.MethodPost, Path: "/epidemic/venues",
		Summary:     "Add a venue in the caller's scope",
		Description: "The grid: grid_code, or the grid the point lies in. A code given must be free (409).", Tags: tags,
		DefaultStatus: http.StatusCreated}, "epidemic:write", s.create)
	httpx.Register(r, huma.Operation{OperationID: "get-venue", Method: http.MethodGet, Path: "/epidemic/venues/{code}",
		Summary: "One venue", Tags: tags}, "epidemic:read", s.get)
	httpx.Register(r, huma.Operation{OperationID: "update-venue", Method: http.MethodPatch, Path: "/epidemic/venues/{code}",
		Summary: "Change a venue: the fields given", Tags: tags}, "epidemic:write", s.update)
	httpx.Register(r, huma.Operation{OperationID: "close-venue", Method: http.MethodPost, Path: "/epidemic/venues/{code}/close",
		Summary: "Close a venue: its poster and uploads of later check-ins are refused", Tags: tags}, "epidemic:write",
		s.close)
	httpx.Register(r, huma.Operation{OperationID: "reopen-venue", Method: http.MethodPost, Path: "/epidemic/venues/{code}/reopen",
		Summary: "Open a closed venue again", Tags: tags}, "epidemic:write", s.reopen)
	httpx.Register(r, huma.Operation{OperationID: "rotate-venue", Method: http.MethodPost, Path: "/epidemic/venues/{code}/rotate",
		Summary: "Give a venue's poster a new token: scans of the posters printed before are refused", Tags: tags},
		"epidemic:write", s.rotate)
	httpx.Register(r, huma.Operation{OperationID: "venue-poster", Method: http.MethodGet, Path: "/epidemic/venues/{code}/poster.png",
		Summary: "A venue's printable poster (场所码): A4 at 150 dpi, PNG", Tags: tags}, "epidemic:read", s.poster)
	httpx.Register(r, huma.Operation{OperationID: "venue-checkins", Method: http.MethodGet, Path: "/epidemic/venues/{code}/checkins",
		Summary: "A venue's check-ins: the count of each day kept and a page of one day's, masked", Tags: tags},
		"epidemic:trace", s.stays)
	httpx.Register(r, huma.Operation{OperationID: "ingest-venue-checkins", Method: http.MethodPost, Path: "/epidemic/checkins",
		Summary: "Send venue check-ins in bulk (JSON array, at most 10,000 rows, 4 MB)",
		Description: "For venues' own systems and partners' API keys. A repeat (same venue, visitor and time in) is " +
			"counted as duplicate and writes nothing but a missing time out. Rows that fail are named in rejected with " +
			"the field and reason; the others are kept. Rows are counted against the caller's hourly limit (429).",
		Tags: tags, MaxBodyBytes: MaxBytes}, httpx.AnyOf("epidemic:report", "epidemic:write"), s.ingest)
	httpx.Register(r, huma.Operation{OperationID: "scan-venue", Method: http.MethodGet, Path: "/public/venues/{code}",
		Summary:     "The venue of a poster the resident scanned (the app's landing page)",
		Description: "409 epidemic.venue_poster_outdated: the token is not the venue's current one.", Tags: tags},
		"public:self", s.scanPoster)
	httpx.Register(r, huma.Operation{OperationID: "own-venue-checkin", Method: http.MethodPost, Path: "/public/venue-checkins",
		Summary: "Check in at the venue of a scanned poster", Description: "A scan within 10 minutes of the last one " +
			"at the same venue answers that check-in (repeat: true). Idempotency-Key is honoured.", Tags: tags,
		DefaultStatus: http.StatusCreated}, "public:self", s.checkIn)
	httpx.Register(r, huma.Operation{OperationID: "own-venue-checkout", Method: http.MethodPost,
		Path: "/public/venue-checkins/checkout", Summary: "Record leaving a venue (离开)", Tags: tags}, "public:self",
		s.checkOut)
	httpx.Register(r, huma.Operation{OperationID: "own-venue-visits", Method: http.MethodGet, Path: "/public/venue-checkins",
		Summary: "The resident's own check-ins of the days kept (我的场所记录), the latest first", Tags: tags},
		"public:self", s.visits)
}

func (s *Service) list(ctx context.Context, in *listInput) (*httpx.Body[httpx.List[Venue]], error) {
	items, total, err := s.List(ctx, access.From(ctx).RegionPath, in.Filter, in.Offset(), in.Size)
	return httpx.Result(httpx.List[Venue]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size}, err)
}

func (s *Service) create(ctx context.Context, in *httpx.Body[Input]) (*httpx.Body[Venue], error) {
	return httpx.Result(s.Create(ctx, access.From(ctx), in.Body))
}

func (s *Service) get(ctx context.Context, in *codeInput) (*httpx.Body[Venue], error) {
	return httpx.Result(s.Get(ctx, access.From(ctx).RegionPath, in.Code))
}

func (s *Service) update(ctx context.Context, in *patchInput) (*httpx.Body[Venue], error) {
	return httpx.Result(s.Update(ctx, access.From(ctx), in.Code, in.Body))
}

func (s *Service) close(ctx context.Context, in *codeInput) (*httpx.Body[Venue], error) {
	return httpx.Result(s.SetClosed(ctx, access.From(ctx), in.Code, true))
}

func (s *Service) reopen(ctx context.Context, in *codeInput) (*httpx.Body[Venue], error) {
	return httpx.Result(s.SetClosed(ctx, access.From(ctx), in.Code, false))
}

func (s *Service) rotate(ctx context.Context, in *codeInput) (*httpx.Body[Venue], error) {
	return httpx.Result(s.Rotate(ctx, access.From(ctx), in.Code))
}

// poster answers the PNG, drawn before the answer starts: a refusal is
// still a problem, not half an image.
func (s *Service) poster(ctx context.Context, in *codeInput) (*huma.StreamResponse, error) {
	v, err := s.Get(ctx, access.From(ctx).RegionPath, in.Code)
	if err != nil {
		return nil, err
	}
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		base := s.settings.PublicURL
		if base == "" {
			scheme := "http"
			if hc.TLS() != nil || hc.Header("X-Forwarded-Proto") == "https" {
				scheme = "https"
			}
			base = scheme + "://" + hc.Host()
		}
		var buf bytes.Buffer
		if err := s.WritePoster(&buf, base, v); err != nil {
			hc.SetStatus(http.StatusInternalServerError)
			return
		}
		hc.SetHeader("Content-Type", "image/png")
		hc.SetHeader("Cache-Control", "private, no-cache")
		hc.SetHeader("Content-Disposition", "inline; filename=\"venue.png\"; filename*=UTF-8''"+
			url.PathEscape(v.Code+" "+v.Name+".png"))
		hc.SetStatus(http.StatusOK)
		hc.BodyWriter().Write(buf.Bytes())
	}}, nil
}

func (s *Service) stays(ctx context.Context, in *staysInput) (*httpx.Body[Stays], error) {
	return httpx.Result(s.Checkins(ctx, access.From(ctx).RegionPath, in.Code, in.Day, in.Offset(), in.Size))
}

func (s *Service) ingest(ctx context.Context, in *batchInput) (*httpx.Body[Result], error) {
	return httpx.Result(s.Ingest(ctx, access.From(ctx), in.Body))
}

func (s *Service) scanPoster(ctx context.Context, in *scanQuery) (*httpx.Body[Scan], error) {
	return httpx.Result(s.Scanned(ctx, access.From(ctx), in.Code, in.Token))
}

func (s *Service) checkIn(ctx context.Context, in *httpx.Body[ScanInput]) (*httpx.Body[Visit], error) {
	return httpx.Result(s.CheckIn(ctx, access.From(ctx), in.Body))
}

func (s *Service) checkOut(ctx context.Context, in *httpx.Body[CheckoutInput]) (*httpx.Body[Visit], error) {
	return httpx.Result(s.CheckOut(ctx, access.From(ctx), in.Body))
}

func (s *Service) visits(ctx context.Context, _ *struct{}) (*httpx.Body[httpx.Items[Visit]], error) {
	items, err := s.Visits(ctx, access.From(ctx))
	return httpx.Result(httpx.Items[Visit]{Items: items}, err)
}
