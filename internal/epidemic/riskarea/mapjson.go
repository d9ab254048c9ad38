package riskarea

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/paulmach/orb/geojson"

	"healthgrid/internal/access"
)

// RiskFeatures is GeoJSON of the areas in force, for every map.
type RiskFeatures struct {
	Type     string        `json:"type" enum:"FeatureCollection"`
	Features []RiskFeature `json:"features"`
}

// RiskFeature is one area on the map.
type RiskFeature struct {
	Type       string           `json:"type" enum:"Feature"`
	ID         string           `json:"id"`
	Geometry   json.RawMessage  `json:"geometry" doc:"WGS-84 Polygon or MultiPolygon; null for a region without a boundary"`
	Properties RiskFeatureProps `json:"properties"`
}

// RiskFeatureProps are what a map shows of an area.
type RiskFeatureProps struct {
	Name       string `json:"name"`
	Kind       string `json:"kind"`
	Level      string `json:"level"`
	LevelName  string `json:"level_name"`
	RegionCode string `json:"region_code"`
	DaysClear  int    `json:"days_without_case"`
	Residents  int    `json:"residents"`
}

// maxMapAreas bounds the areas one map draws: a city's areas in force are
// tens, at the height of an outbreak a few hundred.
const maxMapAreas = 2000

// Map is the areas in force in the caller's scope as GeoJSON: a polygon's
// own shape, a region's or grid's boundary.
func (s *Service) Map(ctx context.Context, p *access.Principal) (RiskFeatures, error) {
	areas, _, err := s.List(ctx, p, Filter{Force: true}, 0, maxMapAreas)
	if err != nil {
		return RiskFeatures{}, err
	}
	out := RiskFeatures{Type: "FeatureCollection", Features: make([]RiskFeature, 0, len(areas))}
	shapes := map[string]json.RawMessage{}
	for _, a := range areas {
		geom := json.RawMessage("null")
		if a.poly != nil {
			if geom, err = json.Marshal(geojson.NewGeometry(a.poly)); err != nil {
				return RiskFeatures{}, err
			}
		} else if g, ok := shapes[a.RegionCode]; ok {
			geom = g
		} else {
			r, err := s.regions.Get(ctx, p.RegionPath, a.RegionCode, true)
			if err != nil {
				return RiskFeatures{}, fmt.Errorf("riskarea: map: %s: %w", a.RegionCode, err)
			}
			if len(r.Geometry) > 0 {
				geom = r.Geometry
			}
			shapes[a.RegionCode] = geom
		}
		out.Features = append(out.Features, RiskFeature{Type: "Feature", ID: a.ID, Geometry: geom, Properties: RiskFeatureProps{
			Name: a.Name, Kind: a.Kind, Level: a.Level, LevelName: LevelNames[a.Level], RegionCode: a.RegionCode,
			DaysClear: a.DaysClear, Residents: a.Residents}})
	}
	return out, nil
}
