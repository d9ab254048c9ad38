package region

import (
	"context"
	"fmt"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/httpx"
)

// LookupsPerHour is how many public region lookups a client address makes
// an hour: a sign-up's cascading picker takes three or four.
const LookupsPerHour = 600

// Place is a region as a signed-out visitor picks it: the tree's names and
// codes from the counties down to the villages (communities), nothing else.
type Place struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Level string `json:"level" enum:"county,township,village"`
	Leaf  bool   `json:"leaf" doc:"a village (community): where a sign-up chooses, with no children listed"`
}

// Places are the children of one region.
type Places struct {
	Items []Place `json:"items"`
}

// publicRoutes registers the signed-out visitor's region picker.
func (s *Service) publicRoutes(r *httpx.Router) {
	httpx.Register(r, huma.Operation{OperationID: "public-regions", Method: http.MethodGet, Path: "/public/regions",
		Summary: "The region tree's names and codes for a sign-up's picker: the counties, or the children of a county or township",
		Tags:    []string{"public"}, Errors: []int{429}}, httpx.Public,
		func(ctx context.Context, in *struct {
			Parent string `query:"parent" maxLength:"12" doc:"a county or township code; empty: the city's counties"`
		}) (*httpx.Body[Places], error) {
			if s.lookups.Counter != nil {
				if err := s.lookups.Take(ctx, "ip:"+access.RequestFrom(ctx).IP); err != nil {
					return nil, err
				}
			}
			return httpx.Result(s.Places(ctx, in.Parent))
		})
}

// Places lists the children of parent for the picker: the root's when
// parent is empty. Only the city, counties and townships have children
// here; anything else is ErrNotFound.
func (s *Service) Places(ctx context.Context, parent string) (Places, error) {
	if parent == "" {
		root, err := s.RootPath(ctx)
		if err != nil {
			return Places{}, err
		}
		parent = access.Scope(root).Code()
	}
	var level string
	if err := s.db.QueryRow(ctx, "SELECT level FROM regions WHERE code = ?", parent).Scan(&level); err != nil {
		return Places{}, s.db.ScanErr(err, ErrNotFound)
	}
	if level != City && level != County && level != Township {
		return Places{}, ErrNotFound
	}
	rows, err := s.db.Query(ctx, "SELECT code, name, level FROM regions WHERE parent_code = ? ORDER BY code", parent)
	if err != nil {
		return Places{}, fmt.Errorf("region: places: %w", err)
	}
	defer rows.Close()
	out := Places{Items: []Place{}}
	for rows.Next() {
		var p Place
		if err := rows.Scan(&p.Code, &p.Name, &p.Level); err != nil {
			return Places{}, fmt.Errorf("region: scan a place: %w", err)
		}
		p.Leaf = p.Level == Village
		out.Items = append(out.Items, p)
	}
	return out, rows.Err()
}
