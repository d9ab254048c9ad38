package epidemic

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/httpx"
)

var tags = []string{"epidemic"}

// Routes registers the module's routes, a part at a time.
func (s *Service) Routes(r *httpx.Router) {
	s.diseaseRoutes(r)
	s.measureRoutes(r)
	s.siteRoutes(r)
	s.reportRoutes(r)
	s.testRoutes(r)
	s.screeningRoutes(r)
	s.personRoutes(r)
}

// Items is a whole list, unpaged (a catalogue).
type Items[T any] struct {
	Items []T `json:"items"`
}

type diseaseList struct {
	Current bool `query:"current" doc:"only diseases in force today"`
}

type codeInput struct {
	Code string `path:"code" maxLength:"20"`
}

type diseasePatch struct {
	Code string `path:"code" maxLength:"20"`
	Body DiseasePatch
}

type protocolList struct {
	Disease  string `query:"disease" maxLength:"20"`
	Category string `query:"category" enum:"confirmed,asymptomatic,close_contact,secondary_contact,risk_area,inbound,fever_clinic,other,"`
	Current  bool   `query:"current" doc:"only the versions in force"`
}

type idInput struct {
	ID string `path:"id" maxLength:"40"`
}

// Vocabulary is the module's code lists, for forms.
type Vocabulary struct {
	Classes    []Named `json:"classes"`
	Categories []Named `json:"categories"`
	Measures   []Named `json:"measures"`
	ReportVocabulary
}

func (s *Service) diseaseRoutes(r *httpx.Router) {
	httpx.Register(r, huma.Operation{OperationID: "list-diseases", Method: http.MethodGet, Path: "/epidemic/diseases",
		Summary: "The notifiable diseases: the national list (甲 A, 乙 B, 丙 C, other) and the local ones of the caller's area",
		Description: "class: A 甲类, B 乙类, C 丙类, other 其他, local 地方病种. managed_as A: a 乙 disease managed as 甲. " +
			"report_hours: online report within 2 or 24 hours of diagnosis.", Tags: tags}, reportReaders, s.listDiseases)
	httpx.Register(r, huma.Operation{OperationID: "get-disease", Method: http.MethodGet, Path: "/epidemic/diseases/{code}",
		Summary: "One disease", Tags: tags}, "epidemic:read", s.getDisease)
	httpx.Register(r, huma.Operation{OperationID: "add-local-disease", Method: http.MethodPost, Path: "/epidemic/diseases",
		Summary: "Add a local disease (地方病种) under the caller's county or city", Tags: tags,
		DefaultStatus: http.StatusCreated}, "epidemic:write", s.addLocal)
	httpx.Register(r, huma.Operation{OperationID: "update-disease", Method: http.MethodPatch, Path: "/epidemic/diseases/{code}",
		Summary: "Change how a disease is managed: as 甲, or no longer in force (national ones: the city level only)", Tags: tags},
		"epidemic:write", s.updateDisease)
	httpx.Register(r, huma.Operation{OperationID: "epidemic-vocabulary", Method: http.MethodGet, Path: "/epidemic/vocabulary",
		Summary: "The module's code lists: disease classes, risk categories, measures, the report card's lists", Tags: tags}, reportReaders,
		s.vocabulary)
	httpx.Register(r, huma.Operation{OperationID: "list-protocols", Method: http.MethodGet, Path: "/epidemic/protocols",
		Summary: "Protocol versions per disease and risk category, the newest first", Tags: tags}, "epidemic:read",
		s.listProtocols)
	httpx.Register(r, huma.Operation{OperationID: "get-protocol", Method: http.MethodGet, Path: "/epidemic/protocols/{id}",
		Summary: "One protocol version", Tags: tags}, "epidemic:read", s.getProtocol)
	httpx.Register(r, huma.Operation{OperationID: "supersede-protocol", Method: http.MethodPost, Path: "/epidemic/protocols",
		Summary: "Put a new version of a category's protocol in force",
		Description: "The version in force is never edited: it is superseded and kept. The new version applies to " +
			"measures ordered from now on; each measure records the version it follows.", Tags: tags,
		DefaultStatus: http.StatusCreated}, "epidemic:write", s.supersede)
}

func (s *Service) listDiseases(ctx context.Context, in *diseaseList) (*httpx.Body[Items[Disease]], error) {
	items, err := s.Diseases(ctx, access.From(ctx).RegionPath, in.Current)
	return httpx.Result(Items[Disease]{Items: items}, err)
}

func (s *Service) getDisease(ctx context.Context, in *codeInput) (*httpx.Body[Disease], error) {
	return httpx.Result(s.Disease(ctx, access.From(ctx).RegionPath, in.Code))
}

func (s *Service) addLocal(ctx context.Context, in *httpx.Body[LocalInput]) (*httpx.Body[Disease], error) {
	return httpx.Result(s.AddLocal(ctx, access.From(ctx), in.Body))
}

func (s *Service) updateDisease(ctx context.Context, in *diseasePatch) (*httpx.Body[Disease], error) {
	return httpx.Result(s.UpdateDisease(ctx, access.From(ctx), in.Code, in.Body))
}

func (s *Service) vocabulary(context.Context, *struct{}) (*httpx.Body[Vocabulary], error) {
	return httpx.Result(Vocabulary{Classes: Classes, Categories: Categories, Measures: Measures,
		ReportVocabulary: reportVocabulary}, nil)
}

func (s *Service) listProtocols(ctx context.Context, in *protocolList) (*httpx.Body[Items[Protocol]], error) {
	items, err := s.Protocols(ctx, access.From(ctx).RegionPath, in.Disease, in.Category, in.Current)
	return httpx.Result(Items[Protocol]{Items: items}, err)
}

func (s *Service) getProtocol(ctx context.Context, in *idInput) (*httpx.Body[Protocol], error) {
	return httpx.Result(s.Protocol(ctx, access.From(ctx).RegionPath, in.ID))
}

func (s *Service) supersede(ctx context.Context, in *httpx.Body[ProtocolInput]) (*httpx.Body[Protocol], error) {
	return httpx.Result(s.Supersede(ctx, access.From(ctx), in.Body))
}
