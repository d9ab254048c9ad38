package demo

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"regexp"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// The 忻州 subset of the public division data; see data/PROVENANCE.md.
//
//go:embed data/counties.geojson data/townships.csv data/villages.csv
var dataFS embed.FS

var code12 = regexp.MustCompile(`^\d{12}$`)

// county is one county polygon from the embedded data.
type county struct {
	code, name string
	shape      [][]orb.Point // one open counter-clockwise ring
	seat       orb.Point     // the map's label point, near the county seat
}

// named is a township or village row.
type named struct{ code, name string }

func loadCounties() ([]county, error) {
	raw, err := dataFS.ReadFile("data/counties.geojson")
	if err != nil {
		return nil, fmt.Errorf("demo: read counties: %w", err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(raw)
	if err != nil {
		return nil, fmt.Errorf("demo: parse counties: %w", err)
	}
	out := make([]county, 0, len(fc.Features))
	for _, f := range fc.Features {
		code, _ := f.ID.(string)
		poly, ok := f.Geometry.(orb.Polygon)
		if !code12.MatchString(code) || !ok || len(poly) != 1 || len(poly[0]) < 4 {
			return nil, fmt.Errorf("demo: county %v: want a 12-digit id and a one-ring polygon", f.ID)
		}
		ring := []orb.Point(poly[0][:len(poly[0])-1])
		if ringArea(ring) < 0 {
			return nil, fmt.Errorf("demo: county %s: ring is not counter-clockwise", code)
		}
		c := county{code: code, name: f.Properties.MustString("name", ""), shape: [][]orb.Point{ring}}
		if cp, ok := f.Properties["cp"].([]any); ok && len(cp) == 2 {
			x, _ := cp[0].(float64)
			y, _ := cp[1].(float64)
			c.seat = orb.Point{x, y}
		}
		if c.name == "" {
			return nil, fmt.Errorf("demo: county %s: no name", code)
		}
		out = append(out, c)
	}
	return out, nil
}

// loadNamed reads a code,name CSV whose codes are 12 digits.
func loadNamed(file string) ([]named, error) {
	raw, err := dataFS.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("demo: read %s: %w", file, err)
	}
	rows, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("demo: parse %s: %w", file, err)
	}
	if len(rows) == 0 || len(rows[0]) != 2 || rows[0][0] != "code" || rows[0][1] != "name" {
		return nil, fmt.Errorf("demo: %s: want the header code,name", file)
	}
	out := make([]named, 0, len(rows)-1)
	for i, r := range rows[1:] {
		if !code12.MatchString(r[0]) || r[1] == "" {
			return nil, fmt.Errorf("demo: %s row %d: bad code %q or empty name", file, i+2, r[0])
		}
		out = append(out, named{r[0], r[1]})
	}
	return out, nil
}
