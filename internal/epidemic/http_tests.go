package epidemic

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/china"
	"healthgrid/internal/httpx"
)

// Results come from laboratories and hospitals (hospital_reporter, a unit
// account or an API key) and from the CDC, all of whom hold epidemic:report:
// sending a result is reporting one.
const testPerm = "epidemic:report"

type testBatch struct {
	Body []TestRow `maxItems:"10000" minItems:"1"`
}

type testList struct {
	httpx.Page
	Region string `query:"region" maxLength:"20" doc:"a region's code: its subtree (default: the caller's)"`
	Result string `query:"result" enum:"positive,negative,invalid,"`
	From   string `query:"from" maxLength:"10" doc:"sampled on or after this day, YYYY-MM-DD Beijing"`
	To     string `query:"to" maxLength:"10" doc:"sampled on or before this day, YYYY-MM-DD Beijing"`
	Q      string `query:"q" maxLength:"40" doc:"a name's start, or an ID number exactly"`
}

type coverageQuery struct {
	Region string `query:"region" maxLength:"20" doc:"a region's code (default: the caller's)"`
	From   string `query:"from" maxLength:"10" doc:"the window's first day, YYYY-MM-DD Beijing (default: to)"`
	To     string `query:"to" maxLength:"10" doc:"the window's last day, YYYY-MM-DD Beijing (default: today)"`
}

type untestedQuery struct {
	httpx.Page
	Grid string `query:"grid" required:"true" maxLength:"20" doc:"a grid's code"`
	From string `query:"from" maxLength:"10"`
	To   string `query:"to" maxLength:"10"`
}

func (s *Service) testRoutes(r *httpx.Router) {
	httpx.Register(r, huma.Operation{OperationID: "ingest-tests", Method: http.MethodPost, Path: "/epidemic/tests",
		Summary: "Send test results in bulk (JSON array, at most 10,000)", Description: ingestDoc, Tags: tags,
		MaxBodyBytes: MaxTestBytes}, testPerm, s.ingestTests)
	httpx.Register(r, huma.Operation{OperationID: "upload-tests", Method: http.MethodPost, Path: "/epidemic/tests/upload",
		Summary: "Send test results as a file (multipart `file`: csv UTF-8/GB18030 or xlsx)", Description: ingestDoc +
			" Columns (Chinese or English headers, any order): " + testColumnsDoc + ". Rows are numbered by their line.",
		Tags: tags, Middlewares: withRequest}, testPerm, s.uploadTests)
	DescribeTableUpload(r.API.OpenAPI(), "/api/v1/epidemic/tests/upload", MaxTestBytes, MaxTestRows)
	httpx.Register(r, huma.Operation{OperationID: "list-tests", Method: http.MethodGet, Path: "/epidemic/tests",
		Summary: "Test results in the caller's scope, newest sample first (ID numbers masked)", Tags: tags},
		"epidemic:read", s.listTests)
	httpx.Register(r, huma.Operation{OperationID: "get-test", Method: http.MethodGet, Path: "/epidemic/tests/{id}",
		Summary: "One test result", Tags: tags}, "epidemic:read", s.getTest)
	httpx.Register(r, huma.Operation{OperationID: "test-coverage", Method: http.MethodGet, Path: "/epidemic/coverage",
		Summary: "Campaign coverage (应检尽检) of a region and of each child region in a window",
		Description: "residents: living residents (population's tallies); tested: distinct residents with a result " +
			"sampled in the window, where they live as of their latest result; rate = tested / residents. " +
			"Read off tallies: no results are counted per request.", Tags: tags}, "epidemic:read", s.coverage)
	httpx.Register(r, huma.Operation{OperationID: "untested-residents", Method: http.MethodGet,
		Path: "/epidemic/coverage/untested", Summary: "The residents of a grid with no result sampled in the window " +
			"(the grid worker's to-do list), masked", Tags: tags}, "epidemic:read", s.untested)
}

const ingestDoc = "Each result is kept once per (ID number, sample time, institution): a resend writes nothing and " +
	"counts as duplicate. Rows that fail are named in rejected with the reason; the others are kept. A positive " +
	"result (which must name its disease) makes its subject a risk person (category asymptomatic until a report " +
	"card says more) and alerts the grid workers where they live and the township's and county's epidemic officers."

func (s *Service) ingestTests(ctx context.Context, in *testBatch) (*httpx.Body[IngestResult], error) {
	return httpx.Result(s.IngestTests(ctx, access.From(ctx), in.Body))
}

func (s *Service) uploadTests(ctx context.Context, _ *struct{}) (*httpx.Body[IngestResult], error) {
	req, _ := ctx.Value(requestKey{}).(*http.Request)
	rows, rejected, err := s.readTestUpload(req)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return httpx.Reply(IngestResult{Rejected: rejected})
	}
	res, err := s.IngestTests(ctx, access.From(ctx), rows)
	if err != nil {
		return nil, err
	}
	res.Rejected = append(rejected, res.Rejected...)
	sortRejected(res.Rejected)
	return httpx.Reply(res)
}

func (s *Service) listTests(ctx context.Context, in *testList) (*httpx.Body[httpx.List[Test]], error) {
	scope := access.From(ctx).RegionPath
	path, err := s.regions.Within(ctx, scope, in.Region)
	if err != nil {
		return nil, err
	}
	f := TestFilter{Path: path, Result: in.Result, Q: in.Q}
	if f.From, err = dayOf(in.From, "from"); err != nil {
		return nil, err
	}
	if f.To, err = dayOf(in.To, "to"); err != nil {
		return nil, err
	}
	items, total, err := s.Tests(ctx, f, in.Offset(), in.Size)
	if err != nil {
		return nil, err
	}
	return httpx.Reply(httpx.List[Test]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size})
}

// dayOf is the Beijing day v (YYYY-MM-DD) as YYYYMMDD, 0 for "".
func dayOf(v, field string) (int, error) {
	if v == "" {
		return 0, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, v, china.Zone)
	if err != nil {
		return 0, errWindow.Field(field)
	}
	return ymd(t), nil
}

func (s *Service) getTest(ctx context.Context, in *idInput) (*httpx.Body[Test], error) {
	return httpx.Result(s.Test(ctx, access.From(ctx).RegionPath, in.ID))
}

func (s *Service) coverage(ctx context.Context, in *coverageQuery) (*httpx.Body[Coverage], error) {
	return httpx.Result(s.Coverage(ctx, access.From(ctx).RegionPath, in.Region, in.From, in.To))
}

func (s *Service) untested(ctx context.Context, in *untestedQuery) (*httpx.Body[httpx.List[GridResident]], error) {
	items, total, err := s.Untested(ctx, access.From(ctx).RegionPath, in.Grid, in.From, in.To, in.Offset(), in.Size)
	if err != nil {
		return nil, err
	}
	return httpx.Reply(httpx.List[GridResident]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size})
}
