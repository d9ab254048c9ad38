package apptest

import (
	"context"
	"fmt"
	"testing"

	"healthgrid/internal/grid"
)

// GridSquare is the boundary the fixture gives a grid: a 0.01° square with
// its south-west corner at the grid's point less 0.005°.
func GridSquare(code string) map[string]any {
	lng, lat := GridPoint(code)
	x, y := lng-0.005, lat-0.005
	return Polygon([][2]float64{{x, y}, {x + 0.01, y}, {x + 0.01, y + 0.01}, {x, y + 0.01}})
}

// Polygon is a GeoJSON Polygon through the corners, closed.
func Polygon(corners [][2]float64) map[string]any {
	ring := make([][]float64, 0, len(corners)+1)
	for _, c := range append(corners, corners[0]) {
		ring = append(ring, []float64{c[0], c[1]})
	}
	return map[string]any{"type": "Polygon", "coordinates": [][][]float64{ring}}
}

// NewMember adds a throw-away team member living in region, serving grids,
// and returns its id.
func (e *Env) NewMember(t testing.TB, region string, grids ...string) string {
	t.Helper()
	m, err := e.App.Grids.CreateMember(context.Background(), e.System(t).RegionPath, grid.MemberInput{
		Type: "volunteer", Name: fmt.Sprintf("志愿者%d", e.Unique()), Phone: Phone(e.Unique()),
		RegionCode: region, GridCodes: grids})
	if err != nil {
		t.Fatal(err)
	}
	return m.ID
}
