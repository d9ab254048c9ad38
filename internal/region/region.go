// Package region is the administrative tree the whole platform hangs on —
// city, county, township, village, grid — with the statistical division
// codes, materialized paths for "my subtree" queries, GeoJSON boundaries, and
// the in-memory index that finds the grid containing a point.
package region

import (
	"encoding/json"
	"fmt"
	"time"

	"healthgrid/internal/apperr"
)

// Levels, top down.
const (
	City     = "city"
	County   = "county"
	Township = "township"
	Village  = "village"
	Grid     = "grid"
)

// Sentinel errors.
var (
	ErrNotFound = apperr.New(apperr.ErrNotFound, "region.not_found", "region")
	ErrExists   = apperr.New(apperr.ErrConflict, "region.exists", "region: code already exists")
	errRootOnly = apperr.New(apperr.ErrForbidden, "region.root_only", "region: only the root may be created without a parent")
	ErrNoGrid   = apperr.New(apperr.ErrNotFound, "region.no_grid", "region: no grid contains this point")
)

// Region is one node of the tree.
type Region struct {
	Code          string          `json:"code" doc:"12-digit statistical division code, 15 digits for a grid"`
	Name          string          `json:"name"`
	Level         string          `json:"level" enum:"city,county,township,village,grid"`
	ParentCode    string          `json:"parent_code,omitempty"`
	Path          string          `json:"path" doc:"materialized path: the codes from the root down, each followed by /"`
	Geometry      json.RawMessage `json:"geometry,omitempty" doc:"GeoJSON Polygon or MultiPolygon, WGS-84"`
	ChildrenCount int             `json:"children_count"`
	CreatedAt     time.Time       `json:"created_at"`
	UpdatedAt     time.Time       `json:"updated_at"`
}

// LevelOf derives a code's level and parent code from its digits: 2 province,
// 2 city, 2 county, 3 township, 3 village, and for grids 3 more.
func LevelOf(code string) (level, parent string, err error) {
	for _, c := range code {
		if c < '0' || c > '9' {
			return "", "", fmt.Errorf("区划编码只能包含数字 / code must be digits only")
		}
	}
	switch {
	case len(code) == 15:
		if code[12:] == "000" {
			return "", "", fmt.Errorf("网格编码末三位不能为000 / a grid code's last 3 digits must not be 000")
		}
		if l, _, err := LevelOf(code[:12]); err != nil || l != Village {
			return "", "", fmt.Errorf("网格编码前12位须为村/社区编码 / a grid code must start with a village code")
		}
		return Grid, code[:12], nil
	case len(code) != 12:
		return "", "", fmt.Errorf("区划编码应为12位(网格15位) / code must have 12 digits (15 for a grid), got %d", len(code))
	case code[:2] == "00":
		return "", "", fmt.Errorf("省级编码不能为00 / province digits must not be 00")
	case code[2:4] == "00":
		return "", "", fmt.Errorf("编码需细化到地市 / code must name a city or below")
	case code[4:] == "00000000":
		return City, "", nil
	case code[6:] == "000000":
		return County, code[:4] + "00000000", nil
	case code[9:] == "000":
		if code[4:6] == "00" {
			return "", "", fmt.Errorf("乡镇编码缺少区县段 / a township code needs county digits")
		}
		return Township, code[:6] + "000000", nil
	default:
		if code[6:9] == "000" || code[4:6] == "00" {
			return "", "", fmt.Errorf("村/社区编码缺少上级段 / a village code needs county and township digits")
		}
		return Village, code[:9] + "000", nil
	}
}
