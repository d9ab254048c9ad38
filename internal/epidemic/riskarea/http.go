package riskarea

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/httpx"
)

var tags = []string{"epidemic"}

// Routes registers the risk areas' routes, one a line.
func (s *Service) Routes(r *httpx.Router) {
	reg := func(id, method, path, summary string) huma.Operation {
		op := huma.Operation{OperationID: id, Method: method, Path: path, Summary: summary, Tags: tags}
		if method == http.MethodPost && (id == "create-risk-area" || id == "supersede-risk-ruleset") {
			op.DefaultStatus = http.StatusCreated
		}
		return op
	}
	httpx.Register(r, reg("list-risk-rulesets", http.MethodGet, "/epidemic/risk-rulesets",
		"Risk-area rule set versions of the caller's region, above and below it, each series' newest first"), "epidemic:read", s.listRulesets)
	httpx.Register(r, reg("get-risk-ruleset", http.MethodGet, "/epidemic/risk-rulesets/{id}", "One rule set version"),
		"epidemic:read", s.getRuleset)
	httpx.Register(r, reg("supersede-risk-ruleset", http.MethodPost, "/epidemic/risk-rulesets",
		"Put a new version of a rule set of the caller's region in force (the one before is kept, superseded)"),
		"epidemic:write", s.supersede)
	httpx.Register(r, reg("list-risk-areas", http.MethodGet, "/epidemic/risk-areas",
		"Risk areas in the caller's scope, the newest first, with their day count"), "epidemic:read", s.list)
	httpx.Register(r, reg("create-risk-area", http.MethodPost, "/epidemic/risk-areas",
		"Draw a risk area (a region, a grid or a polygon): a draft until published"), "epidemic:write", s.create)
	httpx.Register(r, reg("get-risk-area", http.MethodGet, "/epidemic/risk-areas/{id}",
		"One risk area with its history, day count and the rules' next step"), "epidemic:read", s.get)
	httpx.Register(r, reg("act-risk-area", http.MethodPost, "/epidemic/risk-areas/{id}/actions",
		"Publish, downgrade or lift an area: each issues its public notice"), "epidemic:write", s.act)
	httpx.Register(r, reg("risk-area-residents", http.MethodGet, "/epidemic/risk-areas/{id}/residents",
		"The residents living inside an area, masked"), "epidemic:read", s.residents)
	httpx.Register(r, reg("risk-area-map", http.MethodGet, "/epidemic/risk-map",
		"The areas in force in the caller's scope as GeoJSON, for every map"), "epidemic:read", s.mapJSON)
	httpx.Register(r, reg("apply-risk-rules", http.MethodPost, "/epidemic/risk-areas/apply-rules",
		"Apply the rule sets' downgrades to the areas in force in the caller's scope now (the daily job does it hourly)"),
		"epidemic:write", s.applyRules)
	httpx.Register(r, reg("resident-risk-flags", http.MethodGet, "/epidemic/risk-flags/{resident_id}",
		"The areas in force a resident lives in (风险区 flag on the resident's page)"), "epidemic:read", s.flags)
}

type idInput struct {
	ID string `path:"id" maxLength:"40"`
}

type rulesetList struct {
	Current bool `query:"current" doc:"only the versions in force"`
}

type areaList struct {
	httpx.Page
	Status string `query:"status" enum:"draft,published,downgraded,lifted,"`
	Level  string `query:"level" enum:"high,medium,low,"`
	Force  bool   `query:"in_force" doc:"only the areas published or downgraded"`
}

type actInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body AreaAction
}

type residentsInput struct {
	ID string `path:"id" maxLength:"40"`
	httpx.Page
}

type flagsInput struct {
	ResidentID string `path:"resident_id" maxLength:"40"`
}

// Items is a whole list, unpaged.
type Items[T any] struct {
	Items []T `json:"items"`
}

func (s *Service) listRulesets(ctx context.Context, in *rulesetList) (*httpx.Body[Items[RiskRuleset]], error) {
	items, err := s.Rulesets(ctx, access.From(ctx).RegionPath, in.Current)
	return httpx.Result(Items[RiskRuleset]{Items: items}, err)
}

func (s *Service) getRuleset(ctx context.Context, in *idInput) (*httpx.Body[RiskRuleset], error) {
	return httpx.Result(s.Ruleset(ctx, access.From(ctx).RegionPath, in.ID))
}

func (s *Service) supersede(ctx context.Context, in *httpx.Body[RiskRulesetInput]) (*httpx.Body[RiskRuleset], error) {
	return httpx.Result(s.Supersede(ctx, access.From(ctx), in.Body))
}

func (s *Service) list(ctx context.Context, in *areaList) (*httpx.Body[httpx.List[RiskArea]], error) {
	items, total, err := s.List(ctx, access.From(ctx), Filter{Status: in.Status, Level: in.Level, Force: in.Force},
		in.Offset(), in.Size)
	if items == nil {
		items = []RiskArea{}
	}
	return httpx.Result(httpx.List[RiskArea]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size}, err)
}

func (s *Service) create(ctx context.Context, in *httpx.Body[AreaInput]) (*httpx.Body[RiskArea], error) {
	return httpx.Result(s.Create(ctx, access.From(ctx), in.Body))
}

func (s *Service) get(ctx context.Context, in *idInput) (*httpx.Body[RiskArea], error) {
	return httpx.Result(s.Get(ctx, access.From(ctx), in.ID))
}

func (s *Service) act(ctx context.Context, in *actInput) (*httpx.Body[RiskArea], error) {
	return httpx.Result(s.Act(ctx, access.From(ctx), in.ID, in.Body))
}

func (s *Service) residents(ctx context.Context, in *residentsInput) (*httpx.Body[httpx.List[AreaResident]], error) {
	items, total, err := s.Residents(ctx, access.From(ctx), in.ID, in.Offset(), in.Size)
	if items == nil {
		items = []AreaResident{}
	}
	return httpx.Result(httpx.List[AreaResident]{Items: items, Total: total, Page: in.Page.Page, Size: in.Size}, err)
}

func (s *Service) mapJSON(ctx context.Context, _ *struct{}) (*httpx.Body[RiskFeatures], error) {
	return httpx.Result(s.Map(ctx, access.From(ctx)))
}

func (s *Service) applyRules(ctx context.Context, _ *struct{}) (*httpx.Body[RulesRun], error) {
	return httpx.Result(s.ApplyRules(ctx, access.From(ctx)))
}

func (s *Service) flags(ctx context.Context, in *flagsInput) (*httpx.Body[Items[RiskFlag]], error) {
	items, err := s.ResidentFlags(ctx, access.From(ctx), in.ResidentID)
	return httpx.Result(Items[RiskFlag]{Items: items}, err)
}
