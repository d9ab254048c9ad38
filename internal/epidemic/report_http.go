package epidemic

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/httpx"
)

type reportList struct {
	ReportFilter
	httpx.Page
}

type reviewInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body ReviewInput
}

// The list and the detail (and the disease list and vocabulary, which the
// filing form needs) take epidemic:read (the CDC, the region's staff:
// cards placed in their scope) or epidemic:report (a hospital account: its
// own unit's cards only).
const reportReaders = "epidemic:read|epidemic:report"

func (s *Service) reportRoutes(r *httpx.Router) {
	httpx.Register(r, huma.Operation{OperationID: "file-report", Method: http.MethodPost, Path: "/epidemic/reports",
		Summary: "File a notifiable disease report card (传染病报告卡), initial or correction",
		Description: "Matched to a resident by the ID number, placed in a grid (else the address's pool, else the filer's), " +
			"made a risk person if a case (confirmed and clinical: confirmed; carrier: asymptomatic), flagged when another " +
			"card of the person and disease is open (查重). An urgent case (甲 or managed as 甲) alerts the county CDC and " +
			"the township at once, by SMS too, and opens an event (matter CRB-02) in its grid.", Tags: tags,
		DefaultStatus: http.StatusCreated}, "epidemic:report", s.fileReport)
	httpx.Register(r, huma.Operation{OperationID: "list-reports", Method: http.MethodGet, Path: "/epidemic/reports",
		Summary: "Report cards, the newest filed first: those placed in the caller's scope, or a hospital account's own unit's",
		Tags:    tags}, reportReaders, s.listReports)
	httpx.Register(r, huma.Operation{OperationID: "report-timeliness", Method: http.MethodGet,
		Path: "/epidemic/reports/timeliness", Summary: "Timeliness per reporting unit: filed within 2 h / 24 h of " +
			"diagnosis, reviewed within 2 h (urgent) / 24 h of filing", Tags: tags}, "epidemic:read", s.timeliness)
	httpx.Register(r, huma.Operation{OperationID: "get-report", Method: http.MethodGet, Path: "/epidemic/reports/{id}",
		Summary: "One report card, numbers masked, with the caller's allowed actions", Tags: tags}, reportReaders, s.getReport)
	httpx.Register(r, huma.Operation{OperationID: "review-report", Method: http.MethodPost,
		Path: "/epidemic/reports/{id}/review", Summary: "The county CDC's review (审核): approve, return with a reason, " +
			"or judge a 查重-flagged card a duplicate", Tags: tags}, "epidemic:write", s.reviewReport)
	httpx.Register(r, huma.Operation{OperationID: "reveal-report", Method: http.MethodPost,
		Path: "/epidemic/reports/{id}/reveal", Summary: "The card with its ID and phone numbers in full (audited, limited)",
		Tags: tags}, "epidemic:reveal", s.revealReport)
}

func (s *Service) fileReport(ctx context.Context, in *httpx.Body[CardInput]) (*httpx.Body[Card], error) {
	return httpx.Result(s.FileReport(ctx, access.From(ctx), in.Body))
}

func (s *Service) listReports(ctx context.Context, in *reportList) (*httpx.Body[httpx.List[Card]], error) {
	items, total, err := s.Reports(ctx, access.From(ctx), in.ReportFilter, in.Offset(), in.Size)
	return httpx.Result(httpx.List[Card]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size}, err)
}

func (s *Service) timeliness(ctx context.Context, in *TimelinessQuery) (*httpx.Body[Items[UnitTimeliness]], error) {
	items, err := s.Timeliness(ctx, access.From(ctx), *in)
	return httpx.Result(Items[UnitTimeliness]{Items: items}, err)
}

func (s *Service) getReport(ctx context.Context, in *idInput) (*httpx.Body[Card], error) {
	return httpx.Result(s.Report(ctx, access.From(ctx), in.ID))
}

func (s *Service) reviewReport(ctx context.Context, in *reviewInput) (*httpx.Body[Card], error) {
	return httpx.Result(s.ReviewReport(ctx, access.From(ctx), in.ID, in.Body))
}

func (s *Service) revealReport(ctx context.Context, in *idInput) (*httpx.Body[Card], error) {
	return httpx.Result(s.RevealReport(ctx, access.From(ctx), in.ID))
}
